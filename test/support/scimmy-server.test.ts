/**
 * Tests for the SCIMMY peer server (test/support/scimmy-server.ts): a third-party SCIM 2.0 service
 * provider built from the `scimmy` 1.3.x + `scimmy-routers` 1.3.x packages on Express 5.
 *
 * Besides checking the plumbing, the `quirks` block pins down where SCIMMY departs from RFC 7643/7644,
 * so the GUI can show them as "quirks" and so an upgrade that changes them is noticed. Observed:
 *
 *  Q1  401 responses carry no `WWW-Authenticate` header (RFC 7644 §2 defers to RFC 6750 §3, which
 *      requires one for bearer-token challenges).
 *  Q2  POST (201 Created) sends no `Location` header (RFC 7644 §3.3: the created resource's URI
 *      "SHALL" be in the Location header); only meta.location carries it.
 *  Q3  ListResponse.itemsPerPage echoes the requested `count` (default 20), not the number of
 *      resources in the page (RFC 7644 §3.4.2): a 1-hit filter says itemsPerPage=20, count=500
 *      returning 25 says itemsPerPage=500.
 *  Q4  `filter.maxResults` (200) is advertised but never enforced: count=500 returns everything.
 *  Q5  startIndex past the end returns the *first* page (with startIndex echoed back) instead of an
 *      empty Resources list (RFC 7644 §3.4.2.4).
 *  Q6  `Filter.match()` compares strings case-sensitively regardless of the attribute's caseExact:
 *      `userName eq "USER005@..."` finds nothing although userName is caseExact=false (RFC 7643 §2.2,
 *      §4.1.1; RFC 7644 §3.4.2.2). Also applies to co/sw/ew.
 *  Q7  Malformed filters are not always rejected: `userName eq` (no value) is a 200 with no hits, and
 *      a trailing `and` is silently dropped; RFC 7644 §3.4.2.2 wants 400 invalidFilter.
 *  Q8  Filters on extension attributes by full URN path
 *      (`urn:...:enterprise:2.0:User:department eq "Sales"`) match nothing with `Filter.match()`.
 *  Q9  `schemas` is optional on input: a POST/PUT without it, or with extension data whose URN is not
 *      listed in it, is accepted (RFC 7643 §3 makes `schemas` REQUIRED). Unknown attributes are
 *      silently dropped.
 *  Q10 Malformed JSON gives 400 without scimType `invalidSyntax`; a non-JSON Content-Type gives 400
 *      "Missing request body payload" rather than 415.
 *  Q11 Express adds weak `ETag` headers to every response and answers If-None-Match with 304, while
 *      ServiceProviderConfig says etag.supported=false and meta.version is absent; If-Match is ignored.
 *  Q12 Unsupported method on a collection (DELETE /Users) is 404 "Endpoint Not Found", not 405/501.
 *  Q13 scimmy-routers on Express 5: (a) its startIndex/count cast writes into `req.query`, which
 *      Express 5 re-parses on each read, so paging is silently ignored unless worked around (the
 *      server does, see `express5QueryBug`); (b) its `/Me$` catch-all is a literal path under Express
 *      5's path-to-regexp, so PUT/PATCH/DELETE /Me give 404 instead of its intended 501.
 *  Q14 Without a `baseUri`, meta.location is relative ("/scim/Users/<id>"; RFC 7643 §3.1 wants the
 *      full URI). The server configures an absolute one unless `relativeLocations` is set.
 *  Q15 scimmy-routers forces bulk.supported=true in the global config on construction (we turn it
 *      back off; POST /Bulk is then 501), and appends its auth scheme to the global list each time.
 *  Q16 `Filter.match()` throws on resources that lack the complex/multi-valued attribute being
 *      filtered on (`groups.value eq ...` when some users are in no group, `name.givenName eq ...`
 *      when some user has no name): the whole list request fails with 400 invalidValue "Cannot
 *      convert undefined or null to object" instead of just not matching those resources.
 *  Q17 After any >= 500 error the router also calls next(err); Express's final handler then
 *      destroys the (already answered) keep-alive socket, so the client's next request can fail with
 *      "other side closed". The server swallows such errors; without that, this is what you'd see.
 *
 * Conforming, for the record: PATCH that changes nothing is 204 (allowed by RFC 7644 §3.5.2);
 * count<0 → 0 and startIndex<1 → 1 (§3.4.2.4); filter on /Schemas is 403 (§4); PATCH/POST bad paths and
 * types are 400 invalidPath/invalidValue; errors use the Error schema with `status` as a string.
 */
import { get as httpGet } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCIMMY_TOKEN, seedGroupId, seedUserId, startScimmyServer, type ScimmyServer } from './scimmy-server';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

// Parsed SCIM JSON, poked at ad hoc by the assertions below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

function client(server: ScimmyServer, token = server.token) {
  return async (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string>; query?: Record<string, string | number> } = {}) => {
    const url = new URL(server.baseUrl + path);
    for (const [k, v] of Object.entries(init.query ?? {})) url.searchParams.set(k, String(v));
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(init.body !== undefined ? { 'Content-Type': 'application/scim+json' } : {}),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as Json };
  };
}

const userNames = (list: Json) => (list.Resources as Json[]).map((r) => r.userName);

describe('SCIMMY peer server', () => {
  let server: ScimmyServer;
  let scim: ReturnType<typeof client>;

  beforeAll(async () => {
    server = await startScimmyServer();
    scim = client(server);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('listens on loopback under /scim with the default token and seed sizes', () => {
    expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/scim$/);
    expect(server.token).toBe(DEFAULT_SCIMMY_TOKEN);
    expect(server.store.users.size).toBe(25);
    expect(server.store.groups.size).toBe(3);
    expect(server.store.users.get(seedUserId(1))).toMatchObject({ userName: 'user001@scimmy.test', active: true });
  });

  it('rejects requests without the exact bearer token with a SCIM 401', async () => {
    for (const token of ['', 'wrong-token']) {
      const res = await client(server, token)('/Users');
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ schemas: [ERROR], status: '401' });
    }
    const lower = await scim('/Users', { headers: { Authorization: `bearer ${server.token}` } });
    expect(lower.status).toBe(401); // our handler's exact-match rule, not SCIMMY's
    // Discovery endpoints are behind the same check.
    expect((await client(server, '')('/ServiceProviderConfig')).status).toBe(401);
  });

  it('serves a ServiceProviderConfig that states what is supported', async () => {
    const res = await scim('/ServiceProviderConfig');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(res.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      patch: { supported: true },
      filter: { supported: true, maxResults: 200 },
      sort: { supported: true },
      etag: { supported: false },
      bulk: { supported: false },
      changePassword: { supported: false },
      meta: { resourceType: 'ServiceProviderConfig', location: `${server.baseUrl}/ServiceProviderConfig` },
    });
    expect(res.body.authenticationSchemes).toEqual([expect.objectContaining({ type: 'oauthbearertoken', name: 'OAuth Bearer Token' })]);
    // bulk.supported=false is honoured by the router.
    const bulk = await scim('/Bulk', { method: 'POST', body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations: [] } });
    expect(bulk.status).toBe(501);
    // Q17: the keep-alive connection survives a 5xx (the server swallows the router's extra next(err)).
    for (let i = 0; i < 3; i++) expect((await scim('/ResourceTypes/Group')).status).toBe(200);
  });

  it('serves ResourceTypes for User (with the enterprise extension) and Group', async () => {
    const res = await scim('/ResourceTypes');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ schemas: [LIST], totalResults: 2 });
    const byId = Object.fromEntries((res.body.Resources as Json[]).map((r) => [r.id, r]));
    expect(byId.User).toMatchObject({ endpoint: '/Users', schema: USER, schemaExtensions: [{ schema: ENTERPRISE, required: false }] });
    expect(byId.Group).toMatchObject({ endpoint: '/Groups', schema: GROUP });
    expect((await scim('/ResourceTypes/User')).body).toMatchObject({ id: 'User', name: 'User' });
  });

  it('serves Schemas for User, Group and the enterprise extension', async () => {
    const res = await scim('/Schemas');
    expect(res.status).toBe(200);
    expect((res.body.Resources as Json[]).map((s) => s.id).sort()).toEqual([GROUP, USER, ENTERPRISE].sort());
    const user = await scim(`/Schemas/${USER}`);
    expect(user.status).toBe(200);
    expect((user.body.attributes as Json[]).find((a) => a.name === 'userName')).toMatchObject({ required: true, uniqueness: 'server', caseExact: false });
    // RFC 7644 §4: filtering the discovery endpoints is forbidden.
    expect((await scim('/Schemas', { query: { filter: 'id eq "x"' } })).status).toBe(403);
  });

  it('lists Users a page at a time with count and startIndex', async () => {
    const res = await scim('/Users', { query: { startIndex: 11, count: 5 } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ schemas: [LIST], totalResults: 25, startIndex: 11, itemsPerPage: 5 });
    expect(userNames(res.body)).toEqual(['user011', 'user012', 'user013', 'user014', 'user015'].map((u) => `${u}@scimmy.test`));
    const user = (res.body.Resources as Json[])[0];
    expect(user).toMatchObject({
      schemas: [USER, ENTERPRISE],
      id: seedUserId(11),
      displayName: 'Radia Perlman 011',
      emails: [{ value: 'user011@scimmy.test', type: 'work', primary: true }],
      [ENTERPRISE]: { employeeNumber: '00011' },
      meta: { resourceType: 'User', created: '2024-01-01T00:11:00.000Z', location: `${server.baseUrl}/Users/${seedUserId(11)}` },
    });
    // The last, partial page.
    const last = await scim('/Users', { query: { startIndex: 24, count: 5 } });
    expect(userNames(last.body)).toEqual(['user024@scimmy.test', 'user025@scimmy.test']);
    // Out-of-range values are clamped as RFC 7644 §3.4.2.4 says.
    const clamped = await scim('/Users', { query: { startIndex: 0, count: -3 } });
    expect(clamped.body).toMatchObject({ startIndex: 1, itemsPerPage: 0, totalResults: 25, Resources: [] });
  });

  it('sorts Users with sortBy/sortOrder', async () => {
    const res = await scim('/Users', { query: { sortBy: 'userName', sortOrder: 'descending', count: 3 } });
    expect(userNames(res.body)).toEqual(['user025@scimmy.test', 'user024@scimmy.test', 'user023@scimmy.test']);
    const byFamily = await scim('/Users', { query: { sortBy: 'name.familyName', count: 2 } });
    expect((byFamily.body.Resources as Json[]).map((r) => r.name.familyName)).toEqual(['Allen', 'Allen']);
  });

  it('filters Users with userName eq and other operators', async () => {
    const eq = await scim('/Users', { query: { filter: 'userName eq "user005@scimmy.test"' } });
    expect(eq.status).toBe(200);
    expect(eq.body.totalResults).toBe(1);
    expect(userNames(eq.body)).toEqual(['user005@scimmy.test']);

    const upperOp = await scim('/Users', { query: { filter: 'userName EQ "user005@scimmy.test"' } });
    expect(upperOp.body.totalResults).toBe(1);
    const sw = await scim('/Users', { query: { filter: 'userName sw "user01"', count: 3 } });
    expect(sw.body).toMatchObject({ totalResults: 10, itemsPerPage: 3 });
    const inactive = await scim('/Users', { query: { filter: 'active eq false' } });
    expect(userNames(inactive.body)).toEqual(['user007@scimmy.test', 'user014@scimmy.test', 'user021@scimmy.test']);
    const valuePath = await scim('/Users', { query: { filter: 'emails[type eq "work" and value co "user02"]' } });
    expect(valuePath.body.totalResults).toBe(6);
    const dates = await scim('/Users', { query: { filter: 'meta.created gt "2024-01-01T00:20:00Z"' } });
    expect(dates.body.totalResults).toBe(5);
    const ext = await scim('/Users', { query: { filter: 'externalId eq "ext-002" or displayName co "Knuth 018"' } });
    expect(userNames(ext.body)).toEqual(['user002@scimmy.test', 'user018@scimmy.test']);
    const bad = await scim('/Users', { query: { filter: '(userName eq "x"' } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ schemas: [ERROR], status: '400' });
  });

  it('supports POST /.search', async () => {
    const res = await scim('/Users/.search', {
      method: 'POST',
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
        filter: 'userName sw "user00"',
        startIndex: 2,
        count: 3,
        attributes: ['userName'],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ totalResults: 9, startIndex: 2, itemsPerPage: 3 });
    expect(res.body.Resources).toEqual([2, 3, 4].map((n) => ({ id: seedUserId(n), userName: `user00${n}@scimmy.test` })));
  });

  it('creates, reads, replaces, patches and deletes a User', async () => {
    const created = await scim('/Users', {
      method: 'POST',
      body: {
        schemas: [USER, ENTERPRISE],
        userName: 'grace@scimmy.test',
        displayName: 'Grace',
        name: { givenName: 'Grace', familyName: 'Hopper' },
        emails: [{ value: 'grace@scimmy.test', type: 'work', primary: true }],
        active: true,
        [ENTERPRISE]: { department: 'Navy' },
        id: 'client-chosen', // readOnly: ignored
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.body).toMatchObject({
      schemas: [USER, ENTERPRISE],
      userName: 'grace@scimmy.test',
      meta: { resourceType: 'User', location: `${server.baseUrl}/Users/${id}` },
    });
    expect(created.body.meta.created).toBe(created.body.meta.lastModified);
    expect(server.store.users.get(id)).toMatchObject({ userName: 'grace@scimmy.test', [ENTERPRISE]: { department: 'Navy' } });

    const dup = await scim('/Users', { method: 'POST', body: { schemas: [USER], userName: 'GRACE@scimmy.test' } });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ status: '409', scimType: 'uniqueness' });

    const read = await scim(`/Users/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    const put = await scim(`/Users/${id}`, {
      method: 'PUT',
      body: { schemas: [USER], userName: 'grace@scimmy.test', displayName: 'Rear Admiral Hopper', active: false },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ id, displayName: 'Rear Admiral Hopper', active: false, meta: { created: created.body.meta.created } });
    expect(put.body.emails).toBeUndefined(); // PUT replaces
    expect(put.body[ENTERPRISE]).toBeUndefined();

    const patched = await scim(`/Users/${id}`, {
      method: 'PATCH',
      body: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'displayName', value: 'Amazing Grace' }] },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id, displayName: 'Amazing Grace', active: false });
    expect(server.store.users.get(id)?.displayName).toBe('Amazing Grace');

    const pathless = await scim(`/Users/${id}`, { method: 'PATCH', body: { schemas: [PATCH_OP], Operations: [{ op: 'Replace', value: { active: true } }] } });
    expect(pathless.body).toMatchObject({ active: true, displayName: 'Amazing Grace' });

    const badPath = await scim(`/Users/${id}`, { method: 'PATCH', body: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'nope', value: 1 }] } });
    expect(badPath.status).toBe(400);
    expect(badPath.body.scimType).toBe('invalidPath');

    const deleted = await scim(`/Users/${id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeUndefined();
    expect(server.store.users.has(id)).toBe(false);
    expect((await scim(`/Users/${id}`)).status).toBe(404);
    expect((await scim(`/Users/${id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await scim(`/Users/${id}`, { method: 'PUT', body: { schemas: [USER], userName: 'x@scimmy.test' } })).status).toBe(404);
  });

  it('validates input through the User schema', async () => {
    const noUserName = await scim('/Users', { method: 'POST', body: { schemas: [USER], displayName: 'x' } });
    expect(noUserName.status).toBe(400);
    expect(noUserName.body).toMatchObject({ scimType: 'invalidValue' });
    const badType = await scim('/Users', { method: 'POST', body: { schemas: [USER], userName: 'bad@scimmy.test', active: 'yes' } });
    expect(badType.status).toBe(400);
    const wrongSchema = await scim('/Users', { method: 'POST', body: { schemas: [GROUP], userName: 'ws@scimmy.test' } });
    expect(wrongSchema.status).toBe(400);
    expect(wrongSchema.body.scimType).toBe('invalidSyntax');
  });

  it('lists Groups whose members reference user ids', async () => {
    const res = await scim('/Groups');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ schemas: [LIST], totalResults: 3 });
    expect((res.body.Resources as Json[]).map((g) => g.displayName)).toEqual(['Engineering', 'Sales', 'Support']);
    for (const group of res.body.Resources as Json[]) {
      expect(group.schemas).toEqual([GROUP]);
      expect(group.members.length).toBeGreaterThan(0);
      for (const m of group.members as Json[]) {
        expect(server.store.users.has(m.value)).toBe(true);
        expect(m).toMatchObject({ type: 'User', $ref: `${server.baseUrl}/Users/${m.value}` });
      }
    }
    const bySeedMember = await scim('/Groups', { query: { filter: `members.value eq "${seedUserId(5)}"` } });
    expect((bySeedMember.body.Resources as Json[]).map((g) => g.id)).toEqual([seedGroupId(2)]);
    // Users report their groups (read-only, computed from membership).
    const user = await scim(`/Users/${seedUserId(4)}`);
    expect(user.body.groups).toEqual([{ value: seedGroupId(1), display: 'Engineering', $ref: `${server.baseUrl}/Groups/${seedGroupId(1)}`, type: 'direct' }]);
  });

  it('creates and patches Groups, and drops members whose user is deleted', async () => {
    const created = await scim('/Groups', { method: 'POST', body: { schemas: [GROUP], displayName: 'Pilots', members: [{ value: seedUserId(20) }] } });
    expect(created.status).toBe(201);
    const gid = created.body.id as string;
    expect(created.body.members).toEqual([
      { value: seedUserId(20), display: 'Ken Thompson 020', type: 'User', $ref: `${server.baseUrl}/Users/${seedUserId(20)}` },
    ]);

    const added = await scim(`/Groups/${gid}`, {
      method: 'PATCH',
      body: { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: seedUserId(21) }] }] },
    });
    expect((added.body.members as Json[]).map((m) => m.value)).toEqual([seedUserId(20), seedUserId(21)]);
    const removed = await scim(`/Groups/${gid}`, {
      method: 'PATCH',
      body: { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: `members[value eq "${seedUserId(20)}"]` }] },
    });
    expect((removed.body.members as Json[]).map((m) => m.value)).toEqual([seedUserId(21)]);
    const unknown = await scim(`/Groups/${gid}`, {
      method: 'PATCH',
      body: { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: 'nope' }] }] },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.scimType).toBe('invalidValue');

    const user = await scim('/Users', { method: 'POST', body: { schemas: [USER], userName: 'temp@scimmy.test' } });
    await scim(`/Groups/${gid}`, {
      method: 'PATCH',
      body: { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: user.body.id }] }] },
    });
    await scim(`/Users/${user.body.id}`, { method: 'DELETE' });
    expect(((await scim(`/Groups/${gid}`)).body.members as Json[]).map((m) => m.value)).toEqual([seedUserId(21)]);
    expect((await scim(`/Groups/${gid}`, { method: 'DELETE' })).status).toBe(204);
    expect(server.store.groups.has(gid)).toBe(false);
  });

  it('serves /Me as the first seeded user', async () => {
    const res = await scim('/Me');
    expect(res.status).toBe(200);
    expect(res.headers.get('location')).toBe(`${server.baseUrl}/Users/${seedUserId(1)}`);
    expect(res.body.userName).toBe('user001@scimmy.test');
  });

  describe('quirks (RFC deviations observed in SCIMMY; see the header comment)', () => {
    it('Q1: 401 has no WWW-Authenticate header', async () => {
      const res = await client(server, '')('/Users');
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBeNull();
    });

    it('Q2: 201 Created has no Location header', async () => {
      const res = await scim('/Users', { method: 'POST', body: { schemas: [USER], userName: 'q2@scimmy.test' } });
      expect(res.status).toBe(201);
      expect(res.headers.get('location')).toBeNull();
      expect(res.body.meta.location).toBe(`${server.baseUrl}/Users/${res.body.id}`);
      await scim(`/Users/${res.body.id}`, { method: 'DELETE' });
    });

    it('Q3/Q4: itemsPerPage echoes count, and maxResults is not enforced', async () => {
      const one = await scim('/Users', { query: { filter: 'userName eq "user005@scimmy.test"' } });
      expect(one.body).toMatchObject({ totalResults: 1, itemsPerPage: 20 });
      expect(one.body.Resources).toHaveLength(1);
      const big = await scim('/Users', { query: { count: 500 } });
      expect(big.body).toMatchObject({ itemsPerPage: 500, totalResults: 25 });
      expect(big.body.Resources).toHaveLength(25);
    });

    it('Q5: startIndex past the end returns the first page', async () => {
      const res = await scim('/Users', { query: { startIndex: 30, count: 2 } });
      expect(res.body).toMatchObject({ startIndex: 30, totalResults: 25 });
      expect(userNames(res.body)).toEqual(['user001@scimmy.test', 'user002@scimmy.test']);
    });

    it('Q6: string comparisons ignore caseExact=false', async () => {
      const res = await scim('/Users', { query: { filter: 'userName eq "USER005@scimmy.test"' } });
      expect(res.status).toBe(200);
      expect(res.body.totalResults).toBe(0);
    });

    it('Q7: some malformed filters are accepted', async () => {
      const noValue = await scim('/Users', { query: { filter: 'userName eq' } });
      expect(noValue.status).toBe(200);
      expect(noValue.body.totalResults).toBe(0);
      const trailing = await scim('/Users', { query: { filter: 'userName eq "user005@scimmy.test" and' } });
      expect(trailing.status).toBe(200);
      expect(trailing.body.totalResults).toBe(1);
    });

    it('Q8: URN-qualified extension filters match nothing', async () => {
      const res = await scim('/Users', { query: { filter: `${ENTERPRISE}:department eq "Sales"` } });
      expect(res.status).toBe(200);
      expect(res.body.totalResults).toBe(0);
    });

    it('Q9: schemas is optional and unknown attributes are dropped', async () => {
      const res = await scim('/Users', { method: 'POST', body: { userName: 'q9@scimmy.test', favouriteColour: 'teal' } });
      expect(res.status).toBe(201);
      expect(res.body.schemas).toEqual([USER]);
      expect(res.body.favouriteColour).toBeUndefined();
      await scim(`/Users/${res.body.id}`, { method: 'DELETE' });
    });

    it('Q10: unparsable bodies lack scimType invalidSyntax; wrong Content-Type is not 415', async () => {
      const broken = await scim('/Users', { method: 'POST', body: '{"schemas":' });
      expect(broken.status).toBe(400);
      expect(broken.body.scimType).toBeUndefined();
      const text = await scim('/Users', { method: 'POST', body: JSON.stringify({ userName: 'q10@scimmy.test' }), headers: { 'Content-Type': 'text/plain' } });
      expect(text.status).toBe(400);
      expect(text.body).toMatchObject({ scimType: 'invalidSyntax', detail: 'Missing request body payload for POST operation' });
    });

    it('Q11: ETags appear and If-None-Match gives 304 though etag is unsupported', async () => {
      const first = await scim(`/Users/${seedUserId(2)}`);
      const etag = first.headers.get('etag');
      expect(etag).toMatch(/^W\//);
      expect(first.body.meta.version).toBeUndefined();
      // Not via fetch(): a conditional header makes fetch send Cache-Control: no-cache, which Express
      // treats as "not fresh". Plain node:http, like most non-browser clients, gets the 304.
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpGet(
          `${server.baseUrl}/Users/${seedUserId(2)}`,
          { headers: { Authorization: `Bearer ${server.token}`, 'If-None-Match': etag as string } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
      });
      expect(status).toBe(304);
      const put = await scim(`/Users/${seedUserId(2)}`, { method: 'PUT', headers: { 'If-Match': 'W/"stale"' }, body: { ...first.body } });
      expect(put.status).toBe(200);
    });

    it('Q16: filtering on a complex attribute some resources lack is a 400', async () => {
      // Users 16-25 are in no group, so have no `groups`; Filter.match() does Object.entries(undefined).
      const res = await scim('/Users', { query: { filter: `groups.value eq "${seedGroupId(2)}"` } });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ scimType: 'invalidValue', detail: 'Cannot convert undefined or null to object' });
      // Same for a sub-attribute path once one user has no `name`.
      const bare = await scim('/Users', { method: 'POST', body: { schemas: [USER], userName: 'q16@scimmy.test' } });
      expect((await scim('/Users', { query: { filter: 'name.givenName eq "Ada"' } })).status).toBe(400);
      await scim(`/Users/${bare.body.id}`, { method: 'DELETE' });
      expect((await scim('/Users', { query: { filter: 'name.givenName eq "Ada"' } })).body.totalResults).toBe(3); // users 1, 13, 25
    });

    it('Q12/Q13b: unsupported methods are 404 Endpoint Not Found', async () => {
      const res = await scim('/Users', { method: 'DELETE' });
      expect(res.status).toBe(404);
      expect(res.body.detail).toBe('Endpoint Not Found');
      expect((await scim('/Me', { method: 'PUT', body: {} })).status).toBe(404);
    });
  });
});

describe('several SCIMMY servers in one process', () => {
  let a: ScimmyServer;
  let b: ScimmyServer;
  beforeAll(async () => {
    a = await startScimmyServer({ users: 3, groups: 1 });
    b = await startScimmyServer({ token: 'other-token', users: 5, groups: 2, relativeLocations: true });
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('keeps a store, token and location base per server', async () => {
    const listA = await client(a)('/Users');
    const listB = await client(b)('/Users');
    expect(listA.body.totalResults).toBe(3);
    expect(listB.body.totalResults).toBe(5);
    expect((await client(a, 'other-token')('/Users')).status).toBe(401);
    expect((await client(b, DEFAULT_SCIMMY_TOKEN)('/Users')).status).toBe(401);
    // Q14: without baseUri, scimmy-routers emits relative locations.
    expect(listA.body.Resources[0].meta.location).toBe(`${a.baseUrl}/Users/${seedUserId(1)}`);
    expect(listB.body.Resources[0].meta.location).toBe(`/scim/Users/${seedUserId(1)}`);

    const created = await client(b)('/Users', { method: 'POST', body: { schemas: [USER], userName: 'only-b@scimmy.test' } });
    expect(created.status).toBe(201);
    expect(b.store.users.has(created.body.id)).toBe(true);
    expect(a.store.users.has(created.body.id)).toBe(false);
    expect((await client(a)(`/Users/${created.body.id}`)).status).toBe(404);
  });

  it('advertises one authentication scheme however many routers were built (Q15)', async () => {
    const spc = await client(a)('/ServiceProviderConfig');
    expect(spc.body.authenticationSchemes).toHaveLength(1);
    expect(spc.body.bulk.supported).toBe(false);
  });

  it('Q13a: without the Express 5 workaround, count/startIndex are ignored', async () => {
    const raw = await startScimmyServer({ users: 25, express5QueryBug: true });
    try {
      const res = await client(raw)('/Users', { query: { startIndex: 11, count: 5 } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ startIndex: 1, itemsPerPage: 20, totalResults: 25 });
      expect(res.body.Resources).toHaveLength(20);
    } finally {
      await raw.close();
    }
  });
});
