import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectionSettingsSchema, type ConnectionSettingsInput } from '../../../shared/contract';
import { startScriptedServer, type ScriptedServer } from '../../../test/support/scripted-server';
import { OAuthTokenManager } from '../http/auth';
import { HttpClient, type ResolvedConnection } from '../http/client';
import { DispatcherCache } from '../http/dispatchers';
import { RequestJournal } from './journal';
import { allFileBytes, leaksIn } from './test-helpers';

const BEARER = 'bt-7f3c9a1e-bearer-SECRET';
const BASIC_PASSWORD = 'b4sic P@ss/w+rd&x=1';
const API_KEY = 'ak_live_93jf82hf8Zq';
const CLIENT_SECRET = 'cs-very-secret-client-Zz';
const ACCESS_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.access-token-Q7.sig';
const USER_PASSWORD = 'Us3r-Pa55word!';
const SECRETS = [BEARER, BASIC_PASSWORD, `ann:${BASIC_PASSWORD}`, API_KEY, CLIENT_SECRET, `app:${CLIENT_SECRET}`, ACCESS_TOKEN, USER_PASSWORD];

let root: string;
let server: ScriptedServer;
let dispatchers: DispatcherCache;
let client: HttpClient;
let journal: RequestJournal;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'scim-desk-journal-e2e-'));
  // Echoes everything it was sent: URL, headers and body in the response body, credentials in response headers.
  server = await startScriptedServer((req, res) => {
    if (req.url === '/token') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: ACCESS_TOKEN, token_type: 'Bearer', expires_in: 3600 }));
      return;
    }
    const credential = String(req.headers.authorization ?? req.headers['x-api-key'] ?? '');
    res.writeHead(200, { 'content-type': 'application/scim+json', 'x-echo-credential': credential, 'set-cookie': `session=${credential}` });
    res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body: req.body, parsed: req.body ? JSON.parse(req.body) : null }));
  });
  dispatchers = new DispatcherCache();
  client = new HttpClient(dispatchers, new OAuthTokenManager());
  journal = new RequestJournal({ dir: join(root, 'journal') });
  journal.attach(client);
});
afterEach(async () => {
  await journal.close();
  await server.close();
  await dispatchers.close();
  await rm(root, { recursive: true, force: true });
});

function connection(key: string, settings: Partial<ConnectionSettingsInput>, secret?: string): ResolvedConnection {
  return { key, settings: connectionSettingsSchema.parse({ name: key, baseUrl: server.url, proxy: { mode: 'none' }, ...settings }), secret };
}

describe('request journal end to end through HttpClient', () => {
  it('never keeps, emits or writes a credential, even when the server echoes it or it is in the URL', async () => {
    const emitted: string[] = [];
    journal.on((event, payload) => emitted.push(`${event} ${JSON.stringify(payload)}`));
    const bearer = connection('bearer', { auth: { type: 'bearer' } }, BEARER);
    const basic = connection('basic', { auth: { type: 'basic', username: 'ann' } }, BASIC_PASSWORD);
    const header = connection('header', { auth: { type: 'header', headerName: 'X-Api-Key' } }, API_KEY);
    const oauth = connection('oauth', { auth: { type: 'oauth2', tokenUrl: `${server.url}/token`, clientId: 'app' } }, CLIENT_SECRET);
    const url = (path: string, query: Record<string, string>) => new URL(`${path}?${new URLSearchParams(query)}`, server.url);
    const json = { 'content-type': 'application/scim+json' };

    const responses = [
      await client.send(bearer, { method: 'GET', url: url('/Users', { access_token: BEARER, q: BEARER, filter: 'userName eq "ann"' }) }),
      await client.send(basic, { method: 'GET', url: url('/Users', { q: BASIC_PASSWORD, filter: `userName eq "${BASIC_PASSWORD}"` }) }),
      await client.send(basic, {
        method: 'POST',
        url: url('/Users', {}),
        headers: json,
        body: JSON.stringify({ userName: 'bjensen', password: USER_PASSWORD }),
      }),
      await client.send(header, { method: 'GET', url: url('/Groups', { key: API_KEY }) }),
      await client.send(header, {
        method: 'PATCH',
        url: new URL('/Users/1', server.url),
        headers: json,
        body: JSON.stringify({
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op: 'replace', path: 'password', value: USER_PASSWORD }],
        }),
      }),
      await client.send(oauth, { method: 'GET', url: url('/Users', { token: ACCESS_TOKEN, x: ACCESS_TOKEN }) }),
    ];
    // The server really did see (and echo) every credential.
    expect(responses[0].body).toContain(BEARER);
    expect(responses[3].body).toContain(API_KEY);
    expect(responses[5].body).toContain(ACCESS_TOKEN);
    expect(server.seen.some((r) => r.url === '/token')).toBe(true);

    const summaries = await journal.list();
    // The OAuth token request is journaled too, between the PATCH and the GET it authorised.
    const token = summaries.find((s) => s.path === '/token')!;
    expect(token).toMatchObject({ method: 'POST', status: 200, connectionId: 'oauth' });
    expect(summaries).toHaveLength(responses.length + 1);
    expect(summaries.filter((s) => s !== token).map((s) => s.id)).toEqual(responses.map((r) => r.exchangeId).reverse());
    const tokenEntry = await journal.get(token.id);
    expect(tokenEntry.requestHeaders.authorization).toBe('Basic [REDACTED]');
    expect(JSON.parse(tokenEntry.responseBody!.text).access_token).toBe('[REDACTED]');
    expect(leaksIn(JSON.stringify(tokenEntry), SECRETS)).toEqual([]);
    const entries = await Promise.all(responses.map((r) => journal.get(r.exchangeId)));
    await journal.flush();
    const files = await allFileBytes(join(root, 'journal'));
    expect(files).toContain('"type":"exchange"');

    expect(leaksIn(JSON.stringify(entries), SECRETS)).toEqual([]);
    expect(leaksIn(JSON.stringify(summaries), SECRETS)).toEqual([]);
    expect(leaksIn(emitted.join('\n'), SECRETS)).toEqual([]);
    expect(leaksIn(files, SECRETS)).toEqual([]);
    expect(emitted.filter((e) => e.startsWith('journal.exchange '))).toHaveLength(responses.length + 1);

    // What stays visible: the scheme word, the fact a credential was there, the SCIM password attribute.
    const [bearerGet, basicGet, basicPost, headerGet, headerPatch, oauthGet] = entries;
    expect(bearerGet.requestHeaders.authorization).toBe('Bearer [REDACTED]');
    expect(bearerGet.responseHeaders['x-echo-credential']).toBe('Bearer [REDACTED]');
    expect(bearerGet.responseHeaders['set-cookie']).toBe('[REDACTED]');
    expect(bearerGet.path).toContain('access_token=[REDACTED]&q=[REDACTED]&filter=userName+eq+%22ann%22');
    expect(JSON.parse(bearerGet.responseBody!.text).headers.authorization).toBe('Bearer [REDACTED]');
    expect(basicGet.requestHeaders.authorization).toBe('Basic [REDACTED]');
    expect(basicGet.url).toContain('q=[REDACTED]');
    expect(JSON.parse(basicPost.requestBody!.text)).toEqual({ userName: 'bjensen', password: '[REDACTED]' });
    expect(JSON.parse(basicPost.responseBody!.text).parsed).toEqual({ userName: 'bjensen', password: '[REDACTED]' });
    expect(headerGet.requestHeaders['x-api-key']).toBe('[REDACTED]');
    expect(headerGet.path).toBe('/Groups?key=[REDACTED]');
    expect(JSON.parse(headerPatch.requestBody!.text).Operations[0].value).toBe('[REDACTED]');
    expect(oauthGet.requestHeaders.authorization).toBe('Bearer [REDACTED]');
    expect(oauthGet.path).toBe('/Users?token=[REDACTED]&x=[REDACTED]');
    expect(entries.every((e) => e.ok && e.status === 200 && e.attempt === 1 && e.timings.ttfbMs !== null)).toBe(true);

    // A journal reopened from disk has the same redacted entries.
    const reopened = new RequestJournal({ dir: join(root, 'journal') });
    const fromDisk = await Promise.all(responses.map((r) => reopened.get(r.exchangeId)));
    expect(fromDisk).toEqual(entries);
    expect((await reopened.sessions()).map((s) => s.connectionId).sort()).toEqual(['basic', 'bearer', 'header', 'oauth']);
  });

  it('journals a failed exchange with its error', async () => {
    const silent = await startScriptedServer(() => undefined);
    try {
      const conn = {
        key: 'slow',
        settings: connectionSettingsSchema.parse({ name: 'Slow', baseUrl: silent.url, auth: { type: 'bearer' }, proxy: { mode: 'none' }, timeoutMs: 1000 }),
        secret: BEARER,
      };
      await expect(client.send(conn, { method: 'GET', url: new URL(`/Users?t=${BEARER}`, silent.url) })).rejects.toMatchObject({ code: 'timeout' });
      const [summary] = await journal.list({ connectionId: 'slow' });
      expect(summary).toMatchObject({ status: null, ok: false, error: { code: 'timeout' }, timings: { ttfbMs: null }, path: '/Users?t=[REDACTED]' });
      expect(leaksIn(JSON.stringify(await journal.get(summary.id)), [BEARER])).toEqual([]);
    } finally {
      await silent.close();
    }
  });
});
