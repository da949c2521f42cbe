import type { ConnectionView } from '../../../../shared/contract';
import { hostOf } from '../../lib/format';
import { Badge } from '../../ui/Badge';
import { LockIcon, PlusIcon } from '../../ui/icons';
import { authTypeLabels } from './labels';

interface ConnectionListProps {
  connections: ConnectionView[];
  selectedId: string | null;
  activeId: string | null;
  creating: boolean;
  onSelect: (id: string) => void;
  onNew: () => void;
}

export function ConnectionList({ connections, selectedId, activeId, creating, onSelect, onNew }: ConnectionListProps) {
  return (
    <div className="connection-list-pane">
      <div className="pane-toolbar">
        <button type="button" className="button button-primary" onClick={onNew} aria-pressed={creating}>
          <PlusIcon /> New connection
        </button>
      </div>
      <ul className="connection-list" aria-label="Saved connections">
        {connections.map((c) => (
          <li key={c.id}>
            <button
              type="button"
              className={`connection-item${c.id === selectedId && !creating ? ' selected' : ''}`}
              aria-current={c.id === selectedId && !creating ? 'true' : undefined}
              onClick={() => onSelect(c.id)}
              data-testid="connection-item"
              data-id={c.id}
            >
              <span className="connection-item-name">
                {c.name}
                {c.id === activeId && <span className="active-dot" title="The active connection" aria-label="(active)" />}
              </span>
              <span className="connection-item-url mono" title={c.baseUrl}>
                {hostOf(c.baseUrl)}
              </span>
              <span className="connection-item-badges">
                <span className="muted small">{authTypeLabels[c.auth.type]}</span>
                {c.demo && (
                  <Badge tone="info" title={c.demo.description}>
                    Demo · {c.demo.persona}
                  </Badge>
                )}
                {c.readOnly && (
                  <Badge tone="neutral" title="Writes are refused on this connection">
                    <LockIcon /> read-only
                  </Badge>
                )}
                {c.tls.allowInvalidCertificates && (
                  <Badge tone="danger" title="Invalid or untrusted certificates are accepted for this connection">
                    certificate checks OFF
                  </Badge>
                )}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
