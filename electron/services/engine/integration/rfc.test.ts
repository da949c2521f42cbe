/**
 * The engine against the demo server's `rfc` persona (a by-the-book SCIM 2.0 server with ETags and
 * RFC 9865 cursor paging), over real HTTP on loopback.
 */
import { describe, expect, it } from 'vitest';
import { startDemoServer } from '../../demo';
import { iteratePages } from '../paging';
import { expectAppError, uniqueName, newUser } from './harness';
import { coreSuite, serverTotal, useTarget } from './suite';

const TOKEN = 'rfc-demo-token-4f1c9a';
const USERS = 230;
const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';

describe('engine × demo server, rfc persona', () => {
  const target = useTarget('RFC', async () => {
    const server = await startDemoServer({ users: USERS, token: TOKEN, personas: ['rfc'] });
    return { baseUrl: server.baseUrl('rfc'), token: TOKEN, close: () => server.close() };
  });

  it('discovers resource types, normalised schemas and every capability flag', async () => {
    const caps = await target.caps();
    expect(caps.discovery).toEqual({ serviceProviderConfig: true, resourceTypes: true, schemas: true });
    expect(caps.resourceTypes.map((t) => [t.name, t.endpoint, t.source])).toEqual([
      ['User', '/Users', 'discovery'],
      ['Group', '/Groups', 'discovery'],
    ]);
    expect(caps.resourceTypes[0].schemaExtensions).toEqual([{ schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', required: false }]);
    expect(caps.schemas.map((s) => s.id)).toEqual(
      expect.arrayContaining([USER_SCHEMA, GROUP_SCHEMA, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User']),
    );
    const user = caps.schemas.find((s) => s.id === USER_SCHEMA)!;
    expect(user.attributes.find((a) => a.name === 'userName')).toMatchObject({
      type: 'string',
      required: true,
      caseExact: false,
      mutability: 'readWrite',
      returned: 'default',
      uniqueness: 'server',
    });
    expect(user.attributes.find((a) => a.name === 'emails')).toMatchObject({ type: 'complex', multiValued: true });
    expect(caps).toMatchObject({
      patch: true,
      etag: true,
      sort: true,
      changePassword: false,
      filter: { supported: true, maxResults: 1000 },
      bulk: { supported: true, maxOperations: 100, maxPayloadSize: 1048576 },
      paging: { index: true, cursor: true, defaultPageSize: 100, maxPageSize: 1000 },
    });
    expect(caps.authenticationSchemes).toEqual([{ type: 'oauthbearertoken', name: 'OAuth Bearer Token' }]);
    expect(caps.notes).toEqual([]);
    expect(caps.quirks).toEqual([]);
  });

  coreSuite(target, { seededUsers: USERS, pageSize: 40, newUser, createStatus: 201, deleteStatus: 204 });

  it('patches in the entra dialect: capitalised ops, "False" strings, typed email paths, member lists', async () => {
    const { engine, exchanges } = target.harness;
    const connectionId = target.connectionId;
    const tag = uniqueName('entra');
    const created = await engine.create({ connectionId, endpoint: '/Users', resource: newUser(tag) });
    const id = created.resource.id as string;

    const patched = await engine.patch({
      connectionId,
      endpoint: '/Users',
      id,
      dialect: 'entra',
      operations: [
        { op: 'replace', path: 'active', value: false },
        { op: 'replace', value: { name: { givenName: 'Grace' } } },
        { op: 'replace', path: 'emails', value: [{ type: 'work', value: `new-${tag}@example.com` }] },
      ],
    });
    expect(patched.status).toBe(200);
    const wire = JSON.parse(exchanges.find((e) => e.id === patched.exchangeId)!.requestBody!) as { Operations: unknown[] };
    expect(wire.Operations).toEqual([
      { op: 'Replace', path: 'active', value: 'False' },
      { op: 'Replace', path: 'name.givenName', value: 'Grace' },
      { op: 'Replace', path: 'emails[type eq "work"].value', value: `new-${tag}@example.com` },
    ]);
    const after = await engine.get({ connectionId, endpoint: '/Users', id });
    expect(after.resource).toMatchObject({
      active: false,
      name: { givenName: 'Grace', familyName: tag },
      emails: [{ type: 'work', value: `new-${tag}@example.com`, primary: true }],
    });

    // Group membership as Entra writes it: add with a value list, remove batched into one "Remove members".
    const group = await engine.create({ connectionId, endpoint: '/Groups', resource: { schemas: [GROUP_SCHEMA], displayName: `Group ${tag}` } });
    const groupId = group.resource.id as string;
    await engine.patch({
      connectionId,
      endpoint: '/Groups',
      id: groupId,
      dialect: 'entra',
      operations: [{ op: 'add', path: 'members', value: [{ value: id }] }],
    });
    expect(((await engine.get({ connectionId, endpoint: '/Groups', id: groupId })).resource.members as { value: string }[]).map((m) => m.value)).toEqual([id]);
    const removal = await engine.patch({
      connectionId,
      endpoint: '/Groups',
      id: groupId,
      dialect: 'entra',
      operations: [{ op: 'remove', path: `members[value eq "${id}"]` }],
    });
    expect(JSON.parse(exchanges.find((e) => e.id === removal.exchangeId)!.requestBody!).Operations).toEqual([
      { op: 'Remove', path: 'members', value: [{ value: id }] },
    ]);
    expect((await engine.get({ connectionId, endpoint: '/Groups', id: groupId })).resource.members ?? []).toEqual([]);

    await engine.delete({ connectionId, endpoint: '/Groups', id: groupId });
    await engine.delete({ connectionId, endpoint: '/Users', id });
  });

  it('round-trips ETags: If-Match from the last read, and a stale one ends in precondition_failed with the current version', async () => {
    const { engine, exchanges } = target.harness;
    const connectionId = target.connectionId;
    const tag = uniqueName('etag');
    const created = await engine.create({ connectionId, endpoint: '/Users', resource: newUser(tag) });
    const id = created.resource.id as string;

    const read = await engine.get({ connectionId, endpoint: '/Users', id });
    expect(read.etag).toMatch(/^W\/".+"$/);
    const stale = read.etag!;
    const { meta: _meta, ...body } = read.resource;

    const first = await engine.replace({ connectionId, endpoint: '/Users', id, resource: { ...body, displayName: 'First writer' } });
    expect(exchanges.find((e) => e.id === first.exchangeId)!.requestHeaders['if-match']).toBe(stale);
    expect(first.etag).not.toBe(stale);

    const conflict = await expectAppError(
      engine.replace({ connectionId, endpoint: '/Users', id, resource: { ...body, displayName: 'Second writer' }, etag: stale }),
      TOKEN,
    );
    expect(conflict.code).toBe('precondition_failed');
    expect(conflict.status).toBe(412);
    expect(conflict.data.current?.etag).toBe(first.etag);
    expect(conflict.data.current?.resource).toMatchObject({ id, displayName: 'First writer' });
    expect(exchanges.find((e) => e.id === conflict.data.exchangeId)).toMatchObject({ status: 412, requestHeaders: { 'if-match': stale } });

    // Stale PATCH and DELETE are refused the same way; the resource is untouched.
    const stalePatch = await expectAppError(
      engine.patch({ connectionId, endpoint: '/Users', id, dialect: 'rfc', etag: stale, operations: [{ op: 'replace', path: 'displayName', value: 'x' }] }),
      TOKEN,
    );
    expect(stalePatch.code).toBe('precondition_failed');
    expect((await expectAppError(engine.delete({ connectionId, endpoint: '/Users', id, etag: stale }), TOKEN)).code).toBe('precondition_failed');
    expect((await engine.get({ connectionId, endpoint: '/Users', id })).resource.displayName).toBe('First writer');

    // With the current tag (remembered from the 412's re-read) the write goes through.
    const retried = await engine.replace({
      connectionId,
      endpoint: '/Users',
      id,
      resource: { ...body, displayName: 'Second writer' },
      etag: conflict.data.current!.etag!,
    });
    expect(retried.resource.displayName).toBe('Second writer');
    await engine.delete({ connectionId, endpoint: '/Users', id });
  });

  it("pages by RFC 9865 cursor (paging.ts cursor mode over the server's cursor parameter)", async () => {
    // The persona offers index and cursor paging, so listAll picks index: drive cursor mode directly.
    const { engine, exchanges } = target.harness;
    const connectionId = target.connectionId;
    const before = exchanges.length;
    const ids: string[] = [];
    const warnings: string[] = [];
    for await (const { page, warning } of iteratePages((request) => engine.list({ connectionId, endpoint: '/Users', ...request }), {
      pageSize: 60,
      mode: 'cursor',
    })) {
      ids.push(...page.resources.map((r) => String(r.id)));
      if (warning) warnings.push(warning);
    }
    const total = await serverTotal(target, '/Users');
    expect(warnings).toEqual([]);
    expect(ids.length).toBe(total);
    expect(new Set(ids).size).toBe(total);
    const urls = exchanges
      .slice(before)
      .filter((e) => e.method === 'GET' && new URL(e.url).pathname.endsWith('/Users'))
      .map((e) => new URL(e.url));
    expect(urls.length).toBe(Math.ceil(total / 60));
    expect(urls[0].searchParams.get('cursor')).toBe('');
    expect(urls.slice(1).every((u) => (u.searchParams.get('cursor') ?? '').length > 0 && !u.searchParams.has('startIndex'))).toBe(true);
  });

  it('records no quirks for a by-the-book server', () => {
    expect(target.harness.engine.quirks.list(target.connectionId)).toEqual([]);
  });
});
