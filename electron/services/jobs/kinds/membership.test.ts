/**
 * The membership job with a real engine against the demo server's rfc persona, through a proxy that
 * can answer 413 or 503 (or swallow a write) and counts what reached the server, and a fake runtime
 * that keeps the step log in memory.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AppError, membershipJobParamsSchema, type MembershipJobParams } from '../../../../shared/contract';
import { planRequests, type MemberRef, type PlannedRequest } from '../../../../shared/scim';
import { startProxyServer, type ProxyServer } from '../../../../test/support/proxy-server';
import { startDemoServer, type DemoServer } from '../../demo';
import { createEngineHarness, type EngineHarness } from '../../engine/integration/harness';
import type { JobRuntime, StepRecord } from '../types';
import { membershipJob } from './membership';

const TOKEN = 'membership-job-token-7d2e';

let demo: DemoServer | undefined;
let proxy: ProxyServer | undefined;
let harness: EngineHarness | undefined;
afterEach(async () => {
  await harness?.close();
  await proxy?.close();
  await demo?.close();
  demo = proxy = harness = undefined;
});

async function connect(userCount = 120) {
  demo = await startDemoServer({ users: userCount, token: TOKEN, personas: ['rfc'] });
  proxy = await startProxyServer(demo.baseUrl('rfc'));
  harness = await createEngineHarness();
  const connectionId = await harness.connect('demo', proxy.baseUrl, TOKEN);
  const engine = harness.engine;
  const groups = (await engine.list({ connectionId, endpoint: '/Groups', count: 50 })).resources.map((g) => ({
    id: String(g.id),
    name: String(g.displayName),
    members: ((g.members as MemberRef[] | undefined) ?? []).map((m) => m.value),
  }));
  const users = (await engine.list({ connectionId, endpoint: '/Users', count: userCount, attributes: ['userName'] })).resources.map((u) => ({
    value: String(u.id),
    display: String(u.userName),
  }));
  /** Users not in the group, the first `n`. */
  const outsiders = (group: { members: string[] }, n: number) => users.filter((u) => !group.members.includes(u.value)).slice(0, n);
  return { engine, connectionId, groups, outsiders, proxy };
}

function params(connectionId: string, requests: PlannedRequest[]): MembershipJobParams {
  return membershipJobParamsSchema.parse({ connectionId, groupsEndpoint: '/Groups', usersEndpoint: '/Users', requests, title: 'Test change' });
}

/** A runtime keeping its steps in memory; `onStep` sees each as it is recorded. */
function fakeRuntime(
  p: MembershipJobParams,
  previous: ReadonlyMap<string, StepRecord> = new Map(),
  onStep?: (step: StepRecord, controller: AbortController) => void,
) {
  const controller = new AbortController();
  const steps: StepRecord[] = [];
  const progress: Array<[number, number | null]> = [];
  const runtime: JobRuntime<MembershipJobParams> = {
    id: 'job-1',
    params: p,
    signal: controller.signal,
    previous,
    redact: (text) => text,
    checkpoint: async () => {
      if (controller.signal.aborted) throw new AppError({ code: 'cancelled', message: 'The job was cancelled.' });
    },
    step: async (step) => {
      const record = { ...step, exchangeIds: step.exchangeIds ?? [], at: new Date(0).toISOString() };
      steps.push(record);
      onStep?.(record, controller);
    },
    progress: (done, total) => void progress.push([done, total]),
    setStepsTotal: () => undefined,
    filePath: () => {
      throw new Error('no file');
    },
  };
  return { runtime, steps, progress };
}

const record = (key: string, status: StepRecord['status']): [string, StepRecord] => [key, { key, label: key, status, exchangeIds: [], at: '' }];
const statuses = (steps: StepRecord[]) => steps.map((s) => `${s.key}:${s.status}`);
/** Members in a PatchOp body: each added value, each remove. */
const membersIn = (body: string) =>
  (JSON.parse(body) as { Operations: Array<{ op: string; value?: unknown[] }> }).Operations.reduce(
    (n, op) => n + (op.op.toLowerCase() === 'add' ? (op.value?.length ?? 0) : 1),
    0,
  );

describe('membership job', () => {
  it('splits a request the server refuses as too large (413) until the halves fit, then verifies every member', async () => {
    const { engine, connectionId, groups, outsiders, proxy } = await connect();
    const group = groups[3]!;
    const add = outsiders(group, 8);
    proxy.intercept = (req) =>
      req.method === 'PATCH' && membersIn(req.body) > 3 ? { status: 413, body: { status: '413', detail: 'Payload Too Large' } } : undefined;
    const { runtime, steps, progress } = fakeRuntime(
      params(connectionId, planRequests({ groupId: group.id, groupName: group.name, add, remove: [] }, { patch: true, chunkSize: 100 })),
    );

    const result = await membershipJob(engine).run(runtime);

    expect(statuses(steps).filter((s) => !s.endsWith(':started'))).toEqual([
      '0:split',
      '0.0:split',
      '0.0.0:done',
      '0.0.1:done',
      '0.1:split',
      '0.1.0:done',
      '0.1.1:done',
      'verify:done',
    ]);
    expect(proxy.count('PATCH', `/Groups/${group.id}`)).toBe(7);
    expect(progress.at(-1)).toEqual([4, 4]);
    expect(result).toMatchObject({
      outcome: 'verified',
      failures: [],
      notes: [],
      summary: '4 requests sent; the server stored exactly what was asked (8 memberships checked)',
    });
  });

  it('records a failed request with the server error and still sends the rest; the read-back shows what is missing', async () => {
    const { engine, connectionId, groups, outsiders, proxy } = await connect();
    const [bad, good] = [groups[4]!, groups[5]!];
    proxy.intercept = (req) =>
      req.method === 'PATCH' && req.url.endsWith(`/Groups/${bad.id}`) ? { status: 503, body: { status: '503', detail: 'Upstream unavailable' } } : undefined;
    const [member] = outsiders(bad, 1);
    const requests = [bad, good].flatMap((g) =>
      planRequests({ groupId: g.id, groupName: g.name, add: outsiders(g, 1), remove: [] }, { patch: true, chunkSize: 10 }),
    );
    const { runtime, steps } = fakeRuntime(params(connectionId, requests));

    const result = await membershipJob(engine).run(runtime);

    expect(statuses(steps)).toEqual(['0:started', '0:failed', '1:started', '1:done', 'verify:started', 'verify:done']);
    expect(steps[1]!.message).toContain('503');
    expect(result.outcome).toBe('failed');
    expect(result.failures).toEqual([{ item: `PATCH /Groups/${bad.id} (+1 −0)`, message: expect.stringContaining('503'), exchangeId: expect.any(String) }]);
    expect(result.notes).toEqual([`not a member after add: ${member!.display} (${member!.value}) in ${bad.name} (${bad.id})`]);
    expect(result.summary).toBe("1 of 2 requests sent, 1 failed; the server's membership differs from what was asked (1)");
    expect(proxy.count('PATCH', `/Groups/${good.id}`)).toBe(1);
  });

  it('resumed after a crash, sends again the request cut off mid-way and never the one confirmed done', async () => {
    const { engine, connectionId, groups, outsiders, proxy } = await connect();
    const targets = [groups[6]!, groups[7]!, groups[8]!];
    const requests = targets.flatMap((g) =>
      planRequests({ groupId: g.id, groupName: g.name, add: outsiders(g, 1), remove: [] }, { patch: true, chunkSize: 10 }),
    );
    // The previous run: request 0 was confirmed done; request 1 was being sent when the process died.
    await engine.patch({ connectionId, endpoint: '/Groups', id: targets[0]!.id, operations: requests[0]!.operations, dialect: 'rfc', readBack: false });
    const before = proxy.count('PATCH', `/Groups/${targets[0]!.id}`);
    const { runtime, steps } = fakeRuntime(params(connectionId, requests), new Map([record('0', 'done'), record('1', 'started')]));

    const result = await membershipJob(engine).run(runtime);

    expect(proxy.count('PATCH', `/Groups/${targets[0]!.id}`)).toBe(before);
    expect(proxy.count('PATCH', `/Groups/${targets[1]!.id}`)).toBe(1);
    expect(proxy.count('PATCH', `/Groups/${targets[2]!.id}`)).toBe(1);
    expect(statuses(steps)).toEqual(['1:started', '1:done', '2:started', '2:done', 'verify:started', 'verify:done']);
    expect(result).toMatchObject({ outcome: 'verified', summary: '3 requests sent; the server stored exactly what was asked (3 memberships checked)' });
  });

  it('resumed after a split, recomputes the same halves and sends only the half not done', async () => {
    const { engine, connectionId, groups, outsiders, proxy } = await connect();
    const group = groups[9]!;
    const requests = planRequests({ groupId: group.id, groupName: group.name, add: outsiders(group, 4), remove: [] }, { patch: true, chunkSize: 10 });
    const { runtime } = fakeRuntime(params(connectionId, requests), new Map([record('0', 'split'), record('0.0', 'done')]));

    await membershipJob(engine).run(runtime);

    const patches = proxy.seen.filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => membersIn(r.body))).toEqual([2]);
    expect(patches[0]!.body).toContain(requests[0]!.add[3]!.value);
  });

  it('reports members the server did not store (a write it answered but dropped) as differences', async () => {
    const { engine, connectionId, groups, outsiders, proxy } = await connect();
    const group = groups[10]!;
    const add = outsiders(group, 2);
    const remove = [{ value: group.members[0]! }];
    // The server says 204 and stores nothing.
    proxy.intercept = (req) => (req.method === 'PATCH' ? { status: 204 } : undefined);
    const { runtime } = fakeRuntime(
      params(connectionId, planRequests({ groupId: group.id, groupName: group.name, add, remove }, { patch: true, chunkSize: 10 })),
    );

    const result = await membershipJob(engine).run(runtime);

    expect(result.outcome).toBe('differences');
    expect(result.summary).toBe("1 request sent; the server's membership differs from what was asked (3)");
    expect(result.notes).toEqual([...add.map((m) => `not a member after add: ${m.display} (${m.value})`), `still a member after remove: ${group.members[0]}`]);
  });

  it('reads users’ groups where the group comes back without members, within a bound', async () => {
    const { engine, connectionId, groups, outsiders, proxy } = await connect(620);
    const group = groups[11]!;
    proxy.transform = (req, body) => {
      if (!new URL(req.url, 'http://x').pathname.includes('/Groups/')) return body;
      const { members: _left, ...rest } = body as Record<string, unknown>;
      return rest;
    };
    const change = (n: number) =>
      planRequests({ groupId: group.id, groupName: group.name, add: outsiders(group, n), remove: [] }, { patch: true, chunkSize: 1000 });

    const few = fakeRuntime(params(connectionId, change(3)));
    expect(await membershipJob(engine).run(few.runtime)).toMatchObject({
      outcome: 'verified',
      summary: '1 request sent; the server stored exactly what was asked (3 memberships checked)',
    });
    expect(proxy.count('GET', /^\/Users\/./)).toBe(3);

    const many = fakeRuntime(params(connectionId, change(501)));
    const result = await membershipJob(engine).run(many.runtime);
    expect(result).toMatchObject({ outcome: 'unverified', summary: '1 request sent; not verified: too many members to read back one by one' });
    expect(many.steps.at(-1)).toMatchObject({ key: 'verify', status: 'failed' });
    expect(proxy.count('GET', /^\/Users\/./)).toBe(3);
  });

  it('without PATCH, reads the group and PUTs it with its members changed under the version read', async () => {
    const { engine, connectionId, groups, outsiders, proxy } = await connect();
    const group = groups[12]!;
    const [added] = outsiders(group, 1);
    const { runtime } = fakeRuntime(
      params(
        connectionId,
        planRequests({ groupId: group.id, groupName: group.name, add: [added!], remove: [{ value: group.members[0]! }] }, { patch: false, chunkSize: 10 }),
      ),
    );

    const result = await membershipJob(engine).run(runtime);

    const put = proxy.seen.find((r) => r.method === 'PUT')!;
    expect(put.headers['if-match']).toBeTruthy();
    const members = (JSON.parse(put.body) as { members: MemberRef[] }).members.map((m) => m.value);
    expect(members).toContain(added!.value);
    expect(members).not.toContain(group.members[0]);
    expect(result.outcome).toBe('verified');
  });

  it('ends at cancel by throwing, leaving the rest unsent', async () => {
    const { engine, connectionId, groups, outsiders, proxy } = await connect();
    const group = groups[13]!;
    const requests = planRequests({ groupId: group.id, groupName: group.name, add: outsiders(group, 5), remove: [] }, { patch: true, chunkSize: 1 });
    const { runtime, steps } = fakeRuntime(params(connectionId, requests), new Map(), (step, controller) => {
      if (step.status === 'done') controller.abort();
    });

    await expect(membershipJob(engine).run(runtime)).rejects.toMatchObject({ code: 'cancelled' });
    expect(statuses(steps)).toEqual(['0:started', '0:done']);
    expect(proxy.count('PATCH', `/Groups/${group.id}`)).toBe(1);
  });
});
