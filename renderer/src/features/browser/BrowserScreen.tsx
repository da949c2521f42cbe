import { useState } from 'react';
import type { Capabilities, ResourceTypeDef, ScimResource } from '../../../../shared/contract';
import { DiscoveryStates } from '../../ui/DiscoveryStates';
import { useResourcePanels } from '../../ui/ResourcePanels';
import { resourceKind, useActiveCapabilities, type BrowseView } from '../../scim';
import { ResourceBrowser, type BrowserTestIds } from './ResourceBrowser';
import { ResourceDetail } from './ResourceDetail';
import './browser.css';

export interface BrowserScreenProps {
  /** "users" → data-testid="screen-users". */
  screenId: string;
  title: string;
  /** Which discovered resource type this screen browses. */
  pickType: (capabilities: Capabilities) => ResourceTypeDef | undefined;
  /** Said when the server offers no such type. */
  missingType: string;
  noun: { one: string; many: string };
  testIds: BrowserTestIds;
}

/** A screen browsing one resource type of the active connection: states up to discovery, then the browser. */
export function BrowserScreen(props: BrowserScreenProps) {
  const { connection, capabilities } = useActiveCapabilities();
  // The detail, create and export panels belong to other features: the app layer provides them.
  const { CreatePanel, ExportDialog } = useResourcePanels();
  const type = capabilities.data ? props.pickType(capabilities.data) : undefined;
  // "New user/New group": a JSON editor over the browser, then the created resource opens there.
  const [side, setSide] = useState<{ kind: 'create' } | { kind: 'open'; resource: ScimResource } | null>(null);
  const [exporting, setExporting] = useState(false);
  // The view the browser shows (filter and sort in use), so an export reproduces exactly that.
  const [view, setView] = useState<BrowseView | null>(null);

  if (connection && capabilities.data && type) {
    return (
      <div className="browser-host">
        <div className="browser-host-actions">
          <button type="button" className="button" data-testid="new-resource" onClick={() => setSide({ kind: 'create' })}>
            New {props.noun.one}
          </button>
          <button type="button" className="button" data-testid="export-open" onClick={() => setExporting(true)}>
            Export…
          </button>
        </div>
        {exporting && (
          <ExportDialog
            key={`export ${connection.id} ${type.endpoint}`}
            connectionId={connection.id}
            resourceType={type}
            noun={props.noun}
            view={view ?? { connectionId: connection.id, endpoint: type.endpoint }}
            onClose={() => setExporting(false)}
          />
        )}
        {/* Keyed by connection and endpoint: switching either starts again at the top with fresh state. */}
        <ResourceBrowser
          key={`${connection.id} ${type.endpoint}`}
          {...props}
          connection={connection}
          capabilities={capabilities.data}
          resourceType={type}
          onViewChange={setView}
        />
        {side?.kind === 'create' && (
          <div className="browser-drawer">
            <CreatePanel
              key={`${connection.id} ${type.endpoint}`}
              connection={connection}
              capabilities={capabilities.data}
              resourceType={type}
              kind={resourceKind(type) === 'groups' ? 'groups' : 'users'}
              noun={props.noun.one}
              onCreated={(resource) => setSide({ kind: 'open', resource })}
              onClose={() => setSide(null)}
            />
          </div>
        )}
        {side?.kind === 'open' && (
          <div className="browser-drawer">
            <ResourceDetail resource={side.resource} type={type} heading={`New ${props.noun.one}`} onClose={() => setSide(null)} />
          </div>
        )}
      </div>
    );
  }

  const state = !connection ? 'empty' : capabilities.isError ? 'error' : capabilities.isPending ? 'loading' : 'empty';
  const titleId = `${props.screenId}-title`;
  return (
    <section className="screen" data-testid={`screen-${props.screenId}`} data-state={state} aria-labelledby={titleId} aria-busy={state === 'loading'}>
      <header className="screen-header">
        <h1 id={titleId}>{props.title}</h1>
        {connection && (
          <span className="muted">
            on <strong>{connection.name}</strong>
          </span>
        )}
      </header>
      <DiscoveryStates
        state={state}
        hasConnection={connection !== null}
        error={capabilities.error}
        onRetry={() => void capabilities.refetch()}
        loadingText="Discovering what the server offers…"
        emptyText={props.missingType}
      />
    </section>
  );
}
