import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { connectionSettingsSchema } from '../../../shared/contract';
import { json, listResponse, startScriptedServer, type ScriptedServer } from '../../../test/support/scripted-server';
import { OAuthTokenManager } from '../http/auth';
import { HttpClient, type ResolvedConnection } from '../http/client';
import { DispatcherCache } from '../http/dispatchers';
import { readListResponse } from './list-response';
import { testConnection } from './tester';

let server: ScriptedServer | undefined;
const dispatchers = new DispatcherCache();
const client = new HttpClient(dispatchers, new OAuthTokenManager());
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const conn = (baseUrl: string, secret = 'good'): ResolvedConnection => ({
  key: 'k',
  settings: connectionSettingsSchema.parse({ name: 'T', baseUrl, auth: { type: 'bearer' }, proxy: { mode: 'none' }, timeoutMs: 2000 }),
  secret,
});
const stepsOf = (result: Awaited<ReturnType<typeof testConnection>>) => Object.fromEntries(result.steps.map((s) => [s.name, s]));

describe('testConnection', () => {
  it('passes every step against a SCIM server and summarises discovery', async () => {
    server = await startScriptedServer((req, res) => {
      if (req.headers.authorization !== 'Bearer good')
        return json(res, 401, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401', detail: 'bad token' });
      if (req.url === '/scim/v2/ServiceProviderConfig')
        return json(res, 200, {
          patch: { supported: true },
          bulk: { supported: false },
          filter: { supported: true, maxResults: 200 },
          sort: { supported: true },
          etag: { supported: true },
        });
      if (req.url === '/scim/v2/ResourceTypes')
        return json(
          res,
          200,
          listResponse([
            { name: 'User', endpoint: '/Users' },
            { name: 'Group', endpoint: '/Groups' },
          ]),
        );
      if (req.url === '/scim/v2/Schemas') return json(res, 200, listResponse([{}, {}, {}]));
      if (req.url?.startsWith('/scim/v2/Users')) return json(res, 200, listResponse([{ id: '1' }], 42));
      if (req.url?.startsWith('/scim/v2/Groups')) return json(res, 200, listResponse([{ id: 'g1' }], 7));
      json(res, 404, {});
    });
    const result = await testConnection(client, conn(`${server.url}/scim/v2`));
    expect(result.ok).toBe(true);
    expect(stepsOf(result).scim.message).toBe('The server answers SCIM: listed 42 users and 7 groups.');
    expect(result.summary).toMatchObject({
      serviceProviderConfig: true,
      schemaCount: 3,
      usersTotal: 42,
      capabilities: { patch: true, bulk: false, maxResults: 200 },
    });
    expect(result.summary!.resourceTypes.map((t) => t.name)).toEqual(['User', 'Group']);
    expect(stepsOf(result).scim.message).toContain('42 users');
  });

  for (const [what, status, type, body] of [
    ['an HTTP 500 HTML page', 500, 'text/html', '<html><head><title>Oops</title></head></html>'],
    ['a plain-text error', 500, 'text/plain', 'database down'],
    ['malformed JSON', 200, 'application/scim+json', '{"Resources": ['],
  ] as const) {
    const answer = (res: ServerResponse) => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    it(`fails when discovery answers but listing users gives ${what}`, async () => {
      server = await startScriptedServer((req, res) => {
        if (req.url === '/scim/v2/ServiceProviderConfig') return json(res, 200, { patch: { supported: true }, filter: { supported: true } });
        if (req.url === '/scim/v2/ResourceTypes') return json(res, 200, listResponse([{ name: 'User', endpoint: '/Users' }]));
        if (req.url === '/scim/v2/Schemas') return json(res, 200, listResponse([]));
        if (req.url?.startsWith('/scim/v2/Users')) return void answer(res);
        json(res, 404, {});
      });
      const result = await testConnection(client, conn(`${server.url}/scim/v2`));
      expect(result.ok).toBe(false);
      expect(stepsOf(result).scim).toMatchObject({ ok: false, message: expect.stringMatching(/^Discovery answered, but listing \/Users failed: /) });
    });
  }

  it('fails when users list but groups do not', async () => {
    server = await startScriptedServer((req, res) => {
      if (req.url === '/scim/v2/ResourceTypes')
        return json(
          res,
          200,
          listResponse([
            { name: 'User', endpoint: '/Users' },
            { name: 'Group', endpoint: '/Groups' },
          ]),
        );
      if (req.url?.startsWith('/scim/v2/Users')) return json(res, 200, listResponse([{ id: '1' }], 1));
      if (req.url?.startsWith('/scim/v2/Groups'))
        return json(res, 500, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '500', detail: 'groups backend down' });
      json(res, 404, {});
    });
    const result = await testConnection(client, conn(`${server.url}/scim/v2`));
    expect(result.ok).toBe(false);
    expect(stepsOf(result).scim.message).toMatch(/^Users list, but listing \/Groups failed: .*HTTP 500.*groups backend down/);
  });

  it('fails the auth step on wrong credentials, with the server detail', async () => {
    server = await startScriptedServer((req, res) =>
      json(res, req.headers.authorization === 'Bearer good' ? 200 : 401, { status: 401, detail: 'token expired' }),
    );
    const result = await testConnection(client, conn(server.url, 'bad'));
    expect(result.ok).toBe(false);
    expect(stepsOf(result).auth).toMatchObject({ ok: false });
    expect(stepsOf(result).auth.message).toMatch(/401 Unauthorized: check the credentials: token expired/);
  });

  it('says when the answer is not SCIM (an HTML login page)', async () => {
    server = await startScriptedServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><html><head><title>Sign in</title></head><body>…</body></html>');
    });
    const result = await testConnection(client, conn(server.url));
    expect(result.ok).toBe(false);
    expect(stepsOf(result).scim.message).toMatch(/answered an HTML page \("Sign in"\) instead of SCIM JSON/);
  });

  it('fails the SCIM step when everything answers 404 (not a SCIM root)', async () => {
    server = await startScriptedServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not Found');
    });
    const result = await testConnection(client, conn(server.url));
    expect(result.ok).toBe(false);
    expect(stepsOf(result).scim.message).toMatch(/Neither .*ServiceProviderConfig nor .*Users answered SCIM \(both 404\)/);
  });

  it('fails reachability for an unreachable host, naming it', async () => {
    server = await startScriptedServer(() => undefined);
    const url = server.url;
    await server.close();
    server = undefined;
    const result = await testConnection(client, conn(url));
    expect(stepsOf(result).reachability).toMatchObject({ ok: false });
    expect(stepsOf(result).reachability.message).toMatch(/Could not reach 127\.0\.0\.1:\d+: the connection was refused/);
  });
});

describe('readListResponse tolerance', () => {
  it('accepts lowercase resources and a missing startIndex, recording quirks', () => {
    const page = readListResponse({ totalResults: 2, resources: [{ id: 1 }, { id: 2 }] }, [], 'x');
    expect(page.resources).toHaveLength(2);
    expect(page.quirks.map((q) => q.code)).toEqual(['list.resources-key-case', 'list.no-start-index', 'list.no-schemas']);
  });
  it('accepts a bare array', () => {
    const page = readListResponse([{ id: 1 }], [], 'x');
    expect(page).toMatchObject({ totalResults: null, resources: [{ id: 1 }] });
    expect(page.quirks[0].code).toBe('list.bare-array');
  });
  it('rejects JSON that is not a list', () => {
    expect(() => readListResponse({ hello: 'world' }, [], 'Listing Users')).toThrow(/does not look like a SCIM ListResponse/);
  });
});

describe('testConnection against the demo personas', () => {
  it('passes on servers with lowercase paths (confirmit) and without discovery (cortex), summarising what it found', async () => {
    const { startDemoServer } = await import('../demo');
    const demo = await startDemoServer({ users: 40, token: 'good', personas: ['confirmit', 'cortex'] });
    try {
      const confirmit = await testConnection(client, conn(demo.baseUrl('confirmit')));
      expect(confirmit.ok).toBe(true);
      expect(confirmit.summary!.resourceTypes.map((t) => t.endpoint)).toContain('/users');
      expect(confirmit.summary!.usersTotal).toBe(40);
      const cortex = await testConnection(client, conn(demo.baseUrl('cortex')));
      expect(cortex.ok).toBe(true);
      expect(cortex.summary!.serviceProviderConfig).toBe(false);
      expect(stepsOf(cortex).discovery.message).toMatch(/found \/Users by probing/);
      const wrong = await testConnection(client, conn(demo.baseUrl('cortex'), 'bad'));
      expect(stepsOf(wrong).auth).toMatchObject({ ok: false });
    } finally {
      await demo.close();
    }
  });
});
