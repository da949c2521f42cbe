import { request as httpRequest } from 'node:http';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppCore, type AppCore } from '../services/core';
import { KeyFileCipher } from '../services/secrets/cipher';
import { startWebShell, type WebShell } from './server';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let core: AppCore;
let shell: WebShell;
let cookie: string;

function send(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${shell.origin}${path}`, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
const pathOf = (link: string) => new URL(link).pathname + new URL(link).search;
const call = (channel: string, input: unknown, headers: Record<string, string> = {}) =>
  send(`/api/call/${channel}`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json', origin: shell.origin, ...headers },
    body: JSON.stringify({ input, callId: 'c1' }),
  });

beforeAll(async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'scim-desk-web-'));
  const rendererDir = join(dataDir, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>SCIM Desk</title>');
  await writeFile(join(dataDir, 'outside.txt'), 'must not be served');
  core = await createAppCore({ dataDir, cipher: await KeyFileCipher.open(join(dataDir, 'secret.key')), shell: 'web', version: '0.0.0-test', demo: false });
  shell = await startWebShell({ core, rendererDir });
  const exchange = await send(pathOf(shell.launchUrl));
  cookie = String(exchange.headers['set-cookie']).split(';')[0];
});
afterAll(async () => {
  await shell.close();
  await core.close();
});

describe('web shell access control', () => {
  it('listens on loopback only', () => {
    expect(shell.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('exchanges a link for an HttpOnly SameSite=Strict cookie, redirecting to / with no-referrer and no-store', async () => {
    const reply = await send(pathOf(shell.newLaunchUrl()));
    expect(reply.status).toBe(303);
    expect(reply.headers.location).toBe('/');
    expect(String(reply.headers['set-cookie'])).toMatch(/^scim_desk_session=[\w-]+; HttpOnly; SameSite=Strict; Path=\/$/);
    expect(reply.headers['referrer-policy']).toBe('no-referrer');
    expect(reply.headers['cache-control']).toBe('no-store');
    // Each exchange is its own session, next to the one beforeAll opened.
    const second = String(reply.headers['set-cookie']).split(';')[0];
    expect(second).not.toBe(cookie);
    expect((await send('/', { headers: { cookie: second } })).status).toBe(200);
    expect((await send('/', { headers: { cookie } })).status).toBe(200);
  });

  it('lets a link be used once: a second browser is told to ask the terminal for a new link', async () => {
    const launch = await send(pathOf(shell.launchUrl)); // consumed in beforeAll
    expect(launch.status).toBe(401);
    expect(launch.body).toBe('This link was already used. In the terminal running SCIM Desk, press Enter to print a new link.');
    const link = shell.newLaunchUrl();
    expect((await send(pathOf(link))).status).toBe(303);
    const again = await send(pathOf(link));
    expect(again.status).toBe(401);
    expect(again.headers['set-cookie']).toBeUndefined();
    expect(again.body).toBe('This link was already used. In the terminal running SCIM Desk, press Enter to print a new link.');
  });

  it('keeps only the newest link valid, and lets a browser with a session reopen a used link', async () => {
    const older = shell.newLaunchUrl();
    const newer = shell.newLaunchUrl();
    const replaced = await send(pathOf(older));
    expect(replaced.status).toBe(401);
    expect(replaced.body).toMatch(/^This link was replaced by a newer one\. In the terminal running SCIM Desk, press Enter to print a new link\.$/);
    expect((await send(pathOf(newer))).status).toBe(303);
    const withSession = await send(pathOf(shell.launchUrl), { headers: { cookie } });
    expect(withSession.status).toBe(303);
    expect(withSession.headers['set-cookie']).toBeUndefined();
  });

  it('rejects a wrong token and any request without the session cookie, saying how to get a link', async () => {
    const guess = await send('/?token=guess');
    expect(guess.status).toBe(401);
    expect(guess.body).toContain('press Enter to print a new link');
    const root = await send('/');
    expect(root.status).toBe(401);
    expect(root.body).toContain('press Enter to print a new link');
    const api = await send('/api/call/connections.list', { method: 'POST', headers: { 'content-type': 'application/json', origin: shell.origin }, body: '{}' });
    expect(api.status).toBe(401);
    expect(JSON.parse(api.body).error.code).toBe('forbidden');
  });

  it('rejects a foreign Host (DNS rebinding) and a foreign Origin (CSRF), even with the cookie', async () => {
    expect((await send('/', { headers: { cookie, host: `evil.example:${shell.port}` } })).status).toBe(403);
    expect((await call('connections.list', {}, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await call('connections.list', {}, { origin: `http://127.0.0.1:${shell.port + 1}` })).status).toBe(403);
  });

  it('refuses calls that are not JSON (no simple cross-site form posts)', async () => {
    const reply = await send('/api/call/connections.list', {
      method: 'POST',
      headers: { cookie, origin: shell.origin, 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(reply.status).toBe(415);
  });

  it('answers a malformed percent-encoded channel name with 400, not 500', async () => {
    const reply = await send('/api/call/connections.%E0%A4%A', {
      method: 'POST',
      headers: { cookie, origin: shell.origin, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body).error.message).toMatch(/percent-encoding/);
  });
});

describe('web shell contract', () => {
  it('serves a valid call and validates input before any service runs', async () => {
    const list = JSON.parse((await call('connections.list', {})).body);
    expect(list).toEqual({ ok: true, data: [] });
    const bad = JSON.parse((await call('connections.create', { settings: { name: '', baseUrl: 'nope', auth: { type: 'bearer' } } })).body);
    expect(bad.ok).toBe(false);
    expect(bad.error.code).toBe('invalid_input');
    expect(bad.error.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['settings.name', 'settings.baseUrl']));
    expect(JSON.parse((await call('connections.list', {})).body).data).toEqual([]); // nothing half-saved
    expect(JSON.parse((await call('no.such.channel', {})).body).error.code).toBe('invalid_input');
  });

  it('pushes events over SSE', async () => {
    let connected!: () => void;
    const isConnected = new Promise<void>((resolve) => (connected = resolve));
    const received = new Promise<string>((resolve, reject) => {
      const req = httpRequest(`${shell.origin}/api/events`, { headers: { cookie } }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
          if (text.includes(': connected')) connected();
          if (text.includes('event: connections.changed')) {
            req.destroy();
            resolve(text);
          }
        });
      });
      req.on('error', reject);
      req.end();
    });
    await isConnected; // subscribed before the event fires
    const created = JSON.parse(
      (
        await call('connections.create', {
          settings: { name: 'A', baseUrl: 'https://a.example/scim/v2', auth: { type: 'bearer' } },
          secret: { action: 'set', value: 'tkn-abc' },
        })
      ).body,
    );
    expect(created.data.hasSecret).toBe(true);
    expect(JSON.stringify(created)).not.toContain('tkn-abc');
    expect(await received).toContain(`"ids":["${created.data.id}"]`);
  });

  it('serves the renderer with a strict CSP, falls back to index.html, and refuses traversal', async () => {
    const index = await send('/users/some/route', { headers: { cookie } });
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(index.body).toContain('<title>SCIM Desk</title>');
    const traversal = await send('/..%2foutside.txt', { headers: { cookie } });
    expect(traversal.body).not.toContain('must not be served');
  });
});
