import { useQuery } from '@tanstack/react-query';
import type { LearnedFact, Quirk } from '../../../shared/contract';
import { useBridge } from '../bridge';
import { learnedFactsQuery, quirkReportQuery } from '../scim/learned';
import { ShowExchangeLink } from './ShowExchangeLink';

/**
 * What a server does differently, as the status bar's dialog and the Server screen show it: what the
 * engine learned from its answers (refused, ignored, capped, and what the app does about it) and
 * every other deviation seen, each with the exchange that showed it.
 */
export function useServerFacts(connectionId: string) {
  const bridge = useBridge();
  const facts = useQuery(learnedFactsQuery(bridge, connectionId));
  const report = useQuery(quirkReportQuery(bridge, connectionId));
  const state: 'loading' | 'error' | 'ready' = facts.isPending || report.isPending ? 'loading' : facts.isError || report.isError ? 'error' : 'ready';
  return {
    state,
    error: facts.error ?? report.error,
    learned: (facts.data ?? []).filter((f) => f.state !== 'accepted'),
    working: (facts.data ?? []).filter((f) => f.state === 'accepted'),
    other: (report.data ?? []).filter((q) => !q.code.startsWith('learned:')),
    retry: () => {
      if (facts.isError) void facts.refetch();
      if (report.isError) void report.refetch();
    },
  };
}

export type ServerFacts = ReturnType<typeof useServerFacts>;

/** The two lists (learned facts, other deviations) under h3 headings; each exchange opens through `onShowExchange`. */
export function ServerFactsSections({ facts, onShowExchange }: { facts: ServerFacts; onShowExchange: (exchangeId: string) => void }) {
  const { learned, working, other } = facts;
  return (
    <>
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
              <FactRow key={fact.key} fact={fact} onShowExchange={onShowExchange} />
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
              <QuirkRow key={quirk.code} quirk={quirk} onShowExchange={onShowExchange} />
            ))}
          </ul>
        )}
      </section>
    </>
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
        <ShowExchangeLink id={fact.exchangeId} onShow={onShowExchange} />
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
        <ShowExchangeLink id={quirk.exchangeId} onShow={onShowExchange} />
      </p>
    </li>
  );
}
