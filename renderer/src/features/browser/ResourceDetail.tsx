import type { ScimResource } from '../../../../shared/contract';
import { formatCount } from '../../lib/format';
import { textOf } from '../users/userFields';

/** The opened row: for now, the resource as the server sent it. Escape (handled by the browser) closes it. */
export function ResourceDetail({ resource, index, onClose }: { resource: ScimResource; index: number; onClose: () => void }) {
  return (
    <aside className="browser-detail" data-testid="resource-detail" aria-label="Resource detail">
      <header className="browser-detail-header">
        <strong>Row {formatCount(index + 1)}</strong>
        <span className="mono muted" title={textOf(resource.id)}>
          {textOf(resource.id)}
        </span>
        <div className="spacer" />
        <button type="button" className="button" onClick={onClose} aria-label="Close detail (Escape)">
          Close
        </button>
      </header>
      <pre className="browser-json mono" data-testid="resource-json">
        {JSON.stringify(resource, null, 2)}
      </pre>
    </aside>
  );
}
