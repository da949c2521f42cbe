import type { ListPage, Quirk } from '../../../shared/contract';

export interface PageRequest {
  startIndex?: number;
  cursor?: string;
  count: number;
}

export interface PagingOptions {
  pageSize: number;
  mode: 'index' | 'cursor';
  /** Pages in flight at once once totalResults is known (1 = sequential). */
  parallel?: number;
  signal?: AbortSignal;
  /** Called with deviations found while paging (repeated or overlapping pages). */
  onQuirk?: (quirk: Quirk) => void;
}

export interface PagingResult {
  page: ListPage;
  /** Why paging stopped early, when it did. */
  warning?: string;
}

const idOf = (resource: Record<string, unknown>, index: number): string => (resource.id === undefined ? `#${index}` : String(resource.id));

/**
 * Every page of a listing, in order. Stops with a warning instead of looping when a server ignores
 * startIndex (the same page again) or repeats a cursor; drops resources already seen on overlaps.
 */
export async function* iteratePages(fetchPage: (request: PageRequest) => Promise<ListPage>, options: PagingOptions): AsyncGenerator<PagingResult> {
  if (options.mode === 'cursor') return yield* iterateCursor(fetchPage, options);
  const seen = new Set<string>();
  const first = await fetchPage({ startIndex: 1, count: options.pageSize });
  const firstCheck = admit(first, seen, 0, options);
  yield { page: firstCheck.page };
  if (first.resources.length === 0) return;
  // A bare JSON array is the whole collection: there is no paging to follow.
  if (first.totalResults === null && first.quirks.some((q) => q.code === 'list.bare-array')) return;
  let next = 1 + first.resources.length;
  const total = first.totalResults;
  const served = first.resources.length;
  // The first page already holds everything: asking past the end would cost a request, and servers that
  // ignore an out-of-range startIndex (SCIMMY) answer page 1 again, which reads as "ignores startIndex".
  if (total !== null && next > total) return;

  // With a known total, fetch the remaining pages in a bounded sliding window, yielding in order.
  const parallel = Math.max(1, options.parallel ?? 1);
  if (total !== null && parallel > 1 && next <= total) {
    const starts: number[] = [];
    for (let start = next; start <= total; start += served) starts.push(start);
    const inFlight = new Map<number, Promise<ListPage>>();
    let launched = 0;
    const launch = () => {
      while (inFlight.size < parallel && launched < starts.length) {
        const start = starts[launched++];
        const pending = fetchPage({ startIndex: start, count: served });
        pending.catch(() => undefined); // awaited in order below; avoid unhandled rejections meanwhile
        inFlight.set(start, pending);
      }
    };
    launch();
    for (const start of starts) {
      options.signal?.throwIfAborted();
      const page = await inFlight.get(start)!;
      inFlight.delete(start);
      launch();
      const result = admit(page, seen, start - 1, options);
      if (result.stop) {
        yield { page: result.page, warning: result.stop };
        return;
      }
      yield { page: result.page };
      next = start + page.resources.length;
      if (page.resources.length < served && next <= total) break; // a short page: finish sequentially
    }
    if (next > total) return;
  }

  for (;;) {
    options.signal?.throwIfAborted();
    const page = await fetchPage({ startIndex: next, count: options.pageSize });
    if (page.resources.length === 0 && !page.gap) return;
    const result = admit(page, seen, next - 1, options);
    if (result.stop) {
      yield { page: result.page, warning: result.stop };
      return;
    }
    yield { page: result.page };
    next += page.resources.length;
    const knownTotal = page.totalResults ?? total;
    if (knownTotal !== null && next > knownTotal) return;
  }
}

async function* iterateCursor(fetchPage: (request: PageRequest) => Promise<ListPage>, options: PagingOptions): AsyncGenerator<PagingResult> {
  const seenCursors = new Set<string>();
  const seen = new Set<string>();
  let cursor = '';
  for (let offset = 0; ;) {
    options.signal?.throwIfAborted();
    const page = await fetchPage({ cursor, count: options.pageSize });
    const result = admit(page, seen, offset, options);
    if (result.stop) {
      yield { page: result.page, warning: result.stop };
      return;
    }
    yield { page: result.page };
    offset += page.resources.length;
    if (!page.nextCursor || page.resources.length === 0) return;
    if (seenCursors.has(page.nextCursor)) {
      const warning = 'The server returned a cursor it had already given; stopped to avoid looping.';
      options.onQuirk?.({ code: 'paging.cursor-repeats', message: warning });
      yield { page: { ...page, resources: [] }, warning };
      return;
    }
    seenCursors.add(page.nextCursor);
    cursor = page.nextCursor;
  }
}

/** Keeps resources not seen before; says to stop when a whole page was seen already. */
function admit(page: ListPage, seen: Set<string>, offset: number, options: PagingOptions): { page: ListPage; stop?: string } {
  // The server cannot serve past this point (see AdaptiveLister): say why rather than stop silently.
  if (page.gap && page.resources.length === 0) return { page, stop: page.gap.reason };
  const ids = page.resources.map((r, i) => idOf(r, offset + i));
  const fresh = page.resources.filter((_r, i) => !seen.has(ids[i]));
  if (page.resources.length > 0 && fresh.length === 0) {
    const stop = `The server returned page starting at ${offset + 1} with only resources already listed: it seems to ignore startIndex. Stopped after ${seen.size.toLocaleString('en-US')} resources instead of looping.`;
    options.onQuirk?.({ code: 'paging.ignores-start-index', message: 'The server ignores startIndex: every page is the same.' });
    return { page: { ...page, resources: [] }, stop };
  }
  if (fresh.length < page.resources.length) {
    options.onQuirk?.({ code: 'paging.overlap', message: 'Consecutive pages overlap (the same resources on two pages); duplicates were dropped.' });
  }
  for (const id of ids) seen.add(id);
  return { page: fresh.length === page.resources.length ? page : { ...page, resources: fresh } };
}
