import { useQuery } from '@tanstack/react-query';
import type { ScimResource } from '../../../../shared/contract';
import { useBridge } from '../../bridge';
import { formatCount } from '../../lib/format';
import { useActiveConnection } from '../connections/useActiveConnection';
import { DetailPanel } from '../detail/DetailPanel';
import { capabilitiesQuery, resourceTypeOf } from '../../scim';
import { idOf, pretty } from '../detail/model';

/** The opened row: read fresh from the server, with a form, its JSON, editing and writes. Escape (handled by the browser) closes it. */
export function ResourceDetail({ resource, index, onClose }: { resource: ScimResource; index: number; onClose: () => void }) {
  const bridge = useBridge();
  const connection = useActiveConnection();
  const capabilities = useQuery({ ...capabilitiesQuery(bridge, connection?.id ?? ''), enabled: connection !== null });
  const id = idOf(resource);
  const type = capabilities.data ? resourceTypeOf(resource, capabilities.data) : undefined;
  if (!connection || !capabilities.data || !type || id === undefined) {
    return (
      <aside className="browser-detail" data-testid="resource-detail" data-state={capabilities.isPending ? 'loading' : 'error'} aria-label="Resource detail">
        <header className="browser-detail-header">
          <strong>Row {formatCount(index + 1)}</strong>
          <div className="spacer" />
          <button type="button" className="button" onClick={onClose} aria-label="Close detail (Escape)">
            Close
          </button>
        </header>
        <pre className="browser-json mono" data-testid="resource-json">
          {pretty(resource)}
        </pre>
      </aside>
    );
  }
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
