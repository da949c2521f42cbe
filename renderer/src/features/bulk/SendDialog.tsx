import { useId, useRef, useState } from 'react';
import type { BulkPlanSummary } from '../../../../shared/contract';
import { formatCount } from '../../lib/format';
import { useModalDialog } from '../../ui/Dialog';
import { ServerText } from '../../ui/ServerText';
import { CONFIRM_THRESHOLD, needsTypedCount, planOutcomeLabels, planOutcomeOrder, sendCount, transportText, typedCountMatches } from './model';

interface SendDialogProps {
  plan: BulkPlanSummary;
  connectionName: string;
  busy: boolean;
  onSend: (confirmCount: number | undefined) => void;
  onCancel: () => void;
}

/**
 * Confirms a send: the totals, how it goes, and, when it deletes or deactivates more than the threshold,
 * the count typed by hand (main checks it again). Cancel has the focus: sending writes to the server.
 */
export function SendDialog({ plan, connectionName, busy, onSend, onCancel }: SendDialogProps) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  const countRef = useRef<HTMLInputElement>(null);
  const typed = needsTypedCount(plan.totals);
  const ref = useModalDialog(typed ? countRef : cancelRef);
  const titleId = useId();
  const countId = useId();
  const [count, setCount] = useState('');
  const confirmed = !typed || typedCountMatches(count, plan.totals.destructive);
  const n = sendCount(plan.totals);
  const destructive = plan.totals.destructive > 0;

  return (
    <dialog
      ref={ref}
      className="dialog bulk-send-dialog"
      aria-labelledby={titleId}
      data-testid="bulk-send-dialog"
      data-typed={typed}
      data-destructive={plan.totals.destructive}
      data-count={n}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          if (confirmed) onSend(typed ? plan.totals.destructive : undefined);
        }}
      >
        <h2 id={titleId} className="dialog-title">
          Send {formatCount(n)} {n === 1 ? 'change' : 'changes'} to {connectionName}?
        </h2>
        <div className="dialog-body">
          <p>
            <ServerText value={plan.title} />
          </p>
          <ul className="compact-list" data-testid="bulk-send-totals">
            {planOutcomeOrder.map((outcome) =>
              plan.totals[outcome] > 0 ? (
                <li key={outcome} data-outcome={outcome} data-count={plan.totals[outcome]}>
                  {formatCount(plan.totals[outcome])} {planOutcomeLabels[outcome]}
                  {(outcome === 'skip' || outcome === 'notFound' || outcome === 'bad') && ': nothing is sent for these'}
                </li>
              ) : null,
            )}
          </ul>
          <p className="muted small">
            Sent as {transportText(plan.transport)}. A target changed on the server since the plan is not overwritten: it is reported as a conflict.
          </p>
          {destructive && (
            <p className="warning-box" data-testid="bulk-send-destructive">
              {formatCount(plan.totals.destructive)} {plan.totals.destructive === 1 ? 'deletion or deactivation' : 'deletions and deactivations'}.
              {' Undo can put them back (deleted users are recreated with new ids).'}
            </p>
          )}
          {typed && (
            <div className="field">
              <label htmlFor={countId} className="field-label">
                Type {plan.totals.destructive} to confirm (more than {CONFIRM_THRESHOLD} deletions or deactivations)
              </label>
              <input
                id={countId}
                ref={countRef}
                className="input"
                inputMode="numeric"
                autoComplete="off"
                value={count}
                data-testid="bulk-send-count"
                aria-invalid={count !== '' && !confirmed ? true : undefined}
                onChange={(e) => setCount(e.target.value)}
              />
            </div>
          )}
        </div>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onCancel} disabled={busy} ref={cancelRef}>
            Cancel
          </button>
          <button
            type="submit"
            className={destructive ? 'button button-danger' : 'button button-primary'}
            disabled={busy || !confirmed}
            data-testid="bulk-send-confirm"
          >
            {busy ? 'Starting…' : `Send ${formatCount(n)} ${n === 1 ? 'change' : 'changes'}`}
          </button>
        </div>
      </form>
    </dialog>
  );
}
