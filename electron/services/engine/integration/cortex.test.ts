/**
 * The engine against the demo server's `cortex` persona: Users only, no discovery endpoints at all,
 * filters limited to `userName eq`, 200 on create and delete, and a token-bucket rate limit answering
 * 429 application/problem+json with Retry-After.
 */
import { describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../demo';
import { expectAppError, uniqueName, newUser } from './harness';
import { coreSuite, useTarget } from './suite';

const TOKEN = 'cortex-demo-token-77ab';
const USERS = 230;
const CORE = [
  'urn:ietf:params:scim:schemas:core:2.0:User',
  'urn:ietf:params:scim:schemas:core:2.0:Group',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
];

const codes = (target: { harness: { engine: { quirks: { list(id: string): { code: string }[] } } }; connectionId: string }) =>
  target.harness.engine.quirks.list(target.connectionId).map((q) => q.code);

describe('engine × demo server, cortex persona', () => {
  // Functional checks run with a generous limit so writes (never retried on 429) are not refused.
  const target = useTarget('Cortex', async () => {
    const server = await startDemoServer({ users: USERS, token: TOKEN, personas: ['cortex'], rateLimitPerSecond: 1000 });
    return { baseUrl: server.baseUrl('cortex'), token: TOKEN, close: () => server.close() };
  });

  it('finds /Users by probing when there is no discovery, and stands in the RFC core schemas', async () => {
    const caps = await target.caps();
    expect(caps.discovery).toEqual({ serviceProviderConfig: false, resourceTypes: false, schemas: false });
    expect(caps.resourceTypes).toEqual([expect.objectContaining({ name: 'User', endpoint: '/Users', schema: CORE[0], source: 'probe' })]);
    expect(caps.schemas.map((s) => s.id)).toEqual(CORE);
    expect(caps).toMatchObject({
      patch: null,
      etag: null,
      sort: null,
      filter: { supported: null },
      bulk: { supported: null },
      paging: { index: true, cursor: false },
    });
    expect(caps.notes).toEqual(
      expect.arrayContaining([
        'ServiceProviderConfig: not available (404)',
        'ResourceTypes: not available (404)',
        'Schemas: not available (404)',
        expect.stringMatching(/core schemas/),
        expect.stringMatching(/No Group endpoint/),
      ]),
    );
    expect(caps.quirks.map((q) => q.code)).toContain('discovery.no-resource-types');
    expect(codes(target)).toContain('discovery.no-resource-types');
  });

  coreSuite(target, { seededUsers: USERS, pageSize: 50, newUser, createStatus: 200, deleteStatus: 200 });

  it('answers userName eq, and refuses other filters with 400 invalidFilter', async () => {
    const { engine } = target.harness;
    const first = (await engine.list({ connectionId: target.connectionId, endpoint: '/Users', count: 1 })).resources[0];
    const hit = await engine.list({ connectionId: target.connectionId, endpoint: '/Users', filter: `userName eq "${String(first.userName)}"` });
    expect(hit.resources.map((r) => r.id)).toEqual([first.id]);
    expect(hit.filterCheck).toEqual({ checked: 1, mismatches: 0 });
    const refused = await expectAppError(engine.list({ connectionId: target.connectionId, endpoint: '/Users', filter: 'displayName co "x"' }), TOKEN);
    expect(refused).toMatchObject({ code: 'http', status: 400, data: { scimType: 'invalidFilter' } });
  });

  it('shows every deviation as a quirk', () => {
    expect(codes(target)).toEqual(expect.arrayContaining(['discovery.no-resource-types', 'create.status-200', 'delete.status-200']));
  });
});

describe('engine × cortex rate limit (4 requests/second)', () => {
  let server: DemoServer;
  const target = useTarget('Cortex limited', async () => {
    server = await startDemoServer({ users: 60, token: TOKEN, personas: ['cortex'], rateLimitPerSecond: 4 });
    return { baseUrl: server.baseUrl('cortex'), token: TOKEN, close: () => server.close() };
  });
  const refill = () => new Promise((resolve) => setTimeout(resolve, 1100));
  /**
   * Another client of the server keeps using up its limit until this connection meets a 429: having met the
   * limit once (discovery did), the connection paces itself and would otherwise meet none.
   */
  const crowdOut = async (since: number) => {
    const met429 = () => target.harness.exchanges.slice(since).some((e) => e.status === 429);
    for (let i = 0; i < 1000 && !met429(); i++)
      await (await fetch(`${server.baseUrl('cortex')}/Users?count=1`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
  };

  it('retries 429s on reads, honouring Retry-After: a burst all succeeds', { timeout: 30_000 }, async () => {
    const { engine, exchanges } = target.harness;
    const caps = await target.caps(); // discovery itself is throttled (about a dozen requests) and retried
    expect(caps.resourceTypes.map((t) => t.endpoint)).toEqual(['/Users']);
    const ids = (await engine.list({ connectionId: target.connectionId, endpoint: '/Users', count: 8 })).resources.map((r) => String(r.id));
    const before = exchanges.length;
    const crowd = crowdOut(before);
    const reads = await Promise.all(ids.map((id) => engine.get({ connectionId: target.connectionId, endpoint: '/Users', id })));
    await crowd;
    expect(reads.map((r) => r.resource.id)).toEqual(ids);
    const burst = exchanges.slice(before);
    expect(burst.filter((e) => e.status === 429).length).toBeGreaterThan(0);
    expect(burst.some((e) => e.attempt > 1 && e.status === 200)).toBe(true);
    expect(Math.max(...burst.map((e) => e.attempt))).toBeGreaterThan(1);
    for (const e of burst.filter((x) => x.status === 429)) expect(e.responseHeaders?.['retry-after']).toBe('1');

    // Having met the limit, the connection paces itself: the same burst after a refill meets no 429.
    await refill();
    const paced = exchanges.length;
    await Promise.all(ids.map((id) => engine.get({ connectionId: target.connectionId, endpoint: '/Users', id })));
    expect(exchanges.slice(paced).filter((e) => e.status === 429)).toEqual([]);

    // A parallel listing through the limit completes too.
    await refill();
    const listed: string[] = [];
    for await (const { page } of engine.listAll({ connectionId: target.connectionId, endpoint: '/Users', pageSize: 5, parallel: 4 }))
      listed.push(...page.resources.map((r) => String(r.id)));
    expect(new Set(listed).size).toBe(60);
    expect(listed.length).toBe(60);
  });

  it('does not repeat a rate-limited PATCH (not idempotent): rate_limited with the wait, as problem+json quirk', { timeout: 30_000 }, async () => {
    const { engine, exchanges } = target.harness;
    const ids = (await engine.list({ connectionId: target.connectionId, endpoint: '/Users', count: 8 })).resources.map((r) => String(r.id));
    const before = exchanges.length;
    const crowd = crowdOut(before);
    const outcomes = await Promise.allSettled(
      ids.map((id) =>
        engine.patch({
          connectionId: target.connectionId,
          endpoint: '/Users',
          id,
          dialect: 'rfc',
          operations: [{ op: 'replace', path: 'title', value: uniqueName('t') }],
        }),
      ),
    );
    await crowd;
    const failures = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => o.reason as Error);
    expect(failures.length).toBeGreaterThan(0);
    for (const failure of failures) {
      const error = await expectAppError(Promise.reject(failure), TOKEN);
      expect(error).toMatchObject({ code: 'rate_limited', status: 429, data: { retryAfterMs: 1000 } });
    }
    const patches = exchanges.slice(before).filter((e) => e.method === 'PATCH');
    expect(patches.length).toBe(ids.length);
    expect(patches.every((e) => e.attempt === 1)).toBe(true);
    expect(codes(target)).toContain('error.problem-json');
  });
});
