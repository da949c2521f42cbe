/**
 * Whether a server keeps users' `groups` up to date: the engine sees a user read with no groups and then
 * Groups listing that user as a member, and learns it (a fact with its exchange, persisted like the rest).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { json, listResponse, startScriptedServer, type ScriptedServer } from '../../../../test/support/scripted-server';
import { createEngineHarness, type EngineHarness } from './harness';

const TOKEN = 'groups-token-3b1';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const groups = [
  { schemas: [GROUP], id: 'g1', displayName: 'Engineering', members: [{ value: 'u1' }] },
  { schemas: [GROUP], id: 'g2', displayName: 'All', members: [{ value: 'u1' }, { value: 'u2' }] },
];

let server: ScriptedServer | undefined;
let harness: EngineHarness | undefined;
afterEach(async () => {
  await harness?.close();
  await server?.close();
  harness = server = undefined;
});

/** A server whose users carry `groups` only when `keepsGroups`; Groups filtered by members.value correctly. */
async function connect(keepsGroups: boolean) {
  server = await startScriptedServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/scim/v2/ResourceTypes') {
      return json(
        res,
        200,
        listResponse([
          { name: 'User', endpoint: '/Users', schema: USER },
          { name: 'Group', endpoint: '/Groups', schema: GROUP },
        ]),
      );
    }
    const user = /^\/scim\/v2\/Users\/(u\d)$/.exec(url.pathname);
    if (user) {
      const id = user[1]!;
      const mine = groups.filter((g) => g.members.some((m) => m.value === id)).map((g) => ({ value: g.id, display: g.displayName }));
      return json(res, 200, { schemas: [USER], id, userName: `${id}@example.com`, ...(keepsGroups ? { groups: mine } : {}) });
    }
    if (url.pathname === '/scim/v2/Groups') {
      const member = /^members\.value eq "(.*)"$/.exec(url.searchParams.get('filter') ?? '')?.[1];
      const found = member ? groups.filter((g) => g.members.some((m) => m.value === member)) : groups;
      return json(res, 200, listResponse(found, found.length));
    }
    return json(res, 404, { status: '404' });
  });
  harness = await createEngineHarness();
  const connectionId = await harness.connect('groups', `${server.url}/scim/v2`, TOKEN);
  return { engine: harness.engine, connectionId };
}

describe("users' groups kept or not", () => {
  it('learns that the server does not keep users’ groups, with the exchange that showed it', async () => {
    const { engine, connectionId } = await connect(false);
    await engine.get({ connectionId, endpoint: '/Users', id: 'u1', attributes: ['groups'] });
    const page = await engine.list({ connectionId, endpoint: '/Groups', filter: 'members.value eq "u1"', count: 50 });
    expect(page.resources).toHaveLength(2);
    expect(engine.learned.get(connectionId, 'param|users|groups')).toMatchObject({
      state: 'ignored',
      exchangeId: page.exchangeId,
      message: "User u1 was read with no groups, yet 2 groups list it as a member: the server does not keep users' groups up to date.",
    });
    expect(engine.quirks.list(connectionId).map((q) => q.code)).toContain('learned:param|users|groups');
  });

  it('learns nothing where users carry their groups, or the user was never read without them', async () => {
    const kept = await connect(true);
    await kept.engine.get({ connectionId: kept.connectionId, endpoint: '/Users', id: 'u1', attributes: ['groups'] });
    await kept.engine.list({ connectionId: kept.connectionId, endpoint: '/Groups', filter: 'members.value eq "u1"', count: 50 });
    expect(kept.engine.learned.get(kept.connectionId, 'param|users|groups')).toBeUndefined();
    await harness!.close();
    await server!.close();

    const unread = await connect(false);
    await unread.engine.list({ connectionId: unread.connectionId, endpoint: '/Groups', filter: 'members.value eq "u2"', count: 50 });
    expect(unread.engine.learned.get(unread.connectionId, 'param|users|groups')).toBeUndefined();
  });

  it('learns nothing from a read whose projection left groups out (attributes without groups, or excludedAttributes=groups)', async () => {
    const { engine, connectionId } = await connect(false);
    await engine.get({ connectionId, endpoint: '/Users', id: 'u1', attributes: ['userName', 'active'] });
    await engine.get({ connectionId, endpoint: '/Users', id: 'u2', excludedAttributes: ['groups'] });
    await engine.list({ connectionId, endpoint: '/Groups', filter: 'members.value eq "u1"', count: 50 });
    await engine.list({ connectionId, endpoint: '/Groups', filter: 'members.value eq "u2"', count: 50 });
    expect(engine.learned.get(connectionId, 'param|users|groups')).toBeUndefined();

    // A projection naming groups (here by its full URN, sub-attribute included) still counts.
    await engine.get({ connectionId, endpoint: '/Users', id: 'u1', attributes: [`${USER}:groups.value`] });
    await engine.list({ connectionId, endpoint: '/Groups', filter: 'members.value eq "u1"', count: 50 });
    expect(engine.learned.get(connectionId, 'param|users|groups')).toMatchObject({ state: 'ignored' });
  });
});
