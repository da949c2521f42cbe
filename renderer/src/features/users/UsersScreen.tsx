import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { ConnectionView } from '../../../../shared/contract';
import { errorMessage, useBridge } from '../../bridge';
import { formatRange } from '../../lib/format';
import { useGoTo, useRecordQuirks } from '../../stores';
import { Badge } from '../../ui/Badge';
import { useActiveConnection } from '../connections/useActiveConnection';
import { capabilitiesQuery, usersPageQuery } from './queries';
import { UsersTable } from './UsersTable';

const PAGE_SIZE = 50;
const USER_SCHEMA_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';

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
  const capabilities = useQuery(capabilitiesQuery(bridge, connection.id));
  // Servers name the endpoint their own way ("/Users", "/users"): use what discovery (or probing) found.
  const userType = capabilities.data?.resourceTypes.find((t) => t.name.toLowerCase() === 'user' || t.schema === USER_SCHEMA_URN);
  const endpoint = userType?.endpoint ?? '';
  const query = useQuery({ ...usersPageQuery(bridge, { connectionId: connection.id, endpoint, startIndex, count: PAGE_SIZE }), enabled: endpoint !== '' });
  const page = query.data;
  const noUserType = capabilities.isSuccess && !userType;

  useEffect(() => {
    if (page && !query.isPlaceholderData) recordQuirks(connection.id, page.quirks);
  }, [page, query.isPlaceholderData, connection.id, recordQuirks]);

  const failed = query.isError || capabilities.isError;
  const loading = !noUserType && (capabilities.isPending || query.isPending || query.isPlaceholderData);
  const state = failed ? 'error' : noUserType ? 'empty' : loading ? 'loading' : page && page.resources.length > 0 ? 'ready' : 'empty';
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
        {!failed && page && (
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
            <strong>The users could not be listed.</strong> {errorMessage(capabilities.error ?? query.error)}
          </p>
          <button type="button" className="button" onClick={() => void (capabilities.isError ? capabilities.refetch() : query.refetch())}>
            Retry
          </button>
        </div>
      )}
      {loading && !page && <p className="loading-state">{capabilities.isPending ? 'Discovering what the server offers…' : 'Loading users…'}</p>}
      {state === 'empty' && (
        <div className="empty-state">
          <p>{noUserType ? 'This server offers no User resource type (neither its ResourceTypes nor a probe of /Users found one).' : startIndex > 1 ? 'No users on this page.' : 'This server has no users.'}</p>
        </div>
      )}
      {page && shown > 0 && !failed && (
        <div className={loading ? 'table-wrap is-stale' : 'table-wrap'}>
          <UsersTable users={page.resources} startIndex={shownFrom} />
        </div>
      )}
    </section>
  );
}
