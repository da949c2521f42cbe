import { afterEach, describe, expect, it } from 'vitest';
import { rfcProfile, type RandomProfile } from './random-profile';
import { startRandomServer, type RandomServer } from './random-server';

/** The random server does what its profile says: the properties in test/random rest on it. */
let server: RandomServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(overrides: Partial<RandomProfile>) {
  server = await startRandomServer(rfcProfile(overrides));
  return server;
}
const get = async (path: string, init: RequestInit = {}) => {
  const response = await fetch(`${server!.baseUrl}${path}`, init);
  const text = await response.text();
  const type = response.headers.get('content-type');
  return { status: response.status, type, text, json: text && type?.includes('json') ? (JSON.parse(text) as Record<string, unknown>) : undefined };
};
const patch = (path: string, operations: unknown[]) =>
  get(path, {
    method: 'PATCH',
    headers: { 'content-type': 'application/scim+json' },
    body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: operations }),
  });
const ids = (json: Record<string, unknown> | undefined) => (json?.Resources as Array<{ id: string }>).map((r) => r.id);

describe('the random server', () => {
  it('refuses a filter term outside its profile with 400 invalidFilter naming it, and applies the rest', async () => {
    await start({ filter: { ...rfcProfile().filter, ops: ['eq'] } });
    const refused = await get('/Users?filter=displayName%20co%20%22a%22');
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ scimType: 'invalidFilter', detail: expect.stringContaining('displayname with operator co') });
    const name = String(server!.wire('User', [...server!.store.users.keys()][0]!)!.userName);
    const applied = await get(`/Users?filter=${encodeURIComponent(`userName eq "${name}"`)}`);
    expect(applied.json?.totalResults).toBe(1);
    expect(server!.log.map((r) => r.shown)).toEqual([['filter-refused'], []]);
  });

  it('answers a filter it ignores as if unfiltered, and logs that the answer showed it', async () => {
    await start({ filter: { ...rfcProfile().filter, ops: ['eq'], otherwise: 'ignore' } });
    const answer = await get('/Users?filter=displayName%20co%20%22zzz%22&count=5');
    expect(answer.json?.totalResults).toBe(30);
    expect(server!.log[0]!.shown).toEqual(['filter-ignored']);
  });

  it('caps pages and, where it ignores startIndex, sends page 1 for every page', async () => {
    await start({ pageCap: 7, startIndex: 'ignored', startIndexEcho: 'one' });
    const first = await get('/Users?startIndex=1&count=50');
    const later = await get('/Users?startIndex=8&count=50');
    expect(ids(first.json)).toHaveLength(7);
    expect(ids(later.json)).toEqual(ids(first.json));
    expect(later.json?.startIndex).toBe(1);
    expect(server!.log[1]!.shown).toEqual(['page-capped', 'start-index-ignored']);
  });

  it('refuses a member value carrying a sub-attribute its Group schema marks readOnly, and takes one without', async () => {
    await start({ memberReadOnly: ['display'] });
    const schemas = await get('/Schemas');
    expect(JSON.stringify(schemas.json)).toMatch(/"name":"display","type":"string"[^}]*"mutability":"readOnly"/);
    const [group] = [...server!.store.groups.keys()];
    const user = [...server!.store.users.keys()].find((id) => !server!.store.groups.get(group!)!.members.includes(id))!;
    const refused = await patch(`/Groups/${group}`, [{ op: 'add', path: 'members', value: [{ value: user, display: 'Someone' }] }]);
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ scimType: 'mutability' });
    const taken = await patch(`/Groups/${group}`, [{ op: 'add', path: 'members', value: [{ value: user }] }]);
    expect(taken.status).toBe(200);
    expect(server!.store.groups.get(group!)!.members).toContain(user);
    // The server fills in what it computes.
    expect((taken.json?.members as Array<{ value: string; display: string }>).find((m) => m.value === user)?.display).toBe(
      server!.store.users.get(user)!.body.displayName,
    );
  });

  it('answers at lowercase paths only, without discovery, with errors in the drawn shape', async () => {
    await start({ pathCase: 'lower', discovery: false, errors: 'text' });
    expect((await get('/users')).status).toBe(200);
    const wrongCase = await get('/Users');
    expect(wrongCase).toMatchObject({ status: 404, type: 'text/plain' });
    expect(wrongCase.text).toMatch(/^404 Not Found: /);
    expect((await get('/serviceproviderconfig')).status).toBe(404);
    expect(server!.log.map((r) => r.shown)).toEqual([[], ['path-case', 'error-shape'], ['error-shape']]);
  });
});
