import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { DetailPanelProps } from '../../ui/ResourcePanels';
import { useState } from 'react';
import type { AppErrorData, ScimResource } from '../../../../shared/contract';
import type { PatchDialect, PatchOperation } from '../../../../shared/patch';
import { errorData, errorMessage, useBridge } from '../../bridge';
import { useShowToast } from '../../stores';
import { Badge } from '../../ui/Badge';
import { ConfirmDialog } from '../../ui/Dialog';
import { useFocusScope } from '../../ui/focus';
import { TabList, TabPanels, useTabsId, type TabItem } from '../../ui/Tabs';
import {
  idOf,
  ifMatchFor,
  ifMatchNote,
  nameOf,
  pretty,
  resourceKind,
  resourceKindOf,
  scimKeys,
  sectionsFor,
  storedDifferences,
  usePatchRefused,
  writeMethod,
} from '../../scim';
import { GroupMembers, UserGroups } from '../../ui/DetailTabs';
import { ConflictView, JsonEditor, ReviewView, StoredResult, type JsonProblem } from './DetailSections';
import { FormView } from './FormView';
import { ResourceHistory } from './ResourceHistory';
import { useResourceWrites, type Versioned } from './useResourceWrites';
import { WriteError } from '../../ui/WriteError';
import { askedFor, makeReview, pruneEmptyEntries, readResourceJson, reapply, setIn, type Review } from './model';
import { ServerText } from '../../ui/ServerText';

type Phase = 'view' | 'edit' | 'review' | 'sending' | 'sent' | 'conflict' | 'failed';
interface Sent {
  asked: ScimResource;
  stored: ScimResource;
  differences: PatchOperation[];
}

type ViewTab = 'form' | 'json' | 'membership' | 'history';

/** A group is read without its members (RFC 7644 §3.4.2.5): they can be 10,000 entries; the Members tab pages them. */
const EXCLUDED_FROM_GROUP = ['members'];

/** One resource, read fresh: a form and the JSON as received, editing in either, PATCH (or PUT) with its ETag. */
export function DetailPanel({ connection, capabilities, resourceType, endpoint, id, initial, heading, onClose }: DetailPanelProps) {
  const bridge = useBridge();
  const queryClient = useQueryClient();
  const showToast = useShowToast();
  const isGroup = !!resourceType && resourceKind(resourceType) === 'groups';
  const excluded = isGroup ? EXCLUDED_FROM_GROUP : undefined;
  const fetched = useQuery({
    queryKey: scimKeys.detail(connection.id, endpoint, id),
    queryFn: ({ signal }) =>
      bridge.call('scim.get', { connectionId: connection.id, endpoint, id, ...(excluded ? { excludedAttributes: excluded } : {}) }, { signal }),
    staleTime: 0,
    gcTime: 0,
  });
  const writes = useResourceWrites({ connectionId: connection.id, endpoint, id, ...(excluded ? { excluded } : {}) });
  const [override, setOverride] = useState<Versioned | null>(null);
  const current: Versioned | null = override ?? (fetched.data ? { resource: fetched.data.resource, etag: fetched.data.etag } : null);

  const [tab, setTab] = useState<ViewTab>('form');
  const [phase, setPhase] = useState<Phase>('view');
  const [draft, setDraft] = useState<ScimResource | null>(null);
  const [jsonText, setJsonText] = useState('');
  const [jsonProblem, setJsonProblem] = useState<JsonProblem | null>(null);
  const [dialect, setDialect] = useState<PatchDialect>('rfc');
  const [review, setReview] = useState<Review | null>(null);
  const [sent, setSent] = useState<Sent | null>(null);
  const [failure, setFailure] = useState<AppErrorData | null>(null);
  const [conflict, setConflict] = useState<Versioned | null>(null);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [busy, setBusy] = useState(false);

  const sections = sectionsFor(resourceType, capabilities.schemas);
  const readOnlyReason = connection.readOnly ? `“${connection.name}” is in read-only mode: writes are turned off in its connection settings.` : null;
  const writable = !readOnlyReason;
  const shown = current?.resource ?? initial ?? {};
  const editing = phase === 'edit' || phase === 'failed' || phase === 'review' || phase === 'conflict' || phase === 'sending';
  const isUser = resourceKindOf(resourceType, shown) === 'users';
  // If-Match only where the server says it supports ETags, as the main side decides: the review shows what is sent.
  const ifMatch = (etag: string | null | undefined) => ifMatchFor(capabilities, etag) ?? null;
  const active = shown.active;
  const patchRefused = usePatchRefused(connection.id, endpoint);
  const kind = writeMethod(capabilities, connection, Boolean(patchRefused));
  const putReason =
    capabilities.patch === false
      ? 'This server does not support PATCH: the full resource is replaced.'
      : patchRefused
        ? `This server refused PATCH here (${patchRefused.message}): the full resource is replaced.`
        : 'This connection sends edits as PUT: the full resource is replaced.';

  const refreshList = () => queryClient.invalidateQueries({ queryKey: scimKeys.browse(connection.id, endpoint) });

  const startEdit = () => {
    if (!current) return;
    setDraft(current.resource);
    setJsonText(pretty(current.resource));
    setJsonProblem(null);
    setFailure(null);
    setSent(null);
    setReview(null);
    setPhase('edit');
  };
  const cancelEdit = () => {
    setDraft(null);
    setReview(null);
    setFailure(null);
    setConflict(null);
    setJsonProblem(null);
    setPhase(sent ? 'sent' : 'view');
  };

  /** The edited resource, from the form or the JSON text; null (with the problem shown) when the JSON is invalid. */
  const editedResource = (): ScimResource | null => {
    if (tab === 'form') return draft ? pruneEmptyEntries(draft) : draft;
    const read = readResourceJson(jsonText);
    if (!read.ok) {
      setJsonProblem({ message: read.message, ...(read.line !== undefined ? { line: read.line, column: read.column } : {}) });
      return null;
    }
    setJsonProblem(null);
    return read.value;
  };

  const switchTab = (next: ViewTab) => {
    if (next === tab) return;
    if (editing && (next === 'membership' || next === 'history')) return;
    if (editing && next === 'form') {
      const edited = editedResource();
      if (!edited) return; // stay on the JSON with the error shown
      setDraft(edited);
    }
    if (editing && next === 'json' && draft) setJsonText(pretty(draft));
    setTab(next);
  };

  const changeField = (path: string[], value: unknown) => {
    const next = setIn(draft ?? {}, path, value);
    setDraft(next);
    setJsonText(pretty(next));
    setReview(null);
    if (phase !== 'edit') setPhase('edit');
  };

  const reviewChanges = () => {
    if (!current) return;
    const edited = editedResource();
    if (!edited) return;
    setDraft(edited);
    setFailure(null);
    setReview(makeReview(current.resource, edited, ifMatch(current.etag), capabilities, kind));
    setPhase('review');
  };

  const send = async () => {
    if (!review || review.ops.length === 0 || !writable) return;
    setBusy(true);
    setPhase('sending');
    try {
      const stored = await writes.stored(await writes.write(review, dialect));
      const asked = askedFor(review);
      setOverride(stored);
      setSent({ asked, stored: stored.resource, differences: storedDifferences(asked, stored.resource, capabilities) });
      setDraft(null);
      setReview(null);
      setConflict(null);
      setFailure(null);
      setPhase('sent');
      void refreshList();
      showToast('success', `Saved ${nameOf(stored.resource) || String(id)}.`);
    } catch (error) {
      const data = errorData(error);
      setFailure(data);
      if (data.code === 'precondition_failed') {
        setConflict(data.current?.resource ? { resource: data.current.resource, etag: data.current.etag } : null);
        setPhase('conflict');
      } else setPhase('failed');
    } finally {
      setBusy(false);
    }
  };

  const reapplyOnCurrent = () => {
    if (!review || !conflict) return;
    const edited = reapply(review, conflict.resource);
    setOverride(conflict);
    setDraft(edited);
    setJsonText(pretty(edited));
    setReview(makeReview(conflict.resource, edited, ifMatch(conflict.etag), capabilities, kind));
    setConflict(null);
    setFailure(null);
    setPhase('review');
  };

  const reloadCurrent = async () => {
    setConflict(null);
    setFailure(null);
    const result = await fetched.refetch();
    if (result.data) setOverride({ resource: result.data.resource, etag: result.data.etag });
    setPhase('edit');
  };

  const toggleActive = async () => {
    if (!current || !writable) return;
    const next = current.resource.active !== true;
    const r: Review = {
      kind,
      original: current.resource,
      etag: ifMatch(current.etag),
      edited: { ...current.resource, active: next },
      ops: [{ op: 'replace', path: 'active', value: next }],
    };
    setBusy(true);
    setFailure(null);
    try {
      const stored = await writes.stored(await writes.write(r, dialect));
      setOverride(stored);
      void refreshList();
      showToast('success', `${next ? 'Reactivated' : 'Deactivated'} ${nameOf(stored.resource) || String(id)}.`);
    } catch (error) {
      setFailure(errorData(error));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setBusy(true);
    try {
      await writes.remove(ifMatch(current?.etag));
      setConfirmingDelete(false);
      void refreshList();
      showToast('success', `Deleted ${nameOf(shown) || ''} (${String(id)}).`);
      onClose();
    } catch (error) {
      setConfirmingDelete(false);
      setFailure(errorData(error));
    } finally {
      setBusy(false);
    }
  };

  const state = fetched.isError && !override ? 'error' : !current ? 'loading' : phase;
  const readOnlyWrites = readOnlyReason;
  const membership = isGroup ? (
    <GroupMembers
      connection={connection}
      capabilities={capabilities}
      groupsEndpoint={endpoint}
      groupId={id}
      groupName={nameOf(shown) || String(id)}
      readOnlyReason={readOnlyWrites}
    />
  ) : isUser ? (
    <UserGroups
      connection={connection}
      capabilities={capabilities}
      usersEndpoint={endpoint}
      user={{ value: String(id), ...(nameOf(shown) ? { display: nameOf(shown) } : {}) }}
      readOnlyReason={readOnlyWrites}
    />
  ) : null;
  // Membership and history read the stored resource: not while an edit is open.
  const lockedWhileEditing = (t: ViewTab) => (editing && (t === 'membership' || t === 'history') ? 'Finish or discard the edit first' : undefined);
  const tabs: TabItem<ViewTab>[] = (
    [
      ['form', 'Form'],
      ['json', 'JSON'],
      ...(isGroup ? [['membership', 'Members'] as const] : isUser ? [['membership', 'Groups'] as const] : []),
      ['history', 'History'],
    ] as const
  ).map(([key, label]) => ({ key, label, testId: `detail-tab-${key}`, disabled: !!lockedWhileEditing(key), title: lockedWhileEditing(key) }));
  const name = nameOf(shown);

  const tabsId = useTabsId();
  // Focus moves in when the panel opens and back where it came from when it closes; Escape closes it,
  // except while an edit would be lost (a dialog inside has its own Escape).
  const scopeRef = useFocusScope<HTMLElement>({ onDismiss: onClose, canDismiss: !editing });

  return (
    <aside
      ref={scopeRef}
      tabIndex={-1}
      className="browser-detail detail-panel"
      data-testid="resource-detail"
      data-state={state}
      aria-label="Resource detail"
      aria-busy={state === 'loading' || busy}
    >
      <header className="browser-detail-header">
        <h2 className="browser-detail-title">{heading ?? 'Resource'}</h2>
        <span className="detail-name" title={name}>
          <ServerText value={name} />
        </span>
        <span className="mono muted" title={String(id)}>
          {String(id)}
        </span>
        {isUser && typeof active === 'boolean' && (
          <Badge tone={active ? 'success' : 'warning'} testId="active-state">
            {active ? 'active' : 'inactive'}
          </Badge>
        )}
        <div className="spacer" />
        <button type="button" className="button" onClick={onClose} aria-label="Close detail (Escape)">
          Close
        </button>
      </header>

      <div className="detail-toolbar">
        <TabList id={tabsId} label="View" items={tabs} selected={tab} onSelect={switchTab} className="detail-tabs" tabClassName="detail-tab" />
        <div className="spacer" />
        {!editing && (tab === 'form' || tab === 'json') && (
          <>
            <button
              type="button"
              className="button"
              onClick={startEdit}
              disabled={!current}
              title={readOnlyReason ? 'Read-only connection: you can edit and review, not send' : 'Edit this resource'}
            >
              Edit
            </button>
            {isUser && (
              <button
                type="button"
                className="button"
                onClick={() => void toggleActive()}
                disabled={!current || !writable || busy}
                title={readOnlyReason ?? undefined}
                data-testid="toggle-active"
              >
                {active === false ? 'Reactivate' : 'Deactivate'}
              </button>
            )}
            <button
              type="button"
              className="button button-danger-subtle"
              onClick={() => setConfirmingDelete(true)}
              disabled={!current || !writable || busy}
              title={readOnlyReason ?? undefined}
            >
              Delete
            </button>
          </>
        )}
      </div>

      {readOnlyReason && (
        <p className="detail-note-bar" data-testid="read-only-reason" role="note">
          {readOnlyReason}
        </p>
      )}

      <TabPanels id={tabsId} items={tabs} selected={tab} className="detail-body">
        {state === 'loading' && <p className="loading-state">Reading the resource…</p>}
        {state === 'error' && (
          <div className="error-state" role="alert">
            <p>
              <strong>The resource could not be read.</strong> {errorMessage(fetched.error)}
            </p>
            <button type="button" className="button" onClick={() => void fetched.refetch()}>
              Retry
            </button>
          </div>
        )}

        {current && tab === 'form' && (
          <FormView
            resource={editing && draft ? draft : current.resource}
            sections={sections}
            editing={editing}
            onChange={phase !== 'sending' ? changeField : undefined}
          />
        )}
        {current && isGroup && (tab === 'form' || tab === 'json') && (
          <p className="muted detail-members-note" data-testid="members-excluded-note">
            Read with excludedAttributes=members: the members are in the Members tab, paged.
          </p>
        )}
        {current && tab === 'form' && !editing && (
          <details className="detail-raw">
            <summary>Raw JSON (as received)</summary>
            <pre className="browser-json mono detail-json" data-testid="resource-json">
              {pretty(current.resource)}
            </pre>
          </details>
        )}
        {current && tab === 'json' && !editing && (
          <pre className="browser-json mono detail-json" data-testid="resource-json">
            {pretty(current.resource)}
          </pre>
        )}
        {current && tab === 'json' && editing && (
          <JsonEditor
            text={jsonText}
            problem={jsonProblem}
            disabled={phase === 'sending'}
            onChange={(text) => {
              setJsonText(text);
              setJsonProblem(null);
              setReview(null);
              if (phase !== 'edit') setPhase('edit');
            }}
          />
        )}

        {sent && phase === 'sent' && <StoredResult differences={sent.differences} />}

        {failure && phase !== 'conflict' && (
          <WriteError
            failure={failure}
            className="detail-failure"
            title={failure.code === 'read_only' ? 'Refused: the connection is read-only.' : 'The server refused the change.'}
          >
            <p className="muted">{editing ? 'Your edit is kept.' : ''}</p>
          </WriteError>
        )}

        {phase === 'conflict' && (
          <ConflictView
            etag={review?.etag}
            current={conflict}
            mine={review?.edited ?? draft}
            onReapply={reapplyOnCurrent}
            onReload={() => void reloadCurrent()}
          />
        )}

        {review && (phase === 'review' || phase === 'sending') && (
          <ReviewView
            review={review}
            dialect={dialect}
            onDialect={setDialect}
            endpoint={endpoint}
            id={id}
            putReason={putReason}
            etagNote={ifMatchNote(capabilities, current?.etag)}
          />
        )}

        {current && tab === 'membership' && membership}
        {tab === 'history' && <ResourceHistory connectionId={connection.id} endpoint={endpoint} id={id} />}
      </TabPanels>

      {editing && (
        <footer className="detail-footer">
          {phase !== 'review' && phase !== 'sending' && (
            <button type="button" className="button button-primary" onClick={reviewChanges} disabled={phase === 'conflict'}>
              Review changes
            </button>
          )}
          {(phase === 'review' || phase === 'sending') && (
            <>
              <button type="button" className="button" onClick={() => setPhase('edit')} disabled={busy}>
                Back to edit
              </button>
              <button
                type="button"
                className="button button-primary"
                onClick={() => void send()}
                disabled={!writable || busy || !review || review.ops.length === 0}
                title={readOnlyReason ?? undefined}
              >
                {busy ? 'Sending…' : 'Send'}
              </button>
            </>
          )}
          <div className="spacer" />
          <button type="button" className="button" onClick={cancelEdit} disabled={busy}>
            Discard edit
          </button>
        </footer>
      )}

      {confirmingDelete && (
        <ConfirmDialog
          title={`Delete ${isUser ? 'user' : 'resource'}?`}
          confirmLabel="Delete"
          danger
          busy={busy}
          onConfirm={() => void remove()}
          onCancel={() => setConfirmingDelete(false)}
        >
          <p data-testid="delete-target">
            <strong>{name ? <ServerText value={name} /> : '(no name)'}</strong> <span className="mono">({String(idOf(shown) ?? id)})</span> will be deleted on
            the server. This cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </aside>
  );
}
