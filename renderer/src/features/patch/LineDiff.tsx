import { useMemo } from 'react';
import { changedCount, diffLines, type DiffRow } from '../../../../shared/exchange';
import { pretty } from '../../scim';

const CONTEXT = 2;

type Line = { kind: 'same' | 'del' | 'ins'; text: string } | { kind: 'gap'; count: number };

/** Unified lines: changed rows as − / +, unchanged ones kept only near a change. */
function unified(rows: readonly DiffRow[]): Line[] {
  const near = rows.map(() => false);
  rows.forEach((row, i) => {
    if (row.kind !== 'changed') return;
    for (let k = Math.max(0, i - CONTEXT); k <= Math.min(rows.length - 1, i + CONTEXT); k++) near[k] = true;
  });
  const lines: Line[] = [];
  let gap = 0;
  rows.forEach((row, i) => {
    if (!near[i]) {
      gap++;
      return;
    }
    if (gap) lines.push({ kind: 'gap', count: gap });
    gap = 0;
    if (row.kind === 'same') lines.push({ kind: 'same', text: row.left });
    else {
      if (row.left !== null) lines.push({ kind: 'del', text: row.left });
      if (row.right !== null) lines.push({ kind: 'ins', text: row.right });
    }
  });
  if (gap) lines.push({ kind: 'gap', count: gap });
  return lines;
}

type LineDiffProps = { left: unknown; right: unknown; testId: string; leftLabel: string; rightLabel: string; sameText?: string };

/** Two resources as pretty JSON, their differing lines marked (− left, + right). */
export function LineDiff({ left, right, testId, leftLabel, rightLabel, sameText = 'no difference' }: LineDiffProps) {
  const rows = useMemo(() => diffLines(pretty(left), pretty(right)), [left, right]);
  const changed = changedCount(rows);
  const lines = useMemo(() => unified(rows), [rows]);
  return (
    <div className="patch-diff" data-testid={testId} data-changed={changed}>
      <p className="muted patch-diff-legend">
        <span className="patch-del-mark">−</span> {leftLabel} · <span className="patch-ins-mark">+</span> {rightLabel}
        {changed === 0 ? ` · ${sameText}` : ''}
      </p>
      {changed > 0 && (
        <pre className="mono patch-diff-body" role="region" tabIndex={0} aria-label={`${leftLabel} compared with ${rightLabel}`}>
          {lines.map((line, i) =>
            line.kind === 'gap' ? (
              <span key={i} className="patch-diff-gap">
                ⋯ {line.count} unchanged {line.count === 1 ? 'line' : 'lines'}
                {'\n'}
              </span>
            ) : (
              <span key={i} className={`patch-diff-${line.kind}`}>
                {line.kind === 'del' ? '− ' : line.kind === 'ins' ? '+ ' : '  '}
                {line.text}
                {'\n'}
              </span>
            ),
          )}
        </pre>
      )}
    </div>
  );
}
