import { describe, expect, it } from 'vitest';
import { changedCount, diffLines, MAX_LCS_CELLS } from './diff';

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

  it('gives up aligning a huge middle instead of stalling', () => {
    const n = Math.ceil(Math.sqrt(MAX_LCS_CELLS)) + 10;
    const left = ['same', ...Array.from({ length: n }, (_, i) => `l${i}`)].join('\n');
    const right = ['same', ...Array.from({ length: n }, (_, i) => `r${i}`)].join('\n');
    const started = performance.now();
    const rows = diffLines(left, right);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(rows[0]!.kind).toBe('same');
    expect(changedCount(rows)).toBe(n);
  });
});
