import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { AppErrorData, ConnectionView, ResourceTypeDef, ScimResource } from '../../../../shared/contract';
import { errorMessage, isBridgeError, useBridge } from '../../bridge';
import { useShowToast } from '../../stores';
import { browseKey } from '../browser/queries';
import { WriteError } from './WriteError';
import { isObject, nameOf, newResourceTemplate, parseJson, pretty } from './model';

export interface CreatePanelProps {
  connection: ConnectionView;
  resourceType: ResourceTypeDef;
  kind: 'users' | 'groups';
  noun: string;
  onCreated: (resource: ScimResource) => void;
  onClose: () => void;
}

/** A JSON editor prefilled with a minimal valid resource; POST, then the created one opens. */
export function CreatePanel({ connection, resourceType, kind, noun, onCreated, onClose }: CreatePanelProps) {
  const bridge = useBridge();
  const queryClient = useQueryClient();
  const showToast = useShowToast();
  const [text, setText] = useState(() => pretty(newResourceTemplate(resourceType, kind)));
  const [problem, setProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  const readOnlyReason = connection.readOnly ? `“${connection.name}” is in read-only mode: writes are turned off in its connection settings.` : null;

  const create = async () => {
    const parsed = parseJson(text);
    if (!parsed.ok) {
      setProblem(`Invalid JSON${parsed.line !== undefined ? ` at line ${parsed.line}, column ${parsed.column}` : ''}: ${parsed.message}. Nothing was sent.`);
      return;
    }
    if (!isObject(parsed.value)) {
      setProblem('A SCIM resource is a JSON object ({…}). Nothing was sent.');
      return;
    }
    setProblem(null);
    setFailure(null);
    setBusy(true);
    try {
      const result = await bridge.call('scim.create', { connectionId: connection.id, endpoint: resourceType.endpoint, resource: parsed.value });
      void queryClient.invalidateQueries({ queryKey: browseKey(connection.id, resourceType.endpoint) });
      showToast('success', `Created ${nameOf(result.resource) || noun}.`);
      onCreated(result.resource);
    } catch (error) {
      setFailure(isBridgeError(error) ? error.data : { code: 'internal', message: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <aside className="browser-detail detail-panel" data-testid="resource-create" data-state={busy ? 'sending' : failure ? 'failed' : 'edit'} aria-label={`New ${noun}`}>
      <header className="browser-detail-header">
        <strong>New {noun}</strong>
        <span className="mono muted">POST {resourceType.endpoint}</span>
        <div className="spacer" />
        <button type="button" className="button" onClick={onClose} disabled={busy}>
          Cancel
        </button>
      </header>
      {readOnlyReason && (
        <p className="detail-note-bar" data-testid="read-only-reason" role="note">
          {readOnlyReason}
        </p>
      )}
      <div className="detail-body detail-json-edit">
        <label className="visually-hidden" htmlFor="detail-create-json">
          New {noun} JSON
        </label>
        <textarea
          id="detail-create-json"
          className="input mono detail-textarea"
          data-testid="json-editor"
          spellCheck={false}
          value={text}
          aria-invalid={problem ? true : undefined}
          onChange={(e) => {
            setText(e.target.value);
            setProblem(null);
          }}
        />
        {problem && (
          <p className="field-error" role="alert" data-testid="json-error">
            {problem}
          </p>
        )}
        {failure && (
          <WriteError failure={failure} title="The server refused to create it." />
        )}
      </div>
      <footer className="detail-footer">
        <button type="button" className="button button-primary" onClick={() => void create()} disabled={busy || !!readOnlyReason} title={readOnlyReason ?? undefined}>
          {busy ? 'Creating…' : 'Create'}
        </button>
      </footer>
    </aside>
  );
}
