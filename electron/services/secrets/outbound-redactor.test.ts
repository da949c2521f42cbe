import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptedServer, type ScriptedServer } from '../../../test/support/scripted-server';
import { createAppCore, type AppCore } from '../core';
import { dispatch } from '../dispatch';
import { KeyFileCipher } from './cipher';
import { OutboundRedactor } from './outbound-redactor';

const TOKEN = 'echo-Secret+tok/en=42';
const PASSWORD = 'p@ss:w0rd-echo';
let root: string;
let core: AppCore;
let server: ScriptedServer;
const events: string[] = [];

/** Every form the token may be seen in: raw, base64, percent-encoded. */
const forms = (secret: string) => [secret, Buffer.from(secret).toString('base64'), encodeURIComponent(secret)];
const leaks = (text: string, secret: string) => forms(secret).filter((form) => text.includes(form));

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'scim-desk-redactor-'));
  // A server that echoes the credential it was sent in every place a client reads.
  server = await startScriptedServer((req, res) => {
    const auth = String(req.headers.authorization ?? '');
    if (req.url.startsWith('/token')) {
      res.writeHead(401, { 'content-type': 'application/json' });
      return void res.end(
        JSON.stringify({ error: 'invalid_client', error_description: `Rejected ${auth} (${Buffer.from(auth.slice(6), 'base64').toString()})` }),
      );
    }
    if (req.url.includes('/Users/plain')) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      return void res.end(`Internal error while checking ${auth} / ${encodeURIComponent(auth.slice(7))}`);
    }
    if (req.url.includes('/Users/headers')) {
      res.writeHead(200, {
        'content-type': 'application/scim+json',
        etag: `W/"${auth.slice(7)}"`,
        location: `${'http://x.example'}/Users/1?t=${encodeURIComponent(auth.slice(7))}`,
      });
      return void res.end(
        JSON.stringify({
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          id: 'headers',
          userName: 'h',
          meta: { resourceType: 'User', version: `W/"${auth.slice(7)}"`, location: `http://x.example/Users/headers?t=${auth.slice(7)}` },
        }),
      );
    }
    res.writeHead(400, { 'content-type': 'application/scim+json' });
    res.end(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', detail: `You sent ${auth}` }));
  });
  core = await createAppCore({ dataDir: root, cipher: await KeyFileCipher.open(join(root, 'secret.key')), shell: 'web', version: 'test', demo: false });
  core.events.on((event, payload) => events.push(JSON.stringify({ event, payload })));
});
afterAll(async () => {
  await core.close();
  await server.close();
  await rm(root, { recursive: true, force: true });
});

const call = (channel: string, input: unknown) => dispatch(core.handlers, channel, input, new AbortController().signal);
const connection = async (auth: unknown, secret: string) => {
  const created = await call('connections.create', {
    settings: { name: 'Echo', baseUrl: server.url, auth, proxy: { mode: 'none' }, timeoutMs: 2000 },
    secret: { action: 'set', value: secret },
  });
  expect(created.ok).toBe(true);
  return (created as { data: { id: string } }).data.id;
};

describe('nothing the main side sends the renderer carries a secret a server echoed', () => {
  it('scrubs a bearer token echoed in a SCIM error detail, a plain-text body, an ETag and a Location', async () => {
    const id = await connection({ type: 'bearer' }, TOKEN);
    const answers = [
      await call('scim.get', { connectionId: id, endpoint: '/Users', id: 'detail' }),
      await call('scim.get', { connectionId: id, endpoint: '/Users', id: 'plain' }),
      await call('scim.get', { connectionId: id, endpoint: '/Users', id: 'headers' }),
      await call('connections.test', { id }),
    ];
    expect(server.seen.length).toBeGreaterThan(3);
    const text = JSON.stringify(answers);
    expect(text).toContain('[REDACTED]');
    expect(leaks(text, TOKEN)).toEqual([]);
    expect(leaks(events.join('\n'), TOKEN)).toEqual([]);
  });

  it('scrubs Basic credentials echoed by an OAuth token endpoint, decoded or not', async () => {
    const id = await connection({ type: 'oauth2', tokenUrl: `${server.url}/token`, clientId: 'client-echo' }, PASSWORD);
    const answer = await call('scim.list', { connectionId: id, endpoint: '/Users' });
    expect(answer.ok).toBe(false);
    const text = JSON.stringify(answer) + JSON.stringify(await call('connections.test', { id }));
    expect(leaks(text, PASSWORD)).toEqual([]);
    expect(leaks(text, `client-echo:${PASSWORD}`)).toEqual([]);
  });
});

describe('OutboundRedactor', () => {
  it('leaves values alone until it knows a secret, then scrubs strings and keys at any depth without mutating', () => {
    const redactor = new OutboundRedactor();
    const value = { a: [{ b: `x ${TOKEN} y` }], [TOKEN]: 1, n: 5 };
    expect(redactor.redact(value)).toBe(value);
    redactor.remember([`Bearer ${TOKEN}`]);
    const out = redactor.redact(value);
    expect(JSON.stringify(out)).not.toContain(TOKEN);
    expect(out.n).toBe(5);
    expect(value.a[0].b).toContain(TOKEN);
  });
});
