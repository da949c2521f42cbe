import type { ListAllResult, ListPage, Quirk } from '../../../shared/contract';
import type { PagingResult } from './paging';

/** A collected listing, with what the engine's own checks need of its pages. */
export interface Collected extends ListAllResult {
  /** The first page's exchange: what a learned fact points at. */
  exchangeId?: string;
  /** The local filter check summed over every page. */
  filterCheck: ListPage['filterCheck'];
}

const count = (n: number) => n.toLocaleString('en-US');

/** "groups" for `/Groups`: what the screen calls the resources when it says where a listing stopped. */
export const nounOf = (endpoint: string): string => endpoint.replace(/\/+$/, '').split('/').pop()?.toLowerCase() || 'resources';

/**
 * Gathers a listing's pages until it ends or `limit` resources were read. Stopping short is never
 * silent: at the limit, on a paging warning (ignored startIndex, repeated cursor, a page-size cap), or
 * when the server sent fewer than it counts, `stoppedBecause` says so for the screen to show.
 */
export async function collectPages(pages: AsyncIterable<PagingResult>, limit: number, noun: string): Promise<Collected> {
  const resources: Record<string, unknown>[] = [];
  const quirks = new Map<string, Quirk>();
  let total: number | null = null;
  let exchangeId: string | undefined;
  let filterCheck = null as Collected['filterCheck'];
  let gap: string | undefined;
  let stoppedBecause: string | undefined;
  for await (const { page, warning } of pages) {
    exchangeId ??= page.exchangeId;
    total = page.totalResults ?? total;
    for (const quirk of page.quirks) if (!quirks.has(quirk.code)) quirks.set(quirk.code, quirk);
    if (page.filterCheck) {
      const sum = filterCheck ?? { checked: 0, mismatches: 0 };
      filterCheck = { checked: sum.checked + page.filterCheck.checked, mismatches: sum.mismatches + page.filterCheck.mismatches };
    }
    gap = page.gap?.reason ?? gap;
    resources.push(...page.resources);
    if (warning) {
      stoppedBecause = warning;
      break;
    }
    // One past the limit (or a count above it) shows there is more: exactly `limit` of exactly `limit` is complete.
    if (resources.length > limit || (resources.length === limit && total !== null && total > limit)) {
      resources.length = limit;
      stoppedBecause = `Stopped at the limit of ${count(limit)} ${noun}.`;
      break;
    }
  }
  if (!stoppedBecause && total !== null && resources.length < total) {
    stoppedBecause = gap ?? `The server counts ${count(total)} ${noun} but listed only ${count(resources.length)}.`;
  }
  return {
    resources,
    totalResults: total,
    complete: stoppedBecause === undefined,
    ...(stoppedBecause ? { stoppedBecause } : {}),
    quirks: [...quirks.values()],
    ...(exchangeId ? { exchangeId } : {}),
    filterCheck,
  };
}
