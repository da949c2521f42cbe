/* eslint-disable @typescript-eslint/no-explicit-any -- SCIM answers are untyped JSON in these tests */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from './index';
import { client, q, type Client } from './test-helpers';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const EXPANDED = 'urn:ietf:params:scim:schemas:expanded:2.0:User';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const N = 400;
const TOKEN = 'demo-token';

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer({ users: N, seed: 11, token: TOKEN, rateLimitPerSecond: 10_000 });
});
afterAll(() => server.close());

describe('cortex persona', () => {
  let api: Client;
  beforeAll(() => {
    api = client(server, 'cortex', { token: TOKEN });
  });

  it('lives at /cortex/scim/v2 and serves Users only', async () => {
    expect(api.base).toBe(`${server.url}/cortex/scim/v2`);
    const res = await api.get('/Users?count=5');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ schemas: [LIST], totalResults: N, startIndex: 1, itemsPerPage: 5 });
    expect(res.body.Resources[0].groups).toBeUndefined();
    for (const path of ['/Groups', '/ServiceProviderConfig', '/ResourceTypes', '/Schemas', '/.search']) {
      expect((await api.get(path)).status, path).toBe(404);
    }
  });

  it('requires the bearer token (401 + WWW-Authenticate)', async () => {
    const anon = client(server, 'cortex');
    const res = await anon.get('/Users');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(res.body).toMatchObject({ schemas: [ERROR], status: '401' });
    expect((await anon.get('/Users', { Authorization: 'Bearer nope' })).status).toBe(401);
  });

  it('supports only userName eq filters, and accepts the domain parameter', async () => {
    const someone = (await api.get('/Users?count=1&startIndex=3')).body.Resources[0];
    const res = await api.get(`/Users${q({ filter: `userName eq "${someone.userName}"`, domain: 'example.com' })}`);
    expect(res.status).toBe(200);
    expect(res.body.Resources.map((u: any) => u.id)).toEqual([someone.id]);
    for (const filter of ['userName sw "a"', 'active eq true', 'userName eq "x" and active eq true', 'emails.value eq "x"']) {
      const bad = await api.get(`/Users${q({ filter })}`);
      expect(bad.status, filter).toBe(400);
      expect(bad.body.scimType).toBe('invalidFilter');
    }
  });

  it('answers 200 (not 201) on create and 200 with the deleted user on delete', async () => {
    const created = await api.post('/Users', { schemas: [USER], userName: 'cortex.new@example.com', name: { givenName: 'Cor', familyName: 'Tex' } });
    expect(created.status).toBe(200);
    expect(created.headers.get('location')).toBeNull();
    expect(created.headers.get('etag')).toBeNull();
    const deleted = await api.del(`/Users/${created.body.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.userName).toBe('cortex.new@example.com');
    expect((await api.get(`/Users/${created.body.id}`)).status).toBe(404);
  });

  it('rate limits bursts with 429 problem+json and Retry-After', async () => {
    const limited = await startDemoServer({ users: 50, personas: ['cortex'], rateLimitPerSecond: 5 });
    try {
      const c = client(limited, 'cortex');
      const answers = await Promise.all(Array.from({ length: 20 }, () => fetch(`${c.base}/Users?count=1`)));
      const tooMany = answers.filter((r) => r.status === 429);
      expect(answers.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(4);
      expect(tooMany.length).toBeGreaterThanOrEqual(10);
      const r = tooMany[0];
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(r.headers.get('retry-after')).toBe('1');
      const body = await r.json();
      expect(body).toEqual({ type: 'about:blank', title: 'Too Many Requests', status: 429, detail: expect.any(String) });
      await Promise.all(answers.map((a) => a.arrayBuffer().catch(() => undefined)));
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect((await fetch(`${c.base}/Users?count=1`)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('confirmit persona', () => {
  let api: Client;
  beforeAll(() => {
    api = client(server, 'confirmit', { token: TOKEN });
  });

  it('uses lowercase paths under /confirmit/v2, integer ids and a lowercase `resources` list', async () => {
    expect(api.base).toBe(`${server.url}/confirmit/v2`);
    const res = await api.get('/users?count=10');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Object.keys(res.body)).toEqual(['totalResults', 'resources', 'itemsPerPage', 'schemas']);
    expect(res.body.totalResults).toBe(N);
    expect(res.body.resources.map((u: any) => u.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(res.body.Resources).toBeUndefined();
    expect(res.body.startIndex).toBeUndefined();
    for (const path of ['/Users', '/Groups', '/ResourceTypes', '/Schemas', '/ServiceProviderConfig']) {
      expect((await api.get(path)).status, path).toBe(404);
    }
  });

  it('shapes users like the Confirmit examples', async () => {
    const res = await api.get('/users/1');
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBeNull();
    const u = res.body;
    expect(Object.keys(u)).toEqual(['id', 'userName', 'name', 'emails', 'externalId', 'active', EXPANDED, 'meta', 'schemas']);
    expect(u.id).toBe(1);
    expect(Object.keys(u.name)).toEqual(['givenName', 'familyName']);
    expect(u.emails[0]).toEqual({ value: u.userName, primary: true });
    expect(u[EXPANDED]).toEqual({ CompanyId: 1, LanguageId: 9, UserType: 'professional' });
    expect(u.meta.location).toBe('/confirmit/v2/Users/1');
    expect(u.meta.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+00:00$/);
    expect(u.schemas).toEqual([USER, EXPANDED]);
  });

  it('returns bare arrays from GET /groups and /resourceTypes', async () => {
    const groups = await api.get('/groups');
    expect(Array.isArray(groups.body)).toBe(true);
    expect(groups.body.length).toBeGreaterThan(10);
    expect(groups.body[0]).toMatchObject({ id: '1', displayName: 'All Employees' });
    expect(groups.body[0].schemas).toBeUndefined();
    expect(groups.body[0].members[0]).toEqual({ value: expect.stringMatching(/^\d+$/), display: expect.any(String) });
    const one = await api.get('/groups/1');
    expect(one.body.schemas).toEqual([GROUP]);
    const types = await api.get('/resourceTypes');
    expect(Array.isArray(types.body)).toBe(true);
    expect(types.body.map((t: any) => t.id)).toEqual(['User', 'Group']);
    expect(types.body[0].schemaExtensions).toEqual([{ schema: EXPANDED, required: true }]);
  });

  it('documents schemas with "Description" and "uniqueness " keys', async () => {
    const res = await api.get('/schemas');
    expect(res.body).toMatchObject({ totalResults: 3, startIndex: 1, itemsPerPage: 10 });
    const user = res.body.resources[0];
    const id = user.attributes[0];
    expect(id).toEqual({
      name: 'id',
      type: 'integer',
      Description: 'Unique identifier for the user.',
      mutability: 'readOnly',
      returned: 'always',
      'uniqueness ': 'server',
    });
    expect(user.attributes[1].returned).toBe('Default');
    expect(user.attributes[1].description).toBeUndefined();
    expect(res.body.resources[1].attributes[1].CanonicalValues).toEqual(['9']);
    const spc = await api.get('/serviceProviderConfig');
    expect(spc.body).toMatchObject({ documentationUri: '', bulk: {}, eTag: {}, filter: { maxResults: 10000, supported: true } });
  });

  it('creates with 200, patches with a lowercase `operations` key, and deletes users with 200 / groups with 204', async () => {
    // The seed's create example: no userName (Confirmit derives it from the e-mail), no schemas check.
    const created = await api.post('/users', {
      name: { givenName: 'Con', familyName: 'Firmit' },
      emails: [{ value: 'con.firmit@example.com', primary: true }],
      [EXPANDED]: { languageId: 10 },
      schemas: [USER, EXPANDED],
    });
    expect(created.status).toBe(200);
    expect(typeof created.body.id).toBe('number');
    expect(created.body.id).toBe(N + 1);
    expect(created.body[EXPANDED].LanguageId).toBe(10);
    expect(created.body.userName).toBe('con.firmit@example.com');

    const group = await api.post('/groups', { displayName: 'Confirmit Panel', members: [{ value: '2', display: 'x' }] });
    expect(group.status).toBe(200);
    const patched = await api.patch(`/groups/${group.body.id}`, {
      operations: [
        { op: 'add', path: 'members', value: { value: String(created.body.id), display: 'Con Firmit' } },
        { op: 'remove', path: 'members[value eq "2"]', value: {} },
        { op: 'replace', path: '', value: { id: group.body.id, displayName: 'Updated Panel' } },
      ],
    });
    expect(patched.status).toBe(200);
    expect(patched.body.displayName).toBe('Updated Panel');
    expect(patched.body.members.map((m: any) => m.value)).toEqual([String(created.body.id)]);

    const user = await api.patch(`/users/${created.body.id}`, { operations: [{ op: 'replace', path: 'active', value: false }] });
    expect(user.body.active).toBe(false);

    const delUser = await api.del(`/users/${created.body.id}`);
    expect(delUser.status).toBe(200);
    expect(delUser.text).toBe('');
    expect((await api.del(`/groups/${group.body.id}`)).status).toBe(204);
  });

  it('answers errors with errorType and a numeric status; 401 without a body', async () => {
    const res = await api.get('/users/99999');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: 'Specified User could not be found.', status: 404, scimType: 'invalidValue', errorType: 1, schemas: [ERROR] });
    expect((await api.get('/users/abc')).status).toBe(404);
    const conflict = await api.post('/users', { userName: (await api.get('/users/1')).body.userName });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ status: 409, scimType: 'uniqueness', errorType: expect.any(Number) });
    const anon = await client(server, 'confirmit').get('/users');
    expect(anon.status).toBe(401);
    expect(anon.text).toBe('');
  });
});

describe('coginiti persona', () => {
  let api: Client;
  beforeAll(() => {
    api = client(server, 'coginiti', { token: TOKEN });
  });

  it('lives at /coginiti/api/v1/scim/v2 with the enterprise extension and no meta', async () => {
    expect(api.base).toBe(`${server.url}/coginiti/api/v1/scim/v2`);
    const res = await api.get('/Users?count=3');
    expect(res.body).toMatchObject({ schemas: [LIST], totalResults: N, startIndex: 1, itemsPerPage: 3 });
    const u = res.body.Resources[0];
    expect(u.schemas).toEqual([USER, ENT]);
    expect(u[ENT]).toMatchObject({ organization: 'Example Corp', superUser: false, userStatus: 'CONFIRMED', external: false });
    expect(u.name.fullName).toBe(u.name.formatted);
    expect(u.roles[0].value).toEqual(expect.any(String));
    expect(u.meta).toBeUndefined();
    expect(u.groups[0]).toEqual({ value: expect.any(String), $ref: expect.any(String), display: expect.any(String) });
  });

  it('honours userName eq but silently ignores any other filter (every resource comes back)', async () => {
    const someone = (await api.get('/Users?count=1&startIndex=9')).body.Resources[0];
    const eq = await api.get(`/Users${q({ filter: `userName eq "${someone.userName}"` })}`);
    expect(eq.body.totalResults).toBe(1);
    for (const filter of [
      'active eq false',
      'userName sw "zzz"',
      'emails.value eq "nobody@example.com"',
      'userName eq "x" and active eq true',
      '((not a filter',
    ]) {
      const res = await api.get(`/Users${q({ filter, count: 1 })}`);
      expect(res.status, filter).toBe(200);
      expect(res.body.totalResults, filter).toBe(N);
    }
    const groups = await api.get(`/Groups${q({ filter: 'displayName eq "Engineering"', count: 0 })}`);
    expect(groups.body.totalResults).toBeGreaterThan(1);
  });

  it('ignores sortBy and sends no ETags', async () => {
    const plain = await api.get('/Users?count=20&attributes=userName');
    const sorted = await api.get('/Users?count=20&attributes=userName&sortBy=userName&sortOrder=descending');
    expect(sorted.body.Resources).toEqual(plain.body.Resources);
    expect((await api.get(`/Users/${plain.body.Resources[0].id}`)).headers.get('etag')).toBeNull();
  });

  it('types group members "USER" and describes groups', async () => {
    const res = await api.get(`/Groups${q({ count: 2 })}`);
    const g = res.body.Resources[1];
    expect(g).toMatchObject({ displayName: expect.any(String), description: expect.any(String), external: false });
    expect(g.members[0]).toEqual({ value: expect.any(String), display: expect.any(String), type: 'USER', $ref: expect.any(String) });
    expect(g.meta).toBeUndefined();
  });

  it('answers DELETE with 200 {"status":"200"}', async () => {
    const created = await api.post('/Users', { schemas: [USER], userName: 'cog.user@example.com' });
    expect(created.status).toBe(201);
    expect(created.body.groups).toEqual([]);
    const res = await api.del(`/Users/${created.body.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: '200' });
    const group = await api.post('/Groups', { schemas: [GROUP], displayName: 'Coginiti Team' });
    expect((await api.del(`/Groups/${group.body.id}`)).body).toEqual({ status: '200' });
  });
});
