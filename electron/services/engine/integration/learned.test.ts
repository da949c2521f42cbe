/**
 * The engine learns what a server really does and adapts: tiny node:http servers that ignore
 * startIndex on GET (but page POST /.search), cap the page size, refuse or silently ignore filter
 * operators. Each behaviour must become a learned fact (and a quirk with its exchange), and a refused
 * request must not be sent again.
 */
import type { ServerResponse } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/contract';
import { json, startScriptedServer, type ScriptedServer, type SeenRequest } from '../../../../test/support/scripted-server';
import { LearnedStore } from '../learned-store';
import { createEngineHarness, type EngineHarness } from './harness';

const TOKEN = 'learned-server-token-77';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const users = Array.from({ length: 100 }, (_, i) => ({ schemas: [USER], id: `u${i + 1}`, userName: `user${String(i + 1).padStart(3, '0')}@example.com` }));

interface Behaviour {
  /** GET answers page 1 whatever startIndex asks (SCIMMY does this). */
  getIgnoresStartIndex?: boolean;
  /** POST /Users/.search exists and pages correctly. */
  search?: boolean;
  /** At most this many resources per page. */
  cap?: number;
  /** Operators refused with 400 invalidFilter. */
  refuse?: string[];
  /** Operators silently ignored (every resource comes back). */
  ignore?: string[];
  /** How `excludedAttributes` is treated: applied (default), refused with 400, or ignored. */
  projection?: 'applied' | 'refused' | 'ignored';
  /** PATCH answers 405 Method Not Allowed although discovery says nothing against it. */
  noPatch?: boolean;
  /** DELETE answers 501 Not Implemented. */
  noDelete?: boolean;
  /** A PATCH carrying `attributes` fails with 500, as SCIMMY's did. */
  patchFailsWithAttributes?: boolean;
}

let server: ScriptedServer | undefined;
let harness: EngineHarness | undefined;
afterEach(async () => {
  await harness?.close();
  await server?.close();
  harness = server = undefined;
});

function route(behaviour: Behaviour) {
  return (req: SeenRequest, res: ServerResponse) => {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return json(res, 401, { schemas: [ERROR], status: '401' });
    const url = new URL(req.url, 'http://x');
    if (req.method === 'DELETE')
      return behaviour.noDelete ? json(res, 501, { schemas: [ERROR], status: '501', detail: 'Not Implemented' }) : void res.writeHead(204).end();
    if (url.pathname.toLowerCase().startsWith('/scim/v2/groups')) return json(res, 404, { schemas: [ERROR], status: '404', detail: 'Not found' });
    if (req.method === 'PATCH') {
      if (behaviour.noPatch) return json(res, 405, { schemas: [ERROR], status: '405', detail: 'Method Not Allowed' });
      if (behaviour.patchFailsWithAttributes && url.searchParams.has('attributes'))
        return json(res, 500, { schemas: [ERROR], status: '500', detail: "Required attribute 'displayName' is missing" });
      return json(res, 200, users.find((u) => url.pathname.endsWith(`/${u.id}`)) ?? {});
    }
    const isSearch = req.method === 'POST' && url.pathname === '/scim/v2/Users/.search';
    if (url.pathname !== '/scim/v2/Users' && !(isSearch && behaviour.search)) return json(res, 404, { schemas: [ERROR], status: '404', detail: 'Not found' });
    const params = isSearch ? (JSON.parse(req.body) as Record<string, unknown>) : Object.fromEntries(url.searchParams);
    const filter = typeof params.filter === 'string' ? params.filter : '';
    const op = /^userName (\w+) "(.*)"$/.exec(filter);
    if (op && behaviour.refuse?.includes(op[1]!))
      return json(res, 400, { schemas: [ERROR], status: '400', scimType: 'invalidFilter', detail: `Operator ${op[1]} is not supported` });
    let matching = users;
    if (op && !behaviour.ignore?.includes(op[1]!)) {
      const value = op[2]!;
      matching = users.filter((u) => (op[1] === 'eq' ? u.userName === value : op[1] === 'sw' ? u.userName.startsWith(value) : u.userName.includes(value)));
    }
    const excluded = typeof params.excludedAttributes === 'string' ? params.excludedAttributes : undefined;
    if (excluded && behaviour.projection === 'refused')
      return json(res, 400, { schemas: [ERROR], status: '400', scimType: 'invalidValue', detail: 'Unexpected parameter' });
    const project = (u: Record<string, unknown>) =>
      excluded && behaviour.projection !== 'ignored' ? Object.fromEntries(Object.entries(u).filter(([k]) => k !== excluded)) : u;
    const asked = Number(params.startIndex ?? 1);
    const startIndex = behaviour.getIgnoresStartIndex && !isSearch ? 1 : asked;
    const count = Math.min(Number(params.count ?? 50), behaviour.cap ?? Number.MAX_SAFE_INTEGER);
    const page = matching.slice(startIndex - 1, startIndex - 1 + count).map(project);
    json(res, 200, { schemas: [LIST], totalResults: matching.length, startIndex, itemsPerPage: page.length, Resources: page });
  };
}

async function connect(behaviour: Behaviour, learned?: LearnedStore) {
  server = await startScriptedServer(route(behaviour));
  harness = await createEngineHarness({ learned });
  const connectionId = await harness.connect('learning', `${server.url}/scim/v2`, TOKEN);
  return { engine: harness.engine, connectionId, server };
}

const userRequests = () => server!.seen.filter((r) => new URL(r.url, 'http://x').pathname.startsWith('/scim/v2/Users'));
const ids = (resources: Record<string, unknown>[]) => resources.map((r) => r.id);

describe('a server whose GET ignores startIndex', () => {
  it('serves later pages through POST /.search once it has seen GET answer page 1 again, and goes there directly after', async () => {
    const { engine, connectionId } = await connect({ getIgnoresStartIndex: true, search: true });
    const first = await engine.list({ connectionId, endpoint: 'Users', startIndex: 1, count: 20 });
    expect(ids(first.resources)).toEqual(ids(users.slice(0, 20)));
    const second = await engine.list({ connectionId, endpoint: 'Users', startIndex: 21, count: 20 });
    expect(ids(second.resources)).toEqual(ids(users.slice(20, 40)));
    expect(second.servedBy).toBe('search');
    const facts = engine.learned.list(connectionId).map((f) => `${f.key}=${f.state}`);
    expect(facts).toEqual(expect.arrayContaining(['param|users|startIndex=ignored', 'search|users|paging=accepted']));
    // The quirk names the exchange that proved it.
    const quirk = engine.quirks.list(connectionId).find((q) => q.code === 'learned:param|users|startIndex');
    expect(quirk?.exchangeId).toBeTruthy();

    const before = userRequests().length;
    const third = await engine.list({ connectionId, endpoint: 'Users', startIndex: 41, count: 20 });
    expect(ids(third.resources)).toEqual(ids(users.slice(40, 60)));
    const sent = userRequests().slice(before);
    expect(sent.map((r) => `${r.method} ${new URL(r.url, 'http://x').pathname}`)).toEqual(['POST /scim/v2/Users/.search']);
  });

  it('reads the collection whole and pages it here when there is no /.search', async () => {
    const { engine, connectionId } = await connect({ getIgnoresStartIndex: true });
    await engine.list({ connectionId, endpoint: 'Users', startIndex: 1, count: 20 });
    const page = await engine.list({ connectionId, endpoint: 'Users', startIndex: 61, count: 20 });
    expect(ids(page.resources)).toEqual(ids(users.slice(60, 80)));
    expect(page.servedBy).toBe('local');
    expect(page.totalResults).toBe(100);
    // The whole read is kept: the next page costs no request.
    const before = userRequests().length;
    const next = await engine.list({ connectionId, endpoint: 'Users', startIndex: 81, count: 20 });
    expect(ids(next.resources)).toEqual(ids(users.slice(80, 100)));
    expect(userRequests().length).toBe(before);
  });

  it('says how many of the total can be shown, and why, when neither works', async () => {
    const { engine, connectionId } = await connect({ getIgnoresStartIndex: true, cap: 20 });
    await engine.list({ connectionId, endpoint: 'Users', startIndex: 1, count: 20 });
    const page = await engine.list({ connectionId, endpoint: 'Users', startIndex: 21, count: 20 });
    expect(page.resources).toEqual([]);
    expect(page.gap).toEqual({
      reachable: 20,
      reason: expect.stringMatching(/ignores startIndex on Users and sends at most 20 resources per request, so only the first 20 can be listed/),
    });
    // Known now: asking again sends nothing.
    const before = userRequests().length;
    expect((await engine.list({ connectionId, endpoint: 'Users', startIndex: 41, count: 20 })).gap?.reachable).toBe(20);
    expect(userRequests().length).toBe(before);
  });
});

describe('a server that caps the page size', () => {
  it('fills a page asked for larger with further requests, and learns the cap', async () => {
    const { engine, connectionId } = await connect({ cap: 30 });
    const page = await engine.list({ connectionId, endpoint: 'Users', startIndex: 1, count: 100 });
    expect(ids(page.resources)).toEqual(ids(users));
    expect(engine.learned.list(connectionId).find((f) => f.kind === 'page-cap')).toMatchObject({ state: 'capped', value: 30 });
    // listAll steps by the learned cap.
    const before = userRequests().length;
    let listed = 0;
    for await (const { page: p } of engine.listAll({ connectionId, endpoint: 'Users', pageSize: 500 })) listed += p.resources.length;
    expect(listed).toBe(100);
    const counts = userRequests()
      .slice(before)
      .map((r) => new URL(r.url, 'http://x').searchParams.get('count'));
    expect(new Set(counts)).toEqual(new Set(['30']));
  });
});

describe('filters the server refuses or ignores', () => {
  it('does not send a refused operator again: the second try fails at once, naming the term and the exchange', async () => {
    const { engine, connectionId } = await connect({ refuse: ['sw'] });
    const first = await engine.list({ connectionId, endpoint: 'Users', filter: 'userName sw "user01"', count: 20 }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(AppError);
    expect((first as AppError).status).toBe(400);
    const fact = engine.learned.list(connectionId).find((f) => f.key === 'filter|users|username sw');
    expect(fact).toMatchObject({ state: 'refused', exchangeId: (first as AppError).data.exchangeId });

    const before = userRequests().length;
    const second = await engine.list({ connectionId, endpoint: 'Users', filter: 'userName sw "user02"', count: 20 }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(AppError);
    expect((second as AppError).code).toBe('unsupported');
    expect((second as AppError).message).toMatch(/Not sent: this server refused filters with "username sw"/);
    expect((second as AppError).data.learnedKeys).toEqual(['filter|users|username sw']);
    expect(userRequests().length).toBe(before);
    // What works still goes out.
    const eq = await engine.list({ connectionId, endpoint: 'Users', filter: 'userName eq "user002@example.com"', count: 20 });
    expect(ids(eq.resources)).toEqual(['u2']);
    expect(engine.learned.get(connectionId, 'filter|users|username eq')?.state).toBe('accepted');
  });

  it('learns an operator the server silently ignores from answers that do not match', async () => {
    const { engine, connectionId } = await connect({ ignore: ['co'] });
    const page = await engine.list({ connectionId, endpoint: 'Users', filter: 'userName co "099"', count: 20 });
    expect(page.filterCheck?.mismatches).toBeGreaterThan(0);
    expect(engine.learned.get(connectionId, 'filter|users|username co')?.state).toBe('ignored');
    expect(engine.quirks.list(connectionId).map((q) => q.code)).toContain('learned:filter|users|username co');
  });

  it('keeps what it learned across restarts, and forgets it on request', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scim-desk-learned-'));
    try {
      const path = join(dir, 'learned.json');
      const { engine, connectionId } = await connect({ refuse: ['ew'] }, await LearnedStore.open(path));
      await engine.list({ connectionId, endpoint: 'Users', filter: 'userName ew "com"', count: 5 }).catch(() => undefined);
      await engine.learned.flush();
      const reopened = await LearnedStore.open(path);
      expect(reopened.get(connectionId, 'filter|users|username ew')?.state).toBe('refused');
      // A fresh engine over the persisted record shows the quirk without sending anything.
      expect(engine.forgetLearned(connectionId)).toBeGreaterThan(0);
      expect(engine.learned.list(connectionId)).toEqual([]);
      await engine.learned.flush();
      expect((await LearnedStore.open(path)).list(connectionId)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a search that must come back right (matchHere)', () => {
  it('matches here when the server refuses the filter, in the same call, and pages the matches without asking again', async () => {
    const { engine, connectionId } = await connect({ refuse: ['co'], cap: 30 });
    const page = await engine.list({ connectionId, endpoint: 'Users', filter: 'userName co "9"', count: 5, matchHere: true, progressKey: 'k' });
    const expected = users.filter((u) => u.userName.includes('9'));
    expect(page.totalResults).toBe(expected.length);
    expect(ids(page.resources)).toEqual(ids(expected.slice(0, 5)));
    expect(page.servedBy).toBe('local');
    expect(page.scan).toEqual({
      scanned: 100,
      total: 100,
      complete: true,
      reason: 'The server refuses "username co" in filters. Matched here over all 100 resources.',
    });
    // The first page asked for 500 came back capped at 30 and was filled in the same call.
    expect(harness!.scanProgress).toEqual([{ progressKey: 'k', connectionId, scanned: 100, total: 100, matched: expected.length }]);
    // The refused filter went out once; the next page comes from what was matched.
    const before = userRequests().length;
    const next = await engine.list({ connectionId, endpoint: 'Users', filter: 'userName co "9"', startIndex: 6, count: 5, matchHere: true });
    expect(ids(next.resources)).toEqual(ids(expected.slice(5, 10)));
    expect(userRequests().length).toBe(before);
    const refusedFilters = server!.seen.filter((r) => new URL(r.url, 'http://x').searchParams.get('filter')?.includes(' co '));
    expect(refusedFilters).toHaveLength(1);
  });

  it('matches here when the server ignores the filter, instead of returning what does not match', async () => {
    const { engine, connectionId } = await connect({ ignore: ['sw'] });
    const page = await engine.list({ connectionId, endpoint: 'Users', filter: 'userName sw "user01"', count: 50, matchHere: true });
    expect(ids(page.resources)).toEqual(
      ['u10', 'u11', 'u12', 'u13', 'u14', 'u15', 'u16', 'u17', 'u18', 'u19', 'u100'].filter((id) =>
        users.find((u) => u.id === id)!.userName.startsWith('user01'),
      ),
    );
    expect(page.scan?.reason).toMatch(/^The server ignores "username sw" in filters\. Matched here over all 100 resources\.$/);
  });

  it('sends the filter as asked while the server applies it', async () => {
    const { engine, connectionId } = await connect({});
    const page = await engine.list({ connectionId, endpoint: 'Users', filter: 'userName sw "user01"', count: 50, matchHere: true });
    expect(page.scan).toBeUndefined();
    expect(page.totalResults).toBe(10);
    expect(userRequests().filter((r) => new URL(r.url, 'http://x').searchParams.has('filter'))).toHaveLength(1);
  });
});

describe('projections the server refuses or ignores', () => {
  it('retries a list without a refused excludedAttributes, and leaves it out from then on', async () => {
    const { engine, connectionId } = await connect({ projection: 'refused' });
    const page = await engine.list({ connectionId, endpoint: 'Users', count: 10, excludedAttributes: ['userName'] });
    expect(ids(page.resources)).toEqual(ids(users.slice(0, 10)));
    expect(engine.learned.get(connectionId, 'param|users|excludedAttributes')?.state).toBe('refused');
    const before = userRequests().length;
    await engine.list({ connectionId, endpoint: 'Users', startIndex: 11, count: 10, excludedAttributes: ['userName'] });
    const sent = userRequests().slice(before);
    expect(sent).toHaveLength(1);
    expect(new URL(sent[0]!.url, 'http://x').searchParams.has('excludedAttributes')).toBe(false);
  });

  it('learns that the server ignores excludedAttributes from what comes back', async () => {
    const { engine, connectionId } = await connect({ projection: 'ignored' });
    await engine.list({ connectionId, endpoint: 'Users', count: 10, excludedAttributes: ['userName'] });
    expect(engine.learned.get(connectionId, 'param|users|excludedAttributes')?.state).toBe('ignored');
  });

  it('learns nothing about a projection the server applies', async () => {
    const { engine, connectionId } = await connect({});
    await engine.list({ connectionId, endpoint: 'Users', count: 10, excludedAttributes: ['userName'] });
    expect(engine.learned.get(connectionId, 'param|users|excludedAttributes')).toBeUndefined();
  });
});

describe('a method the server does not allow', () => {
  it('learns a 405 on PATCH and does not send PATCH there again, pointing to PUT', async () => {
    const { engine, connectionId } = await connect({ noPatch: true });
    const patch = () =>
      engine.patch({ connectionId, endpoint: 'Users', id: 'u1', operations: [{ op: 'replace', path: 'displayName', value: 'X' }], dialect: 'rfc' }).then(
        () => {
          throw new Error('expected the PATCH to fail');
        },
        (e: unknown) => e as AppError,
      );
    const first = await patch();
    expect(first.status).toBe(405);
    expect(engine.learned.get(connectionId, 'method|users|PATCH')).toMatchObject({ state: 'refused', exchangeId: first.data.exchangeId });
    const before = server!.seen.filter((r) => r.method === 'PATCH').length;
    const second = await patch();
    expect(second.code).toBe('unsupported');
    expect(second.message).toMatch(/^Not sent: The server answered PATCH on Users with HTTP 405\. Replace the resource \(PUT\) instead\.$/);
    expect(server!.seen.filter((r) => r.method === 'PATCH').length).toBe(before);
  });
});

describe('ETags, against what ServiceProviderConfig says', () => {
  for (const [declared, sends, code] of [
    [true, false, 'etag.missing'],
    [false, true, 'etag.undeclared'],
  ] as const) {
    it(`records ${code} when the server ${declared ? 'claims ETags and sends none' : 'sends ETags it does not declare'}`, async () => {
      server = await startScriptedServer((req, res) => {
        if (req.url === '/scim/v2/ServiceProviderConfig')
          return json(res, 200, { patch: { supported: true }, filter: { supported: true }, etag: { supported: declared } });
        if (req.url?.startsWith('/scim/v2/Users/u1')) {
          if (sends) res.setHeader('etag', 'W/"1"');
          return json(res, 200, { ...users[0], meta: { resourceType: 'User' } });
        }
        return json(res, 404, { schemas: [ERROR], status: '404' });
      });
      harness = await createEngineHarness();
      const connectionId = await harness.connect('etags', `${server.url}/scim/v2`, TOKEN);
      const read = await harness.engine.get({ connectionId, endpoint: '/Users', id: 'u1' });
      expect(read.quirks.map((q) => q.code)).toContain(code);
      expect(harness.engine.quirks.list(connectionId).find((q) => q.code === code)?.exchangeId).toBe(read.exchangeId);
    });
  }
});

describe('methods and endpoints the server does not have', () => {
  it('learns a 501 on DELETE and does not send DELETE there again', async () => {
    const { engine, connectionId } = await connect({ noDelete: true });
    const remove = () =>
      engine.delete({ connectionId, endpoint: 'Users', id: 'u1' }).then(
        () => {
          throw new Error('expected the DELETE to fail');
        },
        (e: unknown) => e as AppError,
      );
    expect((await remove()).status).toBe(501);
    const again = await remove();
    expect(again.code).toBe('unsupported');
    expect(again.data.learnedKeys).toEqual(['method|users|DELETE']);
    expect(server!.seen.filter((r) => r.method === 'DELETE')).toHaveLength(1);
  });

  it('learns that an unfiltered listing answers 404 (no such endpoint), but not from a filtered one', async () => {
    const { engine, connectionId } = await connect({});
    const list = (filter?: string) =>
      engine.list({ connectionId, endpoint: 'Groups', count: 5, ...(filter ? { filter } : {}) }).catch((e: unknown) => e as AppError);
    expect(((await list('displayName eq "x"')) as AppError).status).toBe(404);
    expect(engine.learned.get(connectionId, 'method|groups|GET')).toBeUndefined();
    expect(((await list()) as AppError).status).toBe(404);
    expect(engine.learned.get(connectionId, 'method|groups|GET')).toMatchObject({ state: 'refused', subject: 'GET /groups' });
    const before = server!.seen.length;
    expect(((await list()) as AppError).code).toBe('unsupported');
    expect(server!.seen.length).toBe(before);
  });
});

describe('an optional parameter a server fails a write on', () => {
  it('learns that PATCH must go without attributes, says so, and leaves it out of the next one', async () => {
    const { engine, connectionId } = await connect({ patchFailsWithAttributes: true });
    const patch = () =>
      engine.patch({
        connectionId,
        endpoint: 'Users',
        id: 'u1',
        operations: [{ op: 'replace', path: 'displayName', value: 'X' }],
        dialect: 'rfc',
        attributes: ['id'],
      });
    const failed = await patch().then(
      () => {
        throw new Error('expected the first PATCH to fail');
      },
      (e: unknown) => e as AppError,
    );
    expect(failed.status).toBe(500);
    expect(failed.message).toMatch(/left out from now on; send again\.$/);
    expect(engine.learned.get(connectionId, 'param|users|attributes on writes')?.state).toBe('refused');
    const stored = await patch();
    expect(stored.status).toBe(200);
    const patches = server!.seen.filter((r) => r.method === 'PATCH').map((r) => new URL(r.url, 'http://x').searchParams.has('attributes'));
    expect(patches).toEqual([true, false]);
  });
});
