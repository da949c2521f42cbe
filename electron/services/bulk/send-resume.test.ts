/**
 * The send job resumed after a crash or quit: it runs with the step log of the run before (as the job
 * manager hands it over) and must never repeat a write the server confirmed. Every request that
 * reached the server is counted at the proxy, per resource.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { StepRecord } from '../jobs/types';
import { bodiesOf, changeRecord, createRecord, deleteRecord, memberRecord, sendHarness, type Resource, type SendHarness } from './send-test-helpers';

let h: SendHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const idOf = (r: Resource) => String(r.id);
const statuses = (steps: Array<Pick<StepRecord, 'key' | 'status'>>) => steps.map((s) => `${s.key}:${s.status}`);
type BulkBody = { Operations: Array<{ method: string; path: string }> };
/** Operations of every /Bulk request, per path. */
const bulkOperations = (harness: SendHarness, path: string) =>
  (bodiesOf(harness.proxy, 'POST', /\/Bulk$/) as BulkBody[]).flatMap((b) => b.Operations).filter((op) => op.path === path).length;

describe('bulk send job: resume', () => {
  for (const transport of ['single', 'auto'] as const) {
    it(`never sends again a change confirmed done or one cut off after it landed; sends one cut off before (${transport === 'auto' ? '/Bulk' : 'single requests'})`, async () => {
      h = await sendHarness('rfc');
      const users = await h.users(4);
      const records = users.map((u, i) => changeRecord(i, u, { title: `Resumed ${i}` }));
      const planJobId = await h.plan(records);
      // The run before: 0 was confirmed; 1 reached the server but the process died before its answer; 2 died on the way.
      for (const i of [0, 1]) {
        await h.engine.patch({
          connectionId: h.connectionId,
          endpoint: '/Users',
          id: idOf(users[i]!),
          operations: records[i]!.operations!,
          dialect: 'rfc',
          etag: records[i]!.etag,
        });
      }
      const writesBefore = (i: number) => h!.proxy.count('PATCH', `/Users/${idOf(users[i]!)}`);
      expect([0, 1, 2, 3].map(writesBefore)).toEqual([1, 1, 0, 0]);
      const { runtime, steps } = h.runtime(
        planJobId,
        [
          ['0', 'started'],
          ['0', 'done'],
          ['1', 'started'],
          ['2', 'started'],
        ],
        { params: { transport } },
      );

      const result = await h.sendKind.run(runtime);

      expect(result.summary).toBe('4 done');
      const sends = (i: number) => writesBefore(i) + bulkOperations(h!, `/Users/${idOf(users[i]!)}`);
      expect([0, 1, 2, 3].map(sends)).toEqual([1, 1, 1, 1]);
      expect(statuses(steps).filter((s) => s.startsWith('1:'))).toEqual(['1:done']);
      expect(
        statuses(steps)
          .filter((s) => /^[23]:/.test(s))
          .sort(),
      ).toEqual(['2:done', '2:started', '3:done', '3:started']);
      for (const [i, user] of users.entries()) {
        expect((await h.engine.get({ connectionId: h.connectionId, endpoint: '/Users', id: idOf(user) })).resource.title).toBe(`Resumed ${i}`);
      }
    });
  }

  it('reports a change cut off mid-request as a conflict when the target now holds something else', async () => {
    h = await sendHarness('coginiti', { users: 20 });
    const [a] = await h.users(1);
    const planJobId = await h.plan([changeRecord(0, a!, { title: 'Planned' })]);
    await h.engine.patch({
      connectionId: h.connectionId,
      endpoint: '/Users',
      id: idOf(a!),
      operations: [{ op: 'replace', path: 'title', value: 'Someone else' }],
      dialect: 'rfc',
    });
    const before = h.proxy.count('PATCH', /./);
    const { runtime } = h.runtime(planJobId, [['0', 'started']]);

    const result = await h.sendKind.run(runtime);

    expect(result.summary).toBe('0 done, 1 conflict');
    expect(h.proxy.count('PATCH', /./)).toBe(before);
  });

  it('finds a create cut off after it landed by its key, and adds the user it made to the group without creating it again', async () => {
    h = await sendHarness('rfc');
    const groups = (await h.engine.list({ connectionId: h.connectionId, endpoint: '/Groups', count: 1, startIndex: 1, via: 'get' })).resources;
    const group = groups[0]!;
    const records = [createRecord(0, 'landed@example.com', { title: 'New' }), memberRecord(1, idOf(group), { createIndex: 0 })];
    const planJobId = await h.plan(records);
    const made = await h.engine.create({ connectionId: h.connectionId, endpoint: '/Users', resource: records[0]!.request!.body as Resource });
    const { runtime } = h.runtime(planJobId, [['0', 'started']]);

    const result = await h.sendKind.run(runtime);

    expect(result.summary).toBe('2 done');
    expect(h.proxy.count('POST', '/Users')).toBe(1);
    expect(bulkOperations(h, '/Users')).toBe(0);
    const { items } = await h.results.all(runtime.id);
    expect(items[0]).toMatchObject({ outcome: 'done', createdId: idOf(made.resource) });
    const members = (await h.engine.get({ connectionId: h.connectionId, endpoint: '/Groups', id: idOf(group) })).resource.members as Array<{ value: string }>;
    expect(members.map((m) => m.value)).toContain(idOf(made.resource));
  });

  it('takes a delete cut off after it landed as done, and verifies a membership written before without writing it again', async () => {
    h = await sendHarness('rfc');
    const [gone, joiner] = await h.users(2);
    const groups = (await h.engine.list({ connectionId: h.connectionId, endpoint: '/Groups', count: 20, startIndex: 1, via: 'get' })).resources;
    const group = groups.find((g) => !((g.members as Array<{ value: string }> | undefined) ?? []).some((m) => m.value === idOf(joiner!)))!;
    const planJobId = await h.plan([deleteRecord(0, gone!), memberRecord(1, idOf(group), { user: joiner })]);
    await h.engine.delete({ connectionId: h.connectionId, endpoint: '/Users', id: idOf(gone!) });
    await h.engine.patch({
      connectionId: h.connectionId,
      endpoint: '/Groups',
      id: idOf(group),
      operations: [{ op: 'add', path: 'members', value: [{ value: idOf(joiner!) }] }],
      dialect: 'rfc',
    });
    const { runtime } = h.runtime(planJobId, [
      ['0', 'started'],
      ['1', 'started'],
      ['1', 'done'],
    ]);

    const result = await h.sendKind.run(runtime);

    expect(result.summary).toBe('2 done');
    expect(h.proxy.count('DELETE', /./)).toBe(1);
    expect(h.proxy.count('PATCH', /./)).toBe(1);
    expect(h.proxy.count('POST', /\/Bulk$/)).toBe(0);
  });

  it('cancelled mid-way and resumed, keeps what the first run decided and sends only the rest', async () => {
    // One request at a time: the cancel lands with a few targets in progress (the send keeps several per request slot).
    h = await sendHarness('rfc', { maxConcurrency: 1 });
    const users = await h.users(5);
    const records = users.map((u, i) => changeRecord(i, u, { title: `Twice ${i}` }));
    const planJobId = await h.plan(records);
    // 1 changes elsewhere: the first run reports it as a conflict.
    await h.engine.patch({
      connectionId: h.connectionId,
      endpoint: '/Users',
      id: idOf(users[1]!),
      operations: [{ op: 'replace', path: 'title', value: 'Elsewhere' }],
      dialect: 'rfc',
    });
    const first = h.runtime(planJobId, [], { params: { transport: 'single' } });
    let decided = 0;
    const step = first.runtime.step;
    first.runtime.step = async (record) => {
      await step(record);
      if (record.status !== 'started' && ++decided === 2) first.controller.abort();
    };
    await expect(h.sendKind.run(first.runtime)).rejects.toMatchObject({ code: 'cancelled' });
    const firstSteps = first.steps.map((s) => [s.key, s.status] as [string, StepRecord['status']]);
    const sentFirst = users.map((u) => h!.proxy.count('PATCH', `/Users/${idOf(u)}`));

    const again = h.runtime(planJobId, firstSteps, { id: first.runtime.id, params: { transport: 'single' } });
    const result = await h.sendKind.run(again.runtime);

    expect(result.summary).toBe('4 done, 1 conflict');
    const decidedFirst = new Set(first.steps.filter((s) => s.status !== 'started').map((s) => s.key));
    // Cancelled after the second decision: another target in progress may have been decided as it came.
    expect(decidedFirst.size).toBeGreaterThanOrEqual(2);
    expect(decidedFirst.size).toBeLessThan(5);
    // The second run starts none the first decided, and decides all the rest (one cut off after its write
    // landed is read, found done and not started again).
    const startedAgain = again.steps.filter((s) => s.status === 'started').map((s) => s.key);
    expect(startedAgain.filter((key) => decidedFirst.has(key))).toEqual([]);
    expect(startedAgain.length).toBeGreaterThan(0);
    const decidedAgain = again.steps.filter((s) => s.status !== 'started').map((s) => s.key);
    expect(new Set([...decidedFirst, ...decidedAgain])).toEqual(new Set(['0', '1', '2', '3', '4']));
    for (const [i, user] of users.entries()) {
      const total = h.proxy.count('PATCH', `/Users/${idOf(user)}`);
      // The test's own PATCH of 1, then at most one send per target over both runs.
      expect(total - (i === 1 ? 1 : 0)).toBeLessThanOrEqual(1);
      if (decidedFirst.has(String(i))) expect(total).toBe(sentFirst[i]);
    }
    expect((await h.results.all(first.runtime.id)).items.map((i) => i.outcome)).toEqual(['done', 'conflict', 'done', 'done', 'done']);
  });
});
