import { keepPreviousData, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { Capabilities, ConnectionView, ListPage, Quirk, ResourceTypeDef, ScimResource } from '../../../../shared/contract';
import { failureText, isBridgeError, useBridge } from '../../bridge';
import { formatCount, formatRange } from '../../lib/format';
import { browserViewKey, useResetColumns, useSavedColumns, useScanProgress, useSetColumns } from '../../stores';
import { Badge } from '../../ui/Badge';
import {
  browseKey,
  browsePageQuery,
  columnFor,
  defaultColumns,
  PAGE_SIZE,
  quickSearchFilter,
  quickSearchHint,
  resourceKind,
  scanKey,
  type BrowseView,
  type ColumnDef,
} from '../../scim';
import { attributeChoices, excludedFor, numberColumnWidth } from './columns';
import { BrowserHeaderRow, BrowserHints, BrowserRow, type Sort } from './BrowserParts';
import { ColumnPicker } from './ColumnPicker';
import { ResourceDetail } from './ResourceDetail';
import { useDebounced } from '../../lib/useDebounced';
import { isTextEntry, renderedRange } from './grid';
import { gridMove, gridRowId, rowIndexOf, withActiveRow } from '../../ui/grid';
import { useKeysWithin } from '../../ui/focus';

export interface BrowserTestIds {
  table: string;
  row: string;
  range: string;
  quirks: string;
}

export interface ResourceBrowserProps {
  screenId: string;
  title: string;
  noun: { one: string; many: string };
  testIds: BrowserTestIds;
  connection: ConnectionView;
  capabilities: Capabilities;
  resourceType: ResourceTypeDef;
  /** Told the view (filter and sort actually in use) whenever it changes, e.g. for export. */
  onViewChange?: (view: BrowseView) => void;
}

const ROW_HEIGHT = 30;
const HEADER_HEIGHT = 30;
const SEARCH_DEBOUNCE_MS = 300;
/** How long the pages under the rendered rows must stay the same before the missing ones are fetched. */
const FETCH_SETTLE_MS = 100;

/** A virtualized table over a whole result set, fetched a page of 100 at a time as rows come into view. */
export function ResourceBrowser({ screenId, title, noun, testIds, connection, capabilities, resourceType, onViewChange }: ResourceBrowserProps) {
  const bridge = useBridge();
  const queryClient = useQueryClient();
  const kind = resourceKind(resourceType);
  const endpoint = resourceType.endpoint;

  // Columns: the saved choice for this connection and endpoint, else the type's defaults.
  const viewKey = browserViewKey(connection.id, endpoint);
  const saved = useSavedColumns(viewKey);
  const setColumns = useSetColumns();
  const resetColumns = useResetColumns();
  const columnPaths = useMemo(() => saved ?? defaultColumns(kind), [saved, kind]);
  const columns: ColumnDef[] = useMemo(() => columnPaths.map(columnFor), [columnPaths]);
  const choices = useMemo(() => attributeChoices(resourceType, capabilities.schemas), [resourceType, capabilities.schemas]);

  // Search: a quick search building a filter for the server, or a raw filter sent exactly as typed.
  const [rawMode, setRawMode] = useState(false);
  const [text, setText] = useState('');
  const settledText = useDebounced(text, SEARCH_DEBOUNCE_MS);
  const query = rawMode ? settledText : settledText.trim();
  const filterSupported = capabilities.filter.supported !== false;
  const sortSupported = capabilities.sort === true;
  const [sort, setSort] = useState<Sort>(null);

  const excludedAttributes = excludedFor(kind, columnPaths);
  const baseView: BrowseView = {
    connectionId: connection.id,
    endpoint,
    ...(sort ? { sortBy: sort.by, sortOrder: sort.order } : {}),
    ...(excludedAttributes ? { excludedAttributes } : {}),
  };
  // A quick search must find what it says: where the server refuses or ignores its filter (seen now or
  // learned before), the main side matches it over the collection instead, bounded, with progress.
  const view: BrowseView = {
    ...baseView,
    ...(query && filterSupported ? { filter: rawMode ? query : quickSearchFilter(kind, query), ...(rawMode ? {} : { matchHere: true }) } : {}),
  };
  const progressKey = scanKey(view);
  const scanProgress = useScanProgress(progressKey);
  const viewSignature = JSON.stringify(view);
  useEffect(() => {
    onViewChange?.(JSON.parse(viewSignature) as BrowseView);
  }, [viewSignature, onViewChange]);

  const first = useQuery({ ...browsePageQuery(bridge, view, 0), placeholderData: keepPreviousData });
  const firstPage = first.data;
  const total = firstPage?.totalResults ?? null;

  // Without a total, the row count grows as full pages arrive (one page of placeholders beyond the last).
  const viewId = JSON.stringify(first.isPlaceholderData ? null : view);
  const [grown, setGrown] = useState({ viewId, rows: 0 });
  const scrollRef = useRef<HTMLDivElement>(null);
  const rowCountFor = (loadedRows: number) => (total !== null ? Math.max(total, 0) : loadedRows);

  const knownRows = grown.viewId === viewId ? grown.rows : 0;
  const firstRows = firstPage && !first.isPlaceholderData ? firstPage.resources.length + (firstPage.resources.length >= PAGE_SIZE ? PAGE_SIZE : 0) : 0;
  // A server that cannot serve rows past some point (see ListPage.gap): the rows end there, with the reason shown.
  const [gapSeen, setGapSeen] = useState<{ viewId: string; gap: NonNullable<ListPage['gap']> } | null>(null);
  const gap = gapSeen?.viewId === viewId ? gapSeen.gap : null;
  const rowCount = first.isError ? 0 : Math.min(rowCountFor(Math.max(knownRows, firstRows)), gap?.reachable ?? Number.MAX_SAFE_INTEGER);

  // Selection (the grid's active row) and the detail panel.
  const [selected, setSelected] = useState<number | null>(null);
  const [detail, setDetail] = useState<{ index: number; resource: ScimResource } | null>(null);

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render by design
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    paddingStart: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    // The active row stays rendered when scrolled away: aria-activedescendant must name a row in the DOM.
    rangeExtractor: (range) => withActiveRow(renderedRange(range), selected, range.count),
  });
  const items = virtualizer.getVirtualItems();

  // The pages under the rendered rows are the only ones observed; the rest expire from the cache.
  const pageIndexes = useMemo(() => {
    const set = new Set<number>();
    for (const item of items) set.add(Math.floor(item.index / PAGE_SIZE));
    return [...set].sort((a, b) => a - b);
  }, [items]);
  // While rows fly by (a fling, a scrollbar drag), fetching every page they pass would start (and then
  // cancel) a request per frame and starve the frames: a page is fetched once the pages in view have held
  // still for FETCH_SETTLE_MS. Pages already in the cache still show at once.
  const pageKey = pageIndexes.join(',');
  const settledPageKey = useDebounced(pageKey, FETCH_SETTLE_MS);
  const settledPages = useMemo(() => new Set(settledPageKey.split(',')), [settledPageKey]);
  const pages = useQueries({
    queries: pageIndexes.map((p) => ({
      ...browsePageQuery(bridge, view, p),
      enabled: !first.isError && !first.isPlaceholderData && settledPages.has(String(p)),
    })),
  });
  const pageByIndex = new Map<number, (typeof pages)[number]>();
  pageIndexes.forEach((p, i) => pageByIndex.set(p, pages[i]!));
  const loadedPages: { index: number; page: ListPage }[] = [];
  if (firstPage && !first.isPlaceholderData) loadedPages.push({ index: 0, page: firstPage });
  pageIndexes.forEach((p, i) => {
    const data = pages[i]?.data;
    if (data && p !== 0) loadedPages.push({ index: p, page: data });
  });

  const newGap = loadedPages.find(({ page }) => page.gap)?.page.gap;
  // Storing what a page revealed, so the rows stay capped after that page leaves the cache.
  if (newGap && !gap) setGapSeen({ viewId, gap: newGap });

  if (total === null) {
    let rows = knownRows;
    for (const { index, page } of loadedPages)
      rows = Math.max(rows, index * PAGE_SIZE + page.resources.length + (page.resources.length >= PAGE_SIZE ? PAGE_SIZE : 0));
    // Storing what earlier renders learned (React's documented pattern); only ever grows.
    if (rows > knownRows) setGrown({ viewId, rows });
  }

  const rowAt = (index: number): ScimResource | undefined => {
    const page = Math.floor(index / PAGE_SIZE);
    const data = page === 0 && !first.isPlaceholderData ? firstPage : pageByIndex.get(page)?.data;
    return data?.resources[index % PAGE_SIZE];
  };

  const ignored = view.filter ? loadedPages.find(({ page }) => page.filterCheck && page.filterCheck.mismatches > 0)?.page.filterCheck : undefined;

  const searchRef = useRef<HTMLInputElement>(null);
  const sectionRef = useRef<HTMLElement>(null);
  const gridId = useId();
  const select = (index: number) => {
    setSelected(index);
    virtualizer.scrollToIndex(index, { align: 'auto' });
  };
  const open = (index: number) => {
    const resource = rowAt(index);
    if (resource) setDetail({ index, resource });
  };
  // Back on the grid, with the row the detail was opened from active again (its scope returns focus there).
  const closeDetail = () => {
    if (detail) select(detail.index);
    setDetail(null);
  };
  // The grid keeps focus and moves its active row; keys from the sort buttons in its header stay theirs.
  const onGridKey = (event: ReactKeyboardEvent) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.target !== event.currentTarget) return;
    const next = gridMove(event.key, selected ?? -1, rowCount);
    if (next !== null) select(next);
    else if (event.key === 'Enter' && selected !== null) open(selected);
    else if (event.key === 'Escape' && detail) closeDetail();
    else return;
    event.preventDefault();
  };
  // "/" searches from anywhere on the screen but a text field.
  useKeysWithin(sectionRef, (event) => {
    if (event.key !== '/' || event.altKey || event.ctrlKey || event.metaKey || isTextEntry(event.target)) return;
    event.preventDefault();
    searchRef.current?.focus();
  });

  const changeSort = (column: ColumnDef) => {
    if (!column.sortBy) return;
    setSort((s) =>
      s?.by === column.sortBy ? { by: s.by, order: s.order === 'ascending' ? 'descending' : 'ascending' } : { by: column.sortBy!, order: 'ascending' },
    );
    setSelected(null);
  };

  const refresh = () => void queryClient.invalidateQueries({ queryKey: browseKey(connection.id, endpoint) });

  // What is in view, for the range ("1–18 of 2,500").
  const offset = Math.max(0, virtualizer.scrollOffset ?? 0);
  const viewport = Math.max(0, (virtualizer.scrollRect?.height ?? 0) - HEADER_HEIGHT);
  const firstVisible = Math.min(rowCount, Math.floor(offset / ROW_HEIGHT));
  const lastVisible = Math.min(rowCount, Math.max(firstVisible + 1, Math.floor((offset + viewport) / ROW_HEIGHT)));

  const loading = first.isPending || first.isPlaceholderData;
  // Cancelled (e.g. from the status bar while main waited to retry) is not a failure of the server's.
  const cancelled = first.isError && isBridgeError(first.error) && first.error.code === 'cancelled';
  const state = first.isError ? (cancelled ? 'cancelled' : 'error') : loading ? 'loading' : rowCount === 0 ? 'empty' : 'ready';
  // Sized from the largest row number, so "1,000" and "100,000" fit rather than being cut to "1,0…".
  const numberWidth = numberColumnWidth(rowCount);
  const gridTemplateColumns = `${numberWidth} repeat(${columns.length}, minmax(9rem, 1fr))`;
  const minWidth = `calc(${numberWidth} + ${columns.length * 9}rem)`;
  const titleId = `${screenId}-title`;
  const filterHint = !filterSupported
    ? 'Search is off: this server does not support filtering (ServiceProviderConfig filter.supported is false).'
    : rawMode
      ? 'A SCIM filter (RFC 7644 §3.4.2.2), sent exactly as typed.'
      : quickSearchHint(kind);

  // The deviations the pages on screen showed (main counts them all for the status bar).
  const quirks: Quirk[] = [];
  for (const { page } of loadedPages) for (const q of page.quirks) if (!quirks.some((k) => k.code === q.code)) quirks.push(q);

  return (
    <section ref={sectionRef} className="screen browser" data-testid={`screen-${screenId}`} data-state={state} aria-labelledby={titleId} aria-busy={loading}>
      <header className="screen-header">
        <h1 id={titleId}>{title}</h1>
        <span className="muted">
          on <strong>{connection.name}</strong>
        </span>
        {quirks.length > 0 && (
          <Badge tone="warning" testId={testIds.quirks} title={quirks.map((q) => q.message).join('\n')}>
            server quirks: {quirks.map((q) => q.code).join(', ')}
          </Badge>
        )}
        <div className="spacer" />
        {!first.isError && firstPage && (
          <span className="browser-total" data-testid={`${screenId}-total`}>
            {total !== null ? `${formatCount(total)} ${total === 1 ? noun.one : noun.many}` : `${formatCount(Math.max(knownRows, firstRows))}+ ${noun.many}`}
          </span>
        )}
        {!first.isError && firstPage && (
          <span className="pager-range" data-testid={testIds.range} aria-live="polite">
            {formatRange(rowCount === 0 ? 0 : firstVisible + 1, rowCount === 0 ? 0 : lastVisible - firstVisible, total)}
          </span>
        )}
        <button type="button" className="button" onClick={refresh} disabled={first.isFetching}>
          Refresh
        </button>
      </header>

      <div className="browser-toolbar">
        <label className="browser-search">
          <span className="visually-hidden">{rawMode ? 'Filter' : 'Search'}</span>
          <input
            ref={searchRef}
            className={rawMode ? 'input mono' : 'input'}
            type="search"
            data-testid="browser-search"
            placeholder={rawMode ? 'e.g. userName sw "a" and active eq true' : `Search ${noun.many}…  ( / )`}
            value={text}
            disabled={!filterSupported}
            title={filterHint}
            aria-describedby={`${screenId}-search-hint`}
            onChange={(e) => {
              setText(e.target.value);
              setSelected(null);
            }}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown' || e.key === 'Enter') {
                e.preventDefault();
                scrollRef.current?.focus();
                if (e.key === 'ArrowDown' && rowCount > 0) select(0);
              }
            }}
          />
        </label>
        <label className="check-field browser-raw">
          <input type="checkbox" checked={rawMode} disabled={!filterSupported} onChange={(e) => setRawMode(e.target.checked)} />
          Filter
        </label>
        <ColumnPicker
          choices={choices}
          selected={columnPaths}
          onChange={(paths) => setColumns(viewKey, paths)}
          onReset={() => resetColumns(viewKey)}
          isDefault={saved === null}
        />
      </div>
      <BrowserHints
        id={`${screenId}-search-hint`}
        filterHint={filterHint}
        scan={firstPage && !first.isPlaceholderData ? (firstPage.scan ?? null) : null}
        scanning={
          loading && view.matchHere
            ? { progress: scanProgress ?? null, onCancel: () => void queryClient.cancelQueries({ queryKey: browsePageQuery(bridge, view, 0).queryKey }) }
            : null
        }
        sortSupported={sortSupported}
        sortDeclared={capabilities.sort}
        ignored={ignored ?? null}
        gap={gap && total !== null ? { ...gap, total } : null}
      />

      {cancelled && (
        <div className="empty-state" role="status" data-testid="browser-cancelled">
          <p>
            <strong>Listing the {noun.many} was cancelled.</strong> No further attempts were made.
          </p>
          <button type="button" className="button" onClick={() => void first.refetch()}>
            Retry
          </button>
        </div>
      )}
      {state === 'error' && (
        <div className="error-state" role="alert" data-testid="browser-error">
          <p>
            <strong>{view.filter ? `The ${noun.many} could not be listed with this filter.` : `The ${noun.many} could not be listed.`}</strong>{' '}
            {failureText(first.error)}
          </p>
          {view.filter && <p className="mono">filter={view.filter}</p>}
          <button type="button" className="button" onClick={() => void first.refetch()}>
            Retry
          </button>
        </div>
      )}
      {state === 'empty' && (
        <div className="empty-state" data-testid="browser-empty">
          <p>{view.filter ? `No ${noun.many} match this filter.` : `This server has no ${noun.many}.`}</p>
        </div>
      )}
      {state === 'loading' && !firstPage && <p className="loading-state">Loading {noun.many}…</p>}

      <div className={detail ? 'browser-body has-detail' : 'browser-body'} hidden={first.isError || state === 'empty' || !firstPage}>
        <div
          ref={scrollRef}
          id={gridId}
          className={first.isPlaceholderData ? 'browser-scroll is-stale' : 'browser-scroll'}
          tabIndex={0}
          role="grid"
          aria-label={title}
          // The whole set (and the header row), not the rows rendered; -1 while the server gives no total.
          aria-rowcount={total !== null ? rowCount + 1 : -1}
          aria-colcount={columns.length + 1}
          aria-activedescendant={selected !== null && selected < rowCount ? gridRowId(gridId, selected) : undefined}
          data-testid={testIds.table}
          onKeyDown={onGridKey}
          onClick={(event) => {
            const index = rowIndexOf(event.target);
            if (index !== null) setSelected(index);
          }}
          onDoubleClick={(event) => {
            const index = rowIndexOf(event.target);
            if (index !== null) open(index);
          }}
        >
          <div className="browser-canvas" role="presentation" style={{ height: virtualizer.getTotalSize(), minWidth }}>
            <BrowserHeaderRow
              columns={columns}
              sort={sort}
              sortSupported={sortSupported}
              onSort={changeSort}
              style={{ gridTemplateColumns, height: HEADER_HEIGHT }}
            />
            {items.map((item) => (
              <BrowserRow
                key={item.key}
                gridId={gridId}
                index={item.index}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT, gridTemplateColumns }}
                columns={columns}
                resource={rowAt(item.index)}
                failed={pageByIndex.get(Math.floor(item.index / PAGE_SIZE))?.isError ?? false}
                selected={selected === item.index}
                testId={testIds.row}
              />
            ))}
          </div>
        </div>
        {detail && <ResourceDetail resource={detail.resource} index={detail.index} onClose={closeDetail} />}
      </div>
    </section>
  );
}
