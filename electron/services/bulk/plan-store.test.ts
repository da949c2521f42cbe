import { appendFile, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BulkPlanRecord, BulkPlanSummary, JobState } from '../../../shared/contract';
import { BulkPlanStore, PLAN_RECORDS_FILE, type PlanStart } from './plan-store';

let dir: string;
const jobs = new Map<string, { kind: string; title: string; state: JobState }>();
const store = () =>
  new BulkPlanStore({
    filesDir: (id) => join(dir, id),
    jobs: {
      get: (id) => {
        const job = jobs.get(id);
        if (!job) throw Object.assign(new Error(`There is no job ${id}`), { code: 'not_found' });
        return job;
      },
    },
    redact: (text) => text.replaceAll('s3cret-token', '[redacted]'),
  });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bulk-plans-'));
  jobs.clear();
  jobs.set('plan-1', { kind: 'bulkPlan', title: 'Deactivate leavers', state: 'running' });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const start: PlanStart = {
  connectionId: 'c1',
  endpoint: '/Users',
  title: 'Deactivate leavers',
  action: { kind: 'deactivate' },
  dialect: 'rfc',
  sourceText: 'file leavers.csv (comma, 3 rows)',
  transport: { mode: 'single', reason: 'the server does not advertise /Bulk' },
  matchedBy: '',
  notes: [],
};

/** A record of `outcome` at `index`: a deactivation for changes, with its before and after states. */
function record(index: number, outcome: BulkPlanRecord['outcome'] = 'change'): BulkPlanRecord {
  const id = `u${index}`;
  const before = { id, userName: `user${index}@example.com`, active: true, note: 'é ü 漢字' };
  return {
    index,
    line: index + 2,
    key: `user${index}@example.com`,
    ...(outcome === 'notFound' || outcome === 'bad' ? {} : { id }),
    display: `user${index}@example.com`,
    outcome,
    ...(outcome === 'bad' ? { reason: 'No userName' } : {}),
    ...(outcome === 'change'
      ? {
          request: {
            method: 'PATCH' as const,
            path: `/Users/${id}`,
            body: { Operations: [{ op: 'replace', path: 'active', value: false }] },
            ifMatch: 'W/"1"',
          },
        }
      : {}),
    diff: outcome === 'change' ? [{ path: 'active', before: true, after: false }] : [],
    destructive: outcome === 'change',
    before: outcome === 'change' || outcome === 'skip' ? before : null,
    after: outcome === 'change' ? { ...before, active: false } : null,
    ...(outcome === 'change' ? { etag: 'W/"1"', operations: [{ op: 'replace' as const, path: 'active', value: false }] } : {}),
    paths: outcome === 'change' ? ['active'] : [],
  };
}

const outcomes: BulkPlanRecord['outcome'][] = ['change', 'skip', 'notFound', 'bad'];

async function writePlan(plans: BulkPlanStore, n: number): Promise<BulkPlanSummary> {
  const writer = plans.writer('plan-1', start);
  for (let i = 0; i < n; i++) await writer.append(record(i, outcomes[i % 4]));
  const summary: BulkPlanSummary = { ...start, jobId: 'plan-1', complete: true, totals: writer.totals(), matchedBy: 'filter' };
  await writer.finish(summary);
  return summary;
}

describe('BulkPlanStore', () => {
  it('keeps records in index order, pages them as items, filters by outcome and reads one with its states', async () => {
    const plans = store();
    const summary = await writePlan(plans, 10);
    expect(summary.totals).toEqual({ change: 3, create: 0, delete: 0, skip: 3, notFound: 2, bad: 2, destructive: 3 });
    expect(await plans.summary('plan-1')).toEqual(summary);

    const page = await plans.items('plan-1', { offset: 2, limit: 3 });
    expect(page.total).toBe(10);
    expect(page.items.map((i) => i.index)).toEqual([2, 3, 4]);
    expect(page.items[2]).not.toHaveProperty('before');
    expect(page.items[2]).not.toHaveProperty('operations');
    expect(page.items[2]).toMatchObject({ outcome: 'change', request: { method: 'PATCH', path: '/Users/u4' }, diff: [{ path: 'active' }] });

    const changes = await plans.items('plan-1', { outcome: 'change', offset: 1, limit: 50 });
    expect(changes).toMatchObject({ total: 3, items: [{ index: 4 }, { index: 8 }] });
    expect((await plans.items('plan-1', { outcome: 'create', offset: 0, limit: 50 })).total).toBe(0);

    expect(await plans.record('plan-1', 8)).toEqual(record(8, 'change'));
    await expect(plans.record('plan-1', 10)).rejects.toThrow('“Deactivate leavers” has no target #11 (it has 10).');
    expect((await plans.records('plan-1')).map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('reads a plan back in a new store (after a restart) from the files alone', async () => {
    const summary = await writePlan(store(), 25);
    const reopened = store();
    expect(await reopened.summary('plan-1')).toEqual(summary);
    expect((await reopened.items('plan-1', { outcome: 'skip', offset: 0, limit: 100 })).items.map((i) => i.index)).toEqual([1, 5, 9, 13, 17, 21]);
    expect(await reopened.record('plan-1', 24)).toEqual(record(24, 'change'));
  });

  it('shows a running plan with live totals, complete: false', async () => {
    const plans = store();
    const writer = plans.writer('plan-1', start);
    expect(await plans.summary('plan-1')).toMatchObject({ complete: false, totals: { change: 0 } });
    await writer.append(record(0));
    await writer.append(record(1, 'skip'));
    expect(await plans.summary('plan-1')).toMatchObject({ jobId: 'plan-1', complete: false, totals: { change: 1, skip: 1, destructive: 1 } });
    expect((await plans.items('plan-1', { offset: 0, limit: 10 })).total).toBe(2);
    await expect(writer.append(record(5))).rejects.toThrow('index order');
  });

  it('after a crash mid-write, reads the records flushed, leaves out a torn last line and says the plan is not complete', async () => {
    const plans = store();
    const writer = plans.writer('plan-1', start);
    for (let i = 0; i < 4; i++) await writer.append(record(i, outcomes[i]));
    await writer.flush();
    // The process dies while writing the fifth line: half of it reached the disk.
    const path = join(dir, 'plan-1', PLAN_RECORDS_FILE);
    await appendFile(path, JSON.stringify(record(4)).slice(0, 40));
    jobs.set('plan-1', { kind: 'bulkPlan', title: 'Deactivate leavers', state: 'interrupted' });

    const reopened = store();
    expect(await reopened.summary('plan-1')).toMatchObject({ complete: false, totals: { change: 1, skip: 1, notFound: 1, bad: 1 } });
    expect((await reopened.records('plan-1')).map((r) => r.outcome)).toEqual(outcomes);
  });

  it('starts a resumed plan job afresh', async () => {
    await writePlan(store(), 6);
    const plans = store();
    const writer = plans.writer('plan-1', start);
    await writer.append(record(0, 'skip'));
    await writer.flush();
    expect(await plans.summary('plan-1')).toMatchObject({ complete: false, totals: { skip: 1, change: 0 } });
    expect((await plans.records('plan-1')).length).toBe(1);
  });

  it('remembers the send job in the summary, also across a restart', async () => {
    const plans = store();
    await writePlan(plans, 3);
    await plans.setSendJob('plan-1', 'send-9');
    expect(await plans.summary('plan-1')).toMatchObject({ sendJobId: 'send-9', complete: true });
    expect(await store().summary('plan-1')).toMatchObject({ sendJobId: 'send-9' });
  });

  it('exports CSV and JSON next to the plan, redacted', async () => {
    const plans = store();
    const writer = plans.writer('plan-1', start);
    for (let i = 0; i < 1500; i++) await writer.append(i === 7 ? { ...record(i), display: 'token s3cret-token' } : record(i, outcomes[i % 4]));
    await writer.finish({ ...start, jobId: 'plan-1', complete: true, totals: writer.totals() });

    const json = await plans.file('plan-1', 'json');
    expect(json).toMatchObject({ jobId: 'plan-1', name: 'bulk-plan.json', mime: 'application/json' });
    const text = await readFile(json.path, 'utf8');
    expect(json.bytes).toBe((await stat(json.path)).size);
    expect(text).not.toContain('s3cret-token');
    const parsed = JSON.parse(text) as { summary: BulkPlanSummary; records: BulkPlanRecord[] };
    expect(parsed.summary).toMatchObject({ jobId: 'plan-1', totals: { change: 375 + 1 } });
    expect(parsed.records).toHaveLength(1500);
    expect(parsed.records[7]!.display).toBe('token [redacted]');

    const csv = await plans.file('plan-1', 'csv');
    expect(csv).toMatchObject({ name: 'bulk-plan.csv', mime: 'text/csv' });
    const rows = (await readFile(csv.path, 'utf8')).split(/\r?\n/).filter(Boolean);
    // One header row (batches of records do not repeat it), then a row per record.
    expect(rows).toHaveLength(1501);
    expect(rows.filter((r) => r === rows[0])).toHaveLength(1);
    expect(rows.join('\n')).not.toContain('s3cret-token');
  });

  it('leaves new passwords a plan sets out of the JSON export, in bodies and operations alike', async () => {
    const plans = store();
    const writer = plans.writer('plan-1', start);
    const setsPassword = record(0);
    const operations = [{ op: 'replace' as const, path: 'password', value: 'Winter-2026!' }];
    await writer.append({
      ...setsPassword,
      request: { method: 'PATCH', path: '/Users/u0', body: { Operations: operations } },
      operations,
      after: { ...setsPassword.after, password: 'Winter-2026!' },
    });
    await writer.finish({ ...start, jobId: 'plan-1', complete: true, totals: writer.totals() });
    // What is sent keeps it: the send job reads the stored record.
    expect((await plans.record('plan-1', 0)).operations).toEqual(operations);
    const text = await readFile((await plans.file('plan-1', 'json')).path, 'utf8');
    expect(text).not.toContain('Winter-2026!');
    const parsed = JSON.parse(text) as { records: BulkPlanRecord[] };
    expect(parsed.records[0]!.operations).toEqual([{ op: 'replace', path: 'password', value: '(password: not exported)' }]);
    expect(parsed.records[0]!.after).toMatchObject({ password: '(password: not exported)', active: false });
  });

  it('names the job when it has no plan, and refuses other kinds of job', async () => {
    jobs.set('queued-1', { kind: 'bulkPlan', title: 'Delete testers', state: 'queued' });
    jobs.set('export-1', { kind: 'export', title: 'Export users to CSV', state: 'succeeded' });
    const plans = store();
    await expect(plans.summary('queued-1')).rejects.toThrow('“Delete testers” has no plan: it has not started yet.');
    await expect(plans.items('export-1', { offset: 0, limit: 10 })).rejects.toThrow('“Export users to CSV” is not a bulk change plan');
    await expect(plans.summary('nope')).rejects.toThrow('There is no job nope');
  });

  it('reads a plan of 20,000 records a page at a time without reading the file whole', async () => {
    const plans = store();
    const writer = plans.writer('plan-1', start);
    for (let i = 0; i < 20_000; i++) await writer.append(record(i, outcomes[i % 4]));
    await writer.finish({ ...start, jobId: 'plan-1', complete: true, totals: writer.totals() });
    const reopened = store();
    const page = await reopened.items('plan-1', { outcome: 'bad', offset: 4990, limit: 20 });
    expect(page.total).toBe(5000);
    expect(page.items.map((i) => i.index)).toEqual(Array.from({ length: 10 }, (_v, k) => 19_963 + k * 4));
    let count = 0;
    for await (const batch of reopened.batches('plan-1')) count += batch.length;
    expect(count).toBe(20_000);
  });
});
