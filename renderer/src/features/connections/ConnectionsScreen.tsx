import { useQuery } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import type { ConnectionView } from '../../../../shared/contract';
import { errorMessage, useBridge } from '../../bridge';
import { useShowToast } from '../../stores';
import { ConfirmDialog } from '../../ui/Dialog';
import { ConnectionForm } from './ConnectionForm';
import { ConnectionList } from './ConnectionList';
import { connectionsListQuery, useActiveConnection } from '../../scim';
import { useDeleteConnection, useDuplicateConnection } from './queries';
import './connections.css';
import { ErrorState } from '../../ui/ErrorState';

/** What the editor shows: a saved profile, or a new one. */
type Selection = { kind: 'saved'; id: string } | { kind: 'new' };

type PendingDialog = { kind: 'delete'; connection: ConnectionView } | { kind: 'discard'; then: () => void };

export function ConnectionsScreen() {
  const bridge = useBridge();
  const list = useQuery(connectionsListQuery(bridge));
  const activeId = useActiveConnection()?.id ?? null;
  const showToast = useShowToast();
  const duplicate = useDuplicateConnection();
  const remove = useDeleteConnection();
  const [chosen, setChosen] = useState<Selection | null>(null);
  const [dialog, setDialog] = useState<PendingDialog | null>(null);
  const dirty = useRef(false);
  const onDirtyChange = useCallback((value: boolean) => {
    dirty.current = value;
  }, []);

  const connections = list.data ?? [];
  // Until the user picks one, the editor shows the active connection (or the first).
  const selection: Selection | null =
    chosen?.kind === 'new' || (chosen && connections.some((c) => c.id === chosen.id))
      ? chosen
      : connections.length
        ? { kind: 'saved', id: activeId ?? connections[0].id }
        : null;
  const selected = selection?.kind === 'saved' ? (connections.find((c) => c.id === selection.id) ?? null) : null;

  /** Leaving a form with unsaved changes asks first. */
  const guarded = (then: () => void) => {
    if (dirty.current) setDialog({ kind: 'discard', then });
    else then();
  };
  const select = (next: Selection) => guarded(() => setChosen(next));

  const onDuplicate = (connection: ConnectionView) =>
    duplicate.mutate(connection.id, {
      onSuccess: (copy) => {
        showToast('success', `Duplicated as “${copy.name}”.`);
        setChosen({ kind: 'saved', id: copy.id });
      },
      onError: (error) => showToast('error', `Could not duplicate “${connection.name}”: ${errorMessage(error)}`),
    });

  const onConfirmDelete = (connection: ConnectionView) =>
    remove.mutate(connection.id, {
      onSuccess: () => {
        showToast('success', `Deleted “${connection.name}”.`);
        dirty.current = false;
        setChosen(null);
      },
      onError: (error) => showToast('error', `Could not delete “${connection.name}”: ${errorMessage(error)}`),
      onSettled: () => setDialog(null),
    });

  const state = list.isPending ? 'loading' : list.isError ? 'error' : connections.length === 0 && selection?.kind !== 'new' ? 'empty' : 'ready';
  return (
    <section className="screen screen-connections" data-testid="screen-connections" data-state={state} aria-labelledby="connections-title">
      <header className="screen-header">
        <h1 id="connections-title">Connections</h1>
        <span className="muted">SCIM servers this app can talk to. Secrets stay in the app's encrypted store.</span>
      </header>
      {list.isPending && <p className="loading-state">Loading connections…</p>}
      {list.isError && <ErrorState message={errorMessage(list.error)} onRetry={() => void list.refetch()} />}
      {list.isSuccess && (
        <div className="split">
          <ConnectionList
            connections={connections}
            selectedId={selected?.id ?? null}
            activeId={activeId}
            creating={selection?.kind === 'new'}
            onSelect={(id) => select({ kind: 'saved', id })}
            onNew={() => select({ kind: 'new' })}
          />
          <div className="editor-pane">
            {selection === null ? (
              <div className="empty-state">
                <p>No connections yet. Add your SCIM server to start.</p>
                <button type="button" className="button button-primary" onClick={() => setChosen({ kind: 'new' })}>
                  New connection
                </button>
              </div>
            ) : (
              <ConnectionForm
                // A new key per profile: the form's typed state belongs to exactly one connection.
                key={selected?.id ?? 'new'}
                connection={selected}
                onDirtyChange={onDirtyChange}
                onSaved={(view) => setChosen({ kind: 'saved', id: view.id })}
                onDuplicate={selected ? () => onDuplicate(selected) : undefined}
                onDelete={selected ? () => setDialog({ kind: 'delete', connection: selected }) : undefined}
              />
            )}
          </div>
        </div>
      )}

      {dialog?.kind === 'delete' && (
        <ConfirmDialog
          title={`Delete “${dialog.connection.name}”?`}
          confirmLabel="Delete"
          danger
          busy={remove.isPending}
          onCancel={() => setDialog(null)}
          onConfirm={() => onConfirmDelete(dialog.connection)}
        >
          <p>
            The connection <strong>{dialog.connection.name}</strong> and its saved secret are removed from this computer. This cannot be undone.
          </p>
        </ConfirmDialog>
      )}
      {dialog?.kind === 'discard' && (
        <ConfirmDialog
          title="Discard unsaved changes?"
          confirmLabel="Discard"
          danger
          onCancel={() => setDialog(null)}
          onConfirm={() => {
            dirty.current = false;
            setDialog(null);
            dialog.then();
          }}
        >
          <p>The changes in the form have not been saved.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
