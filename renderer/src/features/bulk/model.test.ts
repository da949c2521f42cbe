import { describe, expect, it } from 'vitest';
import type { BulkTotals, JobView } from '../../../../shared/contract';
import {
  actionChoices,
  buildAction,
  coerceValue,
  diffLine,
  fileFormatText,
  fitMapping,
  initialActionDraft,
  latestJob,
  needsTypedCount,
  planTitle,
  savedMappingFits,
  sendCount,
  sourceWords,
  toggleOutcome,
  transportText,
  typedCountMatches,
  type ActionDraft,
} from './model';

const users = { one: 'user', many: 'users' };
const types: Record<string, string> = { active: 'boolean', title: 'string', 'urn:ext:costCenter': 'integer' };
const typeOf = (path: string) => types[path];
const draft = (over: Partial<ActionDraft>): ActionDraft => ({ ...initialActionDraft, ...over });
const totals = (over: Partial<BulkTotals>): BulkTotals => ({ change: 0, create: 0, delete: 0, skip: 0, notFound: 0, bad: 0, destructive: 0, ...over });

describe('the action being composed', () => {
  it('offers upsert only for files, and group actions only on users', () => {
    expect(actionChoices('file', 'users')).toContain('upsert');
    expect(actionChoices('browser', 'users')).not.toContain('upsert');
    expect(actionChoices('browser', 'users')).toEqual(expect.arrayContaining(['deactivate', 'groupAdd', 'groupRemove', 'replaceMembers']));
    expect(actionChoices('browser', 'groups')).not.toContain('deactivate');
    expect(actionChoices('file', 'groups')).not.toContain('groupAdd');
  });

  it('types fixed values by their attribute, and says what a value is not', () => {
    expect(coerceValue('TRUE', 'boolean')).toEqual({ value: true });
    expect(coerceValue('42', 'integer')).toEqual({ value: 42 });
    expect(coerceValue('Engineer', 'string')).toEqual({ value: 'Engineer' });
    expect(coerceValue('anything', undefined)).toEqual({ value: 'anything' });
    expect(coerceValue('maybe', 'boolean')).toEqual({ error: expect.stringContaining('“maybe” is not a boolean') });
    expect(coerceValue('4.5', 'integer')).toEqual({ error: expect.stringContaining('whole number') });
  });

  it('builds set, add and upsert from fixed values, which a browser source needs and a file may leave to its columns', () => {
    const values = [
      { path: 'active', value: 'false' },
      { path: 'urn:ext:costCenter', value: '7' },
    ];
    expect(buildAction(draft({ kind: 'set', values }), 'browser', typeOf)).toEqual({
      action: { kind: 'set', values: { active: false, 'urn:ext:costCenter': 7 } },
    });
    expect(buildAction(draft({ kind: 'add', values: [] }), 'browser', typeOf)).toEqual({ problem: expect.stringContaining('at least one') });
    expect(buildAction(draft({ kind: 'upsert', values: [] }), 'file', typeOf)).toEqual({ action: { kind: 'upsert', values: {} } });
    expect(buildAction(draft({ kind: 'set', values: [{ path: '', value: 'x' }] }), 'file', typeOf)).toEqual({
      problem: expect.stringContaining('Choose an attribute'),
    });
    expect(buildAction(draft({ kind: 'set', values: [{ path: 'active', value: 'nope' }] }), 'browser', typeOf)).toEqual({
      problem: expect.stringContaining('active:'),
    });
    const twice = [
      { path: 'title', value: 'a' },
      { path: 'title', value: 'b' },
    ];
    expect(buildAction(draft({ kind: 'set', values: twice }), 'browser', typeOf)).toEqual({ problem: 'title has two fixed values.' });
  });

  it('needs paths to clear and a group to add to; creates missing rows only for a file', () => {
    expect(buildAction(draft({ kind: 'clear', paths: [] }), 'browser', typeOf)).toEqual({ problem: expect.any(String) });
    expect(buildAction(draft({ kind: 'clear', paths: ['title', 'title', 'active'] }), 'browser', typeOf)).toEqual({
      action: { kind: 'clear', paths: ['title', 'active'] },
    });
    expect(buildAction(draft({ kind: 'groupAdd' }), 'file', typeOf)).toEqual({ problem: 'Choose the group.' });
    const group = { groupId: 'g1', groupName: 'Engineering' };
    expect(buildAction(draft({ kind: 'groupAdd', group, createMissing: true }), 'file', typeOf)).toEqual({
      action: { kind: 'groupAdd', ...group, createMissing: true },
    });
    expect(buildAction(draft({ kind: 'groupAdd', group, createMissing: true }), 'browser', typeOf)).toEqual({
      action: { kind: 'groupAdd', ...group, createMissing: false },
    });
    expect(buildAction(draft({ kind: 'replaceMembers', group }), 'browser', typeOf)).toEqual({ action: { kind: 'replaceMembers', ...group } });
    expect(buildAction(draft({ kind: 'deactivate' }), 'browser', typeOf)).toEqual({ action: { kind: 'deactivate' } });
  });
});

describe('titles and words', () => {
  it('names the source and the change in the job title', () => {
    const file = sourceWords({ kind: 'file', name: 'leavers.csv', rows: 500 }, users);
    expect(planTitle({ kind: 'deactivate' }, file)).toBe('Deactivate the users in leavers.csv (500 rows)');
    const picked = sourceWords({ kind: 'ids', count: 1 }, users);
    expect(planTitle({ kind: 'groupAdd', groupId: 'g', groupName: 'Engineering', createMissing: false }, picked)).toBe('Add 1 selected user to “Engineering”');
    const filter = sourceWords({ kind: 'filter', count: 1234 }, users);
    expect(planTitle({ kind: 'clear', paths: ['title', 'nickName'] }, filter)).toBe('Clear title, nickName of 1,234 users the filter matches');
    expect(planTitle({ kind: 'set', values: {} }, 'x'.repeat(400))).toHaveLength(300);
  });

  it('shows the file format with the delimiter as a word', () => {
    expect(fileFormatText({ format: 'csv', delimiter: ';' })).toBe('CSV, semicolon-separated');
    expect(fileFormatText({ format: 'csv', delimiter: '\t' })).toBe('CSV, tab-separated');
    expect(fileFormatText({ format: 'jsonl' })).toBe('JSON lines');
  });

  it('says how the plan will be sent', () => {
    expect(transportText({ mode: 'bulk', maxOperations: 100 })).toBe('/Bulk, up to 100 operations per request');
    expect(transportText({ mode: 'bulk', maxOperations: 1000, maxPayloadSize: 1_048_576 })).toBe('/Bulk, up to 1,000 operations and 1 MB per request');
    expect(transportText({ mode: 'single', reason: 'the server does not advertise /Bulk' })).toBe('single requests: the server does not advertise /Bulk');
  });

  it('writes a diff entry as before → after', () => {
    expect(diffLine({ path: 'active', before: true, after: false })).toBe('active: true → false');
    expect(diffLine({ path: 'title', before: undefined, after: 'Engineer' })).toBe('title: (none) → Engineer');
    expect(diffLine({ path: 'emails', before: [{ value: 'a@x' }], after: null })).toBe('emails: [{"value":"a@x"}] → (none)');
  });
});

describe('sending', () => {
  it('counts what is written and asks for the count above the threshold', () => {
    expect(sendCount(totals({ change: 3, create: 2, delete: 1, skip: 10, notFound: 4, bad: 2 }))).toBe(6);
    expect(needsTypedCount(totals({ destructive: 25 }))).toBe(false);
    expect(needsTypedCount(totals({ destructive: 26 }))).toBe(true);
  });

  it('accepts the count typed with or without separators, and nothing else', () => {
    expect(typedCountMatches('500', 500)).toBe(true);
    expect(typedCountMatches(' 1,234 ', 1234)).toBe(true);
    expect(typedCountMatches('1 234', 1234)).toBe(true);
    expect(typedCountMatches('50', 500)).toBe(false);
    expect(typedCountMatches('', 0)).toBe(false);
    expect(typedCountMatches('500x', 500)).toBe(false);
  });

  it('toggles an outcome filter off with a second press', () => {
    expect(toggleOutcome(null, 'failed')).toBe('failed');
    expect(toggleOutcome('failed', 'failed')).toBeNull();
    expect(toggleOutcome('failed', 'done')).toBe('done');
  });
});

describe('reopening', () => {
  const job = (over: Partial<JobView>): JobView => ({
    id: 'j',
    kind: 'bulkPlan',
    connectionId: 'c1',
    title: 't',
    writes: false,
    state: 'succeeded',
    createdAt: '2026-01-01T10:00:00.000Z',
    progress: { done: 0, total: null, unit: 'users', requests: 0, ratePerSecond: null, etaMs: null },
    stepsDone: 0,
    stepsTotal: 0,
    ...over,
  });

  it('finds the newest plan and send of the connection (the list is newest first)', () => {
    const jobs = [
      job({ id: 'x', connectionId: 'c2' }),
      job({ id: 's2', kind: 'bulkSend' }),
      job({ id: 'p2' }),
      job({ id: 'e', kind: 'export' }),
      job({ id: 'p1' }),
    ];
    expect(latestJob(jobs, 'c1', 'bulkPlan')?.id).toBe('p2');
    expect(latestJob(jobs, 'c1', 'bulkSend')?.id).toBe('s2');
    expect(latestJob(jobs, 'c3', 'bulkPlan')).toBeUndefined();
    expect(latestJob(undefined, 'c1', 'bulkPlan')).toBeUndefined();
  });

  it('offers a saved mapping only for a file whose every column it names', () => {
    const saved = {
      keyColumn: 'email',
      keyAttribute: 'emails.value' as const,
      columns: [
        { column: 'email', path: null },
        { column: 'dept', path: 'urn:ext:department' },
        { column: 'old', path: 'title' },
      ],
    };
    expect(savedMappingFits(saved, ['email', 'dept'])).toBe(true);
    expect(fitMapping(saved, ['dept', 'email'])).toEqual({ ...saved, columns: [saved.columns[1], saved.columns[0]] });
    expect(savedMappingFits(saved, ['email', 'dept', 'new'])).toBe(false);
    expect(savedMappingFits(saved, ['mail', 'dept'])).toBe(false);
    expect(savedMappingFits(null, ['email'])).toBe(false);
  });
});
