/* eslint-disable @typescript-eslint/no-explicit-any -- SCIM answers are untyped JSON in these tests */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handle } from './api';
import { startDemoServer, type DemoServer } from './index';
import { rfcPersona } from './personas/rfc';
import type { PersonaContext } from './personas/types';
import { client, type Client } from './test-helpers';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const BULK_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';
const TOKEN = 'bulk-test-token-7d21';

let server: DemoServer;
let api: Client;

beforeAll(async () => {
  server = await startDemoServer({ users: 20, seed: 7, token: TOKEN, personas: ['rfc', 'cortex'] });
  api = client(server, 'rfc', { token: TOKEN });
});
afterAll(() => server.close());

const bulk = (operations: unknown[], extra: Record<string, unknown> = {}) => api.post('/Bulk', { schemas: [BULK_REQUEST], ...extra, Operations: operations });
const newUser = (userName: string) => ({ schemas: [USER], userName, name: { givenName: 'Bulk', familyName: 'User' } });

describe('rfc persona: Bulk (RFC 7644 §3.7)', () => {
  it('advertises bulk in ServiceProviderConfig', async () => {
    const spc = await api.get('/ServiceProviderConfig');
    expect(spc.body.bulk).toEqual({ supported: true, maxOperations: 100, maxPayloadSize: 1048576 });
  });

  it('creates a user and a group whose member is the user, by bulkId', async () => {
    const res = await bulk([
      { method: 'POST', path: '/Users', bulkId: 'u1', data: newUser('bulk.one@example.com') },
      { method: 'POST', path: '/Groups', bulkId: 'g1', data: { schemas: [GROUP], displayName: 'Bulk Group One', members: [{ value: 'bulkId:u1' }] } },
    ]);
    expect(res.status).toBe(200);
    expect(res.body.schemas).toEqual([BULK_RESPONSE]);
    const [user, group] = res.body.Operations;
    expect(user).toMatchObject({ method: 'POST', bulkId: 'u1', status: '201' });
    expect(group).toMatchObject({ method: 'POST', bulkId: 'g1', status: '201' });
    expect(user.location).toMatch(/\/rfc\/scim\/v2\/Users\/[0-9a-f-]+$/);
    expect(user.version).toMatch(/^W\/"/);
    expect(user.response).toBeUndefined();
    const userId = user.location.split('/').pop();
    const read = await api.get(`/Groups/${group.location.split('/').pop()}`);
    expect(read.status).toBe(200);
    expect(read.body.members.map((m: any) => m.value)).toEqual([userId]);
    expect((await api.get(`/Users/${userId}`)).body.groups.map((g: any) => g.display)).toEqual(['Bulk Group One']);
  });

  it('resolves bulkId in a path, applies PATCH and DELETE with If-Match from version', async () => {
    const res = await bulk([
      { method: 'POST', path: '/Users', bulkId: 'u2', data: newUser('bulk.two@example.com') },
      { method: 'PATCH', path: '/Users/bulkId:u2', data: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'displayName', value: 'Bulk Two' }] } },
    ]);
    expect(res.body.Operations.map((o: any) => o.status)).toEqual(['201', '200']);
    const id = res.body.Operations[0].location.split('/').pop();
    const current = await api.get(`/Users/${id}`);
    expect(current.body.displayName).toBe('Bulk Two');

    const stale = await bulk([{ method: 'DELETE', path: `/Users/${id}`, version: 'W/"999"' }]);
    expect(stale.body.Operations[0]).toMatchObject({ method: 'DELETE', status: '412', location: expect.stringMatching(new RegExp(`/Users/${id}$`)) });
    expect(stale.body.Operations[0].response.schemas).toEqual([ERROR]);

    const both = await bulk([
      {
        method: 'PATCH',
        path: `/Users/${id}`,
        version: current.body.meta.version,
        data: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'title', value: 'Boss' }] },
      },
      { method: 'DELETE', path: `/Users/${id}` },
    ]);
    expect(both.status).toBe(200);
    expect(both.body.Operations).toEqual([
      expect.objectContaining({ method: 'PATCH', status: '200', version: expect.stringMatching(/^W\//), location: expect.stringContaining(id) }),
      expect.objectContaining({ method: 'DELETE', status: '204', location: expect.stringContaining(id) }),
    ]);
    expect((await api.get(`/Users/${id}`)).status).toBe(404);
  });

  it('reports per-operation failures: validation, uniqueness, unresolved bulkId', async () => {
    const res = await bulk([
      { method: 'POST', path: '/Users', bulkId: 'dup', data: newUser('bulk.dup@example.com') },
      { method: 'POST', path: '/Users', bulkId: 'dup2', data: newUser('bulk.dup@example.com') },
      { method: 'POST', path: '/Users', bulkId: 'bad', data: { schemas: [USER] } },
      { method: 'POST', path: '/Groups', bulkId: 'g', data: { schemas: [GROUP], displayName: 'Forward', members: [{ value: 'bulkId:later' }] } },
      { method: 'POST', path: '/Users', bulkId: 'later', data: newUser('bulk.later@example.com') },
    ]);
    expect(res.body.Operations.map((o: any) => o.status)).toEqual(['201', '409', '400', '409', '201']);
    expect(res.body.Operations[1].response).toMatchObject({ schemas: [ERROR], status: '409', scimType: 'uniqueness' });
    expect(res.body.Operations[1].location).toBeUndefined();
    expect(res.body.Operations[3].response).toMatchObject({ scimType: 'invalidValue', detail: expect.stringContaining('bulkId:later') });
  });

  it('stops after failOnErrors errors and lists nothing after', async () => {
    const res = await bulk(
      [
        { method: 'DELETE', path: '/Users/missing-1' },
        { method: 'DELETE', path: '/Users/missing-2' },
        { method: 'POST', path: '/Users', bulkId: 'never', data: newUser('bulk.never@example.com') },
      ],
      { failOnErrors: 1 },
    );
    expect(res.status).toBe(200);
    expect(res.body.Operations).toHaveLength(1);
    expect(res.body.Operations[0]).toMatchObject({ method: 'DELETE', status: '404' });
    expect((await api.get('/Users?filter=userName%20eq%20%22bulk.never@example.com%22')).body.totalResults).toBe(0);
  });

  it('answers 413 over maxOperations or maxPayloadSize, 400 for a malformed request', async () => {
    const ops = Array.from({ length: 101 }, (_, i) => ({ method: 'DELETE', path: `/Users/missing-${i}` }));
    const many = await bulk(ops);
    expect(many.status).toBe(413);
    expect(many.body).toMatchObject({ schemas: [ERROR], status: '413', detail: expect.stringContaining('maxOperations (100)') });
    const big = await bulk([{ method: 'POST', path: '/Users', bulkId: 'big', data: { ...newUser('bulk.big@example.com'), title: 'x'.repeat(1048576) } }]);
    expect(big.status).toBe(413);
    expect((await bulk([], { failOnErrors: 0 })).status).toBe(400);
    expect((await api.post('/Bulk', { Operations: [] })).status).toBe(400);
    expect((await api.get('/Bulk')).status).toBe(405);
  });

  it('requires the token; other personas answer as before (no /Bulk route, or 501 without bulk limits)', async () => {
    const anonymous = client(server, 'rfc');
    expect((await anonymous.post('/Bulk', { schemas: [BULK_REQUEST], Operations: [] })).status).toBe(401);
    const cortex = client(server, 'cortex', { token: TOKEN });
    expect((await cortex.get('/ServiceProviderConfig')).body.bulk?.supported ?? false).toBe(false);
    expect((await cortex.post('/Bulk', { schemas: [BULK_REQUEST], Operations: [] })).status).toBe(404);
    // A persona routing /Bulk without declaring limits keeps the 501 answer.
    const noBulk = { ...rfcPersona, bulk: undefined };
    const req = {
      method: 'POST',
      endpoint: 'Bulk' as const,
      rest: [],
      query: new URLSearchParams(),
      headers: {},
      body: { schemas: [BULK_REQUEST], Operations: [] },
    };
    expect(() => handle(noBulk, req, {} as PersonaContext)).toThrow(expect.objectContaining({ status: 501 }));
  });
});
