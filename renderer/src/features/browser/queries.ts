import { queryOptions } from '@tanstack/react-query';
import type { Bridge } from '../../../../shared/contract';
import { scimKeys } from '../users/queries';

export const PAGE_SIZE = 100;

export interface BrowseView {
  connectionId: string;
  /** The resource type's endpoint as discovery found it (e.g. "/Users", "users"). */
  endpoint: string;
  filter?: string;
  sortBy?: string;
  sortOrder?: 'ascending' | 'descending';
  /** Attributes left out of every page, e.g. a group's `members` (10,000 entries a row) when no column shows them. */
  excludedAttributes?: string[];
}

/** Everything listed from one endpoint, whatever the filter, sort or page: what Refresh invalidates. */
export const browseKey = (connectionId: string, endpoint: string) => [...scimKeys.connection(connectionId), 'browse', endpoint] as const;

/**
 * One page of 100 of a view. Pages are fetched as their rows scroll near the viewport and dropped
 * soon after they leave it (short gcTime), so memory stays bounded on a 100,000-user server.
 */
export const browsePageQuery = (bridge: Bridge, view: BrowseView, pageIndex: number) =>
  queryOptions({
    queryKey: [...browseKey(view.connectionId, view.endpoint), { filter: view.filter ?? null, sortBy: view.sortBy ?? null, sortOrder: view.sortOrder ?? null, excluded: view.excludedAttributes ?? null }, pageIndex] as const,
    queryFn: ({ signal }) =>
      bridge.call(
        'scim.list',
        {
          connectionId: view.connectionId,
          endpoint: view.endpoint,
          startIndex: pageIndex * PAGE_SIZE + 1,
          count: PAGE_SIZE,
          ...(view.filter ? { filter: view.filter } : {}),
          ...(view.sortBy ? { sortBy: view.sortBy, sortOrder: view.sortOrder ?? 'ascending' } : {}),
          ...(view.excludedAttributes?.length ? { excludedAttributes: view.excludedAttributes } : {}),
        },
        { signal },
      ),
    staleTime: 60_000,
    gcTime: 15_000,
  });
