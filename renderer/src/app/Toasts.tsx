import { useEffect } from 'react';
import { useDismissToast, useToasts, type Toast } from '../stores';
import { CrossIcon } from '../ui/icons';

// Errors stay longer: they are more often read twice.
const LIFETIME_MS: Record<Toast['kind'], number> = { success: 4000, info: 5000, error: 9000 };

export function Toasts() {
  const toasts = useToasts();
  return (
    // A named region, so the toasts are a landmark of their own and not loose content.
    <div className="toasts" role="region" aria-label="Notifications">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} />
      ))}
    </div>
  );
}

function ToastItem({ toast }: { toast: Toast }) {
  const dismiss = useDismissToast();
  useEffect(() => {
    const timer = window.setTimeout(() => dismiss(toast.id), LIFETIME_MS[toast.kind]);
    return () => window.clearTimeout(timer);
  }, [toast.id, toast.kind, dismiss]);
  return (
    <div className={`toast toast-${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'} data-testid="toast" data-kind={toast.kind}>
      <span className="toast-message">{toast.message}</span>
      <button type="button" className="button button-icon" aria-label="Dismiss notification" onClick={() => dismiss(toast.id)}>
        <CrossIcon />
      </button>
    </div>
  );
}
