import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { AppInfo, Capabilities } from '../../../shared/contract';
import { useBridge } from '../bridge';
import { quirkReportQuery, useActiveCapabilities } from '../scim';
import { formatCount, hostOf } from '../lib/format';
import { LockIcon } from '../ui/icons';
import { JobsStatus } from './JobsStatus';
import { RetryStatus } from './RetryStatus';
import { ServerFactsDialog } from './ServerFactsDialog';

/** What is in force right now: which server, in which mode, how secrets are protected, what the server does oddly. */
export function StatusBar({ info }: { info: AppInfo }) {
  const { connection, capabilities } = useActiveCapabilities();
  const bridge = useBridge();
  // Counted by main (scim.quirks), refetched when it reports a new one.
  const quirks = useQuery({ ...quirkReportQuery(bridge, connection?.id ?? ''), enabled: Boolean(connection) }).data ?? [];
  const { demoServer, secretStorage } = info;
  const [factsOpen, setFactsOpen] = useState(false);
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
      {connection && (
        <span className="status-item" data-testid="status-capabilities" title={capabilities.data ? capabilityDetails(capabilities.data) : undefined}>
          {capabilities.isPending ? 'discovering…' : capabilities.isError ? 'capabilities unknown' : capabilitySummary(capabilities.data)}
        </span>
      )}
      <span className="status-item">
        <button
          type="button"
          className="status-quirks-button"
          data-testid="status-quirks"
          disabled={!connection}
          aria-haspopup="dialog"
          title={
            quirks.length
              ? 'What this server does differently, and what SCIM Desk does about it'
              : 'No deviations from the SCIM RFCs seen on this connection yet'
          }
          onClick={() => setFactsOpen(true)}
        >
          {quirks.length === 1 ? '1 quirk' : `${quirks.length} quirks`}
        </button>
      </span>
      {factsOpen && connection && <ServerFactsDialog connectionId={connection.id} connectionName={connection.name} onClose={() => setFactsOpen(false)} />}
      <RetryStatus activeConnectionId={connection?.id ?? null} />
      <JobsStatus />
      <span className="spacer" />
      <span
        className={secretStorage.osBacked ? 'status-item status-shrinks' : 'status-item status-shrinks status-warn'}
        data-testid="status-secrets"
        title={`${secretStorage.description} (${secretStorage.scheme})`}
      >
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

/** "PATCH · filter · sort · ETag · cursor": what the server says it supports, at a glance. */
function capabilitySummary(caps: Capabilities): string {
  const parts = [
    caps.patch && 'PATCH',
    caps.filter.supported && 'filter',
    caps.sort && 'sort',
    caps.etag && 'ETag',
    caps.bulk.supported && 'Bulk',
    caps.paging.cursor && 'cursor',
  ].filter(Boolean);
  const types = caps.resourceTypes.map((t) => t.name).join(', ') || 'no resource types';
  return `${types} · ${parts.length ? parts.join(' · ') : caps.discovery.serviceProviderConfig ? 'no optional features' : 'no ServiceProviderConfig'}`;
}

function capabilityDetails(caps: Capabilities): string {
  const flag = (value: boolean | null) => (value === null ? 'not stated' : value ? 'yes' : 'no');
  return [
    `PATCH: ${flag(caps.patch)}`,
    `Filter: ${flag(caps.filter.supported)}${caps.filter.maxResults ? ` (max ${caps.filter.maxResults})` : ''}`,
    `Sort: ${flag(caps.sort)}`,
    `ETag: ${flag(caps.etag)}`,
    `Bulk: ${flag(caps.bulk.supported)}`,
    `Paging: ${[caps.paging.index && 'index', caps.paging.cursor && 'cursor'].filter(Boolean).join(', ')}`,
    `Resource types: ${caps.resourceTypes.map((t) => `${t.name} at ${t.endpoint}${t.source === 'probe' ? ' (probed)' : ''}`).join('; ')}`,
    ...caps.notes,
  ].join('\n');
}
