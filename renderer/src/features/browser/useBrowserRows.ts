import { keepPreviousData, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useState, type RefObject } from 'react';
import type { ListPage, ScimResource } from '../../../../shared/contract';
import { isBridgeError, useBridge } from '../../bridge';
import { formatRange } from '../../lib/format';
import { useDebounced } from '../../lib/useDebounced';
import { browsePageQuery, PAGE_SIZE, type BrowseView } from '../../scim';
import { withActiveRow } from '../../ui/grid';
import { renderedRange } from './grid';

export const ROW_HEIGHT = 30;
export const HEADER_HEIGHT = 30;
/** How long the pages under the rendered rows must stay the same before the missing ones are fetched. */
const FETCH_SETTLE_MS = 100;

/** Rows a loaded page shows: its own, plus a page of placeholders beyond a full one (while the total is unknown). */
const rowsThrough = (index: number, page: ListPage) => index * PAGE_SIZE + page.resources.length + (page.resources.length >= PAGE_SIZE ? PAGE_SIZE : 0);

/** A whole result set as virtualized rows, fetched a page of 100 at a time as they come into view. */
export function useBrowserRows(view: BrowseView, activeRow: number | null, scrollRef: RefObject<HTMLDivElement | null>) {
  const bridge = useBridge();
  const queryClient = useQueryClient();
  const first = useQuery({ ...browsePageQuery(bridge, view, 0), placeholderData: keepPreviousData });
  // The first page of this view (not the last view's, shown while this one loads).
  const firstPage = first.isPlaceholderData ? undefined : first.data;
  const total = first.data?.totalResults ?? null;

  // Without a total, the row count grows as full pages arrive (one page of placeholders beyond the last).
  const viewId = JSON.stringify(first.isPlaceholderData ? null : view);
  const [grown, setGrown] = useState({ viewId, rows: 0 });
  const knownRows = grown.viewId === viewId ? grown.rows : 0;
  const loadedRows = Math.max(knownRows, firstPage ? rowsThrough(0, firstPage) : 0);
  // A server that cannot serve rows past some point (see ListPage.gap): the rows end there, with the reason shown.
  const [gapSeen, setGapSeen] = useState<{ viewId: string; gap: NonNullable<ListPage['gap']> } | null>(null);
  const gap = gapSeen?.viewId === viewId ? gapSeen.gap : null;
  const rowCount = first.isError ? 0 : Math.min(total !== null ? Math.max(total, 0) : loadedRows, gap?.reachable ?? Number.MAX_SAFE_INTEGER);

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render by design
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    paddingStart: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    // The active row stays rendered when scrolled away: aria-activedescendant must name a row in the DOM.
    rangeExtractor: (range) => withActiveRow(renderedRange(range), activeRow, range.count),
  });
  const items = virtualizer.getVirtualItems();

  // The pages under the rendered rows are the only ones observed; the rest expire from the cache.
  const pageIndexes = useMemo(() => [...new Set(items.map((item) => Math.floor(item.index / PAGE_SIZE)))].sort((a, b) => a - b), [items]);
  // While rows fly by (a fling, a scrollbar drag), fetching every page they pass would start (and then
  // cancel) a request per frame and starve the frames: a page is fetched once the pages in view have held
  // still for FETCH_SETTLE_MS. Pages already in the cache still show at once.
  const settledPageKey = useDebounced(pageIndexes.join(','), FETCH_SETTLE_MS);
  const settledPages = useMemo(() => new Set(settledPageKey.split(',')), [settledPageKey]);
  const fetchable = !first.isError && !first.isPlaceholderData;
  const pages = useQueries({ queries: pageIndexes.map((p) => ({ ...browsePageQuery(bridge, view, p), enabled: fetchable && settledPages.has(String(p)) })) });
  const pageByIndex = new Map(pageIndexes.map((p, i) => [p, pages[i]!]));
  const loadedPages = [
    ...(firstPage ? [{ index: 0, page: firstPage }] : []),
    ...pageIndexes.flatMap((p, i) => (p !== 0 && pages[i]?.data ? [{ index: p, page: pages[i].data }] : [])),
  ];

  const newGap = loadedPages.find(({ page }) => page.gap)?.page.gap;
  // Storing what a page revealed, so the rows stay capped after that page leaves the cache.
  if (newGap && !gap) setGapSeen({ viewId, gap: newGap });
  if (total === null) {
    const rows = Math.max(knownRows, ...loadedPages.map(({ index, page }) => rowsThrough(index, page)));
    // Storing what earlier renders learned (React's documented pattern); only ever grows.
    if (rows > knownRows) setGrown({ viewId, rows });
  }

  const rowAt = (index: number): ScimResource | undefined => {
    const page = Math.floor(index / PAGE_SIZE);
    return (page === 0 ? firstPage : pageByIndex.get(page)?.data)?.resources[index % PAGE_SIZE];
  };
  const failed = (index: number) => pageByIndex.get(Math.floor(index / PAGE_SIZE))?.isError ?? false;
  const ignored = view.filter ? loadedPages.find(({ page }) => page.filterCheck && page.filterCheck.mismatches > 0)?.page.filterCheck : undefined;
  // The deviations the pages on screen showed (main counts them all for the status bar).
  const quirks = loadedPages.flatMap(({ page }) => page.quirks).filter((q, i, all) => all.findIndex((k) => k.code === q.code) === i);

  // What is in view, for the range ("1–18 of 2,500").
  const offset = Math.max(0, virtualizer.scrollOffset ?? 0);
  const viewport = Math.max(0, (virtualizer.scrollRect?.height ?? 0) - HEADER_HEIGHT);
  const firstVisible = Math.min(rowCount, Math.floor(offset / ROW_HEIGHT));
  const lastVisible = Math.min(rowCount, Math.max(firstVisible + 1, Math.floor((offset + viewport) / ROW_HEIGHT)));
  const range = rowCount === 0 ? formatRange(0, 0, total) : formatRange(firstVisible + 1, lastVisible - firstVisible, total);

  const loading = first.isPending || first.isPlaceholderData;
  // Cancelled (e.g. from the status bar while main waited to retry) is not a failure of the server's.
  const cancelled = first.isError && isBridgeError(first.error) && first.error.code === 'cancelled';
  const state = first.isError ? (cancelled ? 'cancelled' : 'error') : loading ? 'loading' : rowCount === 0 ? 'empty' : 'ready';
  const cancel = () => void queryClient.cancelQueries({ queryKey: browsePageQuery(bridge, view, 0).queryKey });
  return { first, firstPage, total, loadedRows, rowCount, gap, ignored, quirks, state, loading, cancel, virtualizer, items, rowAt, failed, range };
}
