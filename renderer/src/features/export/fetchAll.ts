import type { Bridge, ScimResource } from '../../../../shared/contract';
import type { BrowseView } from '../browser/queries';

export const EXPORT_PAGE_SIZE = 500;

/**
 * Every resource of a view, pages of 500 fetched one after another from startIndex 1 until
 * totalResults (or, without a total, an empty or short page). Aborting the signal cancels the call in flight.
 */
export async function fetchAll(
  bridge: Bridge,
  view: BrowseView,
  signal: AbortSignal,
  onProgress: (done: number, total: number | null) => void,
): Promise<ScimResource[]> {
  const all: ScimResource[] = [];
  let startIndex = 1;
  for (;;) {
    const page = await bridge.call(
      'scim.list',
      {
        connectionId: view.connectionId,
        endpoint: view.endpoint,
        startIndex,
        count: EXPORT_PAGE_SIZE,
        ...(view.filter ? { filter: view.filter } : {}),
        ...(view.sortBy ? { sortBy: view.sortBy, sortOrder: view.sortOrder ?? 'ascending' } : {}),
        ...(view.excludedAttributes?.length ? { excludedAttributes: view.excludedAttributes } : {}),
      },
      { signal },
    );
    const total = page.totalResults;
    all.push(...page.resources);
    onProgress(all.length, total);
    if (page.resources.length === 0) break;
    startIndex += page.resources.length;
    if (total !== null ? startIndex > total : page.resources.length < EXPORT_PAGE_SIZE) break;
  }
  return all;
}
