import { describe, expect, it } from 'vitest';
import { changedCount, diffLines } from './diff';

describe('diffLines', () => {
  it('marks nothing for equal texts', () => {
    const rows = diffLines('a\nb\nc', 'a\nb\nc');
    expect(rows.every((r) => r.kind === 'same')).toBe(true);
    expect(rows).toHaveLength(3);
  });

  it('pairs a changed line and keeps the lines around it aligned', () => {
    const rows = diffLines('{\n  "a": 1,\n  "b": 2\n}', '{\n  "a": 1,\n  "b": 3\n}');
    expect(rows.map((r) => r.kind)).toEqual(['same', 'same', 'changed', 'same']);
    expect(rows[2]).toEqual({ kind: 'changed', left: '  "b": 2', right: '  "b": 3', leftNo: 3, rightNo: 3 });
  });

  it('shows insertions and deletions with a blank on the other side', () => {
    const rows = diffLines('a\nb\nc\nd', 'a\nc\nx\nd');
    expect(rows.map((r) => [r.kind, r.left, r.right])).toEqual([
      ['same', 'a', 'a'],
      ['changed', 'b', null],
      ['same', 'c', 'c'],
      ['changed', null, 'x'],
      ['same', 'd', 'd'],
    ]);
    expect(changedCount(rows)).toBe(2);
  });

  it('keeps every line of both sides, in order', () => {
    const left = 'x\ny\nz\nq\nr';
    const right = 'y\nz\nw\nr\ns';
    const rows = diffLines(left, right);
    expect(rows.map((r) => r.left).filter((l) => l !== null)).toEqual(left.split('\n'));
    expect(rows.map((r) => r.right).filter((l) => l !== null)).toEqual(right.split('\n'));
  });

  it('aligns two ~5 MB bodies that differ in a few lines exactly', () => {
    // A pretty-printed ListResponse-like body: 120,000 lines of ~44 bytes.
    const left = Array.from({ length: 120_000 }, (_, i) => `    "userName": "user${String(i).padStart(6, '0')}@example.com",`);
    const right = left.slice();
    right[10] = 'changed';
    right.splice(60_000, 1);
    right.splice(100_000, 0, 'inserted');
    const leftText = left.join('\n');
    expect(leftText.length).toBeGreaterThan(5_000_000);
    const rows = diffLines(leftText, right.join('\n'));
    expect(rows.filter((r) => r.kind === 'changed')).toEqual([
      { kind: 'changed', left: left[10], right: 'changed', leftNo: 11, rightNo: 11 },
      { kind: 'changed', left: left[60_000], right: null, leftNo: 60_001, rightNo: null },
      { kind: 'changed', left: null, right: 'inserted', leftNo: null, rightNo: 100_001 },
    ]);
    expect(rows).toHaveLength(120_001);
    expect(rows.every((r) => r.kind === 'changed' || (r.left === r.right && r.left === left[r.leftNo - 1] && r.right === right[r.rightNo - 1]))).toBe(true);
  });

  it('shows the middle of two wholly different texts as changed instead of stalling', () => {
    const n = 200_000;
    const left = ['head', ...Array.from({ length: n }, (_, i) => `l${i}`), 'tail'].join('\n');
    const right = ['head', ...Array.from({ length: n }, (_, i) => `r${i}`), 'tail'].join('\n');
    const started = performance.now();
    const rows = diffLines(left, right);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(rows[0]).toMatchObject({ kind: 'same', left: 'head' });
    expect(rows.at(-1)).toMatchObject({ kind: 'same', left: 'tail', leftNo: n + 2, rightNo: n + 2 });
    expect(changedCount(rows)).toBe(n);
  });
});
