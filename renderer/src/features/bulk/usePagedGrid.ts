import { keepPreviousData, useQueries, useQuery, type QueryKey, type UseQueryOptions } from '@tanstack/react-query';
import { defaultRangeExtractor, useVirtualizer } from '@tanstack/react-virtual';
import { useId, useMemo, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import { useDebounced } from '../../lib/useDebounced';
import { gridMove, gridRowId, rowIndexOf, withActiveRow } from '../../ui/grid';
import { BULK_PAGE_SIZE } from './model';

export const ROW_HEIGHT = 30;
export const HEADER_HEIGHT = 30;
/** The tallest a table gets (12 rows): the page around it scrolls too. */
const MAX_TABLE_HEIGHT = HEADER_HEIGHT + 12 * ROW_HEIGHT + 2;
/** As tall as its rows, up to MAX_TABLE_HEIGHT (a short plan leaves no empty box). */
export const tableHeight = (rows: number): number => Math.min(MAX_TABLE_HEIGHT, HEADER_HEIGHT + Math.max(rows, 1) * ROW_HEIGHT + 2);
/** How long the pages under the rendered rows must hold still before the missing ones are fetched (a fling fetches nothing). */
const FETCH_SETTLE_MS = 100;

export interface Page<T> {
  total: number;
  items: T[];
}

/**
 * A long list served a page at a time (a plan's items, a send's results) as a virtualized ARIA grid:
 * only the pages under the rendered rows are fetched, once scrolling settles; the grid keeps focus
 * and names its active row with aria-activedescendant; arrows, Home/End and PageUp/PageDown move it,
 * Enter opens it (`onOpen`).
 */
export function usePagedGrid<T, P extends Page<T>, K extends QueryKey>(
  pageQuery: (page: number) => UseQueryOptions<P, Error, P, K>,
  active: number | null,
  onActivate: (index: number, item: T | undefined) => void,
  /** Enter on the active row. */
  onOpen?: (item: T) => void,
) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const gridId = useId();
  const first = useQuery({ ...pageQuery(0), placeholderData: keepPreviousData });
  const total = first.data?.total ?? 0;
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render by design
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    paddingStart: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    // The active row stays rendered when scrolled away: aria-activedescendant must name a row in the DOM.
    rangeExtractor: (range) => withActiveRow(defaultRangeExtractor(range), active, range.count),
  });
  const items = virtualizer.getVirtualItems();
  const pageIndexes = useMemo(() => [...new Set(items.map((item) => Math.floor(item.index / BULK_PAGE_SIZE)))].filter((p) => p > 0), [items]);
  const settledKey = useDebounced(pageIndexes.join(','), FETCH_SETTLE_MS);
  const settled = useMemo(() => new Set(settledKey.split(',')), [settledKey]);
  const pages = useQueries({
    queries: pageIndexes.map((p) => ({ ...pageQuery(p), enabled: settled.has(String(p)), placeholderData: keepPreviousData })),
  });
  const pageByIndex = new Map(pageIndexes.map((p, i) => [p, pages[i]!]));

  const rowAt = (index: number): T | undefined => {
    const page = Math.floor(index / BULK_PAGE_SIZE);
    const data = page === 0 ? first.data : pageByIndex.get(page)?.data;
    return data?.items[index % BULK_PAGE_SIZE];
  };
  const failed = (index: number) => {
    const page = Math.floor(index / BULK_PAGE_SIZE);
    return (page === 0 ? first : pageByIndex.get(page))?.isError ?? false;
  };

  const moveTo = (index: number) => {
    onActivate(index, rowAt(index));
    virtualizer.scrollToIndex(index, { align: 'auto' });
  };
  const gridProps = {
    ref: scrollRef,
    id: gridId,
    role: 'grid' as const,
    tabIndex: 0,
    'aria-rowcount': total + 1,
    'aria-activedescendant': active !== null && active < total ? gridRowId(gridId, active) : undefined,
    onKeyDown: (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || event.target !== event.currentTarget) return;
      const next = gridMove(event.key, active ?? -1, total);
      const item = active !== null ? rowAt(active) : undefined;
      if (next !== null) moveTo(next);
      else if (event.key === 'Enter' && item && onOpen) onOpen(item);
      else return;
      event.preventDefault();
    },
    onClick: (event: MouseEvent) => {
      const index = rowIndexOf(event.target);
      if (index !== null) onActivate(index, rowAt(index));
    },
  };
  const rowProps = (index: number, start: number) => ({
    id: gridRowId(gridId, index),
    role: 'row' as const,
    'aria-rowindex': index + 2,
    'aria-selected': active === index,
    'data-row': index,
    style: { transform: `translateY(${start}px)`, height: ROW_HEIGHT },
  });
  return { first, total, virtualizer, items, rowAt, failed, gridProps, rowProps };
}
