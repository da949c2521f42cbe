/**
 * The bugs the random servers found, each pinned on a hand-made profile so it stays fixed whatever
 * seed a run draws (random-servers.test.ts draws a new one every time).
 */
import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import type { LearnedFact, ListPage } from '../../shared/contract';
import { BridgeError } from '../../renderer/src/bridge/BridgeError';
import { browsePageQuery } from '../../renderer/src/scim';
import { userGroupsQuery } from '../../renderer/src/features/membership/queries';
import { planRequests } from '../../shared/scim';
import { rfcProfile, type RandomProfile } from '../support/random-profile';
import { startRandomServer, type RandomServer } from '../support/random-server';
import { bridgeOver, connect, data, useRandomCore } from './harness';
import { jobProblems, sendMembershipJob } from './membership-job';

const ctx = useRandomCore();
let server: RandomServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(overrides: Partial<RandomProfile>) {
  server = await startRandomServer(rfcProfile(overrides));
  const connectionId = await connect(ctx, 'Regression', server.baseUrl);
  const { bridge } = bridgeOver(ctx);
  await bridge.call('scim.discover', { connectionId });
  const learned = async () => data<LearnedFact[]>(await ctx.call('scim.learned', { connectionId }), 'scim.learned');
  const list = (input: Record<string, unknown>) => bridge.call('scim.list', { connectionId, endpoint: '/Users', ...input } as never) as Promise<ListPage>;
  return { server, connectionId, bridge, learned, list, client: new QueryClient({ defaultOptions: { queries: { retry: false } } }) };
}
const eqOnly = (otherwise: 'refuse' | 'ignore') => ({ ...rfcProfile().filter, ops: ['eq' as const], logical: [], otherwise });
const userIds = (s: RandomServer) => [...s.store.users.keys()];

describe('bugs found by the random servers', () => {
  it('an empty-bodied 400 to a filter is learned as a refusal, named in the error, and not sent again', async () => {
    const { list, learned, server } = await setup({ errors: 'empty', filter: eqOnly('refuse') });
    const error = await list({ filter: 'displayName co "ada"' }).catch((e: unknown) => e as BridgeError);
    expect(error).toBeInstanceOf(BridgeError);
    expect((error as BridgeError).message).toMatch(/HTTP 400: the server refused the filter ‹displayName co "ada"›/);
    expect((await learned()).map((f) => `${f.key}=${f.state}`)).toContain('filter|users|displayname co=refused');
    const sent = server.log.length;
    await expect(list({ filter: 'displayName co "ada"' })).rejects.toThrow(/^Not sent/);
    expect(server.log).toHaveLength(sent);
  });

  it('a page filled past a cap on a server that also ignores startIndex on GET is filled through POST /.search', async () => {
    const { list, server } = await setup({ users: 120, pageCap: 7, startIndex: 'ignored', startIndexEcho: 'asked', search: 'pages' });
    const page = await list({ startIndex: 1, count: 100 });
    expect(page.resources.map((r) => r.id)).toEqual(userIds(server).slice(0, 100));
  });

  it('rows within reach of a capped whole read are served on later pages, with the gap stated', async () => {
    const { bridge, connectionId, client, server } = await setup({ users: 150, pageCap: 105, startIndex: 'ignored', search: 'absent' });
    const view = { connectionId, endpoint: '/Users' };
    await client.fetchQuery(browsePageQuery(bridge, view, 0));
    await client.fetchQuery(browsePageQuery(bridge, view, 1));
    // Scrolled back to it later, once the cap is known: the same rows, not an empty page.
    const again = await client.fetchQuery({ ...browsePageQuery(bridge, view, 1), staleTime: 0 });
    expect(again.resources.map((r) => r.id)).toEqual(userIds(server).slice(100, 105));
    expect(again.gap).toMatchObject({ reachable: 105, reason: expect.stringContaining('ignores startIndex') });
  });

  it('a filter ignored only further into a capped page is still caught on that page', async () => {
    const { list, server } = await setup({ users: 60, pageCap: 9, filter: eqOnly('ignore') });
    // A family name none of the first 9 users has: the server's first 9 all pass `ne`, later ones do not.
    const family = userIds(server).map((id) => String((server.store.users.get(id)!.body.name as { familyName: string }).familyName));
    const late = family.slice(9).find((name) => !family.slice(0, 9).includes(name))!;
    const page = await list({ filter: `name.familyName ne ${JSON.stringify(late)}`, count: 60 });
    expect(page.filterCheck?.mismatches).toBeGreaterThan(0);
  });

  it('members.value eq with excludedAttributes=members is not judged "ignored" on a server that applies both', async () => {
    const { bridge, connectionId, client, learned, server } = await setup({ userGroups: 'absent' });
    const user = userIds(server).find((id) => server.store.groupsOf(id).length > 0)!;
    const found = await client.fetchQuery(
      userGroupsQuery(bridge, { connectionId, usersEndpoint: '/Users', groupsEndpoint: '/Groups', userId: user, viaAttribute: false }),
    );
    expect(found.groups.map((g) => g.value).sort()).toEqual(
      server.store
        .groupsOf(user)
        .map((g) => g.id)
        .sort(),
    );
    expect((await learned()).filter((f) => f.state !== 'accepted')).toEqual([]);
  });

  it("a user's groups on a server that ignores members.value eq but honours excludedAttributes are picked from the groups read whole", async () => {
    const { bridge, connectionId, client, server } = await setup({
      userGroups: 'absent',
      filter: { ...rfcProfile().filter, membersValue: false, otherwise: 'ignore' },
    });
    const user = userIds(server).find((id) => server.store.groupsOf(id).length > 0)!;
    const found = await client.fetchQuery(
      userGroupsQuery(bridge, { connectionId, usersEndpoint: '/Users', groupsEndpoint: '/Groups', userId: user, viaAttribute: false }),
    );
    expect(found.groups.map((g) => g.value).sort()).toEqual(
      server.store
        .groupsOf(user)
        .map((g) => g.id)
        .sort(),
    );
    expect(found.note).toMatch(/^The server ignores the filter members\.value eq/);
  });

  it('a read that ignores attributes is learned, as a list that ignores them is', async () => {
    const { bridge, connectionId, learned, server } = await setup({ projection: 'ignored' });
    await bridge.call('scim.get', { connectionId, endpoint: '/Users', id: userIds(server)[0]!, attributes: ['groups'] });
    expect((await learned()).map((f) => `${f.key}=${f.state}`)).toContain('param|users|attributes=ignored');
  });

  it('a second membership PATCH after a 204 carries no stale If-Match (no 412)', async () => {
    const { bridge, connectionId, server } = await setup({ patchStatus: 204 });
    const group = [...server.store.groups.values()][0]!;
    await bridge.call('scim.get', { connectionId, endpoint: '/Groups', id: group.id });
    const outsiders = userIds(server)
      .filter((id) => !group.members.includes(id))
      .slice(0, 2);
    for (const value of outsiders) {
      const requests = planRequests({ groupId: group.id, groupName: group.displayName, add: [{ value }], remove: [] }, { patch: true, chunkSize: 10 });
      expect(jobProblems(await sendMembershipJob(bridge, { connectionId, groupsEndpoint: '/Groups', requests }))).toEqual([]);
    }
    expect(server.log.filter((r) => r.status === 412)).toEqual([]);
  });

  it('the read-back after a membership change reads fresh: an add, then its removal, both verified', async () => {
    const { bridge, connectionId, server } = await setup({});
    const group = [...server.store.groups.values()][0]!;
    const user = userIds(server).find((id) => !group.members.includes(id))!;
    const send = async (change: { add: Array<{ value: string }>; remove: Array<{ value: string }> }) => {
      const requests = planRequests({ groupId: group.id, groupName: group.displayName, ...change }, { patch: true, chunkSize: 10 });
      const detail = await sendMembershipJob(bridge, { connectionId, groupsEndpoint: '/Groups', requests });
      expect(jobProblems(detail)).toEqual([]);
      // The job reads the group back after its sends: a stale read would show the change undone.
      expect(detail.result?.outcome).toBe('verified');
    };
    await send({ add: [{ value: user }], remove: [] });
    await send({ add: [], remove: [{ value: user }] });
  });
});
