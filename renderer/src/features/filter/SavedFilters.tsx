import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorMessage, useBridge } from '../../bridge';
import { useShowToast } from '../../stores';
import { savedFiltersQuery, useFiltersChange } from './queries';

interface SavedFiltersProps {
  connectionId: string;
  endpoint: string;
  /** The filter to save: the current text when it parses, else null. */
  current: string | null;
  onLoad: (filter: { endpoint: string; filter: string }) => void;
  /** Resource type names by endpoint, to label filters saved for another type. */
  typeName: (endpoint: string) => string;
}

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });

/** Named filters and the last ones run on this connection, kept by main across launches. */
export function SavedFilters({ connectionId, endpoint, current, onLoad, typeName }: SavedFiltersProps) {
  const bridge = useBridge();
  const showToast = useShowToast();
  const list = useQuery(savedFiltersQuery(bridge, connectionId));
  const change = useFiltersChange(connectionId);
  const [name, setName] = useState('');

  const save = (event: FormEvent) => {
    event.preventDefault();
    if (!current || !name.trim()) return;
    change.mutate(
      { kind: 'save', name: name.trim(), endpoint, filter: current },
      {
        onSuccess: () => {
          setName('');
          showToast('success', `Saved the filter "${name.trim()}".`);
        },
        onError: (error) => showToast('error', `The filter could not be saved: ${errorMessage(error)}`),
      },
    );
  };

  const state = list.isError ? 'error' : list.isPending ? 'loading' : 'ready';
  const saved = list.data?.saved ?? [];
  const history = list.data?.history ?? [];
  const other = (e: string) => (e !== endpoint ? <span className="badge">{typeName(e)}</span> : null);

  return (
    <aside className="filter-side" data-testid="saved-filters" data-state={state} aria-label="Saved filters and history">
      <form className="filter-save" onSubmit={save}>
        <label className="field-label" htmlFor="filter-save-name">
          Save this filter as
        </label>
        <div className="input-row">
          <input
            id="filter-save-name"
            className="input"
            data-testid="filter-save-name"
            placeholder="Name"
            maxLength={100}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <button
            type="submit"
            className="button"
            data-testid="filter-save"
            disabled={!current || !name.trim() || change.isPending}
            title={current ? undefined : 'Enter a filter that parses first'}
          >
            Save
          </button>
        </div>
      </form>
      {state === 'error' && (
        <p className="field-error" role="alert">
          Saved filters could not be read: {errorMessage(list.error)}
        </p>
      )}
      <h2 className="filter-side-title">Saved</h2>
      {state === 'ready' && saved.length === 0 && <p className="muted filter-side-empty">No saved filters on this connection yet.</p>}
      <ul className="filter-list">
        {saved.map((s) => (
          <li key={s.id} className="filter-list-item" data-testid="saved-filter" data-name={s.name}>
            <button type="button" className="filter-list-load" data-testid="filter-load" onClick={() => onLoad(s)} title={`Load: ${s.filter}`}>
              <span className="filter-list-name">
                {s.name} {other(s.endpoint)}
              </span>
              <code className="filter-list-text">{s.filter}</code>
            </button>
            <button
              type="button"
              className="button button-icon filter-remove"
              aria-label={`Delete saved filter ${s.name}`}
              title="Delete"
              onClick={() => change.mutate({ kind: 'delete', id: s.id })}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <h2 className="filter-side-title">History</h2>
      {state === 'ready' && history.length === 0 && <p className="muted filter-side-empty">Filters you run show up here (the last 20).</p>}
      <ul className="filter-list">
        {history.map((h) => (
          <li key={`${h.endpoint} ${h.filter}`} className="filter-list-item" data-testid="history-filter">
            <button type="button" className="filter-list-load" data-testid="filter-load" onClick={() => onLoad(h)} title={`Load: ${h.filter}`}>
              <code className="filter-list-text">{h.filter || '(no filter)'}</code>
              <span className="muted filter-list-when">
                {when(h.ranAt)} {other(h.endpoint)}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
