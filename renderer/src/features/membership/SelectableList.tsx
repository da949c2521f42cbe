import { useId, useState, type KeyboardEvent } from 'react';
import type { MemberRef } from './model';
import { formatCount } from '../../lib/format';
import { gridMove, gridRowId, rowIndexOf } from '../../ui/grid';
import { ServerText } from '../../ui/ServerText';
import { MEMBER_PAGE_SIZE } from './model';
import { ErrorState } from '../../ui/ErrorState';

export interface SelectableListProps {
  rows: MemberRef[];
  /** Everything that matches (for the range and the pager); null when the server does not say. */
  total: number | null;
  page: number;
  onPage: (page: number) => void;
  searchText: string;
  /** A new search starts again at the first page (onPage(0)). */
  onSearch: (text: string) => void;
  searchLabel: string;
  noun: { one: string; many: string };
  selected: Map<string, MemberRef>;
  onSelected: (next: Map<string, MemberRef>) => void;
  /** Rows that cannot be selected (e.g. indirect memberships), with why. */
  locked?: (row: MemberRef) => string | null;
  error: string | null;
  onRetry: () => void;
  readOnlyReason: string | null;
  addLabel: string;
  removeLabel: string;
  onAdd: () => void;
  onRemove: () => void;
}

/**
 * A searchable, paged list of members or groups with checkboxes, and add / remove-selected actions.
 * The list is an ARIA grid with one tab stop: arrows move the active row, Space ticks it; the boxes
 * are for the mouse.
 */
export function SelectableList(props: SelectableListProps) {
  const { rows, total, page, selected, onSelected, locked, noun, readOnlyReason } = props;
  const selectable = rows.filter((r) => !locked?.(r));
  const allOnPage = selectable.length > 0 && selectable.every((r) => selected.has(r.value));
  const first = page * MEMBER_PAGE_SIZE + 1;
  const last = page * MEMBER_PAGE_SIZE + rows.length;
  const hasNext = total !== null ? last < total : rows.length === MEMBER_PAGE_SIZE;
  const toggle = (row: MemberRef) => {
    const next = new Map(selected);
    if (next.has(row.value)) next.delete(row.value);
    else next.set(row.value, row);
    onSelected(next);
  };
  const gridId = useId();
  const [activeRow, setActiveRow] = useState<number | null>(null);
  // A new page or search can leave fewer rows than the active index.
  const active = activeRow !== null && activeRow < rows.length ? activeRow : null;
  const canTick = (row: MemberRef | undefined): row is MemberRef => !!row && !locked?.(row) && !readOnlyReason;
  const onGridKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const next = gridMove(event.key, active ?? -1, rows.length, MEMBER_PAGE_SIZE);
    if (next !== null) {
      event.preventDefault();
      setActiveRow(next);
      // From a box that a click focused, back to the grid that names the active row.
      event.currentTarget.focus();
      document.getElementById(gridRowId(gridId, next))?.scrollIntoView({ block: 'nearest' });
    } else if (event.key === ' ' && event.target === event.currentTarget && active !== null) {
      event.preventDefault();
      const row = rows[active];
      if (canTick(row)) toggle(row);
    }
  };
  const toggleAll = () => {
    const next = new Map(selected);
    for (const r of selectable) {
      if (allOnPage) next.delete(r.value);
      else next.set(r.value, r);
    }
    onSelected(next);
  };

  return (
    <>
      <div className="picker-toolbar">
        <input
          className="input"
          type="search"
          placeholder={`${props.searchLabel}…`}
          aria-label={props.searchLabel}
          data-testid="membership-search"
          value={props.searchText}
          onChange={(e) => {
            props.onSearch(e.target.value);
            props.onPage(0);
          }}
        />
        <div className="spacer" />
        <button
          type="button"
          className="button"
          data-testid="membership-add"
          onClick={props.onAdd}
          disabled={!!readOnlyReason}
          title={readOnlyReason ?? undefined}
        >
          {props.addLabel}
        </button>
        <button
          type="button"
          className="button button-danger-subtle"
          data-testid="membership-remove"
          onClick={props.onRemove}
          disabled={!!readOnlyReason || selected.size === 0}
          title={readOnlyReason ?? (selected.size === 0 ? `Select ${noun.many} to remove` : undefined)}
        >
          {props.removeLabel}
          {selected.size > 0 ? ` (${selected.size})` : ''}
        </button>
      </div>
      {props.error ? (
        <ErrorState title={`The ${noun.many} could not be read.`} message={props.error} onRetry={props.onRetry} />
      ) : (
        <>
          <div
            id={gridId}
            className="picker-list"
            role="grid"
            tabIndex={0}
            aria-label={noun.many}
            aria-multiselectable="true"
            // Everything that matches (and the header row), not this page; -1 where the server does not say.
            aria-rowcount={total !== null ? total + 1 : -1}
            aria-activedescendant={active !== null ? gridRowId(gridId, active) : undefined}
            onKeyDown={onGridKey}
            onClick={(event) => setActiveRow(rowIndexOf(event.target) ?? active)}
          >
            {rows.length > 0 && (
              <div role="row" aria-rowindex={1}>
                <div role="columnheader">
                  <label className="picker-row membership-row-head">
                    <input type="checkbox" tabIndex={-1} checked={allOnPage} onChange={toggleAll} disabled={selectable.length === 0 || !!readOnlyReason} />
                    <span className="muted">Select all on this page</span>
                  </label>
                </div>
              </div>
            )}
            {rows.map((row, index) => {
              const why = locked?.(row) ?? null;
              return (
                <div
                  key={row.value}
                  id={gridRowId(gridId, index)}
                  role="row"
                  aria-rowindex={first + index + 1}
                  aria-selected={selected.has(row.value)}
                  aria-disabled={why || readOnlyReason ? true : undefined}
                  className={active === index ? 'is-active' : undefined}
                  data-row={index}
                  data-testid="membership-row"
                  data-id={row.value}
                >
                  <div role="gridcell">
                    <label className={why ? 'picker-row is-disabled' : 'picker-row'}>
                      <input
                        type="checkbox"
                        tabIndex={-1}
                        checked={selected.has(row.value)}
                        onChange={() => toggle(row)}
                        disabled={!!why || !!readOnlyReason}
                      />
                      <ServerText className="picker-name" value={row.display ?? row.value} />
                      <ServerText className="mono muted" value={row.value} />
                      {row.type && <ServerText className="muted" value={row.type} />}
                      {why && <span className="muted">{why}</span>}
                    </label>
                  </div>
                </div>
              );
            })}
            {rows.length === 0 && (
              <div role="row">
                <div role="gridcell" className="muted picker-empty" data-testid="membership-empty">
                  {props.searchText ? `No ${noun.many} match.` : `No ${noun.many}.`}
                </div>
              </div>
            )}
          </div>
          {rows.length > 0 && (
            <div className="membership-pager">
              <button type="button" className="button" onClick={() => props.onPage(page - 1)} disabled={page === 0} aria-label="Previous page">
                ‹ Previous
              </button>
              <span className="muted" data-testid="membership-range">
                {formatCount(first)}–{formatCount(last)}
                {total !== null ? ` of ${formatCount(total)}` : ''} {total === 1 ? noun.one : noun.many}
              </span>
              <button type="button" className="button" onClick={() => props.onPage(page + 1)} disabled={!hasNext} aria-label="Next page">
                Next ›
              </button>
            </div>
          )}
        </>
      )}
    </>
  );
}
