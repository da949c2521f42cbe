import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { connectionDraftSchema, type RetryingEvent } from '../../../shared/contract';
import { json, listResponse, startScriptedServer, type Route, type ScriptedServer } from '../../../test/support/scripted-server';
import { ConnectionService } from '../connections/service';
import { ConnectionStore } from '../connections/store';
import { OAuthTokenManager } from '../http/auth';
import { HttpClient, type RawExchange } from '../http/client';
import { DispatcherCache } from '../http/dispatchers';
import { KeyFileCipher } from '../secrets/cipher';
import { SecretVault } from '../secrets/vault';
import { ScimEngine } from './engine';
import { worstCaseWaitMs } from './reliability';
import { failure } from '../../../test/support/failure';

const dispatchers = new DispatcherCache();
let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
afterAll(() => dispatchers.close());

async function engineFor(route: Route, timeoutMs = 5_000) {
  server = await startScriptedServer(route);
  const dir = await mkdtemp(join(tmpdir(), 'scim-desk-hostile-'));
  const connections = new ConnectionService(
    await ConnectionStore.open(join(dir, 'connections.json')),
    await SecretVault.open(join(dir, 'secrets.json'), await KeyFileCipher.open(join(dir, 'secret.key'))),
    null,
  );
  const { id } = await connections.create(
    connectionDraftSchema.parse({ settings: { name: 'hostile', baseUrl: server.url, auth: { type: 'none' }, proxy: { mode: 'none' }, timeoutMs } }),
  );
  const http = new HttpClient(dispatchers, new OAuthTokenManager());
  const exchanges: RawExchange[] = [];
  http.observe((exchange) => exchanges.push(exchange));
  const retries: RetryingEvent[] = [];
  const engine = new ScimEngine(connections, http, { quirk: () => undefined, annotate: () => undefined, retrying: (event) => retries.push(event) });
  return { engine, id, exchanges, retries };
}

const discovery: Route = (req, res) => {
  if (req.url === '/ServiceProviderConfig') return json(res, 200, { patch: { supported: true }, filter: { supported: true } });
  if (req.url === '/ResourceTypes')
    return json(res, 200, listResponse([{ name: 'User', endpoint: '/Users', schema: 'urn:ietf:params:scim:schemas:core:2.0:User' }]));
  if (req.url === '/Schemas') return json(res, 200, listResponse([]));
  return undefined;
};

describe('an answer nested too deeply', () => {
  it('becomes a typed error instead of overflowing the parser, and the raw text stays in the journal', async () => {
    const deep = '['.repeat(20_000) + ']'.repeat(20_000);
    const { engine, id, exchanges } = await engineFor((req, res) => {
      if (discovery(req, res) === undefined && !res.headersSent) {
        res.writeHead(200, { 'content-type': 'application/scim+json' });
        res.end(`{"Resources":${deep}}`);
      }
    });
    const error = await failure(engine.list({ connectionId: id, endpoint: '/Users', startIndex: 1, count: 10, via: 'get' }));
    expect(error.code).toBe('not_scim');
    expect(error.message).toContain("The server's answer is too deeply nested to display (over 64 levels)");
    expect(() => JSON.stringify(error.data)).not.toThrow();
    expect(exchanges.find((e) => e.url.includes('/Users'))?.responseBody).toContain(deep);
  });

  it('still reads an error body of ordinary depth, and ignores a too-deep one without failing', async () => {
    const { engine, id } = await engineFor((req, res) => {
      if (discovery(req, res) === undefined && !res.headersSent) {
        res.writeHead(400, { 'content-type': 'application/scim+json' });
        res.end(`{"detail":${'['.repeat(20_000)}${']'.repeat(20_000)}}`);
      }
    });
    const error = await failure(engine.list({ connectionId: id, endpoint: '/Users', startIndex: 1, count: 10, via: 'get' }));
    expect(error).toMatchObject({ code: 'http', status: 400 });
  });
});

describe('a server that never answers', () => {
  it('fails a list within the stated worst case, saying how long and how many attempts, without probing or re-discovering', async () => {
    const timeoutMs = 1_000;
    const { engine, id, exchanges, retries } = await engineFor(() => undefined, timeoutMs);
    const worstCase = worstCaseWaitMs(timeoutMs);
    const started = performance.now();
    const error = await failure(engine.list({ connectionId: id, endpoint: '/Users', startIndex: 1, count: 10, via: 'get' }));
    const elapsed = performance.now() - started;
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/^The server at 127\.0\.0\.1:\d+ did not answer within 1 s after 2 attempts/);
    expect(elapsed).toBeLessThan(worstCase + 1_000);
    // Discovery's three reads, two attempts each; no probing of /Users, no list request after it.
    expect(exchanges.map((e) => new URL(e.url).pathname).sort()).toEqual([
      '/ResourceTypes',
      '/ResourceTypes',
      '/Schemas',
      '/Schemas',
      '/ServiceProviderConfig',
      '/ServiceProviderConfig',
    ]);
    expect(retries).toHaveLength(3);
    expect(retries[0]).toMatchObject({ connectionId: id, attempt: 2, of: 2, reason: expect.stringMatching(/^timeout: /) });
    expect(retries[0].inMs).toBeLessThan(500);
  }, 15_000);

  it('fails a list on a discovered server within the same worst case once it stops answering', async () => {
    let answering = true;
    const { engine, id, exchanges } = await engineFor((req, res) => {
      if (answering) discovery(req, res);
    }, 1_000);
    await engine.capabilities(id);
    answering = false;
    const started = performance.now();
    const error = await failure(engine.list({ connectionId: id, endpoint: '/Users', startIndex: 1, count: 10, via: 'get' }));
    expect(performance.now() - started).toBeLessThan(worstCaseWaitMs(1_000) + 1_000);
    expect(error.message).toMatch(/did not answer within 1 s after 2 attempts/);
    expect(exchanges.filter((e) => new URL(e.url).pathname === '/Users')).toHaveLength(2);
  }, 15_000);

  it('stops at once when the call is cancelled during the wait', async () => {
    const { engine, id } = await engineFor(() => undefined, 5_000);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = performance.now();
    const error = await failure(engine.list({ connectionId: id, endpoint: '/Users', startIndex: 1, count: 10, via: 'get' }, controller.signal));
    expect(error.code).toBe('cancelled');
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
