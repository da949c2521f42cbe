import { useQuery } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import type { LearnedFact, Quirk } from '../../../shared/contract';
import { useBridge } from '../bridge';
import { learnedFactsQuery, quirkReportQuery, useForgetLearned } from '../scim/learned';
import { useShowExchange } from '../stores';
import { ConfirmDialog, useModalDialog } from '../ui/Dialog';

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
  const bridge = useBridge();
  // Opens on Close: the dialog is for reading.
  const closeRef = useRef<HTMLButtonElement>(null);
  const ref = useModalDialog(undefined, closeRef);
  const titleId = useId();
  const facts = useQuery(learnedFactsQuery(bridge, connectionId));
  const report = useQuery(quirkReportQuery(bridge, connectionId));
  const forget = useForgetLearned(connectionId);
  const [confirming, setConfirming] = useState(false);
  const openExchange = useShowExchange(connectionId);
  const showExchange = (exchangeId: string) => {
    onClose();
    openExchange(exchangeId);
  };

  const learned = (facts.data ?? []).filter((f) => f.state !== 'accepted');
  const working = (facts.data ?? []).filter((f) => f.state === 'accepted');
  const other = (report.data ?? []).filter((q) => !q.code.startsWith('learned:'));
  const state = facts.isPending || report.isPending ? 'loading' : facts.isError || report.isError ? 'error' : 'ready';

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
        {state === 'error' && <p className="form-error">{(facts.error ?? report.error)?.message}</p>}
        <section aria-label="Learned from the server's answers">
          <h3>Learned from its answers</h3>
          {learned.length === 0 ? (
            <p className="muted" data-testid="learned-empty">
              Nothing refused, ignored or capped yet. SCIM Desk learns as it goes: a filter the server refuses, a parameter it ignores or a page size it caps is
              listed here with the request that showed it.
            </p>
          ) : (
            <ul className="fact-list" data-testid="learned-facts">
              {learned.map((fact) => (
                <FactRow key={fact.key} fact={fact} onShowExchange={showExchange} />
              ))}
            </ul>
          )}
          {working.length > 0 && (
            <p className="muted" data-testid="learned-working">
              Seen to work: {working.map((f) => f.subject).join(', ')}.
            </p>
          )}
        </section>
        <section aria-label="Other deviations from the SCIM RFCs">
          <h3>Other deviations from the RFCs</h3>
          {other.length === 0 ? (
            <p className="muted">None seen on this connection since launch.</p>
          ) : (
            <ul className="fact-list" data-testid="quirk-list">
              {other.map((quirk) => (
                <QuirkRow key={quirk.code} quirk={quirk} onShowExchange={showExchange} />
              ))}
            </ul>
          )}
        </section>
        {forget.isError && <p className="form-error">{forget.error.message}</p>}
      </div>
      <div className="dialog-actions">
        <button
          type="button"
          className="button"
          onClick={() => setConfirming(true)}
          disabled={learned.length + working.length === 0 || forget.isPending}
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

function FactRow({ fact, onShowExchange }: { fact: LearnedFact; onShowExchange: (id: string) => void }) {
  return (
    <li className="fact" data-testid="learned-fact" data-state={fact.state}>
      <p>
        <span className={`fact-state fact-${fact.state}`}>{fact.state}</span> <code>{fact.subject}</code> on <code>{fact.endpoint}</code>: {fact.message}
      </p>
      <p className="muted">
        SCIM Desk: {fact.action} Learned {new Date(fact.learnedAt).toLocaleString()}.
        {fact.exchangeId && (
          <>
            {' '}
            <button type="button" className="link-button" onClick={() => onShowExchange(fact.exchangeId!)}>
              Show the exchange
            </button>
          </>
        )}
      </p>
    </li>
  );
}

function QuirkRow({ quirk, onShowExchange }: { quirk: Quirk & { count?: number }; onShowExchange: (id: string) => void }) {
  return (
    <li className="fact" data-testid="quirk">
      <p>
        {quirk.message}{' '}
        <span className="muted mono">
          ({quirk.code}
          {quirk.count && quirk.count > 1 ? `, seen ${quirk.count} times` : ''})
        </span>
        {quirk.exchangeId && (
          <>
            {' '}
            <button type="button" className="link-button" onClick={() => onShowExchange(quirk.exchangeId!)}>
              Show the exchange
            </button>
          </>
        )}
      </p>
    </li>
  );
}
