import { useQuery } from '@tanstack/react-query';
import type { ScimResource } from '../../../../shared/contract';
import { useBridge } from '../../bridge';
import { formatCount } from '../../lib/format';
import { useFocusScope } from '../../ui/focus';
import { useResourcePanels } from '../../ui/ResourcePanels';
import { capabilitiesQuery, idOf, pretty, resourceTypeOf, useActiveConnection } from '../../scim';

/** The opened row: read fresh from the server, with a form, its JSON, editing and writes. Escape closes it (see useFocusScope). */
export function ResourceDetail({ resource, index, onClose }: { resource: ScimResource; index: number; onClose: () => void }) {
  const bridge = useBridge();
  const connection = useActiveConnection();
  // The detail feature's panel, as the app layer provides it.
  const { DetailPanel } = useResourcePanels();
  const capabilities = useQuery({ ...capabilitiesQuery(bridge, connection?.id ?? ''), enabled: connection !== null });
  const id = idOf(resource);
  const type = capabilities.data ? resourceTypeOf(resource, capabilities.data) : undefined;
  if (!connection || !capabilities.data || !type || id === undefined)
    return <RawDetail resource={resource} index={index} loading={capabilities.isPending} onClose={onClose} />;
  return (
    <DetailPanel
      key={`${connection.id} ${type.endpoint} ${String(id)}`}
      connection={connection}
      capabilities={capabilities.data}
      resourceType={type}
      endpoint={type.endpoint}
      id={id}
      initial={resource}
      heading={`Row ${formatCount(index + 1)}`}
      onClose={onClose}
    />
  );
}

/** The row as listed, while what the server offers is still being discovered (or could not be). */
function RawDetail({ resource, index, loading, onClose }: { resource: ScimResource; index: number; loading: boolean; onClose: () => void }) {
  const scopeRef = useFocusScope<HTMLElement>({ onDismiss: onClose });
  return (
    <aside
      ref={scopeRef}
      tabIndex={-1}
      className="side-panel"
      data-testid="resource-detail"
      data-state={loading ? 'loading' : 'error'}
      aria-label="Resource detail"
    >
      <header className="side-panel-header">
        <h2 className="side-panel-title">Row {formatCount(index + 1)}</h2>
        <div className="spacer" />
        <button type="button" className="button" onClick={onClose} aria-label="Close detail (Escape)">
          Close
        </button>
      </header>
      <pre className="side-panel-json mono" data-testid="resource-json">
        {pretty(resource)}
      </pre>
    </aside>
  );
}
