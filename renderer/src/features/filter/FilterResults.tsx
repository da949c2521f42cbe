import type { UseQueryResult } from '@tanstack/react-query';
import type { ListPage, ResourceTypeDef } from '../../../../shared/contract';
import { failureText, isBridgeError } from '../../bridge';
import { formatCount } from '../../lib/format';
import { ServerText } from '../../ui/ServerText';
import { cellText, columnFor, defaultColumns, resourceKind } from '../../scim';
import { textOf } from '../../../../shared/scim';
import { ShowExchangeLink } from '../../ui/ShowExchangeLink';

interface FilterResultsProps {
  /** null before the first Run. */
  run: { filter: string; endpoint: string } | null;
  result: UseQueryResult<ListPage>;
  resourceType: ResourceTypeDef;
  /** Absent when retrying is pointless (the server refused this filter before: main would not send it). */
  onRetry?: () => void;
  /** Opens an exchange in the inspector (the one that showed a refusal). */
  onShowExchange?: (exchangeId: string) => void;
}

/** The first page of what the server answered to a run, its total, and whether it really filtered. */
export function FilterResults({ run, result, resourceType, onRetry, onShowExchange }: FilterResultsProps) {
  const columns = defaultColumns(resourceKind(resourceType)).map(columnFor);
  const page = result.data;
  const state =
    run === null
      ? 'idle'
      : result.isError
        ? 'error'
        : result.isPending || result.isFetching
          ? 'loading'
          : page && page.resources.length > 0
            ? 'ready'
            : 'empty';
  const check = run?.filter && page?.filterCheck && page.filterCheck.mismatches > 0 ? page.filterCheck : null;
  // Main refuses at once a filter with a term the server refused before: nothing was sent this time.
  const notSent = isBridgeError(result.error) && result.error.data.code === 'unsupported';
  const exchangeId = isBridgeError(result.error) ? result.error.data.exchangeId : undefined;
  return (
    <section className="filter-results" data-testid="filter-results" data-state={state} aria-label="Results" aria-busy={state === 'loading'}>
      <header className="filter-results-head">
        <h2>Results</h2>
        {page && state !== 'error' && (
          <span className="total-count" data-testid="filter-total">
            {page.totalResults !== null ? `${formatCount(page.totalResults)} total` : 'total not given'}
            {page.resources.length > 0 && `, first ${formatCount(page.resources.length)} shown`}
          </span>
        )}
        {run && (
          <code className="filter-results-ran muted" title={run.filter}>
            {run.filter || '(no filter)'}
          </code>
        )}
      </header>
      {check && (
        <div className="warning-box" role="status" data-testid="filter-ignored" data-mismatches={check.mismatches}>
          The server ignored this filter: {formatCount(check.mismatches)} of {formatCount(check.checked)} results on this page do not match it.
        </div>
      )}
      {state === 'idle' && <p className="empty-state">Run the filter to see what the server returns.</p>}
      {state === 'loading' && !page && <p className="loading-state">Asking the server…</p>}
      {state === 'error' && (
        <div className="error-state" role="alert" data-testid="filter-run-error">
          <p>
            <strong>{notSent ? 'Not sent.' : 'The server refused this filter.'}</strong> {failureText(result.error)}
            <ShowExchangeLink id={exchangeId} onShow={onShowExchange} testId="run-error-show-exchange" />
          </p>
          {!notSent && onRetry && (
            <button type="button" className="button" onClick={onRetry}>
              Retry
            </button>
          )}
        </div>
      )}
      {state === 'empty' && page && <p className="empty-state">Nothing matches this filter.</p>}
      {page && page.resources.length > 0 && state !== 'error' && (
        // A static table (nothing to select or open: not a grid). It scrolls, so it takes focus as a region;
        // aria-rowcount says how many the server matched, not the first page shown.
        <div className="table-scroll filter-results-table" role="region" aria-label="Matching resources" tabIndex={0}>
          <table className="data-table" data-testid="filter-results-table" aria-rowcount={page.totalResults !== null ? page.totalResults + 1 : -1}>
            <thead>
              <tr aria-rowindex={1}>
                <th scope="col" className="col-num">
                  #
                </th>
                {columns.map((c) => (
                  <th key={c.path} scope="col" title={c.path}>
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {page.resources.map((resource, index) => (
                <tr key={`${textOf(resource.id)} ${index}`} aria-rowindex={index + 2} data-testid="filter-result-row" data-id={textOf(resource.id)}>
                  <td className="col-num">{index + 1}</td>
                  {columns.map((c) => {
                    const value = cellText(resource, c.path);
                    return (
                      <td key={c.path} title={value}>
                        <ServerText value={value} />
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
