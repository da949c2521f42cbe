/**
 * The engine against the demo server's `coginiti` persona: filters other than `userName eq` are
 * silently ignored (everything comes back), DELETE answers 200 {"status":"200"}, no meta, no ETags,
 * group member type "USER".
 */
import { describe, expect, it } from 'vitest';
import { startDemoServer } from '../../demo';
import { newUser } from './harness';
import { coreSuite, useTarget } from './suite';

const TOKEN = 'coginiti-demo-token-e502';
const USERS = 230;
const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';

describe('engine × demo server, coginiti persona', () => {
  const target = useTarget('Coginiti', async () => {
    const server = await startDemoServer({ users: USERS, token: TOKEN, personas: ['coginiti'] });
    return { baseUrl: server.baseUrl('coginiti'), token: TOKEN, close: () => server.close() };
  });
  const codes = () => target.harness.engine.quirks.list(target.connectionId).map((q) => q.code);

  it('discovers resource types, schemas and flags (no ETags, no sorting)', async () => {
    const caps = await target.caps();
    expect(caps.discovery).toEqual({ serviceProviderConfig: true, resourceTypes: true, schemas: true });
    expect(caps.resourceTypes.map((t) => [t.name, t.endpoint, t.source])).toEqual([
      ['User', '/Users', 'discovery'],
      ['Group', '/Groups', 'discovery'],
    ]);
    expect(caps.schemas.find((s) => s.id === USER_SCHEMA)?.attributes.find((a) => a.name === 'userName')).toMatchObject({
      uniqueness: 'server',
      required: true,
    });
    expect(caps).toMatchObject({ patch: true, etag: false, sort: false, filter: { supported: true }, paging: { index: true, cursor: false } });
    expect(caps.quirks).toEqual([]);
  });

  coreSuite(target, { seededUsers: USERS, pageSize: 50, newUser, createStatus: 201, deleteStatus: 200 });

  it('notices a filter the server ignored: displayName co "x" comes back with non-matching users', async () => {
    const { engine } = target.harness;
    const page = await engine.list({ connectionId: target.connectionId, endpoint: '/Users', filter: 'displayName co "x"', count: 25 });
    expect(page.resources.length).toBe(25);
    expect(page.filterCheck).not.toBeNull();
    expect(page.filterCheck!.mismatches).toBeGreaterThan(0);
    expect(page.quirks.map((q) => q.code)).toContain('filter.ignored');
    // userName eq is the one filter it honours: nothing to flag there.
    const one = page.resources.find((r) => !String(r.displayName ?? '').includes('x'))!;
    const hit = await engine.list({ connectionId: target.connectionId, endpoint: '/Users', filter: `userName eq "${String(one.userName)}"` });
    expect(hit.resources.map((r) => r.id)).toEqual([one.id]);
    expect(hit.filterCheck).toEqual({ checked: 1, mismatches: 0 });
  });

  it('notices the ignored sortBy, the missing meta and the "USER" member type', async () => {
    const { engine } = target.harness;
    const sorted = await engine.list({
      connectionId: target.connectionId,
      endpoint: '/Users',
      startIndex: 1,
      count: 50,
      sortBy: 'userName',
      sortOrder: 'descending',
      via: 'get',
    });
    expect(sorted.quirks.map((q) => q.code)).toContain('sort.ignored');
    const groups = await engine.list({ connectionId: target.connectionId, endpoint: '/Groups', startIndex: 1, count: 5, via: 'get' });
    const withMembers = groups.resources.find((g) => Array.isArray(g.members) && g.members.length > 0)!;
    await engine.get({ connectionId: target.connectionId, endpoint: '/Groups', id: withMembers.id as string });
    expect(codes()).toEqual(expect.arrayContaining(['resource.no-meta', 'resource.member-type']));
  });

  it('shows every deviation as a quirk', () => {
    expect(codes()).toEqual(expect.arrayContaining(['filter.ignored', 'delete.status-200', 'sort.ignored', 'resource.no-meta', 'resource.member-type']));
  });
});
