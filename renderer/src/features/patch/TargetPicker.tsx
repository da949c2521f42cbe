import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ResourceTypeDef } from '../../../../shared/contract';
import { errorMessage, useBridge } from '../../bridge';
import { ServerText } from '../../ui/ServerText';
import { useDebounced } from '../../lib/useDebounced';
import { foundText, pickerQuery, resourceKind } from '../../scim';
import type { TargetRef } from './queries';
import { Select } from '../../ui/Select';

export interface TargetPickerProps {
  connectionId: string;
  types: readonly ResourceTypeDef[];
  type: ResourceTypeDef | undefined;
  onType: (name: string) => void;
  onPick: (target: TargetRef) => void;
}

export const pickerKind = (type: ResourceTypeDef | undefined): 'users' | 'groups' => (type && resourceKind(type) === 'users' ? 'users' : 'groups');

/** The resource type (from discovery) and a search of it; picking a result reads that resource fresh. */
export function TargetPicker({ connectionId, types, type, onType, onPick }: TargetPickerProps) {
  const bridge = useBridge();
  const [text, setText] = useState('');
  const query = useDebounced(text, 250);
  const kind = pickerKind(type);
  const results = useQuery({
    ...pickerQuery(bridge, { connectionId, endpoint: type?.endpoint ?? '', kind, query }),
    enabled: !!type,
    placeholderData: keepPreviousData,
  });
  const state = !type ? 'empty' : results.isError ? 'error' : results.isPending || results.isPlaceholderData || text !== query ? 'loading' : 'ready';

  return (
    <div className="patch-target-picker" data-testid="patch-target-picker" data-state={state}>
      <div className="patch-row">
        <label className="patch-inline-label">
          Resource type
          <Select
            data-testid="patch-type"
            value={type?.name ?? ''}
            choices={types.map((t) => ({ value: t.name, label: `${t.name} (${t.endpoint})` }))}
            onChange={onType}
          />
        </label>
        <input
          className="input patch-grow"
          type="search"
          placeholder={kind === 'users' ? 'Search by user name, name or email…' : 'Search by display name…'}
          aria-label="Search for the resource to patch"
          data-testid="patch-target-search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              (e.currentTarget.closest('.patch-target-picker')?.querySelector('.patch-target-option') as HTMLElement | null)?.focus();
            }
          }}
        />
        <span className="muted">{foundText(results.data)}</span>
      </div>
      {results.data?.note && (
        <p className="muted" role="note">
          {results.data.note}
        </p>
      )}
      {results.isError && (
        <p className="field-error" role="alert">
          The search failed: {errorMessage(results.error)}
        </p>
      )}
      <ul className="patch-target-list" aria-label="Resources found">
        {results.data?.refs.map((ref) => (
          <li key={ref.value}>
            <button
              type="button"
              className="patch-target-option"
              data-testid="patch-target-option"
              onClick={() => type && onPick({ endpoint: type.endpoint, id: ref.value, label: ref.display ?? ref.value })}
              onKeyDown={(e) => {
                const item = e.currentTarget.parentElement;
                const sibling = e.key === 'ArrowDown' ? item?.nextElementSibling : e.key === 'ArrowUp' ? item?.previousElementSibling : null;
                if (sibling) {
                  e.preventDefault();
                  (sibling.querySelector('button') as HTMLElement | null)?.focus();
                }
              }}
            >
              <ServerText className="patch-target-name" value={ref.display ?? ref.value} />
              <ServerText className="mono muted" value={ref.value} />
            </button>
          </li>
        ))}
        {results.data && results.data.refs.length === 0 && <li className="muted">Nothing matches.</li>}
      </ul>
    </div>
  );
}
