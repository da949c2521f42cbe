/**
 * The engine against the demo server's `confirmit` persona: lowercase paths while ResourceTypes says
 * "/Users", integer ids, `resources` without startIndex, bare arrays from /groups and /resourceTypes,
 * schema keys spelled "Description" and "uniqueness ", errors with errorType and a numeric status,
 * 200 on create, application/json.
 */
import { describe, expect, it } from 'vitest';
import { startDemoServer } from '../../demo';
import { expectAppError, newUser } from './harness';
import { coreSuite, listEverything, useTarget } from './suite';

const TOKEN = 'confirmit-demo-token-31d0';
const USERS = 230;
const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const EXPANDED = 'urn:ietf:params:scim:schemas:expanded:2.0:User';

describe('engine × demo server, confirmit persona', () => {
  const target = useTarget('Confirmit', async () => {
    const server = await startDemoServer({ users: USERS, token: TOKEN, personas: ['confirmit'] });
    return { baseUrl: server.baseUrl('confirmit'), token: TOKEN, close: () => server.close() };
  });
  const codes = () => target.harness.engine.quirks.list(target.connectionId).map((q) => q.code);

  it('discovers through lowercase paths and bare arrays, and uses the endpoints that answer', async () => {
    const caps = await target.caps();
    expect(caps.discovery).toEqual({ serviceProviderConfig: true, resourceTypes: true, schemas: true });
    // ResourceTypes publishes "/Users" and "/Groups"; the server answers only at "/users" and "/groups".
    expect(caps.resourceTypes.map((t) => [t.name, t.endpoint, t.source])).toEqual([
      ['User', '/users', 'discovery'],
      ['Group', '/groups', 'discovery'],
    ]);
    expect(caps.resourceTypes[0].schemaExtensions).toEqual([{ schema: EXPANDED, required: true }]);
    expect(caps).toMatchObject({
      patch: true,
      sort: true,
      etag: null,
      filter: { supported: true, maxResults: 10000 },
      paging: { index: true, cursor: false, maxPageSize: 10000 },
    });
    expect(caps.authenticationSchemes).toEqual([{ type: 'oauthbearertoken', name: 'OAuth Bearer Token' }]);
  });

  it('normalises schema keys spelled off the RFC ("Description", "uniqueness ", "Default", "CanonicalValues")', async () => {
    const caps = await target.caps();
    expect(caps.schemas.map((s) => s.id)).toEqual([USER_SCHEMA, EXPANDED, 'urn:ietf:params:scim:schemas:core:2.0:Group']);
    const user = caps.schemas[0];
    expect(user.attributes.find((a) => a.name === 'userName')).toMatchObject({
      type: 'string',
      description: 'Unique identifier which is created with name from email and ProviderId.',
      mutability: 'readOnly',
      returned: 'default',
      uniqueness: 'server',
    });
    expect(user.attributes.find((a) => a.name === 'id')).toMatchObject({ type: 'integer', returned: 'always', uniqueness: 'server' });
    expect(user.attributes.find((a) => a.name === 'emails')?.subAttributes?.map((a) => a.name)).toEqual(['value', 'type', 'primary']);
    expect(caps.schemas[1].attributes.find((a) => a.name === 'languageId')).toMatchObject({ type: 'integer', canonicalValues: ['9'] });
  });

  coreSuite(target, { seededUsers: USERS, pageSize: 50, newUser: (tag) => newUser(tag, { emailType: null }), createStatus: 200, deleteStatus: 200 });

  it('reads integer ids as numbers and accepts them back as numbers or text', async () => {
    const { engine } = target.harness;
    const page = await engine.list({ connectionId: target.connectionId, endpoint: '/users', count: 3 });
    const id = page.resources[0].id;
    expect(typeof id).toBe('number');
    expect((await engine.get({ connectionId: target.connectionId, endpoint: '/users', id: id as number })).resource.id).toBe(id);
    expect((await engine.get({ connectionId: target.connectionId, endpoint: '/users', id: String(id) })).resource.id).toBe(id);
  });

  it('pages the bare-array /groups locally, listing each group once, stopping instead of looping', async () => {
    const { engine } = target.harness;
    const all = await engine.list({ connectionId: target.connectionId, endpoint: '/groups', count: 10_000 });
    expect(all.quirks.map((q) => q.code)).toEqual(expect.arrayContaining(['list.bare-array', 'list.unpaged']));
    expect(all.resources.length).toBeGreaterThan(7);
    expect(all.totalResults).toBe(all.resources.length);
    const second = await engine.list({ connectionId: target.connectionId, endpoint: '/groups', startIndex: 4, count: 3 });
    expect(second.resources.map((g) => g.id)).toEqual(all.resources.slice(3, 6).map((g) => g.id));
    expect(second.totalResults).toBe(all.resources.length);
    for (const [pageSize, parallel] of [
      [50, 1],
      [7, 1],
      [7, 4],
    ] as const) {
      const { ids } = await listEverything(target, '/groups', { pageSize, parallel });
      expect(ids.length).toBe(all.resources.length);
      expect(new Set(ids).size).toBe(all.resources.length);
    }
  });

  it('reads its error bodies (errorType, numeric status) and flags them on the exchange', async () => {
    const { engine, annotations } = target.harness;
    const missing = await expectAppError(engine.get({ connectionId: target.connectionId, endpoint: '/users', id: 987654 }), TOKEN);
    expect(missing).toMatchObject({ code: 'http', status: 404, data: { detail: 'Specified User could not be found.', scimType: 'invalidValue' } });
    expect(annotations.get(missing.data.exchangeId!)).toEqual(expect.arrayContaining(['error.status-number', 'error.extra-fields']));
  });

  it('shows every deviation as a quirk', () => {
    expect(codes()).toEqual(
      expect.arrayContaining([
        'list.resources-key-case',
        'list.no-start-index',
        'resource.integer-id',
        'discovery.list.bare-array',
        'discovery.list.resources-key-case',
        'discovery.path-case',
        'discovery.endpoint-case',
        'discovery.schema-key-spelling',
        'create.status-200',
        'delete.status-200',
        'error.extra-fields',
        'error.status-number',
        'content-type',
        'list.bare-array',
      ]),
    );
    expect(codes().filter((c) => /^discovery\..*bare-array/.test(c))).toEqual(['discovery.list.bare-array']);
  });
});
