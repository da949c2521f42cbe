import { useQueryClient } from '@tanstack/react-query';
import type { CreatePanelProps } from '../../ui/ResourcePanels';
import { useState } from 'react';
import type { AppErrorData, ScimResource } from '../../../../shared/contract';
import { errorMessage, isBridgeError, useBridge } from '../../bridge';
import { useShowToast } from '../../stores';
import { JsonEditor } from '../../ui/code/JsonEditor';
import { browseKey, nameOf, pretty, sectionsFor } from '../../scim';
import { FormView } from './FormView';
import { WriteError } from '../../ui/WriteError';
import { newResourceTemplate, readResourceJson, pruneEmptyEntries, setIn, type EditTab } from './model';

/** A schema form or JSON, prefilled with a minimal valid resource; POST, then the created one opens. */
export function CreatePanel({ connection, capabilities, resourceType, kind, noun, onCreated, onClose }: CreatePanelProps) {
  const bridge = useBridge();
  const queryClient = useQueryClient();
  const showToast = useShowToast();
  const [draft, setDraft] = useState<ScimResource>(() => newResourceTemplate(resourceType, kind));
  const [tab, setTab] = useState<EditTab>('form');
  const [text, setText] = useState(() => pretty(draft));
  const sections = sectionsFor(resourceType, capabilities.schemas);
  const [problem, setProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  const readOnlyReason = connection.readOnly ? `“${connection.name}” is in read-only mode: writes are turned off in its connection settings.` : null;

  /** The resource as typed in the JSON tab; null (with the problem shown, the text kept) when it is not an object. */
  const fromText = (): ScimResource | null => {
    const read = readResourceJson(text);
    if (!read.ok) {
      setProblem(
        read.notObject
          ? `${read.message} Nothing was sent.`
          : `Invalid JSON${read.line !== undefined ? ` at line ${read.line}, column ${read.column}` : ''}: ${read.message}. Nothing was sent.`,
      );
      return null;
    }
    setProblem(null);
    return read.value;
  };

  const switchTab = (next: EditTab) => {
    if (next === tab) return;
    if (next === 'form') {
      const value = fromText();
      if (!value) return;
      setDraft(value);
    } else setText(pretty(draft));
    setTab(next);
  };

  const create = async () => {
    const resource = tab === 'form' ? pruneEmptyEntries(draft) : fromText();
    if (!resource) return;
    setProblem(null);
    setFailure(null);
    setBusy(true);
    try {
      const result = await bridge.call('scim.create', { connectionId: connection.id, endpoint: resourceType.endpoint, resource });
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
    <aside
      className="browser-detail detail-panel"
      data-testid="resource-create"
      data-state={busy ? 'sending' : failure ? 'failed' : 'edit'}
      aria-label={`New ${noun}`}
    >
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
      <div className="detail-toolbar">
        <div className="detail-tabs" role="tablist" aria-label="Edit as">
          {(['form', 'json'] as const).map((t) => (
            <button
              key={t}
              type="button"
              role="tab"
              aria-selected={tab === t}
              className={tab === t ? 'detail-tab is-active' : 'detail-tab'}
              onClick={() => switchTab(t)}
            >
              {t === 'form' ? 'Form' : 'JSON'}
            </button>
          ))}
        </div>
      </div>
      {tab === 'form' && (
        <div className="detail-body">
          <FormView
            resource={draft}
            sections={sections}
            editing
            unsetBooleans
            onChange={busy ? undefined : (path, value) => setDraft((d) => setIn(d, path, value))}
          />
          {failure && <WriteError failure={failure} title="The server refused to create it." />}
        </div>
      )}
      {tab === 'json' && (
        <div className="detail-body detail-json-edit">
          <JsonEditor
            value={text}
            onChange={(next) => {
              setText(next);
              setProblem(null);
            }}
            label={`New ${noun} JSON`}
            testId="json-editor"
            invalid={!!problem}
            className="code-fill"
          />
          {problem && (
            <p className="field-error" role="alert" data-testid="json-error">
              {problem}
            </p>
          )}
          {failure && <WriteError failure={failure} title="The server refused to create it." />}
        </div>
      )}
      <footer className="detail-footer">
        <button
          type="button"
          className="button button-primary"
          onClick={() => void create()}
          disabled={busy || !!readOnlyReason}
          title={readOnlyReason ?? undefined}
        >
          {busy ? 'Creating…' : 'Create'}
        </button>
      </footer>
    </aside>
  );
}
