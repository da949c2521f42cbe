import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { JournalEntry } from '../../../../shared/contract';
import { changedCount, diffLines } from '../../../../shared/exchange';
import { errorMessage, useBridge } from '../../bridge';
import { looksJson, prettyJson } from './jsonBody';
import { journalEntryQuery } from './queries';

/** Rows drawn at most; a longer diff says how many more there are instead of freezing the window. */
const MAX_ROWS = 5000;

/** Bodies are compared pretty-printed, so two servers' different whitespace is not a difference. */
function comparable(entry: JournalEntry): string {
  const body = entry.responseBody;
  if (!body) return '';
  return (looksJson(body.text, body.contentType) && prettyJson(body.text)) || body.text;
}

const label = (e: JournalEntry) => `${e.method} ${e.path} → ${e.status ?? e.error?.code ?? '—'}`;

/** The response bodies of the two marked exchanges side by side, differing lines marked. */
export function DiffView({ ids, onClose }: { ids: readonly [string, string]; onClose: () => void }) {
  const bridge = useBridge();
  const left = useQuery(journalEntryQuery(bridge, ids[0]));
  const right = useQuery(journalEntryQuery(bridge, ids[1]));
  const rows = useMemo(() => (left.data && right.data ? diffLines(comparable(left.data), comparable(right.data)) : null), [left.data, right.data]);
  const failed = left.error ?? right.error;
  const state = failed ? 'error' : rows ? 'ready' : 'loading';
  const changed = rows ? changedCount(rows) : 0;

  return (
    <div className="inspector-detail inspector-diff" data-testid="inspector-diff" data-state={state} data-changed={changed}>
      <header className="inspector-detail-head">
        <h2 className="inspector-section-title">Response bodies compared</h2>
        <div className="spacer" />
        <button type="button" className="button button-subtle" onClick={onClose} data-testid="inspector-diff-close">
          Back to the exchange
        </button>
      </header>
      {state === 'loading' && <p className="loading-state">Loading both exchanges…</p>}
      {failed && (
        <p className="error-state" role="alert">
          {errorMessage(failed)}
        </p>
      )}
      {rows && left.data && right.data && (
        <>
          <p className="muted" data-testid="inspector-diff-summary" aria-live="polite">
            {changed === 0 ? 'The two response bodies are the same.' : `${changed} ${changed === 1 ? 'line differs' : 'lines differ'}.`}
          </p>
          <div className="inspector-diff-scroll" role="region" tabIndex={0} aria-label="Side-by-side diff">
            <table className="inspector-diff-table">
              {/* Fixed layout takes widths from here, not from the colSpan'd header row. */}
              <colgroup>
                <col className="diff-no-col" />
                <col />
                <col className="diff-no-col" />
                <col />
              </colgroup>
              <thead>
                <tr>
                  <th colSpan={2} className="mono" title={left.data.url}>
                    {label(left.data)}
                  </th>
                  <th colSpan={2} className="mono" title={right.data.url}>
                    {label(right.data)}
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.slice(0, MAX_ROWS).map((row, i) => (
                  <tr key={i} className={row.kind === 'changed' ? 'is-changed' : undefined} data-kind={row.kind}>
                    <td className="diff-no">{row.leftNo ?? ''}</td>
                    <td className={row.kind === 'changed' && row.left !== null ? 'diff-line diff-left' : 'diff-line'}>{row.left ?? ''}</td>
                    <td className="diff-no">{row.rightNo ?? ''}</td>
                    <td className={row.kind === 'changed' && row.right !== null ? 'diff-line diff-right' : 'diff-line'}>{row.right ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {rows.length > MAX_ROWS && (
            <p className="inspector-note">
              Showing the first {MAX_ROWS.toLocaleString('en-US')} of {rows.length.toLocaleString('en-US')} lines.
            </p>
          )}
        </>
      )}
    </div>
  );
}
