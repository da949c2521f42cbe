import { describe, expect, it } from 'vitest';
import type { BulkPlanRecord, BulkResultItem } from '../contract/bulk';
import { describeDiff, describeValue, planCsv, resultsCsv } from './export';
import { readRows } from './rows';

const change: BulkPlanRecord = {
  index: 0,
  line: 2,
  key: 'ada',
  id: 'u1',
  display: 'ada',
  outcome: 'change',
  request: { method: 'PATCH', path: '/Users/u1', body: {} },
  diff: [
    { path: 'active', before: true, after: false },
    { path: 'title', before: 'a', after: 'b' },
  ],
  destructive: true,
  before: {},
  after: {},
  paths: ['active', 'title'],
};
const notFound: BulkPlanRecord = {
  index: 1,
  line: 3,
  key: '=cmd|x',
  display: '=cmd|x',
  outcome: 'notFound',
  reason: 'no user with userName “=cmd|x”',
  diff: [],
  destructive: false,
  before: null,
  after: null,
  paths: [],
};

describe('describeDiff', () => {
  it('writes each entry as path: before → after', () => {
    expect(describeDiff(change.diff)).toBe('active: true → false; title: “a” → “b”');
    expect(describeDiff([])).toBe('');
  });

  it('says (none) for absent values and shows lists and objects compactly', () => {
    expect(describeDiff([{ path: 'nickName', before: undefined, after: 'Addy' }])).toBe('nickName: (none) → “Addy”');
    expect(describeValue(null)).toBe('(none)');
    expect(describeValue('')).toBe('(none)');
    expect(describeValue(0)).toBe('0');
    expect(describeValue(['a', 'b'])).toBe('[“a”, “b”]');
    expect(describeValue([{ value: 'u1' }])).toBe('[{"value":"u1"}]');
    expect(describeValue('x'.repeat(500))).toHaveLength(203); // quotes, 200 characters, ellipsis
  });
});

describe('planCsv', () => {
  it('writes a BOM, the header and one row per target, readable back with the same values', () => {
    const csv = planCsv([change, notFound]);
    expect(csv.startsWith('\uFEFFline,key,id,display,outcome,reason,method,path,changes\r\n')).toBe(true);
    const read = readRows(csv);
    expect(read.bad).toEqual([]);
    expect(read.rows.map((r) => r.values)).toEqual([
      {
        line: '2',
        key: 'ada',
        id: 'u1',
        display: 'ada',
        outcome: 'change',
        reason: '',
        method: 'PATCH',
        path: '/Users/u1',
        changes: 'active: true → false; title: “a” → “b”',
      },
      // Cells a spreadsheet would run as formulas are escaped with a quote.
      {
        line: '3',
        key: "'=cmd|x",
        id: '',
        display: "'=cmd|x",
        outcome: 'notFound',
        reason: 'no user with userName “=cmd|x”',
        method: '',
        path: '',
        changes: '',
      },
    ]);
  });
});

describe('resultsCsv', () => {
  it('writes one row per target with its outcome, error and differences', () => {
    const items: BulkResultItem[] = [
      {
        index: 0,
        line: 2,
        key: 'ada',
        id: 'u1',
        display: 'ada',
        planned: 'change',
        outcome: 'drifted',
        differences: ['active: asked false, stored "False"', 'title: asked "b", stored "B"'],
      },
      { index: 1, key: 'bob', display: 'bob', planned: 'delete', outcome: 'failed', error: '412 Precondition Failed, "changed"', differences: [] },
    ];
    const csv = resultsCsv(items);
    expect(csv.startsWith('\uFEFFline,key,id,display,planned,outcome,error,differences\r\n')).toBe(true);
    expect(readRows(csv).rows.map((r) => r.values)).toEqual([
      {
        line: '2',
        key: 'ada',
        id: 'u1',
        display: 'ada',
        planned: 'change',
        outcome: 'drifted',
        error: '',
        differences: 'active: asked false, stored "False"; title: asked "b", stored "B"',
      },
      { line: '', key: 'bob', id: '', display: 'bob', planned: 'delete', outcome: 'failed', error: '412 Precondition Failed, "changed"', differences: '' },
    ]);
  });
});
