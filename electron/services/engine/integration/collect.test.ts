/**
 * collectAll (the `scim.listAll` channel) against the demo server's `rfc` persona: every page read on
 * the main side, in parallel, up to a limit that is said when reached, never a silent cut.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { json, listResponse, startScriptedServer, type ScriptedServer } from '../../../../test/support/scripted-server';
import { startDemoServer } from '../../demo';
import { createEngineHarness, expectAppError, type EngineHarness } from './harness';
import { serverTotal, useTarget } from './suite';

const TOKEN = 'collect-demo-token-8e2d';
const USERS = 230;

describe('collectAll × demo server, rfc persona', () => {
  const target = useTarget('Collect', async () => {
    const server = await startDemoServer({ users: USERS, token: TOKEN, personas: ['rfc'] });
    return { baseUrl: server.baseUrl('rfc'), token: TOKEN, close: () => server.close() };
  });
  const collect = (input: { endpoint: string; limit: number; pageSize?: number; filter?: string }) =>
    target.harness.engine.collectAll({ connectionId: target.connectionId, ...input });
  const listRequests = (endpoint: string) => target.harness.exchanges.filter((e) => new URL(e.url).pathname.endsWith(endpoint)).length;

  it('reads every page when the limit is above the total, each resource once', async () => {
    const total = await serverTotal(target, '/Users');
    const all = await collect({ endpoint: '/Users', limit: 10_000, pageSize: 40 });
    expect(all).toMatchObject({ totalResults: total, complete: true });
    expect(all.stoppedBecause).toBeUndefined();
    expect(all.resources).toHaveLength(total);
    expect(new Set(all.resources.map((r) => r.id)).size).toBe(total);
  });

  it('stops at a limit below the total and says so, without reading the rest', async () => {
    const total = await serverTotal(target, '/Users');
    const before = listRequests('/Users');
    const cut = await collect({ endpoint: '/Users', limit: 40, pageSize: 20 });
    expect(cut).toMatchObject({ totalResults: total, complete: false, stoppedBecause: 'Stopped at the limit of 40 users.' });
    expect(cut.resources).toHaveLength(40);
    expect(new Set(cut.resources.map((r) => r.id)).size).toBe(40);
    // Two pages hold the 40: with four pages in flight at a time, at most six of the twelve were asked for.
    expect(listRequests('/Users') - before).toBeLessThanOrEqual(6);
  });

  it('is complete when the limit is exactly the total', async () => {
    const total = await serverTotal(target, '/Groups');
    const exact = await collect({ endpoint: '/Groups', limit: total, pageSize: 7 });
    expect(exact).toMatchObject({ totalResults: total, complete: true });
    expect(exact.resources).toHaveLength(total);
    const under = await collect({ endpoint: '/Groups', limit: total - 1, pageSize: 7 });
    expect(under).toMatchObject({ complete: false, stoppedBecause: `Stopped at the limit of ${total - 1} groups.` });
  });

  it("finds a user's groups by member across pages", async () => {
    const { resources: groups } = await collect({ endpoint: '/Groups', limit: 10_000 });
    const member = (groups.find((g) => Array.isArray(g.members) && g.members.length > 0)!.members as Array<{ value: string }>)[0].value;
    const expected = groups.filter((g) => ((g.members as Array<{ value: string }> | undefined) ?? []).some((m) => m.value === member)).map((g) => g.id);
    const found = await collect({ endpoint: '/Groups', limit: 10_000, pageSize: 1, filter: `members.value eq "${member}"` });
    expect(found).toMatchObject({ complete: true, totalResults: expected.length });
    expect(found.resources.map((g) => g.id).sort()).toEqual([...expected].sort());
  });

  it('lets a refused filter fail as scim.list does, so the screen can fall back', async () => {
    const error = await expectAppError(collect({ endpoint: '/Groups', limit: 10, filter: 'members.value zz "u1"' }), TOKEN);
    expect(error.data).toMatchObject({ code: 'http', status: 400 });
    const again = await expectAppError(
      target.harness.engine.list({ connectionId: target.connectionId, endpoint: '/Groups', filter: 'members.value zz "u1"' }),
      TOKEN,
    );
    expect(again.code).toBe(error.code);
    expect(again.data.status).toBe(400);
  });
});

describe('collectAll learns what list learns', () => {
  let server: ScriptedServer | undefined;
  let harness: EngineHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    await server?.close();
    harness = server = undefined;
  });

  it("learns that users' groups are not kept from a search of Groups by member", async () => {
    const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
    const groups = [1, 2, 3].map((n) => ({ schemas: [GROUP], id: `g${n}`, displayName: `Team ${n}`, members: [{ value: 'u1' }] }));
    server = await startScriptedServer((req, res) => {
      const url = new URL(req.url, 'http://x');
      if (url.pathname === '/scim/v2/ResourceTypes') {
        return json(
          res,
          200,
          listResponse([
            { name: 'User', endpoint: '/Users', schema: 'urn:ietf:params:scim:schemas:core:2.0:User' },
            { name: 'Group', endpoint: '/Groups', schema: GROUP },
          ]),
        );
      }
      if (url.pathname === '/scim/v2/Users/u1') return json(res, 200, { id: 'u1', userName: 'u1@example.com' });
      if (url.pathname === '/scim/v2/Groups') {
        const start = Number(url.searchParams.get('startIndex') ?? 1);
        const count = Number(url.searchParams.get('count') ?? 50);
        return json(res, 200, { ...listResponse(groups.slice(start - 1, start - 1 + count), groups.length), startIndex: start });
      }
      return json(res, 404, { status: '404' });
    });
    harness = await createEngineHarness();
    const connectionId = await harness.connect('groups', `${server.url}/scim/v2`, TOKEN);
    await harness.engine.get({ connectionId, endpoint: '/Users', id: 'u1', attributes: ['groups'] });
    const found = await harness.engine.collectAll({ connectionId, endpoint: '/Groups', filter: 'members.value eq "u1"', limit: 100, pageSize: 2 });
    expect(found).toMatchObject({ complete: true, totalResults: 3 });
    expect(harness.engine.learned.get(connectionId, 'param|users|groups')).toMatchObject({
      state: 'ignored',
      message: "User u1 was read with no groups, yet 3 groups list it as a member: the server does not keep users' groups up to date.",
    });
  });
});
