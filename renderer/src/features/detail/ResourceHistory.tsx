import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Bridge, JournalSummary } from '../../../../shared/contract';
import { errorMessage, useBridge } from '../../bridge';
import { scimKeys } from '../../scim';

/** This resource's exchanges: the journal's recent entries for the connection whose path names the resource. */
export const resourceHistoryQuery = (bridge: Bridge, connectionId: string, endpoint: string, id: string | number) =>
  queryOptions({
    queryKey: scimKeys.history(connectionId, endpoint, id),
    queryFn: async ({ signal }) => {
      const entries = await bridge.call('journal.list', { connectionId, limit: 2000 }, { signal });
      return entries.filter((e) => namesResource(e, endpoint, id));
    },
    staleTime: 0,
  });

/** Whether an exchange's path ends in `<endpoint>/<id>` (any query after it), ignoring case in the endpoint. */
export function namesResource(entry: Pick<JournalSummary, 'path'>, endpoint: string, id: string | number): boolean {
  const path = entry.path.split('?')[0]!.toLowerCase();
  const tail = `/${endpoint.replace(/^\/|\/$/g, '').toLowerCase()}/${encodeURIComponent(String(id)).toLowerCase()}`;
  return path.endsWith(tail);
}

const time = (iso: string) => new Date(iso).toLocaleTimeString();

/** The exchanges about one resource, newest first: what was read, written, and what the server answered. */
export function ResourceHistory({ connectionId, endpoint, id }: { connectionId: string; endpoint: string; id: string | number }) {
  const bridge = useBridge();
  const history = useQuery(resourceHistoryQuery(bridge, connectionId, endpoint, id));
  const state = history.isError ? 'error' : history.isPending ? 'loading' : 'ready';
  return (
    <div className="resource-history" data-testid="resource-history" data-state={state}>
      {history.isError && (
        <p className="field-error" role="alert">
          The request journal could not be read: {errorMessage(history.error)}
        </p>
      )}
      {history.data && history.data.length === 0 && <p className="muted">No exchanges about this resource are in the journal.</p>}
      {history.data && history.data.length > 0 && (
        <table className="history-table">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Request</th>
              <th scope="col">Status</th>
              <th scope="col">ms</th>
              <th scope="col">Quirks</th>
            </tr>
          </thead>
          <tbody>
            {history.data.map((e) => (
              <tr key={e.id} data-testid="history-row" data-method={e.method} data-status={e.status ?? ''}>
                <td className="muted">{time(e.timings.startedAt)}</td>
                <td className="mono">
                  {e.method} {e.path}
                </td>
                <td className={e.ok ? 'mono' : 'mono text-warn'}>{e.status ?? e.error?.code ?? '—'}</td>
                <td className="mono">{Math.round(e.timings.totalMs)}</td>
                <td className="muted">{e.quirks.map((q) => q.code).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
