/* eslint-disable @typescript-eslint/no-explicit-any -- SCIM answers are untyped JSON in these tests */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from './index';
import { defaultGroupCount } from './seed';
import { client, q, type Client } from './test-helpers';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

let server: DemoServer;
let api: Client;
const N = 1200;
const G = defaultGroupCount(N);

beforeAll(async () => {
  server = await startDemoServer({ users: N, seed: 42, personas: ['rfc'] });
  api = client(server, 'rfc');
});
afterAll(() => server.close());

const newUser = (userName: string, extra: Record<string, unknown> = {}) => ({
  schemas: [USER],
  userName,
  name: { givenName: 'Test', familyName: 'User' },
  ...extra,
});
const expectError = (res: { status: number; body: any }, status: number, scimType?: string) => {
  expect(res.status).toBe(status);
  expect(res.body.schemas).toEqual([ERROR]);
  expect(res.body.status).toBe(String(status));
  if (scimType) expect(res.body.scimType).toBe(scimType);
  expect(typeof res.body.detail).toBe('string');
};

describe('rfc persona: discovery', () => {
  it('serves ServiceProviderConfig with RFC 9865 pagination', async () => {
    const res = await api.get('/ServiceProviderConfig');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(res.body.patch.supported).toBe(true);
    expect(res.body.bulk).toEqual({ supported: true, maxOperations: 100, maxPayloadSize: 1048576 });
    expect(res.body.filter).toEqual({ supported: true, maxResults: 1000 });
    expect(res.body.sort.supported).toBe(true);
    expect(res.body.etag.supported).toBe(true);
    expect(res.body.pagination).toMatchObject({ cursor: true, index: true, maxPageSize: 1000, defaultPageSize: 100 });
  });

  it('lists resource types and schemas, and finds them by name/URN', async () => {
    const types = await api.get('/ResourceTypes');
    expect(types.body.schemas).toEqual([LIST]);
    expect(types.body.Resources.map((r: any) => r.name)).toEqual(['User', 'Group']);
    expect(types.body.Resources[0].schemaExtensions).toEqual([{ schema: ENT, required: false }]);
    expect((await api.get('/ResourceTypes/User')).body.endpoint).toBe('/Users');
    expectError(await api.get('/ResourceTypes/Device'), 404);

    const schemas = await api.get('/Schemas');
    expect(schemas.body.Resources.map((s: any) => s.id)).toEqual([USER, GROUP, ENT]);
    const user = await api.get(`/Schemas/${USER}`);
    expect(user.body.attributes.find((a: any) => a.name === 'userName')).toMatchObject({ required: true, uniqueness: 'server', caseExact: false });
    expect(user.body.attributes.find((a: any) => a.name === 'password')).toMatchObject({ mutability: 'writeOnly', returned: 'never' });
    expectError(await api.get('/Schemas/urn:example:nope'), 404);
  });

  it('refuses filters on discovery endpoints (403) and answers an empty BulkRequest (see bulk.test.ts)', async () => {
    expect((await api.get('/Schemas?filter=id%20pr')).status).toBe(403);
    const bulk = await api.post('/Bulk', { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations: [] });
    expect(bulk.status).toBe(200);
    expect(bulk.body).toEqual({ schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkResponse'], Operations: [] });
  });
});

describe('rfc persona: listing', () => {
  it('pages by startIndex/count with RFC defaults and the 1000 cap', async () => {
    const first = await api.get('/Users');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ schemas: [LIST], totalResults: N, startIndex: 1, itemsPerPage: 100 });
    expect(first.body.Resources).toHaveLength(100);
    const capped = await api.get(q({ count: 5000 }).replace('?', '/Users?'));
    expect(capped.body.itemsPerPage).toBe(1000);
    const tail = await api.get(`/Users${q({ startIndex: 1101, count: 200 })}`);
    expect(tail.body.itemsPerPage).toBe(100);
    expect(tail.body.startIndex).toBe(1101);
    const none = await api.get('/Users?count=0');
    expect(none.body).toMatchObject({ totalResults: N, itemsPerPage: 0, Resources: [] });
    const clamp = await api.get('/Users?count=-5&startIndex=0');
    expect(clamp.body).toMatchObject({ itemsPerPage: 0, startIndex: 1 });
    expectError(await api.get('/Users?count=abc'), 400, 'invalidValue');
  });

  it('serves realistic users with the enterprise extension and computed groups', async () => {
    const res = await api.get('/Users?count=50');
    for (const u of res.body.Resources) {
      expect(u.schemas).toEqual([USER, ENT]);
      expect(u.userName).toMatch(/^[a-z0-9.-]+@example\.com$/);
      expect(u.name.formatted).toBe(`${u.name.givenName} ${u.name.familyName}`);
      expect(u.emails[0]).toEqual({ value: u.userName, type: 'work', primary: true });
      expect(u[ENT]).toMatchObject({ employeeNumber: expect.any(String), department: expect.any(String), costCenter: expect.any(String) });
      expect(u.meta).toMatchObject({ resourceType: 'User', location: `${api.base}/Users/${u.id}`, version: 'W/"1"' });
      expect(u.groups.some((g: any) => g.display === 'All Employees' && g.type === 'direct')).toBe(true);
      expect(u.password).toBeUndefined();
    }
    const managed = res.body.Resources.filter((u: any) => u[ENT].manager);
    expect(managed.length).toBeGreaterThan(40);
    expect(managed[0][ENT].manager).toEqual({ value: expect.any(String), $ref: expect.stringContaining('/Users/'), displayName: expect.any(String) });
  });

  it('filters with the whole grammar', async () => {
    const page = await api.get('/Users?count=3');
    const someone = page.body.Resources[1];
    const eq = await api.get(`/Users${q({ filter: `userName eq "${someone.userName.toUpperCase()}"` })}`);
    expect(eq.body.totalResults).toBe(1);
    expect(eq.body.Resources[0].id).toBe(someone.id);

    const dept = await api.get(`/Users${q({ filter: `${ENT}:department eq "Engineering"`, count: 1000 })}`);
    expect(dept.body.totalResults).toBeGreaterThan(N * 0.2);
    expect(dept.body.Resources.every((u: any) => u[ENT].department === 'Engineering')).toBe(true);

    const complex = await api.get(`/Users${q({ filter: 'emails[type eq "work" and value ew "@example.com"] and not (active eq false)', count: 0 })}`);
    const inactive = await api.get(`/Users${q({ filter: 'active eq false', count: 0 })}`);
    expect(complex.body.totalResults + inactive.body.totalResults).toBe(N);
    expect(inactive.body.totalResults / N).toBeGreaterThan(0.04);
    expect(inactive.body.totalResults / N).toBeLessThan(0.12);

    const viaGroups = await api.get(`/Users${q({ filter: 'groups.display eq "All Employees"', count: 0 })}`);
    expect(viaGroups.body.totalResults).toBe(N);
    const dated = await api.get(`/Users${q({ filter: 'meta.created gt "2024-01-01T00:00:00Z"', count: 0 })}`);
    expect(dated.body.totalResults).toBeGreaterThan(0);
    expect(dated.body.totalResults).toBeLessThan(N);
  });

  it('answers a bad filter with 400 invalidFilter and the parser message', async () => {
    const res = await api.get(`/Users${q({ filter: 'userName eq' })}`);
    expectError(res, 400, 'invalidFilter');
    expect(res.body.detail).toContain('userName eq');
  });

  it('sorts by attributes, sub-attributes and extension paths', async () => {
    const names = (r: any) => r.body.Resources.map((u: any) => u.userName);
    const asc = names(await api.get('/Users?sortBy=userName&count=200'));
    expect(asc).toEqual([...asc].sort((a: string, b: string) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)));
    const desc = names(await api.get('/Users?sortBy=userName&sortOrder=descending&count=5'));
    const all = names(await api.get('/Users?sortBy=userName&count=1000&startIndex=201'));
    expect(desc[0] >= all[all.length - 1]).toBe(true);

    const fam = (await api.get('/Users?sortBy=name.familyName&count=300')).body.Resources.map((u: any) => u.name.familyName.toLowerCase());
    expect(fam).toEqual([...fam].sort());
    const dep = (await api.get(`/Users${q({ sortBy: `${ENT}:department`, sortOrder: 'descending', count: 1000 })}`)).body.Resources.map((u: any) =>
      u[ENT].department.toLowerCase(),
    );
    expect(dep).toEqual([...dep].sort().reverse());
    const created = (await api.get('/Users?sortBy=meta.created&count=100')).body.Resources.map((u: any) => Date.parse(u.meta.created));
    expect(created).toEqual([...created].sort((a: number, b: number) => a - b));
    expectError(await api.get('/Users?sortBy=userName&sortOrder=sideways'), 400, 'invalidValue');
  });

  it('projects with attributes and excludedAttributes', async () => {
    const only = await api.get('/Users?attributes=userName&count=2');
    expect(Object.keys(only.body.Resources[0]).sort()).toEqual(['id', 'schemas', 'userName']);
    const sub = await api.get(`/Users${q({ attributes: `name.givenName,${ENT}:department`, count: 1 })}`);
    const u = sub.body.Resources[0];
    expect(Object.keys(u.name)).toEqual(['givenName']);
    expect(Object.keys(u[ENT])).toEqual(['department']);
    expect(u.userName).toBeUndefined();
    const ext = await api.get(`/Users${q({ attributes: ENT, count: 1 })}`);
    expect(Object.keys(ext.body.Resources[0][ENT]).length).toBeGreaterThan(4);
    const ex = await api.get('/Users?excludedAttributes=emails,groups,id,name.familyName&count=1');
    const e = ex.body.Resources[0];
    expect(e.emails).toBeUndefined();
    expect(e.groups).toBeUndefined();
    expect(e.id).toBeDefined(); // returned: always
    expect(e.name.familyName).toBeUndefined();
    expect(e.name.givenName).toBeDefined();
    expect(e.userName).toBeDefined();
  });

  it('pages by cursor (RFC 9865)', async () => {
    const seen = new Set<string>();
    let res = await api.get('/Users?cursor=&count=500&attributes=id');
    expect(res.body.startIndex).toBeUndefined();
    expect(res.body.previousCursor).toBeUndefined();
    for (let pages = 1; ; pages++) {
      expect(res.status).toBe(200);
      expect(res.body.totalResults).toBe(N);
      for (const r of res.body.Resources) seen.add(r.id);
      if (!res.body.nextCursor) {
        expect(pages).toBe(3);
        break;
      }
      const prev: string | undefined = res.body.previousCursor;
      res = await api.get(`/Users${q({ cursor: res.body.nextCursor, count: 500, attributes: 'id' })}`);
      expect(res.body.previousCursor).toBeDefined();
      if (prev) expect(res.body.previousCursor).not.toBe(prev);
    }
    expect(seen.size).toBe(N);
    const back = await api.get(`/Users${q({ cursor: res.body.previousCursor, count: 500 })}`);
    expect(back.body.Resources).toHaveLength(500);

    expectError(await api.get('/Users?cursor=bogus!!'), 400, 'invalidCursor');
    const first = await api.get('/Users?cursor=&count=10');
    expectError(await api.get(`/Users${q({ cursor: first.body.nextCursor, filter: 'active eq true' })}`), 400, 'invalidCursor');
    expectError(await api.get(`/Users${q({ cursor: first.body.nextCursor, startIndex: 5 })}`), 400, 'invalidValue');
  });

  it('searches with POST /Users/.search and POST /.search', async () => {
    const body = { schemas: [SEARCH], filter: `${ENT}:department eq "Legal"`, sortBy: 'userName', attributes: ['userName', `${ENT}:department`], count: 5 };
    const res = await api.post('/Users/.search', body);
    expect(res.status).toBe(200);
    expect(res.body.itemsPerPage).toBeLessThanOrEqual(5);
    expect(res.body.Resources.every((u: any) => u[ENT].department === 'Legal' && !u.emails)).toBe(true);
    expect((await api.get('/Users/.search')).status).toBe(405);
    expectError(await api.post('/Users/.search', { filter: 'userName pr' }), 400, 'invalidValue');

    const root = await api.post('/.search', { schemas: [SEARCH], filter: 'displayName sw "Engineering"', count: 1000, attributes: ['displayName'] });
    const kinds = new Set(root.body.Resources.map((r: any) => r.schemas[0]));
    expect(kinds).toEqual(new Set([GROUP])); // users' displayNames are person names
    const both = await api.post('/.search', { schemas: [SEARCH], filter: 'id pr', count: 0 });
    expect(both.body.totalResults).toBe(N + G);
  });
});

describe('rfc persona: groups', () => {
  it('lists the groups; excludedAttributes=members drops member lists', async () => {
    const res = await api.get('/Groups?excludedAttributes=members&count=200');
    expect(res.body.totalResults).toBe(G);
    expect(res.body.Resources.every((g: any) => g.members === undefined && g.displayName)).toBe(true);
    const names = res.body.Resources.map((g: any) => g.displayName);
    expect(names).toContain('All Employees');
    expect(names).toContain('Engineering');
    expect(new Set(names).size).toBe(G);
  });

  it('has an All Employees group listing everyone with full member entries', async () => {
    const res = await api.get(`/Groups${q({ filter: 'displayName eq "All Employees"' })}`);
    const all = res.body.Resources[0];
    expect(all.members).toHaveLength(N);
    expect(all.members[0]).toEqual({ value: expect.any(String), display: expect.any(String), type: 'User', $ref: expect.stringContaining('/Users/') });
  });

  it("finds a user's groups with members.value eq, matching the user's groups attribute", async () => {
    const user = (await api.get('/Users?count=1&startIndex=7')).body.Resources[0];
    const res = await api.get(`/Groups${q({ filter: `members.value eq "${user.id}"`, attributes: 'displayName' })}`);
    const ids = res.body.Resources.map((g: any) => g.id).sort();
    expect(ids).toEqual(user.groups.map((g: any) => g.value).sort());
    expect(ids.length).toBeGreaterThanOrEqual(3);
  });
});

describe('rfc persona: writes', () => {
  it('creates a user: 201, Location, ETag, no password', async () => {
    const res = await api.post('/Users', newUser('new.person@example.com', { password: 'hunter2', active: true, [ENT]: { department: 'Legal' } }));
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`${api.base}/Users/${res.body.id}`);
    expect(res.headers.get('etag')).toBe('W/"1"');
    expect(res.body.meta).toMatchObject({ resourceType: 'User', version: 'W/"1"', location: res.headers.get('location') });
    expect(res.body.password).toBeUndefined();
    expect(res.body.schemas).toEqual([USER, ENT]);
    expect(res.body[ENT]).toEqual({ department: 'Legal' });
  });

  it('accepts application/json bodies and rejects bad ones', async () => {
    const res = await api.post('/Users', newUser('json.body@example.com'), { 'Content-Type': 'application/json' });
    expect(res.status).toBe(201);
    expectError(await api.post('/Users', '{"schemas": [', { 'Content-Type': 'application/json' }), 400, 'invalidSyntax');
    expect((await api.post('/Users', 'userName=x', { 'Content-Type': 'text/plain' })).status).toBe(415);
    expectError(await api.post('/Users', { userName: 'no.schemas@example.com' }), 400, 'invalidValue');
    expectError(await api.post('/Users', { schemas: [USER], name: { givenName: 'No' } }), 400, 'invalidValue');
    expectError(await api.post('/Users', newUser('typed@example.com', { active: 'yes' })), 400, 'invalidValue');
  });

  it('answers 409 uniqueness for a userName in any case, and for a group displayName', async () => {
    const existing = (await api.get('/Users?count=1')).body.Resources[0];
    expectError(await api.post('/Users', newUser(existing.userName.toUpperCase())), 409, 'uniqueness');
    expectError(await api.post('/Groups', { schemas: [GROUP], displayName: 'all employees' }), 409, 'uniqueness');
  });

  it('supports ETags: 304 on If-None-Match, 412 on a stale If-Match', async () => {
    const created = await api.post('/Users', newUser('etag.user@example.com'));
    const path = `/Users/${created.body.id}`;
    const got = await api.get(path);
    expect(got.headers.get('etag')).toBe('W/"1"');
    const notModified = await api.get(path, { 'If-None-Match': 'W/"1"' });
    expect(notModified.status).toBe(304);
    expect(notModified.text).toBe('');
    expect((await api.get(path, { 'If-None-Match': 'W/"9"' })).status).toBe(200);

    const put = await api.put(path, newUser('etag.user@example.com', { title: 'Boss' }), { 'If-Match': 'W/"1"' });
    expect(put.status).toBe(200);
    expect(put.headers.get('etag')).toBe('W/"2"');
    expect(put.body.meta.version).toBe('W/"2"');
    expectError(await api.put(path, newUser('etag.user@example.com'), { 'If-Match': 'W/"1"' }), 412);
    expectError(await api.patch(path, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'title', value: 'x' }] }, { 'If-Match': 'W/"1"' }), 412);
    expectError(await api.del(path, { 'If-Match': 'W/"1"' }), 412);
    expect((await api.del(path, { 'If-Match': 'W/"2"' })).status).toBe(204);
  });

  it('replaces with PUT: readOnly attributes ignored, created kept, 409 on a taken userName', async () => {
    const created = (await api.post('/Users', newUser('put.user@example.com', { title: 'Engineer', nickName: 'Putty' }))).body;
    const res = await api.put(`/Users/${created.id}`, {
      ...newUser('put.user@example.com'),
      id: 'hijack',
      meta: { created: '2000-01-01T00:00:00Z' },
      groups: [{ value: 'x' }],
      displayName: 'Put User',
    });
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(created.id);
    expect(res.body.meta.created).toBe(created.meta.created);
    expect(res.body.title).toBeUndefined(); // replaced, not merged
    expect(res.body.nickName).toBeUndefined();
    expect(res.body.displayName).toBe('Put User');
    const other = (await api.get('/Users?count=1')).body.Resources[0];
    expectError(await api.put(`/Users/${created.id}`, newUser(other.userName)), 409, 'uniqueness');
    expectError(await api.put('/Users/does-not-exist', newUser('x@example.com')), 404);
  });

  it('patches users: Azure-style op names, extension URN paths, value-filter paths', async () => {
    const created = (
      await api.post(
        '/Users',
        newUser('patch.user@example.com', {
          emails: [
            { value: 'p@example.com', type: 'work', primary: true },
            { value: 'p@home.example', type: 'home' },
          ],
        }),
      )
    ).body;
    const path = `/Users/${created.id}`;
    const res = await api.patch(path, {
      schemas: [PATCH],
      Operations: [
        { op: 'Replace', path: 'active', value: false },
        { op: 'add', path: `${ENT}:department`, value: 'Finance' },
        { op: 'replace', path: 'emails[type eq "work"].value', value: 'patched@example.com' },
        { op: 'replace', value: { title: 'Analyst', displayName: 'Patch User' } },
        { op: 'remove', path: 'emails[type eq "home"]' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
    expect(res.body[ENT].department).toBe('Finance');
    expect(res.body.schemas).toEqual([USER, ENT]);
    expect(res.body.emails).toEqual([{ value: 'patched@example.com', type: 'work', primary: true }]);
    expect(res.body.title).toBe('Analyst');
    expect(res.headers.get('etag')).toBe('W/"2"');

    expectError(await api.patch(path, { Operations: [{ op: 'replace', path: 'title', value: 'x' }] }), 400, 'invalidSyntax');
    expectError(await api.patch(path, { schemas: [PATCH], Operations: [{ op: 'frobnicate', path: 'title', value: 'x' }] }), 400, 'invalidSyntax');
    expectError(await api.patch(path, { schemas: [PATCH] }), 400, 'invalidSyntax');
    const ro = await api.patch(path, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'groups', value: [] }] });
    expect(ro.status).toBe(400);
    const taken = (await api.get('/Users?count=1')).body.Resources[0].userName;
    expectError(await api.patch(path, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'userName', value: taken }] }), 409, 'uniqueness');
    expectError(await api.patch('/Users/nope', { schemas: [PATCH], Operations: [{ op: 'replace', path: 'title', value: 'x' }] }), 404);
  });

  it("patches group membership with bracket paths and keeps users' groups in step", async () => {
    const users = (await api.get('/Users?count=3&startIndex=100')).body.Resources;
    const group = await api.post('/Groups', { schemas: [GROUP], displayName: 'Patch Crew', members: [{ value: users[0].id }] });
    expect(group.status).toBe(201);
    expect(group.body.members).toEqual([{ value: users[0].id, display: users[0].displayName, type: 'User', $ref: `${api.base}/Users/${users[0].id}` }]);
    const gpath = `/Groups/${group.body.id}`;
    const add = await api.patch(gpath, {
      schemas: [PATCH],
      Operations: [{ op: 'add', path: 'members', value: [{ value: users[1].id }, { value: users[2].id }, { value: users[0].id }] }],
    });
    expect(add.body.members.map((m: any) => m.value)).toEqual([users[0].id, users[1].id, users[2].id]);
    const remove = await api.patch(gpath, { schemas: [PATCH], Operations: [{ op: 'remove', path: `members[value eq '${users[1].id}']` }] });
    expect(remove.body.members.map((m: any) => m.value)).toEqual([users[0].id, users[2].id]);
    const member = (await api.get(`/Users/${users[2].id}`)).body;
    expect(member.groups).toContainEqual({ value: group.body.id, $ref: `${api.base}/Groups/${group.body.id}`, display: 'Patch Crew', type: 'direct' });
    expect((await api.get(`/Users/${users[1].id}`)).body.groups.some((g: any) => g.value === group.body.id)).toBe(false);

    const renamed = await api.patch(gpath, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'displayName', value: 'Patch Crew II' }] });
    expect(renamed.body.displayName).toBe('Patch Crew II');
    expect((await api.get(`/Users/${users[2].id}`)).body.groups.find((g: any) => g.value === group.body.id).display).toBe('Patch Crew II');

    expectError(await api.post('/Groups', { schemas: [GROUP], displayName: 'Ghosts', members: [{ value: 'no-such-user' }] }), 400, 'invalidValue');
    expect((await api.del(gpath)).status).toBe(204);
    expect((await api.get(`/Users/${users[2].id}`)).body.groups.some((g: any) => g.value === group.body.id)).toBe(false);
    expectError(await api.get(gpath), 404);
  });

  it('deletes users (204) and removes them from their groups', async () => {
    const victim = (await api.get('/Users?count=1&startIndex=50')).body.Resources[0];
    const before = (await api.get(`/Groups${q({ filter: 'displayName eq "All Employees"', attributes: 'members' })}`)).body.Resources[0].members.length;
    const res = await api.del(`/Users/${victim.id}`);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expectError(await api.get(`/Users/${victim.id}`), 404);
    expectError(await api.del(`/Users/${victim.id}`), 404);
    const all = (await api.get(`/Groups${q({ filter: 'displayName eq "All Employees"' })}`)).body.Resources[0];
    expect(all.members.length).toBe(before - 1);
    expect(all.meta.version).not.toBe('W/"1"');
    expect((await api.get(`/Groups${q({ filter: `members.value eq "${victim.id}"` })}`)).body.totalResults).toBe(0);
  });

  it('keeps member display names in step with a renamed user, and fills manager.displayName', async () => {
    const u = (await api.get('/Users?count=1&startIndex=60')).body.Resources[0];
    await api.patch(`/Users/${u.id}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'displayName', value: 'Renamed Person' }] });
    const all = (await api.get(`/Groups${q({ filter: 'displayName eq "All Employees"' })}`)).body.Resources[0];
    expect(all.members.find((m: any) => m.value === u.id).display).toBe('Renamed Person');
    const report = await api.post('/Users', newUser('report@example.com', { [ENT]: { manager: { value: u.id } } }));
    expect(report.body[ENT].manager).toEqual({ value: u.id, $ref: `${api.base}/Users/${u.id}`, displayName: 'Renamed Person' });
  });

  it('answers unknown endpoints with 404 and wrong methods with 405', async () => {
    expectError(await api.get('/Devices'), 404);
    expectError(await api.del('/Users'), 405);
    expectError(await api.get('/Users/nope'), 404);
  });
});
