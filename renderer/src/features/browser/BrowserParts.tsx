import type { CSSProperties } from 'react';
import type { ScimResource } from '../../../../shared/contract';
import { formatCount } from '../../lib/format';
import { gridRowId } from '../../ui/grid';
import { ServerText } from '../../ui/ServerText';
import { textOf } from '../../../../shared/scim';
import { cellText, type ColumnDef } from '../../scim';

export type Sort = { by: string; order: 'ascending' | 'descending' } | null;

export interface BrowserRowProps {
  gridId: string;
  /** 0-based, in the whole result set. */
  index: number;
  style: CSSProperties;
  columns: ColumnDef[];
  /** Undefined while its page loads (or when it failed: `failed`). */
  resource: ScimResource | undefined;
  failed: boolean;
  selected: boolean;
  testId: string;
  /** Marked for a bulk change (Space, Ctrl/Cmd+click, or its box). */
  marked: boolean;
  onToggleMark: (index: number) => void;
}

/**
 * One row of the grid, a resource or a placeholder for one not loaded yet. No handlers but the mark
 * box's: the grid takes clicks and keys for its rows (it keeps focus; the active row is its aria-activedescendant).
 */
export function BrowserRow({ gridId, index, style, columns, resource, failed, selected, testId, marked, onToggleMark }: BrowserRowProps) {
  const common = { id: gridRowId(gridId, index), 'aria-rowindex': index + 2, 'aria-selected': selected, 'data-row': index, 'data-index': index + 1, style };
  const number = (
    <span role="gridcell" className="browser-num">
      {formatCount(index + 1)}
    </span>
  );
  const markedNumber = (
    <span role="gridcell" className="browser-num">
      {/* Focus stays on the grid (Space marks there); the box is for the mouse. */}
      <input
        type="checkbox"
        className="browser-mark"
        tabIndex={-1}
        checked={marked}
        aria-label={`Select row ${formatCount(index + 1)}`}
        data-testid="browser-mark"
        onClick={(event) => event.stopPropagation()}
        onChange={() => onToggleMark(index)}
      />
      {formatCount(index + 1)}
    </span>
  );
  if (!resource) {
    return (
      <div role="row" {...common} className={selected ? 'browser-row is-placeholder is-selected' : 'browser-row is-placeholder'} data-testid="row-placeholder">
        {number}
        <span role="gridcell" className="browser-loading" aria-colspan={columns.length}>
          {failed ? 'This page could not be loaded. Refresh to try again.' : ''}
        </span>
      </div>
    );
  }
  return (
    <div
      role="row"
      {...common}
      className={`browser-row${selected ? ' is-selected' : ''}${marked ? ' is-marked' : ''}`}
      data-testid={testId}
      data-id={textOf(resource.id)}
      data-marked={marked || undefined}
    >
      {markedNumber}
      {columns.map((column) => {
        const value = cellText(resource, column.path);
        return (
          <span key={column.path} role="gridcell" title={value}>
            <ServerText value={value} />
          </span>
        );
      })}
    </div>
  );
}

type HeaderRowProps = { columns: ColumnDef[]; sort: Sort; sortSupported: boolean; onSort: (column: ColumnDef) => void; style: CSSProperties };

/** The table's column headers; a sortable column's header is a button that toggles the server-side sort. */
export function BrowserHeaderRow({ columns, sort, sortSupported, onSort, style }: HeaderRowProps) {
  return (
    <div className="browser-header" role="row" aria-rowindex={1} style={style}>
      <span role="columnheader" className="browser-num">
        #
      </span>
      {columns.map((column) => {
        const sorted = sort && column.sortBy === sort.by ? sort.order : null;
        return (
          <span key={column.path} role="columnheader" aria-sort={sorted ?? 'none'} title={column.path}>
            {sortSupported && column.sortBy ? (
              <button type="button" className="browser-sort" onClick={() => onSort(column)} data-testid="sort-header">
                {column.label}
                <span aria-hidden="true" className="browser-sort-mark">
                  {sorted === 'ascending' ? '▲' : sorted === 'descending' ? '▼' : ''}
                </span>
              </button>
            ) : (
              column.label
            )}
          </span>
        );
      })}
    </div>
  );
}

export interface BrowserHintsProps {
  id: string;
  filterHint: string;
  /** How the search was matched here, when the server refused or ignored its filter. */
  scan: { reason: string; complete: boolean } | null;
  /** While a search is being matched here: how far it has read, and a way to stop. */
  scanning: { progress: { scanned: number; total: number | null; matched: number } | null; onCancel: () => void } | null;
  sortSupported: boolean;
  /** ServiceProviderConfig sort.supported as declared (null: not said). */
  sortDeclared: boolean | null;
  /** The local check of a page that did not match the filter sent. */
  ignored: { checked: number; mismatches: number } | null;
  /** Rows the server cannot serve: only the first `reachable` of `total` can be listed, and why. */
  gap: { reachable: number; total: number; reason: string } | null;
}

/** What the search does on this server, why sorting is off, and a warning when the server ignored the filter. */
export function BrowserHints({ id, filterHint, scan, scanning, sortSupported, sortDeclared, ignored, gap }: BrowserHintsProps) {
  return (
    <>
      <p className="browser-hints muted" id={id}>
        <span>{filterHint}</span>
        {scan && (
          <span className="browser-note" data-testid="filter-matched-here" data-complete={scan.complete}>
            {scan.reason}
          </span>
        )}
        {!sortSupported && (
          <span data-testid="sort-unsupported">
            {sortDeclared === false
              ? 'This server does not support sorting (ServiceProviderConfig sort.supported is false).'
              : 'Sorting is off: this server does not say it supports sorting (no ServiceProviderConfig sort.supported).'}
          </span>
        )}
      </p>
      {ignored && (
        <div className="warning-box" role="status" data-testid="filter-ignored">
          The server ignored this filter: {formatCount(ignored.mismatches)} of {formatCount(ignored.checked)} results on this page do not match it.
        </div>
      )}
      {scanning && (
        <div className="browser-note" role="status" data-testid="filter-scanning">
          Matching here (the server does not apply this search)
          {scanning.progress
            ? `: read ${formatCount(scanning.progress.scanned)}${scanning.progress.total !== null ? ` of ${formatCount(scanning.progress.total)}` : ''}, ${formatCount(scanning.progress.matched)} found so far`
            : '…'}{' '}
          <button type="button" className="link-button" onClick={scanning.onCancel}>
            Cancel
          </button>
        </div>
      )}
      {gap && (
        <div className="warning-box" role="status" data-testid="browser-gap">
          Showing the first {formatCount(gap.reachable)} of {formatCount(gap.total)}: {gap.reason}
        </div>
      )}
    </>
  );
}
