import { useId, useRef, useState } from 'react';
import { useForgetLearned } from '../scim/learned';
import { useShowExchange } from '../stores';
import { ConfirmDialog, useModalDialog } from '../ui/Dialog';
import { ServerFactsSections, useServerFacts } from '../ui/ServerFacts';

interface ServerFactsDialogProps {
  connectionId: string;
  connectionName: string;
  onClose: () => void;
}

/**
 * What this server does differently, in words: what the engine learned from its answers (what it
 * refused, ignored or capped, and what the app does about it) and every other deviation seen, each
 * with the exchange that showed it. "Forget what was learned" starts over.
 */
export function ServerFactsDialog({ connectionId, connectionName, onClose }: ServerFactsDialogProps) {
  // Opens on Close: the dialog is for reading.
  const closeRef = useRef<HTMLButtonElement>(null);
  const ref = useModalDialog(closeRef);
  const titleId = useId();
  const facts = useServerFacts(connectionId);
  const forget = useForgetLearned(connectionId);
  const [confirming, setConfirming] = useState(false);
  const openExchange = useShowExchange(connectionId);
  const showExchange = (exchangeId: string) => {
    onClose();
    openExchange(exchangeId);
  };

  const { state } = facts;

  return (
    <dialog
      ref={ref}
      className="dialog dialog-wide"
      aria-labelledby={titleId}
      data-testid="server-facts"
      data-state={state}
      onCancel={(event) => {
        event.preventDefault();
        if (!confirming) onClose();
      }}
    >
      <h2 id={titleId} className="dialog-title">
        What {connectionName} does differently
      </h2>
      <div className="dialog-body server-facts">
        {state === 'error' && <p className="form-error">{facts.error?.message}</p>}
        <ServerFactsSections facts={facts} onShowExchange={showExchange} />
        {forget.isError && <p className="form-error">{forget.error.message}</p>}
      </div>
      <div className="dialog-actions">
        <button
          type="button"
          className="button"
          onClick={() => setConfirming(true)}
          disabled={facts.learned.length + facts.working.length === 0 || forget.isPending}
          data-testid="forget-learned"
        >
          Forget what was learned
        </button>
        <span className="spacer" />
        <button type="button" className="button button-primary" onClick={onClose} ref={closeRef}>
          Close
        </button>
      </div>
      {confirming && (
        <ConfirmDialog
          title="Forget what was learned?"
          confirmLabel="Forget"
          danger
          busy={forget.isPending}
          onCancel={() => setConfirming(false)}
          onConfirm={() => forget.mutate(undefined, { onSettled: () => setConfirming(false) })}
        >
          SCIM Desk will send requests to <strong>{connectionName}</strong> as if it had never seen it, including those it refused before, and learn again from
          the answers.
        </ConfirmDialog>
      )}
    </dialog>
  );
}
