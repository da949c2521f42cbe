import { queryOptions } from '@tanstack/react-query';
import type { Bridge } from '../../../shared/contract';
import type { MemberRef } from '../../../shared/scim';
import { formatCount } from '../lib/format';
import { quickSearchFilter } from './filters';
import { scimKeys } from './keys';
import { refOf } from './resource';
import { scanNote, searchInput, type SearchInput } from './search';

// Searching users or groups to pick some: the membership tabs and the PATCH workbench's value and target pickers.

export interface PickerResults {
  refs: MemberRef[];
  total: number | null;
  /** How the search was done, when not as asked: matched on the main side, and over how much of the collection. */
  note?: string;
}

/** "50 of 2,500 found": what a picker search shows of its total. */
export function foundText(results: PickerResults | undefined): string {
  if (!results) return '';
  const { refs, total } = results;
  return `${formatCount(refs.length)}${total !== null && total > refs.length ? ` of ${formatCount(total)}` : ''} found`;
}

/** The picker's search: the quick-search filter of its kind, matched on the main side where the server refuses or ignores it. */
export function pickerSearch(scope: { connectionId: string; endpoint: string; kind: 'users' | 'groups'; query: string }): SearchInput | null {
  const q = scope.query.trim();
  return q ? searchInput(scope.connectionId, scope.endpoint, quickSearchFilter(scope.kind, q)) : null;
}

/**
 * Search for the member picker: the same quick-search filter as the browsers. A server that refuses or
 * ignores it (seen now, or learned before) has it matched on the main side over the whole collection
 * (at most MATCH_HERE_LIMIT resources), so part of a name finds everyone it should; the note says so,
 * and how much was read. Without text, the first page as the server lists it.
 */
export const pickerQuery = (bridge: Bridge, scope: { connectionId: string; endpoint: string; kind: 'users' | 'groups'; query: string }) =>
  queryOptions({
    queryKey: [...scimKeys.membership(scope.connectionId), 'picker', scope.endpoint, scope.query] as const,
    queryFn: async ({ signal }): Promise<PickerResults> => {
      const search = pickerSearch(scope);
      const page = await bridge.call(
        'scim.list',
        {
          connectionId: scope.connectionId,
          endpoint: scope.endpoint,
          count: search ? 200 : 50,
          ...(search ?? {}),
          ...(scope.kind === 'groups' ? { excludedAttributes: ['members'] } : {}),
        },
        { signal },
      );
      const note = scanNote(page);
      return { refs: page.resources.map(refOf), total: page.totalResults, ...(note ? { note } : {}) };
    },
    staleTime: 15_000,
  });
