/**
 * Helpers for the row grids (ARIA grid pattern, one tab stop): the grid keeps DOM focus and names its
 * active row with aria-activedescendant, so rows need stable ids, and clicks are handled once on the
 * grid for whichever row they landed in.
 */

/** The id of a grid's row (by its 0-based index in the whole set), for aria-activedescendant. */
export const gridRowId = (gridId: string, index: number): string => `${gridId}-row-${index}`;

/** The 0-based index of the row an event landed in: rows carry data-row (absent on the header). */
export function rowIndexOf(target: EventTarget | null): number | null {
  const row = target instanceof Element ? target.closest<HTMLElement>('[role="row"][data-row]') : null;
  return row ? Number(row.dataset.row) : null;
}

/** Where a navigation key moves the active row among `count` (from -1: none yet); null for other keys. */
export function gridMove(key: string, current: number, count: number, page = 20): number | null {
  const last = count - 1;
  if (count === 0) return null;
  switch (key) {
    case 'ArrowDown':
      return Math.min(last, current + 1);
    case 'ArrowUp':
      return Math.max(0, current - 1);
    case 'Home':
      return 0;
    case 'End':
      return last;
    case 'PageDown':
      return Math.min(last, current + page);
    case 'PageUp':
      return Math.max(0, current - page);
    default:
      return null;
  }
}

/** The virtualizer's rows plus the active one, so aria-activedescendant always names a row in the DOM. */
export function withActiveRow(indexes: number[], active: number | null, count: number): number[] {
  if (active === null || active >= count || indexes.includes(active)) return indexes;
  return [...indexes, active].sort((a, b) => a - b);
}
