import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { Bridge, ConnectionFilters } from '../../../../shared/contract';
import { useBridge } from '../../bridge';
import { scimKeys } from '../../scim';

/** Results on the first page of a run. */
export const RUN_PAGE_SIZE = 50;

const filterKeys = {
  saved: (connectionId: string) => ['filters', connectionId] as const,
  run: (connectionId: string, endpoint: string, filter: string) => [...scimKeys.connection(connectionId), 'filter-run', endpoint, filter] as const,
};

/** A connection's saved filters and history, as main keeps them. */
export const savedFiltersQuery = (bridge: Bridge, connectionId: string) =>
  queryOptions({
    queryKey: filterKeys.saved(connectionId),
    queryFn: ({ signal }) => bridge.call('filters.list', { connectionId }, { signal }),
    staleTime: Infinity,
  });

/** The first page of a filter run: what the server answered, with the local check of it against the filter. */
export const filterRunQuery = (bridge: Bridge, connectionId: string, endpoint: string, filter: string) =>
  queryOptions({
    queryKey: filterKeys.run(connectionId, endpoint, filter),
    queryFn: ({ signal }) =>
      bridge.call('scim.list', { connectionId, endpoint, startIndex: 1, count: RUN_PAGE_SIZE, ...(filter ? { filter } : {}) }, { signal }),
    staleTime: 0,
    retry: false,
  });

type FiltersChange =
  { kind: 'save'; name: string; endpoint: string; filter: string } | { kind: 'delete'; id: string } | { kind: 'history'; endpoint: string; filter: string };

/** Saves, deletes and records history; main's answer (the whole list) replaces the cached one. */
export function useFiltersChange(connectionId: string) {
  const bridge = useBridge();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: FiltersChange): Promise<ConnectionFilters> => {
      if (change.kind === 'save') return bridge.call('filters.save', { connectionId, name: change.name, endpoint: change.endpoint, filter: change.filter });
      if (change.kind === 'delete') return bridge.call('filters.delete', { connectionId, id: change.id });
      return bridge.call('filters.history.add', { connectionId, endpoint: change.endpoint, filter: change.filter });
    },
    onSuccess: (filters) => queryClient.setQueryData(filterKeys.saved(connectionId), filters),
  });
}
