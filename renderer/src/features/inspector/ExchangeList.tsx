import { defaultRangeExtractor, useVirtualizer } from '@tanstack/react-virtual';
import { useId, useRef, type KeyboardEvent } from 'react';
import type { JournalSummary } from '../../../../shared/contract';
import { formatDuration } from '../../lib/format';
import { gridMove, gridRowId, rowIndexOf, withActiveRow } from '../../ui/grid';
import { formatBytes, formatClock, statusClassOf } from './filter';

const ROW_HEIGHT = 30;
const HEADER_HEIGHT = 28;
const COLUMNS = '1.8rem 5.9rem 4.5rem 3.9rem minmax(8rem, 1fr) 4rem 4.3rem 2.2rem';

export interface ExchangeListProps {
  summaries: readonly JournalSummary[];
  selectedId: string | null;
  compareIds: readonly string[];
  onSelect: (id: string) => void;
  onToggleCompare: (id: string) => void;
}

/**
 * The journal, newest first, virtualized (thousands of exchanges stay cheap), as an ARIA grid that
 * keeps focus and names the selected row with aria-activedescendant. Keyboard: arrows, Home/End and
 * PageUp/PageDown move the selection (the detail follows), Space marks one for the diff.
 */
export function ExchangeList({ summaries, selectedId, compareIds, onSelect, onToggleCompare }: ExchangeListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const gridId = useId();
  const selectedIndex = selectedId ? summaries.findIndex((s) => s.id === selectedId) : -1;
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render by design
  const virtualizer = useVirtualizer({
    count: summaries.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
    paddingStart: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    // The selected row stays rendered when scrolled away: aria-activedescendant must name a row in the DOM.
    rangeExtractor: (range) => withActiveRow(defaultRangeExtractor(range), selectedIndex < 0 ? null : selectedIndex, range.count),
  });

  const moveTo = (index: number) => {
    const target = summaries[index];
    if (!target) return;
    onSelect(target.id);
    virtualizer.scrollToIndex(index, { align: 'auto' });
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.altKey || event.ctrlKey || event.metaKey || summaries.length === 0) return;
    const next = gridMove(event.key, selectedIndex, summaries.length);
    if (next !== null) {
      event.preventDefault();
      moveTo(next);
    } else if (event.key === ' ' && selectedId) {
      event.preventDefault();
      onToggleCompare(selectedId);
    }
  };

  return (
    <div
      ref={scrollRef}
      className="inspector-list"
      id={gridId}
      role="grid"
      aria-label="Exchanges, newest first"
      aria-rowcount={summaries.length + 1}
      aria-colcount={8}
      aria-activedescendant={selectedIndex >= 0 ? gridRowId(gridId, selectedIndex) : undefined}
      tabIndex={0}
      data-testid="inspector-list"
      onKeyDown={onKeyDown}
      onClick={(event) => {
        const index = rowIndexOf(event.target);
        const row = index === null ? undefined : summaries[index];
        if (row) onSelect(row.id);
      }}
    >
      <div className="inspector-canvas" role="presentation" style={{ height: virtualizer.getTotalSize() }}>
        <div className="inspector-row inspector-row-head" role="row" aria-rowindex={1} style={{ gridTemplateColumns: COLUMNS, height: HEADER_HEIGHT }}>
          <span role="columnheader" title="Marked for the diff">
            <span className="visually-hidden">Diff</span>⇄
          </span>
          <span role="columnheader">Started</span>
          <span role="columnheader">Method</span>
          <span role="columnheader">Status</span>
          <span role="columnheader">Path</span>
          <span role="columnheader" className="num">
            Took
          </span>
          <span role="columnheader" className="num">
            Size
          </span>
          <span role="columnheader" title="Quirks: deviations from the RFCs">
            Q
          </span>
        </div>
        {virtualizer.getVirtualItems().map((item) => {
          const s = summaries[item.index]!;
          const selected = s.id === selectedId;
          const marked = compareIds.includes(s.id);
          const cls = statusClassOf(s);
          return (
            <div
              key={s.id}
              className={`inspector-row${selected ? ' is-selected' : ''}${marked ? ' is-marked' : ''}`}
              id={gridRowId(gridId, item.index)}
              role="row"
              aria-rowindex={item.index + 2}
              aria-selected={selected}
              data-row={item.index}
              data-testid="inspector-row"
              data-id={s.id}
              data-method={s.method}
              data-status={s.status ?? 'error'}
              style={{ gridTemplateColumns: COLUMNS, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
            >
              <span role="gridcell">
                {/* Focus stays on the list (Space marks there); the box is for the mouse. */}
                <input
                  type="checkbox"
                  tabIndex={-1}
                  checked={marked}
                  aria-label={`Mark ${s.method} ${s.path} for the diff`}
                  data-testid="inspector-row-compare"
                  onClick={(event) => event.stopPropagation()}
                  onChange={() => onToggleCompare(s.id)}
                />
              </span>
              <span role="gridcell" className="muted" title={s.timings.startedAt}>
                {formatClock(s.timings.startedAt)}
              </span>
              <span role="gridcell" className="inspector-method">
                {s.method}
              </span>
              <span role="gridcell" className={`inspector-status status-${cls}`} title={s.error ? `${s.error.code}: ${s.error.message}` : undefined}>
                {s.status ?? 'ERR'}
              </span>
              <span role="gridcell" className="mono inspector-path" title={`${s.connectionName}: ${s.url}`}>
                {s.path}
                {s.attempt > 1 && <span className="inspector-retry"> · try {s.attempt}</span>}
              </span>
              <span role="gridcell" className="num">
                {formatDuration(s.timings.totalMs)}
              </span>
              <span role="gridcell" className="num">
                {formatBytes(s.responseSize)}
              </span>
              <span role="gridcell" title={s.quirks.map((q) => `${q.code}: ${q.message}`).join('\n') || undefined}>
                {s.quirks.length > 0 && (
                  <span className="badge badge-warning" data-testid="inspector-row-quirks">
                    {s.quirks.length}
                  </span>
                )}
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
