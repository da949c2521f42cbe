import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useReducer, useState } from 'react';
import type { PatchDialect } from '../../../../shared/patch';
import { errorData, errorMessage, useBridge } from '../../bridge';
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
  useSendAndReadBack,
  writeMethod,
  type Versioned,
} from '../../scim';
import { useShowToast } from '../../stores';
import { GroupMembers, UserGroups } from '../../ui/DetailTabs';
import { ConfirmDialog } from '../../ui/Dialog';
import { JsonView } from '../../ui/code/JsonView';
import { useFocusScope } from '../../ui/focus';
import { ServerText } from '../../ui/ServerText';
import type { DetailPanelProps } from '../../ui/ResourcePanels';
import { TabList, TabPanels, useTabsId, type TabItem } from '../../ui/Tabs';
import { WriteError } from '../../ui/WriteError';
import { DetailHeader, EditFooter } from './DetailChrome';
import { ConflictView, JsonEditor, ReviewView, StoredResult } from './DetailSections';
import { FormView } from './FormView';
import { askedFor, makeReview, reapply, type Review } from './model';
import { initialPanel, isEditing, panelReducer, type ViewTab } from './panelState';
import { ResourceHistory } from './ResourceHistory';
import './detail.css';
import { ErrorState } from '../../ui/ErrorState';

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
  const [override, setOverride] = useState<Versioned | null>(null);
  const current: Versioned | null = override ?? (fetched.data ? { resource: fetched.data.resource, etag: fetched.data.etag } : null);
  const [panel, dispatch] = useReducer(panelReducer, initialPanel);
  const { phase, tab, draft, review, failure } = panel;
  const [dialect, setDialect] = useState<PatchDialect>('rfc');
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const write = useSendAndReadBack({ connectionId: connection.id, endpoint, id, excluded }, (asked, stored) => storedDifferences(asked, stored, capabilities));
  const remove = useMutation({
    mutationFn: (etag: string | null) => bridge.call('scim.delete', { connectionId: connection.id, endpoint, id, ...(etag ? { etag } : {}) }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: scimKeys.browse(connection.id, endpoint) }),
  });
  const busy = write.isPending || remove.isPending;

  const readOnlyReason = connection.readOnly ? `“${connection.name}” is in read-only mode: writes are turned off in its connection settings.` : null;
  const writable = !readOnlyReason;
  const membership = { connection, capabilities, readOnlyReason };
  const shown = current?.resource ?? initial ?? {};
  const name = nameOf(shown);
  const editing = isEditing(phase);
  const isUser = resourceKindOf(resourceType, shown) === 'users';
  const writeBlocked = !current || !writable || busy;
  // If-Match only where the server says it supports ETags, as the main side decides: the review shows what is sent.
  const ifMatch = (etag: string | null | undefined) => ifMatchFor(capabilities, etag) ?? null;
  const patchRefused = usePatchRefused(connection.id, endpoint);
  const kind = writeMethod(capabilities, connection, Boolean(patchRefused));
  const putReason =
    capabilities.patch === false
      ? 'This server does not support PATCH: the full resource is replaced.'
      : patchRefused
        ? `This server refused PATCH here (${patchRefused.message}): the full resource is replaced.`
        : 'This connection sends edits as PUT: the full resource is replaced.';
  const request = (r: Review) => ({ write: r.kind === 'put' ? { resource: r.edited } : { operations: r.ops, dialect }, etag: r.etag });

  const reviewChanges = () => {
    if (current) dispatch({ type: 'review', make: (edited) => makeReview(current.resource, edited, ifMatch(current.etag), capabilities, kind) });
  };

  const send = async () => {
    if (!review || review.ops.length === 0 || !writable) return;
    dispatch({ type: 'phase', phase: 'sending' });
    try {
      const { stored, comparison } = await write.mutateAsync({ ...request(review), asked: askedFor(review) });
      setOverride(stored);
      dispatch({ type: 'sent', differences: comparison ?? [] });
      showToast('success', `Saved ${nameOf(stored.resource) || String(id)}.`);
    } catch (error) {
      dispatch({ type: 'refused', failure: errorData(error) });
    }
  };

  const reapplyOnCurrent = () => {
    const { conflict } = panel;
    if (!review || !conflict) return;
    setOverride(conflict);
    dispatch({ type: 'reapply', review: makeReview(conflict.resource, reapply(review, conflict.resource), ifMatch(conflict.etag), capabilities, kind) });
  };

  const reloadCurrent = async () => {
    dispatch({ type: 'failure', failure: null });
    const result = await fetched.refetch();
    if (result.data) setOverride({ resource: result.data.resource, etag: result.data.etag });
    dispatch({ type: 'phase', phase: 'edit' });
  };

  const toggleActive = async () => {
    if (!current || !writable) return;
    const next = current.resource.active !== true;
    const edited = { ...current.resource, active: next };
    dispatch({ type: 'failure', failure: null });
    try {
      const ops = [{ op: 'replace' as const, path: 'active', value: next }];
      const { stored } = await write.mutateAsync({ ...request({ kind, original: current.resource, etag: ifMatch(current.etag), edited, ops }), asked: null });
      setOverride(stored);
      showToast('success', `${next ? 'Reactivated' : 'Deactivated'} ${nameOf(stored.resource) || String(id)}.`);
    } catch (error) {
      dispatch({ type: 'failure', failure: errorData(error) });
    }
  };

  const removeResource = async () => {
    try {
      await remove.mutateAsync(ifMatch(current?.etag));
      setConfirmingDelete(false);
      showToast('success', `Deleted ${name || ''} (${String(id)}).`);
      onClose();
    } catch (error) {
      setConfirmingDelete(false);
      dispatch({ type: 'failure', failure: errorData(error) });
    }
  };

  const state = fetched.isError && !override ? 'error' : !current ? 'loading' : phase;
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

  const tabsId = useTabsId();
  // Focus moves in when the panel opens and back where it came from when it closes; Escape closes it,
  // except while an edit would be lost (a dialog inside has its own Escape).
  const scopeRef = useFocusScope<HTMLElement>({ onDismiss: onClose, canDismiss: !editing });

  return (
    <aside
      ref={scopeRef}
      tabIndex={-1}
      className="side-panel detail-panel"
      data-testid="resource-detail"
      data-state={state}
      aria-label="Resource detail"
      aria-busy={state === 'loading' || busy}
    >
      <DetailHeader heading={heading} name={name} id={id} active={isUser ? shown.active : undefined} onClose={onClose} />

      <div className="detail-toolbar">
        <TabList
          id={tabsId}
          label="View"
          items={tabs}
          selected={tab}
          onSelect={(next) => dispatch({ type: 'tab', tab: next })}
          className="detail-tabs"
          tabClassName="detail-tab"
        />
        <div className="spacer" />
        {!editing && (tab === 'form' || tab === 'json') && (
          <>
            <button
              type="button"
              className="button"
              onClick={() => current && dispatch({ type: 'edit', resource: current.resource })}
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
                disabled={writeBlocked}
                title={readOnlyReason ?? undefined}
                data-testid="toggle-active"
              >
                {shown.active === false ? 'Reactivate' : 'Deactivate'}
              </button>
            )}
            <button
              type="button"
              className="button button-danger-subtle"
              onClick={() => setConfirmingDelete(true)}
              disabled={writeBlocked}
              title={readOnlyReason ?? undefined}
            >
              Delete
            </button>
          </>
        )}
      </div>

      {readOnlyReason && (
        <p className="note-bar" data-testid="read-only-reason" role="note">
          {readOnlyReason}
        </p>
      )}

      <TabPanels id={tabsId} items={tabs} selected={tab} className="detail-body">
        {state === 'loading' && <p className="loading-state">Reading the resource…</p>}
        {state === 'error' && (
          <ErrorState title="The resource could not be read." message={errorMessage(fetched.error)} onRetry={() => void fetched.refetch()} />
        )}

        {current && tab === 'form' && (
          <FormView
            resource={editing && draft ? draft : current.resource}
            sections={sectionsFor(resourceType, capabilities.schemas)}
            editing={editing}
            onChange={phase !== 'sending' ? (path, value) => dispatch({ type: 'field', path, value }) : undefined}
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
            <JsonView value={pretty(current.resource)} label="Raw JSON, as received" testId="resource-json" className="code-pre" />
          </details>
        )}
        {current && tab === 'json' && !editing && (
          <JsonView value={pretty(current.resource)} label="Resource JSON, as received" testId="resource-json" className="code-fill" />
        )}
        {current && tab === 'json' && editing && (
          <div className="detail-json-edit">
            <JsonEditor
              text={panel.json}
              problem={panel.jsonProblem}
              label="Resource JSON"
              disabled={phase === 'sending'}
              onChange={(text) => dispatch({ type: 'json', text })}
            />
          </div>
        )}

        {panel.sent && phase === 'sent' && <StoredResult differences={panel.sent} />}

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
            current={panel.conflict}
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

        {current && tab === 'membership' && isGroup && <GroupMembers {...membership} groupsEndpoint={endpoint} groupId={id} groupName={name || String(id)} />}
        {current && tab === 'membership' && !isGroup && isUser && (
          <UserGroups {...membership} usersEndpoint={endpoint} user={{ value: String(id), ...(name ? { display: name } : {}) }} />
        )}
        {tab === 'history' && <ResourceHistory connectionId={connection.id} endpoint={endpoint} id={id} />}
      </TabPanels>

      {editing && (
        <EditFooter
          phase={phase}
          sending={busy}
          canSend={writable && !!review && review.ops.length > 0}
          readOnlyReason={readOnlyReason}
          onReview={reviewChanges}
          onBack={() => dispatch({ type: 'phase', phase: 'edit' })}
          onSend={() => void send()}
          onDiscard={() => dispatch({ type: 'discard' })}
        />
      )}

      {confirmingDelete && (
        <ConfirmDialog
          title={`Delete ${isUser ? 'user' : 'resource'}?`}
          confirmLabel="Delete"
          danger
          busy={busy}
          onConfirm={() => void removeResource()}
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
