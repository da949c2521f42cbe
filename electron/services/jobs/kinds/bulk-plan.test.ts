/**
 * The bulk plan job (the dry run) end to end through the contract, against the embedded demo
 * server's rfc persona: totals, bad rows by line, the stored plan's pages and records, the export,
 * and not one request that changes the server (asserted in the request journal).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulkPlanItem, BulkPlanJobParams, BulkPlanRecord, BulkPlanSummary, JobView, JournalSummary } from '../../../../shared/contract';
import { createAppCore, type AppCore } from '../../core';
import { KeyFileCipher } from '../../secrets/cipher';
import { coreCalls } from '../test-helpers';

type Resource = Record<string, unknown> & { id: string };

let core: AppCore | undefined;
let connectionId = '';
let users: Resource[] = [];
const { call, ended } = coreCalls(() => core!);

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bulk-plan-job-'));
  core = await createAppCore({
    dataDir: dir,
    cipher: await KeyFileCipher.open(join(dir, 'secret.key')),
    shell: 'web',
    version: 'test',
    demo: { users: 150, seed: 11 },
  });
  const connections = await call<Array<{ id: string; demo?: { persona: string } }>>('connections.list', {});
  connectionId = connections.find((c) => c.demo?.persona === 'rfc')!.id;
  users = (await call<{ resources: Resource[] }>('scim.list', { connectionId, endpoint: '/Users', count: 150 })).resources;
});
afterAll(async () => {
  await core?.close();
});

async function plan(params: Omit<BulkPlanJobParams, 'connectionId' | 'dialect'> & { dialect?: BulkPlanJobParams['dialect'] }) {
  await call('journal.clear', { connectionId });
  const started = await call<JobView>('jobs.start', { kind: 'bulkPlan', params: { connectionId, ...params } });
  const view = await ended(started.id);
  const journal = await call<JournalSummary[]>('journal.list', { connectionId, limit: 5000 });
  return { id: started.id, started, view, journal };
}

const writes = (journal: JournalSummary[]) => journal.filter((e) => e.method !== 'GET').map((e) => `${e.method} ${e.path}`);
const items = (jobId: string, outcome?: BulkPlanItem['outcome']) =>
  call<{ total: number; items: BulkPlanItem[] }>('bulk.planItems', { jobId, offset: 0, limit: 500, ...(outcome ? { outcome } : {}) });
const csv = (rows: string[][]) => rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\r\n');

describe('bulk plan job', () => {
  it('plans a file as a dry run: totals, bad rows by line, the exact requests and diffs, and not one write', async () => {
    const [u0, u1, u2, u3, u4, u5] = users;
    const text = csv([
      ['userName', 'Title', 'Active'],
      [String(u0!.userName), 'Planned title 0', ''],
      [String(u1!.userName).toUpperCase(), 'Planned title 1', ''],
      [String(u2!.userName), String(u2!.title), ''],
      ['', 'No key', ''],
      [String(u3!.userName), 'Title', 'maybe'],
      ['nobody@nowhere.example', 'Ghost', ''],
      [String(u4!.userName), 'Twice A', ''],
      [String(u4!.userName), 'Twice B', ''],
      [String(u5!.userName), 'Planned title 5', ''],
    ]);
    const { id, started, view, journal } = await plan({
      endpoint: '/Users',
      title: 'Set titles from titles.csv',
      source: {
        kind: 'file',
        name: 'titles.csv',
        text,
        mapping: {
          keyColumn: 'userName',
          keyAttribute: 'userName',
          columns: [
            { column: 'Title', path: 'title' },
            { column: 'Active', path: 'active' },
          ],
        },
      },
      action: { kind: 'set', values: {} },
    });
    expect(started).toMatchObject({ kind: 'bulkPlan', writes: false, title: 'Set titles from titles.csv' });
    expect(view, view.message).toMatchObject({
      state: 'succeeded',
      result: { summary: 'Planned 9 targets: 3 to change, 1 already as asked, 1 not found, 4 bad. Nothing was sent.' },
    });
    expect(writes(journal)).toEqual([]);

    const summary = await call<BulkPlanSummary>('bulk.plan', { jobId: id });
    expect(summary).toMatchObject({
      jobId: id,
      complete: true,
      totals: { change: 3, create: 0, delete: 0, skip: 1, notFound: 1, bad: 4, destructive: 0 },
      transport: { mode: 'bulk', maxOperations: 100 },
      sourceText: 'file titles.csv (comma-separated, 9 rows)',
      action: { kind: 'set' },
    });
    expect(summary.notes).toContain('The file is comma-separated (detected from its header).');
    // Six keys of 150 users: searched, the first alone (so that a refusal of `or` is learned as that).
    expect(summary.matchedBy).toBe('filter `userName eq … or …` in 1 request and filter `userName eq …` in 1 request');

    const all = await items(id);
    expect(all.items.map((i) => [i.line, i.outcome])).toEqual([
      [2, 'change'],
      [3, 'change'],
      [4, 'skip'],
      [5, 'bad'],
      [6, 'bad'],
      [7, 'notFound'],
      [8, 'bad'],
      [9, 'bad'],
      [10, 'change'],
    ]);
    expect(all.items.find((i) => i.line === 6)!.reason).toContain('maybe');
    expect(all.items.find((i) => i.line === 8)!.reason).toContain('2 rows');

    const changes = await items(id, 'change');
    expect(changes.items.map((i) => i.id)).toEqual([u0!.id, u1!.id, u5!.id]);
    expect(changes.items[0]).toMatchObject({
      request: { method: 'PATCH', path: `/Users/${u0!.id}`, ifMatch: (u0!.meta as { version: string }).version },
      diff: [{ path: 'title', before: u0!.title, after: 'Planned title 0' }],
      destructive: false,
    });
    const record = await call<BulkPlanRecord>('bulk.planItem', { jobId: id, index: 0 });
    expect(record).toMatchObject({ before: { id: u0!.id, title: u0!.title }, after: { title: 'Planned title 0' }, paths: ['title'] });

    const saved = await call<{ saved: boolean; downloadUrl: string }>('bulk.savePlan', { jobId: id, format: 'csv' });
    expect(saved).toEqual({ saved: false, downloadUrl: `/api/jobs/${id}/file?format=csv` });
    // Nothing was changed: the server still holds the title read before the plan.
    expect((await call<{ resource: Resource }>('scim.get', { connectionId, endpoint: '/Users', id: u0!.id })).resource.title).toBe(u0!.title);
  });

  it('marks a key that matches two users bad instead of choosing one', async () => {
    for (const userName of ['twin.one@example.com', 'twin.two@example.com']) {
      await call('scim.create', {
        connectionId,
        endpoint: '/Users',
        resource: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, externalId: 'TWIN-7' },
      });
    }
    const { id, view } = await plan({
      endpoint: '/Users',
      title: 'Deactivate by externalId',
      source: {
        kind: 'file',
        name: 'ext.csv',
        text: csv([['ext'], ['TWIN-7'], [String(users[7]!.externalId)]]),
        mapping: { keyColumn: 'ext', keyAttribute: 'externalId', columns: [] },
      },
      action: { kind: 'deactivate' },
    });
    expect(view.state, view.message).toBe('succeeded');
    const all = (await items(id)).items;
    expect(all[0]).toMatchObject({ line: 2, outcome: 'bad', reason: 'externalId “TWIN-7” matches 2 users.' });
    expect(all[1]).toMatchObject({ line: 3, id: users[7]!.id, outcome: users[7]!.active === false ? 'skip' : 'change' });
  });

  it('plans a selection: deactivations counted as destructive, ids not on the server not found', async () => {
    const active = users.filter((u) => u.active === true).slice(10, 14);
    const { id, view, journal } = await plan({
      endpoint: '/Users',
      title: 'Deactivate 5',
      source: { kind: 'ids', ids: [...active.map((u) => u.id), 'no-such-id'] },
      action: { kind: 'deactivate' },
    });
    expect(view.state, view.message).toBe('succeeded');
    expect(writes(journal)).toEqual([]);
    const summary = await call<BulkPlanSummary>('bulk.plan', { jobId: id });
    expect(summary).toMatchObject({ sourceText: '5 users selected', totals: { change: 4, notFound: 1, destructive: 4 } });
    expect(summary.matchedBy).toBe('read 5 ids one by one (GET)');
    expect((await items(id, 'change')).items.every((i) => i.destructive && i.request?.method === 'PATCH')).toBe(true);
  });

  it("plans adding users to a group from the group's members read fresh: members already in it are skipped", async () => {
    const groups = (await call<{ resources: Resource[] }>('scim.list', { connectionId, endpoint: '/Groups', count: 50 })).resources;
    const group = groups.find((g) => Array.isArray(g.members) && g.members.length > 0 && g.members.length < 100)!;
    const member = String((group.members as Array<{ value: string }>)[0]!.value);
    const outsider = users.find((u) => !(group.members as Array<{ value: string }>).some((m) => m.value === u.id))!;
    const { id, view, journal } = await plan({
      endpoint: '/Users',
      title: 'Add to group',
      source: { kind: 'ids', ids: [member, outsider.id] },
      action: { kind: 'groupAdd', groupId: group.id, groupName: String(group.displayName), createMissing: false },
    });
    expect(view.state, view.message).toBe('succeeded');
    expect(writes(journal)).toEqual([]);
    const all = (await items(id)).items;
    expect(all.map((i) => [i.id, i.outcome])).toEqual([
      [member, 'skip'],
      [outsider.id, 'change'],
    ]);
    expect(all[1]!.request).toMatchObject({ method: 'PATCH', path: `/Groups/${group.id}` });
  });

  it('plans every user a filter matches, and says when the count moved since it was shown', async () => {
    const title = String(users[20]!.title);
    const expected = users.filter((u) => u.title === title).length;
    const { id, view } = await plan({
      endpoint: '/Users',
      title: 'Clear the nick names',
      source: { kind: 'filter', filter: `title eq ${JSON.stringify(title)}`, expectedCount: expected + 3 },
      action: { kind: 'clear', paths: ['nickName'] },
    });
    expect(view.state, view.message).toBe('succeeded');
    const summary = await call<BulkPlanSummary>('bulk.plan', { jobId: id });
    expect(summary.totals.change + summary.totals.skip).toBe(expected);
    expect(summary.notes).toContain(`The filter now matches ${expected}, 3 fewer than counted.`);
  });

  it('fails with the mapping problems named, before reading any user', async () => {
    const { view, journal } = await plan({
      endpoint: '/Users',
      title: 'Bad mapping',
      source: {
        kind: 'file',
        name: 'x.csv',
        text: 'login,Shoe\r\na@b.c,44\r\n',
        mapping: { keyColumn: 'login', keyAttribute: 'userName', columns: [{ column: 'Shoe', path: 'shoeSize' }] },
      },
      action: { kind: 'set', values: {} },
    });
    expect(view.state).toBe('failed');
    expect(view.message).toMatch(/^The mapping of x\.csv cannot be used: Column “Shoe”/);
    expect(journal.filter((e) => e.path.includes('/Users'))).toEqual([]);
  });
});

describe('plans from a send job', () => {
  /** Sends a plan and waits for the send to end. */
  async function send(planJobId: string) {
    const started = await call<JobView>('jobs.start', { kind: 'bulkSend', params: { connectionId, planJobId, title: 'Send' } });
    const view = await ended(started.id);
    expect(view.state, view.message).toBe('succeeded');
    return started.id;
  }

  it('retries only the targets that failed or conflicted, planned afresh from what they are now', async () => {
    const [a, b] = users.slice(30, 32) as [Resource, Resource];
    const first = await plan({
      endpoint: '/Users',
      title: 'Set nick names',
      source: { kind: 'ids', ids: [a.id, b.id] },
      action: { kind: 'set', values: { nickName: 'Planned' } },
    });
    // Somebody changes `a` after the plan: its send is a conflict.
    await call('scim.patch', { connectionId, endpoint: '/Users', id: a.id, operations: [{ op: 'replace', path: 'nickName', value: 'Elsewhere' }] });
    const sendId = await send(first.id);

    const retry = await plan({ endpoint: '/Users', title: 'Retry', source: { kind: 'retry', jobId: sendId }, action: { kind: 'restore' } });
    expect(retry.view.state, retry.view.message).toBe('succeeded');
    expect(writes(retry.journal)).toEqual([]);
    const summary = await call<BulkPlanSummary>('bulk.plan', { jobId: retry.id });
    expect(summary).toMatchObject({ action: { kind: 'set', values: { nickName: 'Planned' } }, sourceText: 'retry of 1 failed target of “Send”' });
    const all = (await items(retry.id)).items;
    expect(all.map((i) => [i.id, i.outcome])).toEqual([[a.id, 'change']]);
    expect(all[0]!.diff).toEqual([{ path: 'nickName', before: 'Elsewhere', after: 'Planned' }]);

    // The retry's own send has nothing left to retry: refused when asked, before any job exists.
    const again = await send(retry.id);
    await expect(
      call('jobs.start', {
        kind: 'bulkPlan',
        params: { connectionId, endpoint: '/Users', title: 'Retry', source: { kind: 'retry', jobId: again }, action: { kind: 'restore' } },
      }),
    ).rejects.toMatchObject({ code: 'invalid_input', message: '“Send” has no failed or conflicting target to retry.' });
  });

  it('undoes a group add: the restore removes the user from the group it was added to', async () => {
    const groups = (await call<{ resources: Resource[] }>('scim.list', { connectionId, endpoint: '/Groups', count: 50 })).resources;
    const group = groups.find((g) => Array.isArray(g.members) && g.members.length > 0 && g.members.length < 100)!;
    const outsider = users.slice(40).find((u) => !(group.members as Array<{ value: string }>).some((m) => m.value === u.id))!;
    const add = await plan({
      endpoint: '/Users',
      title: 'Add one',
      source: { kind: 'ids', ids: [outsider.id] },
      action: { kind: 'groupAdd', groupId: group.id, groupName: String(group.displayName), createMissing: false },
    });
    const sendId = await send(add.id);

    const undo = await plan({
      endpoint: '/Users',
      title: 'Undo',
      source: { kind: 'undo', jobId: sendId, recreateDeleted: false },
      action: { kind: 'restore' },
    });
    expect(undo.view.state, undo.view.message).toBe('succeeded');
    expect(writes(undo.journal)).toEqual([]);
    const all = (await items(undo.id)).items;
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ id: outsider.id, outcome: 'change', request: { method: 'PATCH', path: `/Groups/${group.id}` } });
    expect(JSON.stringify(all[0]!.request!.body)).toContain('remove');
  });
});

describe('remembered mappings', () => {
  it('saves and gives back the mapping of a connection and endpoint, and refuses an unknown connection', async () => {
    const mapping = { keyColumn: 'Login', keyAttribute: 'userName', columns: [{ column: 'Dept', path: 'title' }] };
    expect(await call('bulk.mapping.get', { connectionId, endpoint: '/Users' })).toEqual({ mapping: null });
    expect(await call('bulk.mapping.save', { connectionId, endpoint: '/Users', mapping })).toEqual({ ok: true });
    expect(await call('bulk.mapping.get', { connectionId, endpoint: 'Users' })).toEqual({ mapping });
    await expect(call('bulk.mapping.save', { connectionId: 'no-such-connection', endpoint: '/Users', mapping })).rejects.toMatchObject({ code: 'not_found' });
  });
});
