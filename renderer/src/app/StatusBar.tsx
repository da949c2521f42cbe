import type { AppInfo } from '../../../shared/contract';
import { useActiveConnection } from '../features/connections/useActiveConnection';
import { formatCount, hostOf } from '../lib/format';
import { quirkList, useConnectionQuirks } from '../stores';
import { LockIcon } from '../ui/icons';

/** What is in force right now: which server, in which mode, how secrets are protected, what the server does oddly. */
export function StatusBar({ info }: { info: AppInfo }) {
  const connection = useActiveConnection();
  const quirks = quirkList(useConnectionQuirks(connection?.id ?? null));
  const { demoServer, secretStorage } = info;
  return (
    <footer className="statusbar" data-testid="status-bar">
      <span className="status-item status-shrinks" data-testid="status-connection">
        {connection ? (
          <>
            <strong>{connection.name}</strong> <span className="mono muted">{hostOf(connection.baseUrl)}</span>
          </>
        ) : (
          'No connection'
        )}
      </span>
      {connection && (
        <span className="status-item" data-testid="status-mode">
          {connection.readOnly ? (
            <span className="status-badge">
              <LockIcon /> read-only
            </span>
          ) : (
            'read-write'
          )}
        </span>
      )}
      <span className="status-item" data-testid="status-quirks" title={quirks.length ? quirks.map((q) => `${q.code}: ${q.message}`).join('\n') : 'No deviations from the SCIM RFCs seen on this connection yet'}>
        {quirks.length === 1 ? '1 quirk' : `${quirks.length} quirks`}
      </span>
      <span className="spacer" />
      <span className={secretStorage.osBacked ? 'status-item status-shrinks' : 'status-item status-shrinks status-warn'} data-testid="status-secrets" title={`${secretStorage.description} (${secretStorage.scheme})`}>
        Secrets: {secretStorage.description}
      </span>
      <span className="status-item" data-testid="status-demo">
        Demo server: {demoServer.running ? `running · ${formatCount(demoServer.users)} users` : 'not running'}
      </span>
      <span className="status-item" data-testid="status-shell">
        {info.shell === 'electron' ? 'Desktop' : 'Web shell'} · v{info.version}
      </span>
    </footer>
  );
}
