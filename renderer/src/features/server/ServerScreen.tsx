import type { ConnectionView } from '../../../../shared/contract';
import { hostOf } from '../../lib/format';
import { useActiveConnection } from '../../scim';
import { useShowExchange } from '../../stores';
import { DiscoveryStates } from '../../ui/DiscoveryStates';
import { ServerFactsSections, useServerFacts } from '../../ui/ServerFacts';
import { TabList, TabPanels, useTabsId, type TabItem } from '../../ui/Tabs';
import { CheckPanel } from './CheckPanel';
import { DiscoveryPanel } from './DiscoveryPanel';
import { useServerDraft, type ServerTab } from './state';
import './server.css';

/**
 * What one connection's server is: the check (profiles, run, the report as it arrives), its
 * discovery documents as a tree, and the quirks seen so far. Everything is per connection: the
 * last check job of the connection is shown on coming back.
 */
export function ServerScreen() {
  const connection = useActiveConnection();
  return (
    <section className="screen server-screen" data-testid="screen-server" data-state={connection ? 'ready' : 'empty'} aria-labelledby="server-title">
      <header className="screen-header">
        <h1 id="server-title">Server</h1>
        {connection && (
          <span className="muted" data-testid="server-connection">
            {connection.name} · <span className="mono">{hostOf(connection.baseUrl)}</span>
          </span>
        )}
      </header>
      {connection ? (
        <ServerTabs key={connection.id} connection={connection} />
      ) : (
        <DiscoveryStates state="empty" hasConnection={false} error={null} onRetry={() => {}} loadingText="" emptyText="" />
      )}
    </section>
  );
}

function ServerTabs({ connection }: { connection: ConnectionView }) {
  const tabsId = useTabsId();
  const [draft, update] = useServerDraft(connection.id);
  const facts = useServerFacts(connection.id);
  const quirkCount = facts.learned.length + facts.other.length;
  const items: TabItem<ServerTab>[] = [
    { key: 'check', label: 'Check', testId: 'server-tab-check' },
    { key: 'discovery', label: 'Discovery', testId: 'server-tab-discovery' },
    { key: 'quirks', label: facts.state === 'ready' ? `Quirks (${quirkCount})` : 'Quirks', testId: 'server-tab-quirks' },
  ];
  return (
    <>
      <TabList id={tabsId} label="Server" items={items} selected={draft.tab} onSelect={(tab) => update({ tab })} className="tabs page-tabs" />
      <TabPanels id={tabsId} items={items} selected={draft.tab} className="server-panel" tabIndex={0} data-testid="server-panel">
        {draft.tab === 'check' && <CheckPanel connection={connection} />}
        {draft.tab === 'discovery' && <DiscoveryPanel connectionId={connection.id} />}
        {draft.tab === 'quirks' && <QuirksPanel connection={connection} facts={facts} />}
      </TabPanels>
    </>
  );
}

function QuirksPanel({ connection, facts }: { connection: ConnectionView; facts: ReturnType<typeof useServerFacts> }) {
  const showExchange = useShowExchange(connection.id);
  return (
    <section className="server-quirks" aria-labelledby="server-quirks-title" data-testid="server-quirks" data-state={facts.state}>
      <h2 id="server-quirks-title">What {connection.name} does differently</h2>
      <p className="muted small">Seen while SCIM Desk worked with this server: what it learned and adapts to, and every other deviation from the RFCs.</p>
      {facts.state === 'loading' && <p className="loading-state">Reading what was seen…</p>}
      {facts.state === 'error' && (
        <div className="error-state" role="alert">
          <p>What was seen could not be read: {facts.error?.message}</p>
          <button type="button" className="button" onClick={facts.retry}>
            Retry
          </button>
        </div>
      )}
      {facts.state === 'ready' && <ServerFactsSections facts={facts} onShowExchange={showExchange} />}
    </section>
  );
}
