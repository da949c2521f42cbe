import { useEffect, useEffectEvent, useRef, type RefObject } from 'react';

/**
 * Focus for what opens over or beside the page without being a modal <dialog> (popovers, pickers,
 * the detail drawer): focus moves in when it opens, Escape closes it, focus goes back when it closes.
 * Keys are heard on the document, after React's handlers: a child that handled a key (and said so
 * with preventDefault or stopPropagation) keeps it.
 */

const SCOPE = 'data-focus-scope';
const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export interface FocusScopeOptions {
  /** Escape inside closes it. Only the innermost scope hears it, and never from inside a modal <dialog>. */
  onDismiss?: () => void;
  /** False while Escape would throw work away (an edit in progress): the key is left alone. */
  canDismiss?: boolean;
  /** On open: the element itself (it needs tabIndex={-1}), its first control, or a given element. */
  initialFocus?: 'container' | 'first' | RefObject<HTMLElement | null>;
  /** Where focus goes when it closes; by default where focus was when it opened (else the scope around). */
  returnFocus?: () => HTMLElement | null | undefined;
}

export function useFocusScope<T extends HTMLElement>({
  onDismiss,
  canDismiss = true,
  initialFocus = 'container',
  returnFocus,
}: FocusScopeOptions = {}): RefObject<T | null> {
  const ref = useRef<T | null>(null);
  const focusIn = useEffectEvent((element: HTMLElement) => {
    const target = initialFocus === 'container' ? element : initialFocus === 'first' ? element.querySelector<HTMLElement>(FOCUSABLE) : initialFocus.current;
    target?.focus();
  });
  const onEscape = useEffectEvent((event: KeyboardEvent) => {
    if (!onDismiss || !canDismiss) return;
    event.preventDefault();
    onDismiss();
  });
  const focusBackTo = useEffectEvent(() => returnFocus?.());

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const opener = document.activeElement;
    // When the opener is gone too (a step that replaced it), the scope around this one takes focus.
    const outer = element.parentElement?.closest<HTMLElement>(`[${SCOPE}]`);
    element.setAttribute(SCOPE, '');
    focusIn(element);
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || !(event.target instanceof Element)) return;
      if (event.target.closest(`[${SCOPE}], dialog`) === element) onEscape(event);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      // Only focus that was inside (and went with it) is given back: a click elsewhere keeps its own.
      const active = document.activeElement;
      if (active && active !== document.body && !element.contains(active)) return;
      const target = focusBackTo() ?? (opener instanceof HTMLElement && opener.isConnected ? opener : outer);
      if (target?.isConnected) target.focus();
    };
  }, []);
  return ref;
}

/**
 * Keys pressed anywhere inside `ref`, for a screen's own shortcuts ("/" to search, Ctrl+Enter to
 * send), as useKeyboardShortcuts does for the whole window. Heard after React's handlers; a child
 * that stops the key's propagation keeps it.
 */
export function useKeysWithin(ref: RefObject<HTMLElement | null>, onKey: (event: KeyboardEvent) => void): void {
  const handle = useEffectEvent(onKey);
  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      if (event.target instanceof Node && ref.current?.contains(event.target)) handle(event);
    };
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, [ref]);
}

const isTextEntry = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable);

/** "/" pressed anywhere inside `ref` but in a text field focuses the screen's search box. */
export function useSlashToSearch(ref: RefObject<HTMLElement | null>, search: RefObject<HTMLInputElement | null>): void {
  useKeysWithin(ref, (event) => {
    if (event.key !== '/' || event.altKey || event.ctrlKey || event.metaKey || isTextEntry(event.target)) return;
    event.preventDefault();
    search.current?.focus();
  });
}
