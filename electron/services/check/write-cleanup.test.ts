/**
 * What a run with writes leaves behind, and what it says about servers that lie: a run cancelled
 * between checks or in the middle of a request, or one whose check throws, removes everything it
 * created; DELETEs that fail or are not carried out are reported as leftovers with their ids; a
 * server that answers 2xx to a PATCH it did not apply gets "ignored", never "pass".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxyServer, type ProxyServer } from '../../../test/support/proxy-server';
import { startDemoServer, type DemoServer } from '../demo';
import { writeChecks } from './catalog';
import { bulkChecks } from './checks/bulk';
import { sweepPlanned } from './cleanup';
import { CheckRun } from './context';
import { buildReport, runChecks, selectChecks } from './runner';
import { useCheckTarget } from './test-helpers';
import type { Check } from './types';
import { listedCheckResources, resultOf, verdictsOf } from './write-test-helpers';

const TOKEN = 'write-cleanup-token-2a9c1d';
let demo: DemoServer;
let proxy: ProxyServer;
beforeAll(async () => {
  demo = await startDemoServer({ users: 20, seed: 6, token: TOKEN, personas: ['rfc', 'coginiti'] });
  proxy = await startProxyServer(demo.baseUrl('rfc'));
});
afterAll(async () => {
  await proxy?.close();
  await demo?.close();
});

/** The write checks an RFC-only run takes (no Entra or Okta users). */
const RFC_WRITES = selectChecks(['rfc']).filter((c) => c.writes);

const direct = useCheckTarget('rfc', async () => ({ baseUrl: demo.baseUrl('rfc'), token: TOKEN, close: async () => {} }));
const proxied = useCheckTarget('rfc via proxy', async () => ({ baseUrl: proxy.baseUrl, token: TOKEN, close: async () => {} }));
/** A run on a new connection (its own discovery, so a test can shape what discovery sees first). */
async function runOn(name: string, baseUrl: string, runId: string): Promise<CheckRun> {
  const { engine } = direct.harness;
  const connectionId = await direct.harness.connect(name, baseUrl, TOKEN);
  return new CheckRun({
    transport: { connection: engine.resolve(connectionId), sendRaw: (c, r) => engine.sendRaw(c, r) },
    capabilities: await engine.capabilities(connectionId),
    signal: new AbortController().signal,
    writes: true,
    runId,
  });
}

const report = (run: Parameters<typeof buildReport>[0]['run']) =>
  buildReport({ url: demo.baseUrl('rfc'), checkedAt: '2026-01-01T00:00:00.000Z', profiles: ['rfc'], writes: true, results: [], run });

describe('a run with writes cleans up however it ends', () => {
  it('removes everything when it is cancelled between checks, once the group exists', async () => {
    const controller = new AbortController();
    const run = await direct.newRun({ writes: true, runId: 'cancel01', signal: controller.signal });
    const seen: string[] = [];
    const running = runChecks({
      run,
      checks: RFC_WRITES,
      profiles: ['rfc'],
      signal: controller.signal,
      onResult: (result) => {
        seen.push(result.id);
        if (result.id === 'group.member-add') controller.abort();
      },
    });
    await expect(running).rejects.toBeDefined();
    expect(seen.at(-1)).toBe('group.member-add');
    expect(run.leftovers.size).toBe(0);
    expect(report(run).leftovers).toBeUndefined();
    expect(await listedCheckResources(demo.baseUrl('rfc'), TOKEN)).toEqual([]);
  });

  it('removes everything when it is cancelled while a request is on the wire', async () => {
    const controller = new AbortController();
    proxy.intercept = (request) => {
      // The member is being added: the test and member users and the group exist now.
      if (request.method === 'PATCH' && /\/Groups\//.test(request.url)) controller.abort();
      return undefined;
    };
    try {
      const run = await proxied.newRun({ writes: true, runId: 'cancel02', signal: controller.signal });
      await expect(runChecks({ run, checks: RFC_WRITES, profiles: ['rfc'], signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' });
      expect(proxy.count('DELETE', /^\/Groups\//)).toBeGreaterThan(0);
      expect(run.leftovers.size).toBe(0);
      expect(await listedCheckResources(demo.baseUrl('rfc'), TOKEN)).toEqual([]);
    } finally {
      proxy.intercept = null;
    }
  });

  it('removes what a check created before it threw, and reports the throw as a fail', async () => {
    const run = await direct.newRun({ writes: true, runId: 'throws01' });
    const throwing: Check = {
      id: 'test.throws',
      title: 'Creates, then throws',
      rfc: 'RFC 7644 §3.3',
      group: 'users',
      writes: true,
      profiles: ['rfc'],
      run: async (ctx) => {
        const created = await ctx.send({
          method: 'POST',
          path: 'Users',
          body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'scimdesk-check-throws01-user' },
        });
        ctx.created({ endpoint: '/Users', id: (created.json as { id: string }).id, name: 'scimdesk-check-throws01-user' });
        throw new Error('the answer made no sense');
      },
    };
    const [result] = await runChecks({ run, checks: [throwing], profiles: ['rfc'], signal: new AbortController().signal });
    expect(result).toMatchObject({ verdict: 'fail', message: 'The check could not finish: the answer made no sense' });
    expect(run.leftovers.size).toBe(0);
    expect(await listedCheckResources(demo.baseUrl('rfc'), TOKEN)).toEqual([]);
  });
});

describe('servers that lie about writes', () => {
  it('reports what it could not remove with its id: a DELETE refused, and one answered 204 but not carried out', async () => {
    proxy.intercept = (request) => {
      if (request.method !== 'DELETE') return undefined;
      return /\/Users\//.test(request.url)
        ? { status: 500, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '500' } }
        : { status: 204 };
    };
    try {
      const run = await proxied.newRun({ writes: true, runId: 'liar0001' });
      const results = await runChecks({ run, checks: RFC_WRITES, profiles: ['rfc'], signal: new AbortController().signal });
      expect(resultOf(results, 'user.delete')).toMatchObject({
        verdict: 'fail',
        message: expect.stringMatching(/^DELETE \/Users\/[0-9a-f-]+ answered HTTP 500\.$/),
      });
      expect(resultOf(results, 'group.delete')).toMatchObject({
        verdict: 'ignored',
        message: expect.stringMatching(/^DELETE \/Groups\/[0-9a-f-]+ answered 204, but GET still answers HTTP 200\.$/),
      });
      const leftovers = report(run).leftovers!;
      // The bulk user and group (rfc offers Bulk) are removed with plain DELETEs too, so they stay as well.
      expect(leftovers.map((l) => [l.endpoint, l.name]).sort()).toEqual([
        ['/Groups', 'scimdesk-check-liar0001-bulkgroup'],
        ['/Groups', 'scimdesk-check-liar0001-renamed'],
        ['/Users', 'scimdesk-check-liar0001-bulk'],
        ['/Users', 'scimdesk-check-liar0001-member'],
        ['/Users', 'scimdesk-check-liar0001-user'],
      ]);
      const listed = await fetch(`${demo.baseUrl('rfc')}/Users?filter=${encodeURIComponent('userName sw "scimdesk-check-liar0001-"')}`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      const ids = ((await listed.json()) as { Resources: Array<{ id: string }> }).Resources.map((r) => r.id).sort();
      expect(
        leftovers
          .filter((l) => l.endpoint === '/Users')
          .map((l) => l.id)
          .sort(),
      ).toEqual(ids);
    } finally {
      proxy.intercept = null;
    }
  });

  it('calls a PATCH answered 204 but never applied "ignored", never "pass"', async () => {
    proxy.intercept = (request) => (request.method === 'PATCH' ? { status: 204 } : undefined);
    try {
      const run = await proxied.newRun({ writes: true, runId: 'deaf0001' });
      const results = await runChecks({ run, checks: writeChecks(), profiles: ['rfc', 'entra', 'okta'], signal: new AbortController().signal });
      const verdicts = verdictsOf(results);
      for (const id of [
        'user.patch.simple',
        'user.patch.complex',
        'user.patch.multi-valued',
        'user.patch.primary',
        'user.patch.extension',
        'user.deactivate',
        'etag.if-match-stale',
        'group.member-add',
        'group.members-replace',
        'group.rename',
        'entra.patch.pascal-ops',
        'entra.patch.pathless-replace',
        'okta.user.deactivate',
        'okta.group.member-add',
      ])
        expect(verdicts[id], id).toBe('ignored');
      expect(resultOf(results, 'user.patch.simple').message).toMatch(
        /^add nickName: answered 204, but nothing changed: nickName reads nothing where the RFC gives "SCIM Desk check deaf0001"\./,
      );
      expect(resultOf(results, 'group.member-remove')).toMatchObject({
        verdict: 'skipped',
        message: 'The member user is not in the group (group.member-add did not put it there).',
      });
      expect(verdicts['user.put']).toBe('pass');
      expect(run.leftovers.size).toBe(0);
    } finally {
      proxy.intercept = null;
    }
  });
  it('fails a bulk limit not enforced and a bulkId not resolved, and calls failOnErrors not applied "ignored"', async () => {
    // Discovery through the proxy sees bulk advertised; /Bulk answers every operation with a 404 result, creating nothing.
    proxy.transform = (request, body) =>
      /\/ServiceProviderConfig$/.test(new URL(request.url, 'http://x').pathname)
        ? { ...(body as object), bulk: { supported: true, maxOperations: 2, maxPayloadSize: 65536 } }
        : body;
    proxy.intercept = (request) => {
      if (request.method !== 'POST' || !/\/Bulk$/.test(request.url)) return undefined;
      const operations = (JSON.parse(request.body) as { Operations: Array<{ method: string; bulkId?: string }> }).Operations;
      const results = operations.map((op) => ({ method: op.method, ...(op.bulkId ? { bulkId: op.bulkId } : {}), status: '404' }));
      return { status: 200, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkResponse'], Operations: results } };
    };
    try {
      const run = await runOn('bulk liar', proxy.baseUrl, 'bulkliar');
      const results = await runChecks({ run, checks: bulkChecks, profiles: ['rfc'], signal: new AbortController().signal });
      expect(verdictsOf(results)).toEqual({ 'bulk.operations': 'fail', 'bulk.bulk-id': 'fail', 'bulk.fail-on-errors': 'ignored' });
      expect(resultOf(results, 'bulk.operations').message).toBe(
        'POST /Bulk with 3 operations (maxOperations is 2) answered HTTP 200: the declared limit is not enforced.',
      );
      expect(resultOf(results, 'bulk.bulk-id').message).toBe(
        'POST /Bulk creating a user and a group with member "bulkId:user" answered HTTP 200 (user 404, group 404), but the user was not created.',
      );
      expect(resultOf(results, 'bulk.fail-on-errors').message).toBe(
        'POST /Bulk with failOnErrors 1 and two DELETEs of ids that do not exist answered HTTP 200 with 2 results: the second operation ran after the first error.',
      );
      expect(run.leftovers.size).toBe(0);
    } finally {
      proxy.intercept = null;
      proxy.transform = null;
    }
  });
});

describe('the sweep before a resumed run', () => {
  it('removes what an interrupted run of the same id left, by exact name, even where the filter is ignored', async () => {
    const base = demo.baseUrl('coginiti');
    const post = (endpoint: string, body: Record<string, unknown>) =>
      fetch(`${base}/${endpoint}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json' },
        body: JSON.stringify(body),
      });
    await post('Users', { userName: 'scimdesk-check-sweep001-user' });
    await post('Groups', { displayName: 'scimdesk-check-sweep001-renamed' });
    // Not from this run: kept, though coginiti answers every group to a displayName filter.
    await post('Groups', { displayName: 'scimdesk-check-other001-group' });
    const run = await runOn('coginiti', base, 'sweep001');
    await sweepPlanned(run, ['rfc']);
    expect(run.leftovers.size).toBe(0);
    expect((await listedCheckResources(base, TOKEN)).sort()).toEqual(['scimdesk-check-other001-group']);
  });
});
