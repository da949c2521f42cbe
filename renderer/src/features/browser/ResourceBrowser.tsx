import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Capabilities, ConnectionView, ResourceTypeDef } from '../../../../shared/contract';
import { failureText } from '../../bridge';
import { formatCount } from '../../lib/format';
import { browserViewKey, useResetColumns, useSavedColumns, useScanProgress, useSetColumns } from '../../stores';
import { Badge } from '../../ui/Badge';
import { browseKey, columnFor, defaultColumns, nameOf, resourceKind, scanKey, type BrowseView, type ColumnDef } from '../../scim';
import { textOf } from '../../../../shared/scim';
import { attributeChoices, excludedFor, numberColumnWidth } from './columns';
import { BrowserHeaderRow, BrowserHints, BrowserRow, type Sort } from './BrowserParts';
import { BulkChangeButton } from './BulkChangeButton';
import { ColumnPicker } from './ColumnPicker';
import { ResourceDetail } from './ResourceDetail';
import { HEADER_HEIGHT, ROW_HEIGHT, useBrowserRows } from './useBrowserRows';
import { useQuickSearch } from './useQuickSearch';
import { useRowGrid } from './useRowGrid';
import { ErrorState } from '../../ui/ErrorState';

export type BrowserTestIds = Record<'table' | 'row' | 'range' | 'quirks', string>;

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

/** A virtualized table over a whole result set, fetched a page of 100 at a time as rows come into view. */
export function ResourceBrowser({ screenId, title, noun, testIds, connection, capabilities, resourceType, onViewChange }: ResourceBrowserProps) {
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

  // The grid's active row: kept rendered by the rows, moved by the grid's keys and clicks, dropped by a new search or sort.
  const [selected, setSelected] = useState<number | null>(null);
  const sectionRef = useRef<HTMLElement>(null);
  const search = useQuickSearch(kind, capabilities, sectionRef, noun.many, () => setSelected(null));
  const sortSupported = capabilities.sort === true;
  const [sort, setSort] = useState<Sort>(null);
  const excludedAttributes = excludedFor(kind, columnPaths);
  const view: BrowseView = {
    connectionId: connection.id,
    endpoint,
    ...(sort ? { sortBy: sort.by, sortOrder: sort.order } : {}),
    ...(excludedAttributes ? { excludedAttributes } : {}),
    ...search.filter,
  };
  const scanProgress = useScanProgress(scanKey(view));
  const viewSignature = JSON.stringify(view);
  useEffect(() => {
    onViewChange?.(JSON.parse(viewSignature) as BrowseView);
  }, [viewSignature, onViewChange]);

  const gridRef = useRef<HTMLDivElement>(null);
  const rows = useBrowserRows(view, selected, gridRef);
  const { first, total, rowCount, state, loading } = rows;
  // Rows marked for a bulk change, id → name (kept across searches and sorts: ids are ids).
  const [marked, setMarked] = useState<ReadonlyMap<string, string>>(() => new Map());
  const toggleMark = (index: number) => {
    const resource = rows.rowAt(index);
    const id = resource ? textOf(resource.id) : '';
    if (!resource || !id) return;
    setMarked((before) => {
      const next = new Map(before);
      if (!next.delete(id)) next.set(id, nameOf(resource) || id);
      return next;
    });
  };
  const grid = useRowGrid(rows, [selected, setSelected], gridRef, toggleMark);

  const changeSort = (column: ColumnDef) => {
    if (!column.sortBy) return;
    setSort((s) =>
      s?.by === column.sortBy ? { by: s.by, order: s.order === 'ascending' ? 'descending' : 'ascending' } : { by: column.sortBy!, order: 'ascending' },
    );
    setSelected(null);
  };

  // Sized from the largest row number, so "1,000" and "100,000" fit rather than being cut to "1,0…".
  const numberWidth = numberColumnWidth(rowCount);
  // The first column also holds the row's mark box.
  const firstWidth = `calc(${numberWidth} + 22px)`;
  const gridTemplateColumns = `${firstWidth} repeat(${columns.length}, minmax(9rem, 1fr))`;
  const minWidth = `calc(${firstWidth} + ${columns.length * 9}rem)`;
  const titleId = `${screenId}-title`;
  const refresh = () => void queryClient.invalidateQueries({ queryKey: browseKey(connection.id, endpoint) });

  return (
    <section ref={sectionRef} className="screen browser" data-testid={`screen-${screenId}`} data-state={state} aria-labelledby={titleId} aria-busy={loading}>
      <header className="screen-header">
        <h1 id={titleId}>{title}</h1>
        <span className="muted">
          on <strong>{connection.name}</strong>
        </span>
        {rows.quirks.length > 0 && (
          <Badge tone="warning" testId={testIds.quirks} title={rows.quirks.map((q) => q.message).join('\n')}>
            server quirks: {rows.quirks.map((q) => q.code).join(', ')}
          </Badge>
        )}
        <div className="spacer" />
        {!first.isError && first.data && (
          <>
            <span className="total-count" data-testid={`${screenId}-total`}>
              {total !== null ? `${formatCount(total)} ${total === 1 ? noun.one : noun.many}` : `${formatCount(rows.loadedRows)}+ ${noun.many}`}
            </span>
            <span className="pager-range" data-testid={testIds.range} aria-live="polite">
              {rows.range}
            </span>
          </>
        )}
        <button type="button" className="button" onClick={refresh} disabled={first.isFetching}>
          Refresh
        </button>
      </header>

      <div className="browser-toolbar">
        <label className="browser-search">
          <span className="visually-hidden">{search.rawMode ? 'Filter' : 'Search'}</span>
          <input {...search.inputProps} type="search" data-testid="browser-search" aria-describedby={`${screenId}-search-hint`} onKeyDown={grid.fromSearch} />
        </label>
        <label className="check-field browser-raw">
          <input type="checkbox" checked={search.rawMode} disabled={!search.supported} onChange={(e) => search.setRawMode(e.target.checked)} />
          Filter
        </label>
        <ColumnPicker
          choices={choices}
          selected={columnPaths}
          onChange={(paths) => setColumns(viewKey, paths)}
          onReset={() => resetColumns(viewKey)}
          isDefault={saved === null}
        />
        <BulkChangeButton
          connectionId={connection.id}
          endpoint={endpoint}
          kind={kind === 'groups' ? 'groups' : 'users'}
          noun={noun}
          filter={view.filter}
          matchHere={view.matchHere === true}
          marked={marked}
          onClearMarks={() => setMarked(new Map())}
        />
      </div>
      <BrowserHints
        id={`${screenId}-search-hint`}
        filterHint={search.hint}
        scan={rows.firstPage?.scan ?? null}
        scanning={loading && view.matchHere ? { progress: scanProgress ?? null, onCancel: rows.cancel } : null}
        sortSupported={sortSupported}
        sortDeclared={capabilities.sort}
        ignored={rows.ignored ?? null}
        gap={rows.gap && total !== null ? { ...rows.gap, total } : null}
      />

      {state === 'cancelled' && (
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
        <ErrorState
          title={view.filter ? `The ${noun.many} could not be listed with this filter.` : `The ${noun.many} could not be listed.`}
          message={failureText(first.error)}
          onRetry={() => void first.refetch()}
          testId="browser-error"
        >
          {view.filter && <p className="mono">filter={view.filter}</p>}
        </ErrorState>
      )}
      {state === 'empty' && (
        <div className="empty-state" data-testid="browser-empty">
          <p>{view.filter ? `No ${noun.many} match this filter.` : `This server has no ${noun.many}.`}</p>
        </div>
      )}
      {state === 'loading' && !first.data && <p className="loading-state">Loading {noun.many}…</p>}

      <div className={grid.detail ? 'browser-body has-detail' : 'browser-body'} hidden={first.isError || state === 'empty' || !first.data}>
        <div
          ref={gridRef}
          {...grid.gridProps}
          className={first.isPlaceholderData ? 'browser-scroll is-stale' : 'browser-scroll'}
          tabIndex={0}
          role="grid"
          aria-label={title}
          // The whole set (and the header row), not the rows rendered; -1 while the server gives no total.
          aria-rowcount={total !== null ? rowCount + 1 : -1}
          aria-colcount={columns.length + 1}
          data-testid={testIds.table}
        >
          <div className="browser-canvas" role="presentation" style={{ height: rows.virtualizer.getTotalSize(), minWidth }}>
            <BrowserHeaderRow
              columns={columns}
              sort={sort}
              sortSupported={sortSupported}
              onSort={changeSort}
              style={{ gridTemplateColumns, height: HEADER_HEIGHT }}
            />
            {rows.items.map((item) => (
              <BrowserRow
                key={item.key}
                gridId={grid.gridProps.id}
                index={item.index}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT, gridTemplateColumns }}
                columns={columns}
                resource={rows.rowAt(item.index)}
                failed={rows.failed(item.index)}
                selected={selected === item.index}
                testId={testIds.row}
                marked={marked.has(textOf(rows.rowAt(item.index)?.id))}
                onToggleMark={toggleMark}
              />
            ))}
          </div>
        </div>
        {grid.detail && <ResourceDetail resource={grid.detail.resource} heading={`Row ${formatCount(grid.detail.index + 1)}`} onClose={grid.closeDetail} />}
      </div>
    </section>
  );
}
