/**
 * The bulk send job against the demo server's personas, through a proxy that counts (and can alter)
 * what reaches the server: the transport each server's advertisement chooses, conflicts by 412 and
 * by re-read, drift, creates with member adds that wait for them, and the refusals at start.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BULK_CONFIRM_THRESHOLD, type AppError } from '../../../../shared/contract';
import { BulkResults } from '../../bulk/results-store';
import { bodiesOf, changeRecord, createRecord, deleteRecord, memberRecord, sendHarness, type Resource, type SendHarness } from '../../bulk/send-test-helpers';

let h: SendHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const idOf = (r: Resource) => String(r.id);
type BulkBody = { Operations: Array<{ method: string; path: string; bulkId?: string; version?: string; data?: unknown }> };
const refused = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => (error as AppError).data,
  );

describe('bulk send job: transport', () => {
  it('sends 250 changes on a server advertising /Bulk in 3 requests within maxOperations, each with its version, and verifies them', async () => {
    h = await sendHarness('rfc');
    const users = await h.users(250);
    const planJobId = await h.plan(users.map((u, i) => changeRecord(i, u, { title: `Bulk title ${i}` })));

    const view = await h.send(planJobId);

    expect(view).toMatchObject({
      state: 'succeeded',
      progress: { done: 250, total: 250, unit: 'users' },
      result: { summary: '250 done', outcome: 'verified' },
    });
    const bulks = bodiesOf(h.proxy, 'POST', /\/Bulk$/) as BulkBody[];
    expect(bulks.map((b) => b.Operations.length)).toEqual([100, 100, 50]);
    expect(h.proxy.count('PATCH', /./)).toBe(0);
    const operations = bulks.flatMap((b) => b.Operations);
    expect(new Set(operations.map((op) => op.path))).toEqual(new Set(users.map((u) => `/Users/${idOf(u)}`)));
    expect(operations.every((op, i) => op.method === 'PATCH' && op.version === (users[i]!.meta as Resource).version)).toBe(true);
    const page = await h.results.page(view.id, { offset: 0, limit: 500 });
    expect(page.counts).toEqual({ pending: 0, done: 250, failed: 0, conflict: 0, drifted: 0 });
    const stored = await h.engine.get({ connectionId: h.connectionId, endpoint: '/Users', id: idOf(users[249]!) });
    expect(stored.resource.title).toBe('Bulk title 249');
  });

  it('sends single requests where /Bulk is not advertised, each exactly the request planned (dialect, If-Match)', async () => {
    h = await sendHarness('cortex', { users: 20, rateLimitPerSecond: 10_000 });
    const users = await h.users(6);
    const records = users.map((u, i) => changeRecord(i, u, { title: `Single ${i}`, active: i % 2 === 0 }, 'entra'));
    const planJobId = await h.plan(records, { dialect: 'entra' });

    const view = await h.send(planJobId);

    expect(view).toMatchObject({ state: 'succeeded', result: { summary: '6 done' } });
    expect(h.proxy.count('POST', /\/Bulk$/)).toBe(0);
    for (const [i, user] of users.entries()) {
      const sent = h.proxy.seen.filter((r) => r.method === 'PATCH' && r.url.endsWith(`/Users/${idOf(user)}`));
      expect(sent).toHaveLength(1);
      expect(JSON.parse(sent[0]!.body)).toEqual(records[i]!.request!.body);
      expect(sent[0]!.headers['if-match']).toBe(records[i]!.request!.ifMatch);
    }
  });

  it('sends every change to a rate-limited server: a write answered 429 is sent again once the server allows', async () => {
    h = await sendHarness('cortex', { users: 40, rateLimitPerSecond: 20 });
    const users = await h.users(30);
    const view = await h.send(await h.plan(users.map((u, i) => changeRecord(i, u, { title: `Limited ${i}` }))));
    expect(view.result).toMatchObject({ summary: '30 done', failures: [] });
    for (const user of users) expect(h.proxy.count('PATCH', `/Users/${idOf(user)}`)).toBeGreaterThanOrEqual(1);
  });

  it('sends a write answered 429 (not processed) again, through the scheduler, and once only', async () => {
    h = await sendHarness('rfc');
    const [a, b] = await h.users(2);
    let refusedOnce = false;
    h.proxy.intercept = (req) => {
      if (refusedOnce || req.method !== 'PATCH' || !req.url.endsWith(`/Users/${idOf(a!)}`)) return undefined;
      refusedOnce = true;
      return { status: 429, body: { status: '429', detail: 'Too many requests' } };
    };
    const view = await h.send(await h.plan([changeRecord(0, a!, { title: 'Again' }), changeRecord(1, b!, { title: 'Once' })]), { transport: 'single' });
    expect(view.result?.summary).toBe('2 done');
    expect(h.proxy.count('PATCH', `/Users/${idOf(a!)}`)).toBe(2);
    expect(h.proxy.count('PATCH', `/Users/${idOf(b!)}`)).toBe(1);
  });

  it('halves a /Bulk request the server refuses as too large (413) and sends each half', async () => {
    h = await sendHarness('rfc');
    const users = await h.users(8);
    h.proxy.intercept = (req) =>
      req.method === 'POST' && req.url.endsWith('/Bulk') && (JSON.parse(req.body) as BulkBody).Operations.length > 3
        ? { status: 413, body: { status: '413', detail: 'Payload Too Large' } }
        : undefined;
    const planJobId = await h.plan(users.map((u, i) => changeRecord(i, u, { title: `Halved ${i}` })));

    const view = await h.send(planJobId);

    expect(view.result?.summary).toBe('8 done');
    expect((bodiesOf(h.proxy, 'POST', /\/Bulk$/) as BulkBody[]).map((b) => b.Operations.length)).toEqual([8, 4, 2, 2, 4, 2, 2]);
  });

  it('sends the single requests asked for on a server advertising /Bulk', async () => {
    h = await sendHarness('rfc');
    const users = await h.users(3);
    const view = await h.send(await h.plan(users.map((u, i) => changeRecord(i, u, { title: `One by one ${i}` }))), { transport: 'single' });
    expect(view.result).toMatchObject({ summary: '3 done', notes: ['Sent as single requests, as asked.'] });
    expect(h.proxy.count('POST', /\/Bulk$/)).toBe(0);
    expect(h.proxy.count('PATCH', /^\/Users\//)).toBe(3);
  });
});

describe('bulk send job: conflicts and drift', () => {
  for (const transport of ['auto', 'single'] as const) {
    it(`reports a target changed since the plan as a conflict by its 412, and leaves it as changed (${transport === 'auto' ? '/Bulk' : 'single requests'})`, async () => {
      h = await sendHarness('rfc');
      const [a, b] = await h.users(2);
      const planJobId = await h.plan([changeRecord(0, a!, { title: 'Planned A' }), changeRecord(1, b!, { title: 'Planned B' })]);
      await h.engine.patch({
        connectionId: h.connectionId,
        endpoint: '/Users',
        id: idOf(a!),
        operations: [{ op: 'replace', path: 'title', value: 'Elsewhere' }],
        dialect: 'rfc',
      });

      const view = await h.send(planJobId, { transport });

      expect(view.result).toMatchObject({ summary: '1 done, 1 conflict', outcome: 'conflicts' });
      const { items } = await h.results.page(view.id, { outcome: 'conflict', offset: 0, limit: 10 });
      expect(items).toMatchObject([{ id: idOf(a!), outcome: 'conflict', error: expect.stringContaining('412') }]);
      expect((await h.engine.get({ connectionId: h.connectionId, endpoint: '/Users', id: idOf(a!) })).resource.title).toBe('Elsewhere');
      expect((await h.engine.get({ connectionId: h.connectionId, endpoint: '/Users', id: idOf(b!) })).resource.title).toBe('Planned B');
    });
  }

  it('without ETags, reads each target before writing and sends nothing to one changed since the plan', async () => {
    h = await sendHarness('coginiti', { users: 20 });
    const [a, b] = await h.users(2);
    expect(a!.meta).toBeUndefined();
    const planJobId = await h.plan([changeRecord(0, a!, { title: 'Planned A' }), changeRecord(1, b!, { title: 'Planned B' })]);
    await h.engine.patch({
      connectionId: h.connectionId,
      endpoint: '/Users',
      id: idOf(a!),
      operations: [{ op: 'replace', path: 'title', value: 'Elsewhere' }],
      dialect: 'rfc',
    });
    const patchesBefore = h.proxy.count('PATCH', `/Users/${idOf(a!)}`);

    const view = await h.send(planJobId);

    expect(view.result?.summary).toBe('1 done, 1 conflict');
    expect(h.proxy.count('PATCH', `/Users/${idOf(a!)}`)).toBe(patchesBefore);
    expect(h.proxy.count('PATCH', `/Users/${idOf(b!)}`)).toBe(1);
    const { items } = await h.results.page(view.id, { outcome: 'conflict', offset: 0, limit: 10 });
    expect(items[0]!.error).toBe('Changed on the server since it was planned (title); not overwritten.');
  });

  it('where the server ignores If-Match (no ETag support advertised), reads before writing all the same', async () => {
    h = await sendHarness('cortex', { users: 20 });
    const [a] = await h.users(1);
    expect((a!.meta as Resource).version).toBeTruthy();
    const planJobId = await h.plan([changeRecord(0, a!, { title: 'Planned' })]);
    await h.engine.patch({
      connectionId: h.connectionId,
      endpoint: '/Users',
      id: idOf(a!),
      operations: [{ op: 'replace', path: 'title', value: 'Elsewhere' }],
      dialect: 'rfc',
    });

    const view = await h.send(planJobId);

    expect(view.result?.summary).toBe('0 done, 1 conflict');
    expect((await h.engine.get({ connectionId: h.connectionId, endpoint: '/Users', id: idOf(a!) })).resource.title).toBe('Elsewhere');
  });

  it('reports what a server stored differently from what was asked as drifted, with the difference', async () => {
    h = await sendHarness('rfc');
    const [a, b] = await h.users(2);
    // The server answers 204 to a's PATCH and keeps what it had.
    h.proxy.intercept = (req) => (req.method === 'PATCH' && req.url.endsWith(`/Users/${idOf(a!)}`) ? { status: 204 } : undefined);
    const planJobId = await h.plan([changeRecord(0, a!, { active: false }), changeRecord(1, b!, { title: 'Stored' })]);

    const view = await h.send(planJobId, { transport: 'single' });

    expect(view.result).toMatchObject({ summary: '1 done, 1 drifted', outcome: 'differences' });
    expect(view.result?.failures).toEqual([
      { item: `${String(a!.userName)}, line 2`, message: 'drifted: stored differently: active: asked false, stored true', exchangeId: expect.any(String) },
    ]);
    const { items } = await h.results.page(view.id, { outcome: 'drifted', offset: 0, limit: 10 });
    expect(items).toMatchObject([{ id: idOf(a!), differences: ['active: asked false, stored true'] }]);
  });

  it('deletes and verifies each delete by a read answering 404; one already deleted elsewhere is a conflict', async () => {
    h = await sendHarness('rfc');
    const [a, b] = await h.users(2);
    const planJobId = await h.plan([deleteRecord(0, a!), deleteRecord(1, b!)]);
    await h.engine.delete({ connectionId: h.connectionId, endpoint: '/Users', id: idOf(b!) });

    const view = await h.send(planJobId, { transport: 'single' });

    expect(view.result?.summary).toBe('1 done, 1 conflict');
    const { items } = await h.results.page(view.id, { offset: 0, limit: 10 });
    expect(items.map((i) => [i.id, i.outcome, i.error])).toEqual([
      [idOf(a!), 'done', undefined],
      [idOf(b!), 'conflict', expect.stringContaining('Already deleted on the server')],
    ]);
    expect(h.proxy.count('GET', `/Users/${idOf(a!)}`)).toBe(1);
  });
});

describe('bulk send job: creates and memberships', () => {
  /** A group with members, but not everyone. */
  const groupOf = async (harness: SendHarness) => {
    const groups = (await harness.engine.list({ connectionId: harness.connectionId, endpoint: '/Groups', count: 20, startIndex: 1, via: 'get' })).resources;
    const size = (g: Resource) => (g.members as unknown[] | undefined)?.length ?? 0;
    return groups.filter((g) => size(g) > 0).sort((a, b) => size(a) - size(b))[0]!;
  };
  const membersOf = async (harness: SendHarness, id: string) =>
    ((await harness.engine.get({ connectionId: harness.connectionId, endpoint: '/Groups', id })).resource.members as Array<{ value: string }>).map(
      (m) => m.value,
    );

  it('in one /Bulk request, creates users and adds them to a group by their bulkId, then reads the group once', async () => {
    h = await sendHarness('rfc');
    const group = await groupOf(h);
    const records = [
      createRecord(0, 'new.one@example.com'),
      createRecord(1, 'new.two@example.com'),
      memberRecord(2, idOf(group), { createIndex: 0 }),
      memberRecord(3, idOf(group), { createIndex: 1 }),
    ];
    const view = await h.send(await h.plan(records));

    expect(view.result?.summary).toBe('4 done');
    const [bulk] = bodiesOf(h.proxy, 'POST', /\/Bulk$/) as BulkBody[];
    expect(bulk!.Operations.map((op) => [op.method, op.bulkId ?? JSON.stringify(op.data).match(/bulkId:[\w-]+/)?.[0]])).toEqual([
      ['POST', 'create-0'],
      ['POST', 'create-1'],
      ['PATCH', 'bulkId:create-0'],
      ['PATCH', 'bulkId:create-1'],
    ]);
    const { items } = await h.results.all(view.id);
    const created = items.filter((i) => i.planned === 'create').map((i) => i.createdId!);
    expect(created).toHaveLength(2);
    expect(await membersOf(h, idOf(group))).toEqual(expect.arrayContaining(created));
    expect(h.proxy.seen.filter((r) => r.method === 'GET' && r.url.includes(`/Groups/${idOf(group)}?attributes=members`))).toHaveLength(1);
  });

  it('with single requests, sends the member add after its create with the id the server gave', async () => {
    h = await sendHarness('rfc');
    const group = await groupOf(h);
    const view = await h.send(await h.plan([createRecord(0, 'solo@example.com'), memberRecord(1, idOf(group), { createIndex: 0 })]), { transport: 'single' });

    expect(view.result?.summary).toBe('2 done');
    const { items } = await h.results.all(view.id);
    const [patch] = bodiesOf(h.proxy, 'PATCH', /\/Groups\//) as Array<{ Operations: Array<{ value: Array<{ value: string }> }> }>;
    expect(patch!.Operations[0]!.value).toEqual([{ value: items[0]!.createdId }]);
    expect(await membersOf(h, idOf(group))).toContain(items[0]!.createdId);
  });

  it('does not send a member add whose create failed', async () => {
    h = await sendHarness('rfc');
    const [existing] = await h.users(1);
    const group = await groupOf(h);
    const view = await h.send(await h.plan([createRecord(0, String(existing!.userName)), memberRecord(1, idOf(group), { createIndex: 0 })]), {
      transport: 'single',
    });

    expect(view.result?.summary).toBe('0 done, 1 failed, 1 conflict');
    const { items } = await h.results.all(view.id);
    expect(items.map((i) => i.outcome)).toEqual(['conflict', 'failed']);
    expect(items[1]!.error).toMatch(/^Not sent: it waits for the create of/);
    expect(h.proxy.count('PATCH', /^\/Groups\//)).toBe(0);
  });

  it('adds and removes existing users as members and reports a member the server did not keep', async () => {
    h = await sendHarness('rfc');
    const group = await groupOf(h);
    const members = await membersOf(h, idOf(group));
    const outsiders = (await h.users(60)).filter((u) => !members.includes(idOf(u))).slice(0, 2);
    const [leaving] = (await h.users(300)).filter((u) => members.includes(idOf(u)));
    // The server answers 204 to one add and keeps nothing.
    h.proxy.intercept = (req) => (req.method === 'PATCH' && req.body.includes(idOf(outsiders[1]!)) ? { status: 204 } : undefined);
    const records = [
      memberRecord(0, idOf(group), { user: outsiders[0] }),
      memberRecord(1, idOf(group), { user: outsiders[1] }),
      memberRecord(2, idOf(group), { user: leaving }, true),
    ];

    const view = await h.send(await h.plan(records), { transport: 'single' });

    expect(view.result?.summary, JSON.stringify(view.result?.failures)).toBe('2 done, 1 drifted');
    const { items } = await h.results.all(view.id);
    expect(items.map((i) => i.outcome)).toEqual(['done', 'drifted', 'done']);
    expect(items[1]!.differences).toEqual([`members: asked to add ${idOf(outsiders[1]!)}, not a member`]);
    expect(h.proxy.count('GET', `/Groups/${idOf(group)}`)).toBe(2);
  });
});

describe('bulk send job: refusals and results', () => {
  it(`refuses to send more than ${BULK_CONFIRM_THRESHOLD} deactivations without their count typed`, async () => {
    h = await sendHarness('rfc');
    const users = await h.users(BULK_CONFIRM_THRESHOLD + 1);
    const planJobId = await h.plan(
      users.map((u, i) => changeRecord(i, u, { active: false })),
      { action: { kind: 'deactivate' } },
    );
    const count = BULK_CONFIRM_THRESHOLD + 1;

    expect(await refused(h.send(planJobId))).toEqual({
      code: 'invalid_input',
      field: 'confirmCount',
      message: `Type ${count} to confirm deactivating ${count} users.`,
    });
    expect(await refused(h.send(planJobId, { confirmCount: count - 1 }))).toMatchObject({
      message: `Type ${count} to confirm deactivating ${count} users (${count - 1} was typed).`,
    });
    expect(h.manager.list().filter((j) => j.kind === 'bulkSend')).toEqual([]);
    expect(h.proxy.count('POST', /\/Bulk$/)).toBe(0);

    const view = await h.send(planJobId, { confirmCount: count });
    expect(view.result?.summary).toBe(`${count} done`);
  });

  it('refuses a second send of a plan already sent, naming the job that sent it', async () => {
    h = await sendHarness('rfc');
    const [a] = await h.users(1);
    const planJobId = await h.plan([changeRecord(0, a!, { title: 'Once' })]);
    const first = await h.send(planJobId);

    const refusal = await refused(h.send(planJobId));

    expect(refusal).toMatchObject({ code: 'invalid_input', message: expect.stringContaining(`already sent by job ${first.id}`) });
    expect(h.proxy.count('POST', /\/Bulk$/)).toBe(1);
    expect(await h.plans.summary(planJobId)).toMatchObject({ sendJobId: first.id });
  });

  it('refuses a plan made on another connection', async () => {
    h = await sendHarness('rfc');
    const [a] = await h.users(1);
    const planJobId = await h.plan([changeRecord(0, a!, { title: 'Elsewhere' })]);
    expect(await refused(h.send(planJobId, { connectionId: 'another-connection' }))).toMatchObject({ message: expect.stringContaining('another connection') });
  });

  it('writes results.csv and keeps the results readable after a restart', async () => {
    h = await sendHarness('rfc');
    const [a, b] = await h.users(2);
    const planJobId = await h.plan([changeRecord(0, a!, { title: 'Kept' }), deleteRecord(1, b!)]);
    await h.engine.delete({ connectionId: h.connectionId, endpoint: '/Users', id: idOf(b!) });
    const view = await h.send(planJobId);

    expect(view.result?.file).toMatchObject({ name: 'results.csv', mime: 'text/csv' });
    const csv = await readFile(join(h.filesDir(view.id), 'results.csv'), 'utf8');
    expect(csv.split('\r\n').slice(0, 3)).toEqual([
      '\uFEFFline,key,id,display,planned,outcome,error,differences',
      `2,${String(a!.userName)},${idOf(a!)},${String(a!.userName)},change,done,,`,
      expect.stringMatching(new RegExp(`^3,${String(b!.userName)},${idOf(b!)},.*,delete,conflict,`)),
    ]);
    const reopened = new BulkResults({ filesDir: h.filesDir, jobs: h.lookup });
    expect(await reopened.page(view.id, { offset: 0, limit: 1 })).toEqual(await h.results.page(view.id, { offset: 0, limit: 1 }));
    expect(await reopened.page(view.id, { outcome: 'conflict', offset: 0, limit: 5 })).toMatchObject({
      planJobId,
      counts: { pending: 0, done: 1, failed: 0, conflict: 1, drifted: 0 },
      total: 1,
      items: [{ index: 1, outcome: 'conflict' }],
    });
  });
});
