/**
 * A line diff for comparing two response bodies side by side. Common head and tail are matched
 * first (cheap, and most SCIM answers differ in a few lines); the middle gets a longest-common-
 * subsequence table when it is small enough, else is shown as wholly changed rather than freezing.
 */

export type DiffRow =
  | { kind: 'same'; left: string; right: string; leftNo: number; rightNo: number }
  | { kind: 'changed'; left: string | null; right: string | null; leftNo: number | null; rightNo: number | null };

/** Cells of the LCS table above which the middle is not aligned line by line. */
export const MAX_LCS_CELLS = 4_000_000;

export function diffLines(leftText: string, rightText: string): DiffRow[] {
  const a = leftText.split('\n');
  const b = rightText.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;

  const rows: DiffRow[] = [];
  const same = (i: number, j: number) => rows.push({ kind: 'same', left: a[i]!, right: b[j]!, leftNo: i + 1, rightNo: j + 1 });
  for (let i = 0; i < head; i++) same(i, i);

  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const changes = (lefts: number[], rights: number[]) => {
    // Deleted and inserted lines of one hunk are paired up row by row, like a side-by-side viewer.
    for (let k = 0; k < Math.max(lefts.length, rights.length); k++) {
      const i = lefts[k];
      const j = rights[k];
      rows.push({ kind: 'changed', left: i === undefined ? null : a[i]!, right: j === undefined ? null : b[j]!, leftNo: i === undefined ? null : i + 1, rightNo: j === undefined ? null : j + 1 });
    }
  };

  if (midA.length * midB.length > MAX_LCS_CELLS) {
    changes(midA.map((_, k) => head + k), midB.map((_, k) => head + k));
  } else {
    // lcs[i][j]: length of the LCS of midA[i..] and midB[j..], in one flat array.
    const n = midA.length;
    const m = midB.length;
    const lcs = new Uint32Array((n + 1) * (m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * (m + 1) + j] = midA[i] === midB[j] ? lcs[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(lcs[(i + 1) * (m + 1) + j]!, lcs[i * (m + 1) + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    let lefts: number[] = [];
    let rights: number[] = [];
    const flush = () => {
      changes(lefts, rights);
      lefts = [];
      rights = [];
    };
    while (i < n || j < m) {
      if (i < n && j < m && midA[i] === midB[j]) {
        flush();
        same(head + i, head + j);
        i++;
        j++;
      } else if (j >= m || (i < n && lcs[(i + 1) * (m + 1) + j]! >= lcs[i * (m + 1) + j + 1]!)) {
        lefts.push(head + i++);
      } else {
        rights.push(head + j++);
      }
    }
    flush();
  }
  for (let k = tail; k > 0; k--) same(a.length - k, b.length - k);
  return rows;
}

/** How many rows differ, for the summary line. */
export const changedCount = (rows: readonly DiffRow[]): number => rows.filter((r) => r.kind === 'changed').length;
