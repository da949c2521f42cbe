/**
 * The engine against SCIMMY (scimmy + scimmy-routers on Express): a SCIM implementation we did not
 * write, so the engine meets somebody else's reading of RFC 7643/7644.
 */
import { describe, expect, it } from 'vitest';
import { startScimmyServer } from '../../../../test/support/scimmy-server';
import { newUser } from './harness';
import { coreSuite, listEverything, useTarget } from './suite';

const TOKEN = 'scimmy-token-0c4e2b';
const USERS = 45;
const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';

describe('engine × SCIMMY', () => {
  const target = useTarget('SCIMMY', async () => {
    const server = await startScimmyServer({ token: TOKEN, users: USERS, groups: 3 });
    return { baseUrl: server.baseUrl, token: TOKEN, close: () => server.close() };
  });
  const codes = () => target.harness.engine.quirks.list(target.connectionId).map((q) => q.code);

  it('discovers resource types, schemas and flags', async () => {
    const caps = await target.caps();
    expect(caps.discovery).toEqual({ serviceProviderConfig: true, resourceTypes: true, schemas: true });
    expect(caps.resourceTypes.map((t) => [t.name, t.endpoint, t.source])).toEqual([
      ['User', '/Users', 'discovery'],
      ['Group', '/Groups', 'discovery'],
    ]);
    expect(caps.resourceTypes[0].schemaExtensions).toEqual([{ schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', required: false }]);
    const user = caps.schemas.find((s) => s.id === USER_SCHEMA)!;
    expect(user.attributes.find((a) => a.name === 'userName')).toMatchObject({ type: 'string', required: true, uniqueness: 'server' });
    expect(caps).toMatchObject({
      patch: true,
      etag: false,
      sort: true,
      bulk: { supported: false },
      filter: { supported: true, maxResults: 200 },
      paging: { index: true, cursor: false, maxPageSize: 200 },
    });
    expect(caps.authenticationSchemes.map((s) => s.type)).toEqual(['oauthbearertoken']);
  });

  coreSuite(target, { seededUsers: USERS, pageSize: 10, newUser, createStatus: 201, deleteStatus: 204 });

  it('stops after a first page that holds everything (SCIMMY answers page 1 again past the end)', async () => {
    const before = target.harness.exchanges.length;
    const { ids, warnings, pages } = await listEverything(target, '/Users', { pageSize: 100, parallel: 4 });
    expect({ count: ids.length, unique: new Set(ids).size, warnings, pages }).toEqual({ count: USERS, unique: USERS, warnings: [], pages: 1 });
    expect(target.harness.exchanges.length - before).toBe(1);
    expect(codes()).not.toContain('paging.ignores-start-index');
  });

  it('lists groups with their members', async () => {
    const { ids } = await listEverything(target, '/Groups', { pageSize: 2, parallel: 4 });
    expect(ids.length).toBe(3);
    const group = await target.harness.engine.get({ connectionId: target.connectionId, endpoint: '/Groups', id: ids[0] });
    expect(Array.isArray(group.resource.members)).toBe(true);
  });

  it('shows its deviations as quirks (201 without Location, itemsPerPage echoing count)', async () => {
    const { engine } = target.harness;
    await engine.list({
      connectionId: target.connectionId,
      endpoint: '/Users',
      startIndex: 1,
      count: 500,
      filter: 'userName eq "user003@scimmy.test"',
      via: 'get',
    });
    expect(codes()).toEqual(expect.arrayContaining(['create.no-location', 'list.items-per-page']));
  });
});
