import { useQuery } from '@tanstack/react-query';
import { errorMessage, useBridge } from '../../bridge';
import { formatCount } from '../../lib/format';
import { JsonView } from '../../ui/code/JsonView';
import { ErrorState } from '../../ui/ErrorState';
import { ServerText } from '../../ui/ServerText';
import { planOutcomeWords, valueText } from './model';
import { planItemQuery } from './queries';

/** One planned target: the exact request (method, path, If-Match, body) and the attribute diff, before → after. */
export function PlanItemDetail({ jobId, index }: { jobId: string; index: number | null }) {
  const bridge = useBridge();
  const record = useQuery(planItemQuery(bridge, jobId, index));
  if (index === null) {
    return (
      <aside className="bulk-detail" aria-label="Planned change" data-testid="bulk-plan-item" data-state="empty">
        <p className="muted">Select a row to see its exact request and what changes.</p>
      </aside>
    );
  }
  const state = record.isError ? 'error' : record.isPending ? 'loading' : 'ready';
  const item = record.data;
  return (
    <aside className="bulk-detail" aria-label="Planned change" data-testid="bulk-plan-item" data-state={state} data-index={index}>
      {state === 'loading' && <p className="loading-state">Reading the planned change…</p>}
      {state === 'error' && (
        <ErrorState title="The planned change could not be read." message={errorMessage(record.error)} onRetry={() => void record.refetch()} />
      )}
      {item && (
        <>
          <h3 className="bulk-detail-title">
            <span className={`bulk-outcome is-${item.outcome}`} data-testid="bulk-plan-item-outcome">
              {planOutcomeWords[item.outcome]}
            </span>{' '}
            <ServerText value={item.display || item.key} />
          </h3>
          <p className="muted small">
            key <ServerText className="mono" value={item.key} />
            {item.id && (
              <>
                {' · id '}
                <ServerText className="mono" value={item.id} />
              </>
            )}
            {item.line !== undefined && ` · line ${formatCount(item.line)}`}
          </p>
          {item.reason && (
            <p className={item.outcome === 'bad' || item.outcome === 'notFound' ? 'warning-box' : 'note-bar'} data-testid="bulk-plan-item-reason">
              <ServerText value={item.reason} />
            </p>
          )}
          {item.request && (
            <div className="bulk-request" data-testid="bulk-plan-item-request" data-method={item.request.method}>
              <p className="mono">
                <strong>{item.request.method}</strong> <ServerText value={item.request.path} />
              </p>
              <p className="mono small" data-testid="bulk-plan-item-if-match">
                {item.request.ifMatch ? (
                  <>
                    If-Match: <ServerText value={item.request.ifMatch} />
                  </>
                ) : (
                  <span className="muted">no If-Match (the send re-reads and compares instead)</span>
                )}
              </p>
              {item.request.body !== undefined && (
                <JsonView value={JSON.stringify(item.request.body, null, 2)} label="Request body" testId="bulk-plan-item-body" className="bulk-request-body" />
              )}
            </div>
          )}
          {item.diff.length > 0 && (
            <table className="data-table bulk-diff" data-testid="bulk-plan-item-diff">
              <caption className="visually-hidden">Before and after</caption>
              <thead>
                <tr>
                  <th scope="col">Attribute</th>
                  <th scope="col">Before</th>
                  <th scope="col">After</th>
                </tr>
              </thead>
              <tbody>
                {item.diff.map((entry) => (
                  <tr key={entry.path} data-testid="bulk-diff-row" data-path={entry.path}>
                    <th scope="row" className="mono">
                      <ServerText value={entry.path} />
                    </th>
                    <td className="bulk-before">
                      <ServerText value={valueText(entry.before)} />
                    </td>
                    <td className="bulk-after">
                      <ServerText value={valueText(entry.after)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </aside>
  );
}
