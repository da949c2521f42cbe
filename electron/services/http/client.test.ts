import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectionSettingsSchema, type AppError, type ConnectionSettingsInput } from '../../../shared/contract';
import { json, listResponse, selfSignedCertificate, startScriptedServer, type ScriptedServer } from '../../../test/support/scripted-server';
import { OAuthTokenManager } from './auth';
import { HttpClient, type RawExchange, type ResolvedConnection } from './client';
import { DispatcherCache } from './dispatchers';

let dispatchers: DispatcherCache;
let client: HttpClient;
let server: ScriptedServer;

beforeEach(() => {
  dispatchers = new DispatcherCache();
  client = new HttpClient(dispatchers, new OAuthTokenManager());
});
afterEach(async () => {
  await server?.close();
  await dispatchers.close();
});

function connection(settings: Partial<ConnectionSettingsInput>, secret?: string): ResolvedConnection {
  return {
    key: 'c1',
    settings: connectionSettingsSchema.parse({ name: 'T', baseUrl: server.url, auth: { type: 'none' }, proxy: { mode: 'none' }, ...settings }),
    secret,
  };
}
const get = (conn: ResolvedConnection, path = '/Users') => client.send(conn, { method: 'GET', url: new URL(path, conn.settings.baseUrl) });
const failure = async (promise: Promise<unknown>): Promise<AppError> => {
  try {
    await promise;
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected a failure');
};

describe('HttpClient credentials', () => {
  beforeEach(async () => {
    server = await startScriptedServer((_req, res) => json(res, 200, listResponse([])));
  });

  it('sends a bearer token, basic auth and a custom header, plus extra headers', async () => {
    await get(connection({ auth: { type: 'bearer' }, extraHeaders: [{ name: 'X-Tenant', value: 't1' }] }, 's3cret'));
    await get(connection({ auth: { type: 'basic', username: 'ann' } }, 'pw'));
    await get(connection({ auth: { type: 'header', headerName: 'X-Api-Key' } }, 'k-123'));
    expect(server.seen[0].headers.authorization).toBe('Bearer s3cret');
    expect(server.seen[0].headers['x-tenant']).toBe('t1');
    expect(server.seen[1].headers.authorization).toBe(`Basic ${Buffer.from('ann:pw').toString('base64')}`);
    expect(server.seen[2].headers['x-api-key']).toBe('k-123');
  });

  it('refuses to send without a secret, naming the missing piece', async () => {
    const error = await failure(get(connection({ auth: { type: 'bearer' } })));
    expect(error.code).toBe('auth');
    expect(error.message).toMatch(/no bearer token/);
  });
});

describe('HttpClient sends a secret only to the origin it was saved for', () => {
  let other: ScriptedServer;
  beforeEach(async () => {
    server = await startScriptedServer((req, res) =>
      req.url.endsWith('/token')
        ? json(res, 200, { access_token: 'at-1', expires_in: 60 }, { 'content-type': 'application/json' })
        : json(res, 200, listResponse([])),
    );
    other = await startScriptedServer((req, res) =>
      req.url.endsWith('/token')
        ? json(res, 200, { access_token: 'at-2', expires_in: 60 }, { 'content-type': 'application/json' })
        : json(res, 200, listResponse([])),
    );
  });
  afterEach(async () => {
    await other.close();
  });

  it('refuses a resolved connection whose secret was saved for another origin, sending nothing', async () => {
    const conn: ResolvedConnection = { ...connection({ auth: { type: 'bearer' } }, 's3cret'), secretOrigin: other.url };
    const error = await failure(get(conn));
    expect(error.data).toMatchObject({
      code: 'invalid_input',
      field: 'secret',
      message: `The saved bearer token was saved for ${other.url}; enter it again to send it to ${server.url}.`,
    });
    expect(server.seen).toHaveLength(0);
    expect(other.seen).toHaveLength(0);
  });

  it("refuses a request that leaves the base URL's origin with the connection's credentials or secret headers", async () => {
    const bearer = connection({ auth: { type: 'bearer' } }, 's3cret');
    expect((await failure(client.send(bearer, { method: 'GET', url: new URL('/Users', other.url) }))).data.field).toBe('secret');
    const headers: ResolvedConnection = { ...connection({ auth: { type: 'none' } }), secretHeaders: [{ name: 'X-Api-Key', value: 'k-1', origin: server.url }] };
    expect((await failure(client.send(headers, { method: 'GET', url: new URL('/Users', other.url) }))).message).toContain('X-Api-Key');
    const typed = connection({ auth: { type: 'none' }, extraHeaders: [{ name: 'Cookie', value: 'sid=1' }] });
    expect((await failure(client.send(typed, { method: 'GET', url: new URL('/Users', other.url) }))).message).toContain('Cookie');
    expect(other.seen).toHaveLength(0);
    // Without credentials nothing is bound.
    expect((await client.send(connection({ auth: { type: 'none' } }), { method: 'GET', url: new URL('/Users', other.url) })).status).toBe(200);
  });

  it('sends an OAuth client secret only to the token URL origin it was saved for', async () => {
    const conn: ResolvedConnection = {
      ...connection({ auth: { type: 'oauth2', tokenUrl: `${other.url}/token`, clientId: 'app' } }, 'client-secret'),
      secretOrigin: server.url,
    };
    const error = await failure(get(conn));
    expect(error.data).toMatchObject({
      field: 'secret',
      message: `The saved client secret was saved for ${server.url}; enter it again to send it to ${other.url}.`,
    });
    expect(other.seen).toHaveLength(0);
    expect(server.seen).toHaveLength(0);
    const fine: ResolvedConnection = { ...conn, secretOrigin: other.url };
    expect((await get(fine)).status).toBe(200);
    expect(other.seen.map((r) => r.url)).toEqual(['/token']);
  });

  it('sends secret headers to their origin and reports them as credentials to the journal and redactor', async () => {
    const seen: RawExchange[] = [];
    client.observe((exchange) => seen.push(exchange));
    const conn: ResolvedConnection = {
      ...connection({
        auth: { type: 'none' },
        extraHeaders: [
          { name: 'X-Tenant', value: 't1' },
          { name: 'X-Session', value: 'typed-session' },
        ],
      }),
      secretHeaders: [{ name: 'X-Api-Key', value: 'k-123', origin: server.url }],
    };
    await get(conn);
    expect(server.seen[0].headers['x-api-key']).toBe('k-123');
    expect(server.seen[0].headers['x-session']).toBe('typed-session');
    expect(seen[0].credentialHeaderNames.sort()).toEqual(['x-api-key', 'x-session']);
    expect(seen[0].secretValues).toEqual(expect.arrayContaining(['k-123', 'typed-session']));
    expect(seen[0].secretValues).not.toContain('t1');
  });
});

describe('HttpClient OAuth 2.0 client credentials', () => {
  it('fetches, caches and refreshes the token after a 401', async () => {
    let issued = 0;
    let revoked = false;
    server = await startScriptedServer((req, res) => {
      if (req.url === '/token') {
        issued++;
        return json(res, 200, { access_token: `tok-${issued}`, token_type: 'bearer', expires_in: 3600 }, { 'content-type': 'application/json' });
      }
      if (revoked && req.headers.authorization === 'Bearer tok-1') return json(res, 401, { status: '401', detail: 'revoked' });
      json(res, 200, listResponse([]));
    });
    const conn = connection({ auth: { type: 'oauth2', tokenUrl: `${server.url}/token`, clientId: 'app', scope: 'scim' } }, 'client-secret');
    await get(conn);
    await get(conn);
    expect(issued).toBe(1);
    const tokenRequest = server.seen.find((r) => r.url === '/token')!;
    expect(tokenRequest.body).toBe('grant_type=client_credentials&scope=scim');
    expect(tokenRequest.headers.authorization).toBe(`Basic ${Buffer.from('app:client-secret').toString('base64')}`);
    revoked = true;
    const response = await get(conn);
    expect(response.status).toBe(200);
    expect(issued).toBe(2);
    expect(server.seen.at(-1)!.headers.authorization).toBe('Bearer tok-2');
  });

  it('reports a refused client as an auth error without the secret', async () => {
    server = await startScriptedServer((_req, res) =>
      json(res, 401, { error: 'invalid_client', error_description: 'bad secret' }, { 'content-type': 'application/json' }),
    );
    const error = await failure(get(connection({ auth: { type: 'oauth2', tokenUrl: `${server.url}/token`, clientId: 'app' } }, 'wrong-secret-value')));
    expect(error.code).toBe('auth');
    expect(error.message).toContain('invalid_client: bad secret');
    expect(error.message).not.toContain('wrong-secret-value');
  });
});

describe('HttpClient failures', () => {
  it('times out with a message naming the host and limit', async () => {
    server = await startScriptedServer(() => undefined); // never answers
    const error = await failure(get(connection({ timeoutMs: 1000 })));
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/127\.0\.0\.1:\d+ did not answer within 1,000 ms/);
  });

  it('names a refused connection', async () => {
    server = await startScriptedServer(() => undefined);
    const url = server.url;
    await server.close();
    const error = await failure(
      client.send(
        { key: 'x', settings: connectionSettingsSchema.parse({ name: 'T', baseUrl: url, auth: { type: 'none' }, proxy: { mode: 'none' } }) },
        { method: 'GET', url: new URL(url) },
      ),
    );
    expect(error.code).toBe('network');
    expect(error.message).toMatch(/connection was refused/);
  });

  it('cancels when the caller aborts', async () => {
    server = await startScriptedServer(() => undefined);
    const controller = new AbortController();
    const pending = client.send(connection({}), { method: 'GET', url: new URL(server.url), signal: controller.signal });
    controller.abort();
    expect((await failure(pending)).code).toBe('cancelled');
  });
});

describe('HttpClient read-only mode', () => {
  it('refuses every write before it leaves the main side, but allows reads and searches', async () => {
    server = await startScriptedServer((_req, res) => json(res, 200, listResponse([])));
    const conn = connection({ readOnly: true });
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const error = await failure(client.send(conn, { method, url: new URL('/Users/1', server.url), body: '{}' }));
      expect(error.code).toBe('read_only');
      expect(error.message).toContain(`${method} requests are refused`);
    }
    expect(server.seen).toHaveLength(0);
    expect((await get(conn)).status).toBe(200);
    expect((await client.send(conn, { method: 'POST', url: new URL('/Users/.search', server.url), body: '{}' })).status).toBe(200);
    expect((await client.send(connection({ readOnly: false }), { method: 'DELETE', url: new URL('/Users/1', server.url) })).status).toBe(200);
  });
});

describe('HttpClient write guard on every path', () => {
  it('never sends from a read-only connection whose saved extra header overrides the method', async () => {
    server = await startScriptedServer((_req, res) => json(res, 200, listResponse([])));
    const conn = connection({ readOnly: true, extraHeaders: [{ name: 'X-HTTP-Method-Override', value: 'DELETE' }] });
    const error = await failure(get(conn));
    expect(error.code).toBe('read_only');
    expect(error.message).toMatch(/x-http-method-override/i);
    expect(server.seen).toHaveLength(0);
  });

  it('refuses _method in a URL and POST to a .search path that is not a query', async () => {
    server = await startScriptedServer((_req, res) => json(res, 200, listResponse([])));
    expect((await failure(client.send(connection({}), { method: 'GET', url: new URL('/Users?_method=DELETE', server.url) }))).message).toContain('_method');
    const ro = connection({ readOnly: true });
    expect((await failure(client.send(ro, { method: 'POST', url: new URL('/Users/1/.search', server.url), body: '{}' }))).code).toBe('read_only');
    expect((await failure(client.send(ro, { method: 'POST', url: new URL('/Users/.search', server.url), body: '{"userName":"x"}' }))).code).toBe('read_only');
    expect(server.seen).toHaveLength(0);
  });
});

describe('HttpClient TLS', () => {
  it('rejects a self-signed certificate by default, accepts it with its CA or when invalid certificates are allowed', async () => {
    const pems = await selfSignedCertificate();
    server = await startScriptedServer((_req, res) => json(res, 200, listResponse([])), { https: pems });
    const error = await failure(get(connection({})));
    expect(error.code).toBe('tls');
    expect(error.message).toMatch(/TLS connection to 127\.0\.0\.1:\d+ failed/);
    expect((await get(connection({ tls: { allowInvalidCertificates: false, caCertificatesPem: pems.cert } }))).status).toBe(200);
    expect((await get(connection({ tls: { allowInvalidCertificates: true } }))).status).toBe(200);
  });
});

describe('HttpClient proxy', () => {
  it('tunnels through a custom proxy and through HTTPS_PROXY/HTTP_PROXY from the environment', async () => {
    const { createServer } = await import('node:http');
    const { connect } = await import('node:net');
    const tunnels: string[] = [];
    const proxy = createServer();
    proxy.on('connect', (req, socket, head) => {
      tunnels.push(String(req.url));
      const [host, port] = String(req.url).split(':');
      const upstream = connect(Number(port), host, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
    server = await startScriptedServer((_req, res) => json(res, 200, listResponse([])));
    try {
      expect((await get(connection({ proxy: { mode: 'custom', url: proxyUrl } }))).status).toBe(200);
      expect(tunnels).toEqual([new URL(server.url).host]);
      const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY };
      process.env.HTTP_PROXY = proxyUrl;
      delete process.env.NO_PROXY;
      try {
        expect((await get(connection({ proxy: { mode: 'environment' }, timeoutMs: 4321 }))).status).toBe(200);
        expect(tunnels).toHaveLength(2);
      } finally {
        for (const [key, value] of Object.entries(saved))
          if (value === undefined) delete process.env[key];
          else process.env[key] = value;
      }
    } finally {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});
