import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { MemberRef } from '../../../shared/scim';
import { errorMessage, useBridge } from '../bridge';
import { useFocusScope } from './focus';
import { ServerText } from './ServerText';
import { useDebounced } from '../lib/useDebounced';
import { foundText, pickerQuery, pickerSearch } from '../scim';
import { RefLabel } from './RefLabel';
import { ScanNote } from './ScanNote';

export interface MemberPickerProps {
  connectionId: string;
  endpoint: string;
  kind: 'users' | 'groups';
  /** Already members (or groups the user is already in): shown, not selectable. */
  already: ReadonlySet<string>;
  onPick: (refs: MemberRef[]) => void;
  onCancel: () => void;
  /** Pick exactly one (e.g. a manager): a new choice replaces the previous one. */
  single?: boolean;
  /** The confirm button's text; default "Review adding N users". */
  confirmLabel?: string;
}

/** Search users (or groups) and select several; the selection survives new searches. */
export function MemberPicker({ connectionId, endpoint, kind, already, onPick, onCancel, single, confirmLabel }: MemberPickerProps) {
  const bridge = useBridge();
  const [text, setText] = useState('');
  const query = useDebounced(text, 250);
  const [selected, setSelected] = useState<Map<string, MemberRef>>(new Map());
  const queryClient = useQueryClient();
  const scope = { connectionId, endpoint, kind, query };
  const picker = pickerQuery(bridge, scope);
  const results = useQuery({ ...picker, placeholderData: keepPreviousData });
  const state = results.isError ? 'error' : results.isPending || results.isPlaceholderData || text !== query ? 'loading' : 'ready';
  const noun = kind === 'users' ? 'users' : 'groups';
  // Opens on its search; Escape cancels (before the drawer around it would close); focus goes back after.
  const searchRef = useRef<HTMLInputElement>(null);
  const scopeRef = useFocusScope<HTMLDivElement>({ onDismiss: onCancel, initialFocus: searchRef });

  const toggle = (ref: MemberRef) =>
    setSelected((previous) => {
      const next = new Map(single ? [] : previous);
      if (previous.has(ref.value)) next.delete(ref.value);
      else next.set(ref.value, ref);
      return next;
    });

  return (
    <div ref={scopeRef} className="picker" data-testid="member-picker" data-state={state}>
      <div className="picker-toolbar">
        <input
          className="input"
          ref={searchRef}
          type="search"
          placeholder={kind === 'users' ? 'Search users by name or email…' : 'Search groups by name…'}
          aria-label={`Search ${noun}`}
          data-testid="picker-search"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <span className="muted">{foundText(results.data)}</span>
      </div>
      <ScanNote
        progressKey={pickerSearch(scope)?.progressKey}
        searching={results.isFetching}
        note={results.isPlaceholderData ? undefined : results.data?.note}
        onCancel={() => void queryClient.cancelQueries({ queryKey: picker.queryKey })}
        testId="picker-note"
      />
      {results.isError && (
        <p className="field-error" role="alert">
          The search failed: {errorMessage(results.error)}
        </p>
      )}
      <ul className="picker-list" aria-label={`${noun} found`}>
        {results.data?.refs.map((ref) => {
          const member = already.has(ref.value);
          return (
            <li key={ref.value}>
              <label className={member ? 'picker-row is-disabled' : 'picker-row'} data-testid="picker-option">
                <input type="checkbox" checked={member || selected.has(ref.value)} disabled={member} onChange={() => toggle(ref)} />
                <ServerText className="picker-name" value={ref.display ?? ref.value} />
                <ServerText className="mono muted" value={ref.value} />
                {member && <span className="muted">{kind === 'users' ? 'already a member' : 'already in it'}</span>}
              </label>
            </li>
          );
        })}
        {results.data && results.data.refs.length === 0 && <li className="muted">No {noun} match.</li>}
      </ul>
      {selected.size > 0 && (
        <p className="muted" data-testid="picker-selection">
          Selected:{' '}
          {[...selected.values()].map((ref, i) => (
            <span key={ref.value}>
              {i > 0 && ', '}
              <RefLabel member={ref} />
            </span>
          ))}
        </p>
      )}
      <div className="action-row">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="button"
          className="button button-primary"
          data-testid="picker-confirm"
          disabled={selected.size === 0}
          onClick={() => onPick([...selected.values()])}
        >
          {confirmLabel ?? `Review adding ${selected.size || ''} ${selected.size === 1 ? noun.slice(0, -1) : noun}`}
        </button>
      </div>
    </div>
  );
}
