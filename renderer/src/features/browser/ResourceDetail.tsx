import type { ResourceTypeDef, ScimResource } from '../../../../shared/contract';
import { JsonView } from '../../ui/code/JsonView';
import { useFocusScope } from '../../ui/focus';
import { useResourcePanels } from '../../ui/ResourcePanels';
import { idOf, pretty, resourceTypeOf, useActiveCapabilities } from '../../scim';

/** An opened row (or a created resource): read fresh from the server, with a form, its JSON, editing and writes. Escape closes it (see useFocusScope). */
export function ResourceDetail(props: { resource: ScimResource; heading: string; onClose: () => void; type?: ResourceTypeDef }) {
  // The type is given for a resource just created on the screen; a listed row's is found from the row.
  const { resource, heading, onClose } = props;
  const { connection, capabilities } = useActiveCapabilities();
  // The detail feature's panel, as the app layer provides it.
  const { DetailPanel } = useResourcePanels();
  const id = idOf(resource);
  const type = props.type ?? (capabilities.data ? resourceTypeOf(resource, capabilities.data) : undefined);
  if (!connection || !capabilities.data || !type || id === undefined)
    return <RawDetail resource={resource} heading={heading} loading={capabilities.isPending} onClose={onClose} />;
  return (
    <DetailPanel
      key={`${connection.id} ${type.endpoint} ${String(id)}`}
      connection={connection}
      capabilities={capabilities.data}
      resourceType={type}
      endpoint={type.endpoint}
      id={id}
      initial={resource}
      heading={heading}
      onClose={onClose}
    />
  );
}

/** The row as listed, while what the server offers is still being discovered (or could not be). */
function RawDetail({ resource, heading, loading, onClose }: { resource: ScimResource; heading: string; loading: boolean; onClose: () => void }) {
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
        <h2 className="side-panel-title">{heading}</h2>
        <div className="spacer" />
        <button type="button" className="button" onClick={onClose} aria-label="Close detail (Escape)">
          Close
        </button>
      </header>
      <JsonView value={pretty(resource)} label="Resource JSON, as listed" testId="resource-json" className="code-fill" />
    </aside>
  );
}
