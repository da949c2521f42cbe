import { useCallback } from 'react';
import type { BulkResultItem, BulkSendOutcome } from '../../../../shared/contract';
import { useBridge } from '../../bridge';
import { ErrorState } from '../../ui/ErrorState';
import { ServerText } from '../../ui/ServerText';
import { sendOutcomeLabels } from './model';
import { resultsPageQuery, type JobMoment } from './queries';
import { HEADER_HEIGHT, tableHeight, usePagedGrid } from './usePagedGrid';

const COLUMNS = 'minmax(8rem, 1fr) minmax(8rem, 1fr) 6rem minmax(12rem, 2fr) 6rem';

interface ResultsTableProps {
  jobId: string;
  /** How far the send job has got: each move reads the pages in view again. */
  moment: JobMoment;
  outcome: BulkSendOutcome | null;
  active: number | null;
  onActivate: (row: number, item: BulkResultItem | undefined) => void;
  /** Opens a target's exchange in the Inspector (Enter on its row, or its link). */
  onShowExchange: (exchangeId: string) => void;
}

/**
 * A send's outcome per target, virtualized and fetched 200 at a time: key, name, outcome, the error or
 * difference, and the exchange that proves it (Enter on the row opens it in the Inspector).
 */
export function ResultsTable({ jobId, moment, outcome, active, onActivate, onShowExchange }: ResultsTableProps) {
  const bridge = useBridge();
  const pageQuery = useCallback((page: number) => resultsPageQuery(bridge, jobId, outcome, page, moment), [bridge, jobId, outcome, moment]);
  const grid = usePagedGrid(pageQuery, active, onActivate, (item) => item.exchangeId && onShowExchange(item.exchangeId));
  const state = grid.first.isError ? 'error' : grid.first.isPending ? 'loading' : grid.total === 0 ? 'empty' : 'ready';
  return (
    <div className="bulk-table-wrap" data-testid="bulk-results-table-wrap" data-state={state} data-total={grid.total}>
      {state === 'error' && (
        <ErrorState title="The results could not be read:" message={grid.first.error?.message ?? ''} onRetry={() => void grid.first.refetch()} />
      )}
      {state === 'empty' && <p className="empty-state">{outcome ? 'No target has this outcome.' : 'No results yet.'}</p>}
      <div
        {...grid.gridProps}
        className="bulk-table"
        aria-label="Results per target"
        aria-colcount={5}
        style={{ height: tableHeight(grid.total) }}
        data-testid="bulk-results-table"
        hidden={state === 'error' || state === 'empty'}
      >
        <div className="bulk-canvas" role="presentation" style={{ height: grid.virtualizer.getTotalSize() }}>
          <div className="bulk-row bulk-row-head" role="row" aria-rowindex={1} style={{ gridTemplateColumns: COLUMNS, height: HEADER_HEIGHT }}>
            <span role="columnheader">Key</span>
            <span role="columnheader">Name</span>
            <span role="columnheader">Outcome</span>
            <span role="columnheader">Error or difference</span>
            <span role="columnheader">Exchange</span>
          </div>
          {grid.items.map((row) => {
            const item = grid.rowAt(row.index);
            const props = grid.rowProps(row.index, row.start);
            const style = { ...props.style, gridTemplateColumns: COLUMNS };
            const selected = active === row.index ? ' is-selected' : '';
            if (!item) {
              return (
                <div key={row.key} {...props} className={`bulk-row is-placeholder${selected}`} style={style} data-testid="bulk-row-placeholder">
                  <span role="gridcell" className="muted" aria-colspan={5}>
                    {grid.failed(row.index) ? 'This page could not be read.' : ''}
                  </span>
                </div>
              );
            }
            const said = item.error ?? item.differences.join('; ');
            return (
              <div
                key={row.key}
                {...props}
                className={`bulk-row is-${item.outcome}${selected}`}
                style={style}
                data-testid="bulk-result-row"
                data-index={item.index}
                data-outcome={item.outcome}
                data-key={item.key}
              >
                <span role="gridcell" title={item.key}>
                  <ServerText value={item.key} />
                </span>
                <span role="gridcell" title={item.display}>
                  <ServerText value={item.display} />
                </span>
                <span role="gridcell">
                  <span className={`bulk-outcome is-${item.outcome}`}>{sendOutcomeLabels[item.outcome]}</span>
                </span>
                <span role="gridcell" className="bulk-change-cell" title={said}>
                  <ServerText value={said} />
                </span>
                <span role="gridcell">
                  {item.exchangeId && (
                    // Focus stays on the grid (Enter opens the active row's exchange); the link is for the mouse.
                    <button
                      type="button"
                      className="link-button small"
                      tabIndex={-1}
                      data-testid="bulk-result-exchange-link"
                      onClick={(event) => {
                        event.stopPropagation();
                        onShowExchange(item.exchangeId!);
                      }}
                    >
                      exchange
                    </button>
                  )}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
