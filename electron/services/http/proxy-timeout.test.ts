import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectionSettingsSchema } from '../../../shared/contract';
import { OAuthTokenManager } from './auth';
import { HttpClient, type ResolvedConnection } from './client';
import { DispatcherCache } from './dispatchers';
import { failure } from '../../../test/support/failure';

/** A "proxy" that accepts the TCP connection, reads the CONNECT and never answers it. */
async function startSwallowingProxy(): Promise<{ url: string; sockets: Socket[]; close: () => Promise<void> }> {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sockets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

let proxy: Awaited<ReturnType<typeof startSwallowingProxy>>;
let dispatchers: DispatcherCache;
let client: HttpClient;
beforeEach(async () => {
  proxy = await startSwallowingProxy();
  dispatchers = new DispatcherCache();
  client = new HttpClient(dispatchers, new OAuthTokenManager());
});
afterEach(async () => {
  await dispatchers.close();
  await proxy.close();
});

function viaProxy(timeoutMs: number): ResolvedConnection {
  return {
    key: 'proxied',
    settings: connectionSettingsSchema.parse({
      name: 'P',
      baseUrl: 'https://scim.example.test/scim/v2',
      auth: { type: 'none' },
      proxy: { mode: 'custom', url: proxy.url },
      timeoutMs,
    }),
  };
}

describe('a custom proxy that swallows CONNECT', () => {
  it('fails within the timeout with a message naming the proxy', async () => {
    const started = performance.now();
    const error = await failure(client.send(viaProxy(1_000), { method: 'GET', url: new URL('https://scim.example.test/scim/v2/Users') }));
    const elapsed = performance.now() - started;
    expect(error.code).toBe('timeout');
    expect(error.message).toContain(`proxy ${new URL(proxy.url).host}`);
    expect(error.message).toContain('scim.example.test');
    expect(elapsed).toBeLessThan(1_000 + 500);
    expect(proxy.sockets.length).toBeGreaterThan(0);
  });

  it('does not leave the next request queued behind the hung CONNECT', async () => {
    const conn = viaProxy(1_000);
    await failure(client.send(conn, { method: 'GET', url: new URL('https://scim.example.test/scim/v2/Users') }));
    const started = performance.now();
    const error = await failure(client.send(conn, { method: 'GET', url: new URL('https://scim.example.test/scim/v2/Groups') }));
    expect(error.code).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(1_000 + 1_000);
  });

  it('is cancelled at once by the request signal', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    const error = await failure(
      client.send(viaProxy(30_000), { method: 'GET', url: new URL('https://scim.example.test/scim/v2/Users'), signal: controller.signal }),
    );
    expect(error.code).toBe('cancelled');
    expect(performance.now() - started).toBeLessThan(600);
  });
});
