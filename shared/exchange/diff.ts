/**
 * A line diff for comparing two response bodies side by side, on jsdiff's Myers diff (O((N+M)·D):
 * the cost grows with the number of differing lines, not with the bodies' size, so two 5 MB bodies
 * that differ in a few lines are aligned exactly).
 */
import { diffArrays } from 'diff';

export type DiffRow =
  | { kind: 'same'; left: string; right: string; leftNo: number; rightNo: number }
  | { kind: 'changed'; left: string | null; right: string | null; leftNo: number | null; rightNo: number | null };

/**
 * Edits (deleted plus inserted lines) past which Myers is stopped: its time grows with their square
 * (about half a second here), and two bodies that far apart are better shown as one changed block
 * than after a frozen window.
 */
const MAX_EDITS = 2000;

export function diffLines(leftText: string, rightText: string): DiffRow[] {
  const a = leftText.split('\n');
  const b = rightText.split('\n');
  const rows: DiffRow[] = [];
  let i = 0;
  let j = 0;
  let lefts: number[] = [];
  let rights: number[] = [];
  const same = (count: number) => {
    // Deleted and inserted lines of one hunk are paired up row by row, like a side-by-side viewer.
    for (let k = 0; k < Math.max(lefts.length, rights.length); k++) {
      const l = lefts[k];
      const r = rights[k];
      rows.push({
        kind: 'changed',
        left: l === undefined ? null : a[l]!,
        right: r === undefined ? null : b[r]!,
        leftNo: l === undefined ? null : l + 1,
        rightNo: r === undefined ? null : r + 1,
      });
    }
    lefts = [];
    rights = [];
    for (let k = 0; k < count; k++, i++, j++) rows.push({ kind: 'same', left: a[i]!, right: b[j]!, leftNo: i + 1, rightNo: j + 1 });
  };
  const removed = (count: number) => {
    for (let k = 0; k < count; k++) lefts.push(i++);
  };
  const added = (count: number) => {
    for (let k = 0; k < count; k++) rights.push(j++);
  };

  const changes = diffArrays(a, b, { maxEditLength: MAX_EDITS });
  if (changes) {
    for (const change of changes) {
      if (change.removed) removed(change.count);
      else if (change.added) added(change.count);
      else same(change.count);
    }
  } else {
    // Too far apart: the common head and tail stay aligned, the middle is one changed block.
    let head = 0;
    while (head < a.length && head < b.length && a[head] === b[head]) head++;
    let tail = 0;
    while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
    same(head);
    removed(a.length - head - tail);
    added(b.length - head - tail);
  }
  same(a.length - i);
  return rows;
}

/** How many rows differ, for the summary line. */
export const changedCount = (rows: readonly DiffRow[]): number => rows.filter((r) => r.kind === 'changed').length;
