import { useEffect, useEffectEvent, useId, useRef, type ReactNode, type RefObject } from 'react';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** A destructive action: the button is red and Cancel has the focus. */
  danger?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * Opens a native <dialog> as modal while the component is mounted (the browser traps focus and turns
 * Escape into `cancel`), and closes it on unmount. Focus starts on `initialFocus` (else the browser's
 * choice, the first control) and goes back to the opener after: the dialog leaves the DOM before it
 * is closed, so the browser's own restoring does not happen.
 */
export function useModalDialog(initialFocus?: RefObject<HTMLElement | null>) {
  const ref = useRef<HTMLDialogElement>(null);
  const focusInitial = useEffectEvent(() => initialFocus?.current?.focus());
  // Opens once per mount.
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement;
    if (dialog && !dialog.open) dialog.showModal();
    focusInitial();
    return () => {
      dialog?.close();
      const active = document.activeElement;
      const lost = !active || active === document.body || !!dialog?.contains(active);
      if (lost && opener instanceof HTMLElement && opener.isConnected) opener.focus();
    };
  }, []);
  return ref;
}

/**
 * A modal confirmation on the native <dialog>: the browser traps focus and turns Escape into
 * `cancel`, which we route to onCancel so React stays the owner of whether it is open.
 */
export function ConfirmDialog({ title, children, confirmLabel, danger, busy, onConfirm, onCancel }: ConfirmDialogProps) {
  // A destructive action starts on Cancel, anything else on the confirming button.
  const cancelRef = useRef<HTMLButtonElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const ref = useModalDialog(danger ? cancelRef : confirmRef);
  const titleId = useId();
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      data-testid="confirm-dialog"
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          onConfirm();
        }}
      >
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        <div className="dialog-body">{children}</div>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onCancel} disabled={busy} ref={cancelRef}>
            Cancel
          </button>
          <button type="submit" className={danger ? 'button button-danger' : 'button button-primary'} disabled={busy} ref={confirmRef}>
            {busy ? 'Working…' : confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
