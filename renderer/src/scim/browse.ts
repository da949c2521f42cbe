import { queryOptions } from '@tanstack/react-query';
import type { Bridge } from '../../../shared/contract';
import { scanProgressKey, scimKeys } from './keys';

// Listing an endpoint page by page: the browser's table, an export of its view, and the writes that refresh it.

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
  /** A search that must come back right: matched on the main side when the server refuses or ignores the filter. */
  matchHere?: boolean;
}

/** Names a match-here scan's progress events: one key per connection, endpoint and filter. */
export const scanKey = (view: BrowseView): string | undefined =>
  view.matchHere && view.filter ? scanProgressKey(view.connectionId, view.endpoint, view.filter) : undefined;

/** Everything listed from one endpoint, whatever the filter, sort or page: what Refresh invalidates (scimKeys.browse). */
export const browseKey = scimKeys.browse;

/**
 * One page of 100 of a view. Pages are fetched as their rows scroll near the viewport and dropped
 * soon after they leave it (short gcTime), so memory stays bounded on a 100,000-user server.
 */
export const browsePageQuery = (bridge: Bridge, view: BrowseView, pageIndex: number) =>
  queryOptions({
    queryKey: [
      ...browseKey(view.connectionId, view.endpoint),
      {
        filter: view.filter ?? null,
        sortBy: view.sortBy ?? null,
        sortOrder: view.sortOrder ?? null,
        excluded: view.excludedAttributes ?? null,
        matchHere: view.matchHere ?? false,
      },
      pageIndex,
    ] as const,
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
          ...(view.matchHere && view.filter ? { matchHere: true, progressKey: scanKey(view) } : {}),
        },
        { signal },
      ),
    staleTime: 60_000,
    gcTime: 15_000,
  });
