import { useId, useState, type KeyboardEvent, type MouseEvent, type RefObject } from 'react';
import type { ScimResource } from '../../../../shared/contract';
import { gridMove, gridRowId, rowIndexOf } from '../../ui/grid';
import type { useBrowserRows } from './useBrowserRows';

/**
 * The rows as an ARIA grid, one tab stop: keys and clicks move the active row (aria-activedescendant),
 * Enter opens it; Space or Ctrl/Cmd+click marks a row (for a bulk change).
 */
export function useRowGrid(
  { rowCount, rowAt, virtualizer }: ReturnType<typeof useBrowserRows>,
  [selected, setSelected]: [number | null, (index: number | null) => void],
  gridRef: RefObject<HTMLElement | null>,
  onMark?: (index: number) => void,
) {
  const id = useId();
  const [detail, setDetail] = useState<{ index: number; resource: ScimResource } | null>(null);
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
  const atRow = (event: MouseEvent, then: (index: number) => void) => {
    const index = rowIndexOf(event.target);
    if (index !== null) then(index);
  };
  // Down or Enter in the search box goes to the grid (Down to its first row).
  const fromSearch = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'Enter') return;
    event.preventDefault();
    gridRef.current?.focus();
    if (event.key === 'ArrowDown' && rowCount > 0) select(0);
  };
  const gridProps = {
    id,
    'aria-activedescendant': selected !== null && selected < rowCount ? gridRowId(id, selected) : undefined,
    // Keys from the sort buttons in the grid's header stay theirs.
    onKeyDown: (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || event.target !== event.currentTarget) return;
      const next = gridMove(event.key, selected ?? -1, rowCount);
      if (next !== null) select(next);
      else if (event.key === 'Enter' && selected !== null) open(selected);
      else if (event.key === ' ' && selected !== null && onMark) onMark(selected);
      else if (event.key === 'Escape' && detail) closeDetail();
      else return;
      event.preventDefault();
    },
    onClick: (event: MouseEvent) =>
      atRow(event, (index) => {
        setSelected(index);
        if ((event.ctrlKey || event.metaKey) && onMark) onMark(index);
      }),
    onDoubleClick: (event: MouseEvent) => atRow(event, open),
  };
  return { gridProps, detail, closeDetail, fromSearch };
}
