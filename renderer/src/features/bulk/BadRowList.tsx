import { formatCount } from '../../lib/format';
import { ServerText } from '../../ui/ServerText';

/** Bad rows shown at once; the rest are counted (the plan's export lists every one). */
const SHOWN = 200;

/** Rows left out, each with its line and why: never fixed, only listed. */
export function BadRowList({ bad, title, testId }: { bad: readonly { line: number; reason: string }[]; title: string; testId: string }) {
  if (bad.length === 0) return null;
  return (
    <details className="bulk-bad" data-testid={testId} data-count={bad.length} open={bad.length <= 10}>
      <summary>
        {title}: {formatCount(bad.length)}
      </summary>
      <ul className="bulk-bad-list">
        {bad.slice(0, SHOWN).map((row, i) => (
          <li key={`${row.line} ${i}`} data-testid="bulk-bad-row" data-line={row.line}>
            <span className="bulk-bad-line mono">line {formatCount(row.line)}</span> <ServerText value={row.reason} />
          </li>
        ))}
      </ul>
      {bad.length > SHOWN && <p className="muted small">and {formatCount(bad.length - SHOWN)} more</p>}
    </details>
  );
}
