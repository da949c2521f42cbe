import { useCallback } from 'react';
import { describeDiff } from '../../../../shared/bulk';
import type { BulkPlanItem, BulkPlanOutcome } from '../../../../shared/contract';
import { useBridge } from '../../bridge';
import { formatCount } from '../../lib/format';
import { ErrorState } from '../../ui/ErrorState';
import { ServerText } from '../../ui/ServerText';
import { planOutcomeWords } from './model';
import { planItemsPageQuery, type JobMoment } from './queries';
import { HEADER_HEIGHT, tableHeight, usePagedGrid } from './usePagedGrid';

const LINE_COLUMN = '4.5rem ';
const COLUMNS = 'minmax(8rem, 1fr) minmax(8rem, 1fr) 6.5rem minmax(12rem, 2fr)';

interface PlanTableProps {
  jobId: string;
  /** How far the plan job has got: each move reads the pages in view again. */
  moment: JobMoment;
  outcome: BulkPlanOutcome | null;
  /** The active row (its position in the list as filtered). */
  active: number | null;
  onActivate: (row: number, item: BulkPlanItem | undefined) => void;
}

/**
 * A plan's targets, any number of them, as a virtualized grid fetched 200 at a time as the user
 * scrolls: line, key, name, outcome and what changes. The active row's item opens beside it.
 */
export function PlanTable({ jobId, moment, outcome, active, onActivate }: PlanTableProps) {
  const bridge = useBridge();
  const pageQuery = useCallback((page: number) => planItemsPageQuery(bridge, jobId, outcome, page, moment), [bridge, jobId, outcome, moment]);
  const grid = usePagedGrid(pageQuery, active, onActivate);
  // A file's plan shows each target's line; other sources have none.
  const hasLines = grid.first.data?.items.some((item) => item.line !== undefined) ?? false;
  const columns = hasLines ? LINE_COLUMN + COLUMNS : COLUMNS;
  const state = grid.first.isError ? 'error' : grid.first.isPending ? 'loading' : grid.total === 0 ? 'empty' : 'ready';

  return (
    <div className="bulk-table-wrap" data-testid="bulk-plan-table-wrap" data-state={state} data-total={grid.total}>
      {state === 'error' && (
        <ErrorState title="The plan’s items could not be read:" message={grid.first.error?.message ?? ''} onRetry={() => void grid.first.refetch()} />
      )}
      {state === 'empty' && <p className="empty-state">{outcome ? 'No target has this outcome.' : 'No targets yet.'}</p>}
      <div
        {...grid.gridProps}
        className="bulk-table"
        aria-label="Planned changes"
        aria-colcount={hasLines ? 5 : 4}
        style={{ height: tableHeight(grid.total) }}
        data-testid="bulk-plan-table"
        hidden={state === 'error' || state === 'empty'}
      >
        <div className="bulk-canvas" role="presentation" style={{ height: grid.virtualizer.getTotalSize() }}>
          <div className="bulk-row bulk-row-head" role="row" aria-rowindex={1} style={{ gridTemplateColumns: columns, height: HEADER_HEIGHT }}>
            {hasLines && <span role="columnheader">Line</span>}
            <span role="columnheader">Key</span>
            <span role="columnheader">Name</span>
            <span role="columnheader">Outcome</span>
            <span role="columnheader">Change</span>
          </div>
          {grid.items.map((row) => {
            const item = grid.rowAt(row.index);
            const props = grid.rowProps(row.index, row.start);
            const className = `bulk-row${active === row.index ? ' is-selected' : ''}${item ? ` is-${item.outcome}` : ' is-placeholder'}`;
            if (!item) {
              return (
                <div key={row.key} {...props} className={className} style={{ ...props.style, gridTemplateColumns: columns }} data-testid="bulk-row-placeholder">
                  <span role="gridcell" className="muted" aria-colspan={hasLines ? 5 : 4}>
                    {grid.failed(row.index) ? 'This page could not be read.' : ''}
                  </span>
                </div>
              );
            }
            return (
              <div
                key={row.key}
                {...props}
                className={className}
                style={{ ...props.style, gridTemplateColumns: columns }}
                data-testid="bulk-plan-row"
                data-index={item.index}
                data-outcome={item.outcome}
                data-key={item.key}
              >
                {hasLines && (
                  <span role="gridcell" className="num muted">
                    {item.line !== undefined ? formatCount(item.line) : ''}
                  </span>
                )}
                <span role="gridcell" title={item.key}>
                  <ServerText value={item.key} />
                </span>
                <span role="gridcell" title={item.display}>
                  <ServerText value={item.display} />
                </span>
                <span role="gridcell">
                  <span className={`bulk-outcome is-${item.outcome}`}>{planOutcomeWords[item.outcome]}</span>
                </span>
                <span role="gridcell" className="bulk-change-cell" title={changeText(item)}>
                  <ServerText value={changeText(item)} />
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

/** What a row's change column says: the diff in brief, else why nothing is sent. */
function changeText(item: BulkPlanItem): string {
  if (item.diff.length > 0) return describeDiff(item.diff);
  return item.reason ?? '';
}
