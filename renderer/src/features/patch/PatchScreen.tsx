import { useQuery } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { usePatchDraft } from './state';
import type { Capabilities, ConnectionView } from '../../../../shared/contract';
import { encodePatch, type PatchBody, type PatchDialect, type PatchOperation } from '../../../../shared/patch';
import { errorMessage, useBridge } from '../../bridge';
import { useKeysWithin } from '../../ui/focus';
import { ServerText } from '../../ui/ServerText';
import { ifMatchFor, ifMatchNote, nameOf, sectionsFor, useActiveCapabilities, userAndGroupTypes, useSendAndReadBack, type Versioned } from '../../scim';
import { LineDiff } from './LineDiff';
import { blankDraft, compose, draftFromOperation, moveDraft, resolverFor, schemaIdsOf, type DraftOp, type RowIssue } from './model';
import { compareStored } from './stored';
import { OperationRow } from './OperationRow';
import { targetQuery, type TargetRef } from './queries';
import { RequestPane } from './RequestPane';
import { ResultPane } from './ResultPane';
import { TargetPicker } from './TargetPicker';
import { Templates } from './Templates';
import './patch.css';
import { ErrorState } from '../../ui/ErrorState';

/** The PatchOp composer: a target read fresh, operations built and checked, previewed, sent, and the stored result compared. */
export function PatchScreen() {
  const { connection, capabilities } = useActiveCapabilities();
  const caps = connection ? capabilities.data : undefined;
  const state = !connection ? 'empty' : capabilities.isError ? 'error' : !caps ? 'loading' : 'ready';
  return (
    <section
      className="screen patch-screen"
      data-testid="screen-patch"
      data-state={state}
      aria-labelledby="patch-title"
      aria-busy={connection ? state === 'loading' : undefined}
    >
      <header className="screen-header">
        <h1 id="patch-title">Patch</h1>
        {connection && <span className="muted">Compose a PatchOp, preview its effect, send it, and see what the server really stored.</span>}
      </header>
      {!connection && <p className="empty-state">No connection yet: add one on the Connections screen.</p>}
      {state === 'loading' && <p className="loading-state">Discovering what {connection?.name} supports…</p>}
      {state === 'error' && <ErrorState title="Discovery failed." message={errorMessage(capabilities.error)} onRetry={() => void capabilities.refetch()} />}
      {connection && caps && <Composer key={connection.id} connection={connection} capabilities={caps} />}
    </section>
  );
}

function Composer({ connection, capabilities }: { connection: ConnectionView; capabilities: Capabilities }) {
  const bridge = useBridge();
  const types = capabilities.resourceTypes;
  const { users } = userAndGroupTypes(capabilities);
  // Unsent work (target, operations, dialect) survives leaving the screen: it lives in a store per connection.
  const { typeName, setTypeName, target, setTarget, drafts, setDrafts, dialect, setDialect } = usePatchDraft(connection.id, {
    typeName: users?.name ?? types[0]?.name ?? '',
    target: null,
    drafts: [],
    dialect: 'rfc',
  });
  const type = types.find((t) => t.name === typeName);
  const read = useQuery({ ...targetQuery(bridge, connection.id, target ?? { endpoint: '', id: '', label: '' }), enabled: !!target });
  const [override, setOverride] = useState<Versioned | null>(null);
  const current: Versioned | null = target ? (override ?? read.data ?? null) : null;
  const scope = { connectionId: connection.id, endpoint: target?.endpoint ?? '', id: target?.id ?? '' };
  const writes = useSendAndReadBack(scope, (preview, stored) => (type ? compareStored(preview, stored, capabilities, type) : null));
  // The last Send's result is shown for what it was sent for: composing anything else (operations, target, dialect) puts it away.
  const [sentFor, setSentFor] = useState<{ drafts: DraftOp[]; target: TargetRef | null; dialect: PatchDialect } | null>(null);
  const showResult = !writes.isIdle && sentFor?.drafts === drafts && sentFor.target === target && sentFor.dialect === dialect;

  const schemaIds = useMemo(() => schemaIdsOf(capabilities), [capabilities]);
  const resolve = useMemo(() => (type ? resolverFor(capabilities, type) : () => undefined), [capabilities, type]);
  const sections = useMemo(() => sectionsFor(type, capabilities.schemas), [type, capabilities.schemas]);
  const composition = useMemo(
    () => (type ? compose(drafts, { capabilities, type, current: current?.resource ?? null }) : null),
    [drafts, capabilities, type, current],
  );
  const operations = composition?.operations ?? null;
  const body: PatchBody | null = useMemo(() => {
    if (!operations) return null;
    try {
      return encodePatch(operations, dialect, { lookup: resolve });
    } catch {
      return null;
    }
  }, [operations, dialect, resolve]);

  const readOnlyReason = connection.readOnly ? `“${connection.name}” is in read-only mode: Send is turned off (everything else works).` : null;
  const ifMatch = ifMatchFor(capabilities, current?.etag);
  const etagNote = ifMatchNote(capabilities, current?.etag) ?? '';
  const issues = composition?.issues.flat() ?? [];
  // Schema errors are refused by the main side before anything is sent. A local apply failure, or an immutable
  // attribute that already has a value (main cannot know that), is only a prediction: those can be sent anyway.
  const predicted = (i: RowIssue) => i.kind === 'apply' || i.kind === 'immutable';
  const forbidden = issues.filter((i) => i.severity === 'error' && i.kind !== 'draft' && !predicted(i)).length;
  const applyFails = issues.some((i) => i.severity === 'error' && predicted(i));
  const sending = writes.isPending;
  const sendBlocked =
    readOnlyReason ??
    (!current
      ? 'Pick a resource first.'
      : drafts.length === 0
        ? 'Add an operation first.'
        : !operations
          ? 'Complete the operations marked in red first.'
          : forbidden > 0
            ? `${forbidden} ${forbidden === 1 ? 'problem' : 'problems'} the schema forbids (marked in red): such operations are never sent.`
            : sending
              ? 'Sending…'
              : null);

  const pick = (next: TargetRef) => {
    setTarget(next);
    setOverride(null);
    writes.reset();
  };
  const reread = async () => {
    setOverride(null);
    writes.reset();
    await read.refetch();
  };
  const insert = (ops: PatchOperation[]) => setDrafts((list) => [...list, ...ops.map((op) => draftFromOperation(op, schemaIds))]);
  const update = (index: number, draft: DraftOp) => setDrafts((list) => list.map((d, i) => (i === index ? draft : d)));

  const send = () => {
    if (sendBlocked || !target || !current || !operations) return;
    setSentFor({ drafts, target, dialect });
    const request = { write: { operations, dialect }, etag: ifMatch, asked: composition?.preview ?? null };
    writes.mutate(request, { onSuccess: ({ stored }) => setOverride(stored) });
  };

  // Ctrl+Enter (⌘ on macOS) sends from anywhere in the composer.
  const layoutRef = useRef<HTMLDivElement>(null);
  useKeysWithin(layoutRef, (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      send();
    }
  });

  const targetState = !target ? 'empty' : read.isError && !override ? 'error' : !current ? 'loading' : 'ready';
  const previewState = !current ? 'empty' : drafts.length === 0 ? 'empty' : composition?.preview ? 'ready' : 'invalid';

  return (
    <div ref={layoutRef} className="patch-layout">
      <div className="patch-column">
        <section className="patch-card" data-testid="patch-target" data-state={targetState}>
          <div className="patch-card-head patch-target-head">
            <h2 className="patch-card-title">Target</h2>
            {target && (
              <>
                {/* A long name or id is cut short (whole in the tooltip); the buttons wrap below rather than leave the card. */}
                <strong className="patch-target-label" data-testid="patch-target-name" title={nameOf(current?.resource ?? {}) || target.label}>
                  <ServerText value={nameOf(current?.resource ?? {}) || target.label} />
                </strong>
                <span className="mono muted patch-target-id" title={String(target.id)}>
                  <ServerText value={String(target.id)} />
                </span>
                {current?.etag && (
                  <span className="mono muted patch-target-etag" title="ETag of the version read" data-testid="patch-target-etag">
                    {current.etag}
                  </span>
                )}
                <div className="patch-target-actions">
                  <button type="button" className="button button-subtle" onClick={() => void reread()} disabled={!current}>
                    Read again
                  </button>
                  <button type="button" className="button button-subtle" data-testid="patch-change-target" onClick={() => setTarget(null)}>
                    Change
                  </button>
                </div>
              </>
            )}
          </div>
          {!target && (
            <TargetPicker
              connectionId={connection.id}
              types={types}
              type={type}
              onType={(name) => {
                setTypeName(name);
                setDrafts([]);
              }}
              onPick={pick}
            />
          )}
          {targetState === 'loading' && <p className="loading-state">Reading the resource…</p>}
          {targetState === 'error' && (
            <ErrorState title="The resource could not be read." message={errorMessage(read.error)} onRetry={() => void read.refetch()} />
          )}
        </section>

        <section className="patch-card patch-ops-card" data-testid="patch-operations" data-count={drafts.length}>
          <div className="patch-card-head">
            <h2 className="patch-card-title">Operations</h2>
            <span className="muted">{drafts.length ? `${drafts.length}` : ''}</span>
            <div className="spacer" />
            <button type="button" className="button" data-testid="patch-add-op" onClick={() => setDrafts((list) => [...list, blankDraft()])}>
              Add operation
            </button>
          </div>
          <Templates
            connectionId={connection.id}
            type={type}
            usersEndpoint={userAndGroupTypes(capabilities).users?.endpoint}
            resource={current?.resource ?? null}
            capabilities={capabilities}
            onInsert={insert}
          />
          {drafts.length === 0 ? (
            <p className="empty-state" data-testid="patch-ops-empty">
              No operations yet: add one, or insert a template.
            </p>
          ) : (
            <ol className="patch-op-list">
              {drafts.map((draft, i) => (
                <OperationRow
                  key={draft.key}
                  index={i}
                  count={drafts.length}
                  draft={draft}
                  issues={composition?.issues[i] ?? []}
                  resolve={resolve}
                  sections={sections}
                  schemaIds={schemaIds}
                  onChange={(d) => update(i, d)}
                  onMove={(delta) => setDrafts((list) => moveDraft(list, i, delta))}
                  onRemove={() => setDrafts((list) => list.filter((_, j) => j !== i))}
                />
              ))}
            </ol>
          )}
        </section>
      </div>

      <div className="patch-column">
        {target && (
          <RequestPane
            endpoint={target.endpoint}
            id={target.id}
            dialect={dialect}
            onDialect={setDialect}
            etag={ifMatch ?? null}
            etagNote={etagNote}
            body={body}
            emptyReason={drafts.length === 0 ? 'Add operations to see the request.' : 'Fix the operations marked in red to see the request.'}
          />
        )}
        {target && (
          <section className="patch-card" data-testid="patch-preview" data-state={previewState}>
            <h2 className="patch-card-title">Preview: the resource before and after, applied here</h2>
            {previewState === 'empty' && <p className="muted">{current ? 'Add operations to see their effect.' : 'Waiting for the resource…'}</p>}
            {previewState === 'invalid' && <p className="muted">No preview while an operation is marked in red.</p>}
            {previewState === 'ready' && current && composition?.preview && (
              <LineDiff
                left={current.resource}
                right={composition.preview}
                testId="patch-preview-diff"
                leftLabel="before"
                rightLabel="after"
                sameText="these operations change nothing on the current version"
              />
            )}
          </section>
        )}
        {target && (
          <div className="patch-send-bar">
            <button
              type="button"
              className="button button-primary"
              data-testid="patch-send"
              disabled={!!sendBlocked}
              title={sendBlocked ?? 'Send (Ctrl+Enter)'}
              onClick={send}
            >
              {sending ? 'Sending…' : applyFails ? 'Send anyway' : 'Send'}
            </button>
            {sendBlocked ? (
              <span
                className={readOnlyReason || forbidden > 0 ? 'patch-send-reason is-warning' : 'patch-send-reason muted'}
                data-testid="patch-send-reason"
                role="note"
              >
                {sendBlocked}
              </span>
            ) : (
              applyFails && (
                <span className="patch-send-reason is-warning" data-testid="patch-send-reason">
                  A conforming server should refuse the operations marked in red: send anyway to see what this one does.
                </span>
              )
            )}
          </div>
        )}
        {showResult && <ResultPane send={writes} dialect={dialect} onReread={() => void reread()} />}
        {!target && (
          <p className="empty-state patch-hint">
            Pick the resource to patch: it is read fresh, with its ETag, and the preview starts from exactly that version.
          </p>
        )}
      </div>
    </div>
  );
}
