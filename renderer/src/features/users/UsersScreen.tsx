import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { ConnectionView } from '../../../../shared/contract';
import { errorMessage, useBridge } from '../../bridge';
import { formatRange } from '../../lib/format';
import { useGoTo, useRecordQuirks } from '../../stores';
import { Badge } from '../../ui/Badge';
import { useActiveConnection } from '../connections/useActiveConnection';
import { usersPageQuery } from './queries';
import { UsersTable } from './UsersTable';

const PAGE_SIZE = 50;

export function UsersScreen() {
  const connection = useActiveConnection();
  const goTo = useGoTo();
  if (!connection) {
    return (
      <section className="screen" data-testid="screen-users" data-state="empty" aria-labelledby="users-title">
        <header className="screen-header">
          <h1 id="users-title">Users</h1>
        </header>
        <div className="empty-state">
          <p>No connection is selected.</p>
          <button type="button" className="button button-primary" onClick={() => goTo('connections')}>
            Set up a connection
          </button>
        </div>
      </section>
    );
  }
  // Keyed by connection: switching connections starts again at the first page.
  return <UsersList key={connection.id} connection={connection} />;
}

function UsersList({ connection }: { connection: ConnectionView }) {
  const bridge = useBridge();
  const recordQuirks = useRecordQuirks();
  const [startIndex, setStartIndex] = useState(1);
  const query = useQuery(usersPageQuery(bridge, { connectionId: connection.id, startIndex, count: PAGE_SIZE }));
  const page = query.data;

  useEffect(() => {
    if (page && !query.isPlaceholderData) recordQuirks(connection.id, page.quirks);
  }, [page, query.isPlaceholderData, connection.id, recordQuirks]);

  const loading = query.isPending || query.isPlaceholderData;
  const state = query.isError ? 'error' : loading ? 'loading' : page && page.resources.length > 0 ? 'ready' : 'empty';
  const shown = page?.resources.length ?? 0;
  const shownFrom = page?.startIndex ?? startIndex;
  const total = page?.totalResults ?? null;
  const hasNext = page !== undefined && (total !== null ? shownFrom + shown - 1 < total : shown >= PAGE_SIZE);

  return (
    <section className="screen" data-testid="screen-users" data-state={state} aria-labelledby="users-title" aria-busy={loading}>
      <header className="screen-header">
        <h1 id="users-title">Users</h1>
        <span className="muted">
          on <strong>{connection.name}</strong>
        </span>
        {page && page.quirks.length > 0 && (
          <Badge tone="warning" testId="users-quirks" title={page.quirks.map((q) => q.message).join('\n')}>
            server quirks: {page.quirks.map((q) => q.code).join(', ')}
          </Badge>
        )}
        <div className="spacer" />
        {!query.isError && page && (
          <nav className="pager" aria-label="Pages">
            <span className="pager-range" data-testid="users-range" aria-live="polite">
              {formatRange(shownFrom, shown, total)}
            </span>
            <button type="button" className="button" disabled={startIndex <= 1 || loading} onClick={() => setStartIndex((s) => Math.max(1, s - PAGE_SIZE))}>
              Prev
            </button>
            <button type="button" className="button" disabled={!hasNext || loading} onClick={() => setStartIndex(shownFrom + shown)}>
              Next
            </button>
          </nav>
        )}
      </header>

      {state === 'error' && (
        <div className="error-state" role="alert">
          <p>
            <strong>The users could not be listed.</strong> {errorMessage(query.error)}
          </p>
          <button type="button" className="button" onClick={() => void query.refetch()}>
            Retry
          </button>
        </div>
      )}
      {query.isPending && <p className="loading-state">Loading users…</p>}
      {state === 'empty' && (
        <div className="empty-state">
          <p>{startIndex > 1 ? 'No users on this page.' : 'This server has no users.'}</p>
        </div>
      )}
      {page && shown > 0 && !query.isError && (
        <div className={loading ? 'table-wrap is-stale' : 'table-wrap'}>
          <UsersTable users={page.resources} startIndex={shownFrom} />
        </div>
      )}
    </section>
  );
}
