import { useEffect, useEffectEvent, useRef } from 'react';

/**
 * A step that just appeared because the user started its job (a dry run, a send, an undo) scrolls into
 * view with focus on its heading, so the keyboard and screen readers follow; once, then `onRevealed`.
 */
export function useReveal<T extends HTMLElement>(reveal: boolean, onRevealed: () => void) {
  const ref = useRef<T>(null);
  const revealed = useEffectEvent(onRevealed);
  useEffect(() => {
    if (!reveal || !ref.current) return;
    scrollToTop(ref.current);
    ref.current.focus({ preventScroll: true });
    revealed();
  }, [reveal]);
  return ref;
}

/** Scrolls a step's heading (by id) into view and moves focus to it. */
export function revealHeading(id: string): void {
  const heading = document.getElementById(id);
  if (!heading) return;
  scrollToTop(heading);
  heading.focus({ preventScroll: true });
}

/**
 * Scrolls the screen's own scrolling body so the element is at its top. Not scrollIntoView: that also
 * scrolls the app frame around the screen (its overflow is hidden, not unscrollable), pushing the top bar away.
 */
function scrollToTop(element: HTMLElement): void {
  const body = element.closest<HTMLElement>('.bulk-body');
  if (!body) return;
  const offset = element.getBoundingClientRect().top - body.getBoundingClientRect().top;
  body.scrollTo({ top: body.scrollTop + offset - 8 });
}
