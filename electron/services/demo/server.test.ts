import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEMO_PERSONA_INFO, DEMO_PERSONAS, startDemoServer } from './index';
import { parseArgs } from './cli';
import { client } from './test-helpers';

/** A raw request, to send headers fetch will not (Host, a lying Content-Length). */
function raw(url: string, options: { method?: string; headers?: Record<string, string | number>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

describe('demo server', () => {
  it('binds to loopback on a random port and names its personas', async () => {
    const server = await startDemoServer({ users: 10 });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(server.port).toBeGreaterThan(0);
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
      expect(DEMO_PERSONAS).toEqual(['rfc', 'cortex', 'confirmit', 'coginiti']);
      for (const p of DEMO_PERSONAS) {
        expect(server.baseUrl(p)).toBe(server.url + DEMO_PERSONA_INFO[p].basePath);
        expect(DEMO_PERSONA_INFO[p].description.length).toBeGreaterThan(40);
      }
      expect(DEMO_PERSONA_INFO.rfc.basePath).toBe('/rfc/scim/v2');
      expect(DEMO_PERSONA_INFO.cortex.basePath).toBe('/cortex/scim/v2');
      expect(DEMO_PERSONA_INFO.confirmit.basePath).toBe('/confirmit/v2');
      expect(DEMO_PERSONA_INFO.coginiti.basePath).toBe('/coginiti/api/v1/scim/v2');
      const unknown = await fetch(`${server.url}/nowhere/Users`);
      expect(unknown.status).toBe(404);
      expect((await unknown.json()).schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
    } finally {
      await server.close();
    }
  });

  it('refuses non-loopback hosts, bad sizes and unknown personas', async () => {
    await expect(startDemoServer({ host: '0.0.0.0' })).rejects.toThrow(/loopback/);
    await expect(startDemoServer({ host: '192.168.1.20' })).rejects.toThrow(/loopback/);
    await expect(startDemoServer({ host: 'example.com' })).rejects.toThrow(/loopback/);
    await expect(startDemoServer({ users: 100_001 })).rejects.toThrow(/users/);
    await expect(startDemoServer({ personas: ['nope' as never] })).rejects.toThrow(/persona/);
  });

  it('accepts localhost and answers only loopback Host headers', async () => {
    const server = await startDemoServer({ host: 'localhost', users: 10, personas: ['rfc'] });
    try {
      expect(server.url).toBe(`http://localhost:${server.port}`);
      const ok = await raw(`${server.baseUrl('rfc')}/Users?count=1`, { headers: { Host: `127.0.0.1:${server.port}` } });
      expect(ok.status).toBe(200);
      const rebound = await raw(`${server.baseUrl('rfc')}/Users?count=1`, { headers: { Host: `evil.example:${server.port}` } });
      expect(rebound.status).toBe(403);
    } finally {
      await server.close();
    }
  });

  it('serves only the personas asked for', async () => {
    const server = await startDemoServer({ users: 10, personas: ['rfc'] });
    try {
      expect((await fetch(`${server.baseUrl('rfc')}/Users`)).status).toBe(200);
      expect((await fetch(`${server.url}/cortex/scim/v2/Users`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('requires the token everywhere except the rfc discovery endpoints', async () => {
    const server = await startDemoServer({ users: 10, token: 's3cret' });
    try {
      const anon = client(server, 'rfc');
      for (const path of ['/ServiceProviderConfig', '/ResourceTypes', '/Schemas', '/ResourceTypes/User']) expect((await anon.get(path)).status, path).toBe(200);
      const res = await anon.get('/Users');
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(res.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401', detail: expect.any(String) });
      expect((await anon.get('/Users', { Authorization: 'Bearer wrong' })).status).toBe(401);
      expect((await anon.get('/Users', { Authorization: 'Basic czNjcmV0' })).status).toBe(401);
      expect((await anon.get('/Users', { Authorization: 'Bearer s3cret' })).status).toBe(200);
      expect((await anon.get('/Nope')).status).toBe(401); // no probing without a token
      for (const p of ['coginiti', 'confirmit'] as const) expect((await client(server, p).get(p === 'confirmit' ? '/schemas' : '/Schemas')).status).toBe(401);
    } finally {
      await server.close();
    }
  });

  it('limits request bodies', async () => {
    const server = await startDemoServer({ users: 10, personas: ['rfc'] });
    try {
      const res = await raw(`${server.baseUrl('rfc')}/Users`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/scim+json', 'Content-Length': 64 * 1024 * 1024 },
      });
      expect(res.status).toBe(413);
    } finally {
      await server.close();
    }
  });

  it('is deterministic: the same seed gives the same first page', async () => {
    const page = async (seed: number) => {
      const server = await startDemoServer({ users: 300, seed, personas: ['rfc'] });
      try {
        const text = await (await fetch(`${server.baseUrl('rfc')}/Users?count=20`)).text();
        return text.replaceAll(server.url, 'ORIGIN');
      } finally {
        await server.close();
      }
    };
    const [a, b, c] = await Promise.all([page(5), page(5), page(6)]);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(JSON.parse(a).Resources).toHaveLength(20);
  });

  it('closes cleanly (idempotently)', async () => {
    const server = await startDemoServer({ users: 10, personas: ['rfc'] });
    await fetch(`${server.baseUrl('rfc')}/Users?count=1`);
    await Promise.all([server.close(), server.close()]);
    await expect(fetch(`${server.baseUrl('rfc')}/Users`)).rejects.toThrow();
  });
});

describe('demo server CLI', () => {
  it('parses options', () => {
    expect(parseArgs(['--persona', 'rfc', '--port', '8080', '--users', '10000', '--token', 'T', '--seed', '3'])).toEqual({
      personas: ['rfc'],
      port: 8080,
      users: 10000,
      token: 'T',
      seed: 3,
    });
    expect(parseArgs(['--persona=cortex,coginiti', '--rate-limit', '5'])).toEqual({ personas: ['cortex', 'coginiti'], rateLimitPerSecond: 5 });
    expect(parseArgs(['--help'])).toBe('help');
    expect(() => parseArgs(['--persona', 'acme'])).toThrow(/Unknown persona/);
    expect(() => parseArgs(['--port', 'x'])).toThrow(/integer/);
    expect(() => parseArgs(['--frobnicate'])).toThrow(/Unknown option/);
  });

  it('prints one base URL per line and stops on SIGTERM', async () => {
    const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', cli, '--users', '20', '--seed', '1'], {
      cwd: fileURLToPath(new URL('../../..', import.meta.url)),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const lines = await new Promise<string[]>((resolve, reject) => {
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (c: string) => {
        out += c;
        const l = out.split('\n').filter(Boolean);
        if (l.length >= 4) resolve(l);
      });
      child.on('exit', (code) => reject(new Error(`CLI exited early (${code}): ${out}`)));
    });
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/rfc\/scim\/v2$/);
    expect(lines[3]).toMatch(/\/coginiti\/api\/v1\/scim\/v2$/);
    expect((await fetch(`${lines[0]}/Users?count=1`)).status).toBe(200);
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  }, 30_000);
});
