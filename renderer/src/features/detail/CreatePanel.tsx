import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ScimResource } from '../../../../shared/contract';
import { errorData, useBridge } from '../../bridge';
import { browseKey, nameOf, pretty, sectionsFor } from '../../scim';
import { useShowToast } from '../../stores';
import type { CreatePanelProps } from '../../ui/ResourcePanels';
import { TabList, TabPanels, useTabsId, type TabItem } from '../../ui/Tabs';
import { WriteError } from '../../ui/WriteError';
import { JsonEditor } from './DetailSections';
import { FormView } from './FormView';
import { newResourceTemplate, pruneEmptyEntries, readResourceJson, setIn, type EditTab } from './model';
import './detail.css';

const TABS: TabItem<EditTab>[] = [
  { key: 'form', label: 'Form' },
  { key: 'json', label: 'JSON' },
];

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
  const tabsId = useTabsId();
  const create = useMutation({
    mutationFn: (resource: ScimResource) => bridge.call('scim.create', { connectionId: connection.id, endpoint: resourceType.endpoint, resource }),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: browseKey(connection.id, resourceType.endpoint) });
      showToast('success', `Created ${nameOf(result.resource) || noun}.`);
      onCreated(result.resource);
    },
  });
  const busy = create.isPending;
  const failure = create.error ? errorData(create.error) : null;
  const readOnlyReason = connection.readOnly ? `“${connection.name}” is in read-only mode: writes are turned off in its connection settings.` : null;

  /** The resource as typed in the JSON tab; null (with the problem shown, the text kept) when it is not an object. */
  const fromText = (): ScimResource | null => {
    const read = readResourceJson(text);
    setProblem(read.ok ? null : read.problem);
    return read.ok ? read.value : null;
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

  const send = () => {
    const resource = tab === 'form' ? pruneEmptyEntries(draft) : fromText();
    if (resource) create.mutate(resource);
  };

  return (
    <aside
      className="side-panel detail-panel"
      data-testid="resource-create"
      data-state={busy ? 'sending' : failure ? 'failed' : 'edit'}
      aria-label={`New ${noun}`}
    >
      <header className="side-panel-header">
        <strong>New {noun}</strong>
        <span className="mono muted">POST {resourceType.endpoint}</span>
        <div className="spacer" />
        <button type="button" className="button" onClick={onClose} disabled={busy}>
          Cancel
        </button>
      </header>
      {readOnlyReason && (
        <p className="note-bar" data-testid="read-only-reason" role="note">
          {readOnlyReason}
        </p>
      )}
      <div className="detail-toolbar">
        <TabList id={tabsId} label="Edit as" items={TABS} selected={tab} onSelect={switchTab} className="detail-tabs" tabClassName="detail-tab" />
      </div>
      <TabPanels id={tabsId} items={TABS} selected={tab} className={tab === 'json' ? 'detail-body detail-json-edit' : 'detail-body'}>
        {tab === 'form' ? (
          <FormView
            resource={draft}
            sections={sections}
            editing
            unsetBooleans
            onChange={busy ? undefined : (path, value) => setDraft((d) => setIn(d, path, value))}
          />
        ) : (
          <JsonEditor
            text={text}
            problem={problem}
            label={`New ${noun} JSON`}
            onChange={(next) => {
              setText(next);
              setProblem(null);
            }}
          />
        )}
        {failure && <WriteError failure={failure} title="The server refused to create it." />}
      </TabPanels>
      <footer className="detail-footer">
        <button type="button" className="button button-primary" onClick={send} disabled={busy || !!readOnlyReason} title={readOnlyReason ?? undefined}>
          {busy ? 'Creating…' : 'Create'}
        </button>
      </footer>
    </aside>
  );
}
