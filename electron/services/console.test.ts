import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionDraftSchema, consoleSendInputSchema, type AppError, type ConsoleSendInput } from '../../shared/contract';
import { ConnectionService } from './connections/service';
import { ConnectionStore } from './connections/store';
import { consoleUrl, sendConsoleRequest, type ConsoleDeps } from './console';
import { startDemoServer, type DemoServer } from './demo';
import { OAuthTokenManager } from './http/auth';
import { HttpClient } from './http/client';
import { DispatcherCache } from './http/dispatchers';
import { RequestJournal } from './journal/journal';
import { KeyFileCipher } from './secrets/cipher';
import { SecretVault } from './secrets/vault';

const TOKEN = 'console-test-token-XYZ';
let root: string;
let demo: DemoServer;
let deps: ConsoleDeps;
let writable: string;
let readOnly: string;
let journal: RequestJournal;
const dispatchers = new DispatcherCache();

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'scim-desk-console-'));
  demo = await startDemoServer({ users: 20, token: TOKEN, personas: ['rfc'] });
  const connections = new ConnectionService(
    await ConnectionStore.open(join(root, 'connections.json')),
    await SecretVault.open(join(root, 'secrets.json'), await KeyFileCipher.open(join(root, 'secret.key'))),
    null,
  );
  const create = async (name: string, ro: boolean) =>
    (
      await connections.create(
        connectionDraftSchema.parse({
          settings: { name, baseUrl: demo.baseUrl('rfc'), auth: { type: 'bearer' }, proxy: { mode: 'none' }, readOnly: ro },
          secret: { action: 'set', value: TOKEN },
        }),
      )
    ).id;
  writable = await create('rw', false);
  readOnly = await create('ro', true);
  const http = new HttpClient(dispatchers, new OAuthTokenManager());
  journal = new RequestJournal({ dir: join(root, 'journal') });
  journal.attach(http);
  deps = { connections, http, journal };
});
afterAll(async () => {
  await journal.close();
  await dispatchers.close();
  await demo.close();
  await rm(root, { recursive: true, force: true });
});

const send = (input: ConsoleSendInput) => sendConsoleRequest(deps, consoleSendInputSchema.parse(input));
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: AppError) => e,
  );

describe('request console', () => {
  it('sends with the connection’s credentials and answers the redacted journal entry', async () => {
    const entry = await send({
      connectionId: writable,
      method: 'GET',
      path: '/Users',
      query: [
        { name: 'count', value: '2' },
        { name: 'filter', value: 'userName sw "a"' },
      ],
      headers: [{ name: 'X-Trace', value: 'console' }],
    });
    expect(entry.status).toBe(200);
    expect(entry.url).toContain('/Users?count=2&filter=userName+sw+%22a%22');
    expect(entry.requestHeaders.authorization).toBe('Bearer [REDACTED]');
    expect(entry.requestHeaders['x-trace']).toBe('console');
    expect(JSON.stringify(entry)).not.toContain(TOKEN);
    expect(JSON.parse(entry.responseBody!.text).itemsPerPage).toBeLessThanOrEqual(2);
  });

  it('sends a body, as SCIM JSON unless told otherwise, and returns non-2xx answers as entries', async () => {
    const created = await send({
      connectionId: writable,
      method: 'POST',
      path: 'Users',
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'console.user@example.com' }),
    });
    expect(created.status).toBe(201);
    expect(created.requestHeaders['content-type']).toBe('application/scim+json');
    const missing = await send({ connectionId: writable, method: 'GET', path: '/Users/does-not-exist' });
    expect(missing.status).toBe(404);
  });

  it('refuses anything but GET on a read-only connection, before sending', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      const error = await failure(send({ connectionId: readOnly, method, path: '/Users/.search', body: '{}' }));
      expect(error?.code).toBe('read_only');
    }
    expect((await journal.list({ connectionId: readOnly })).length).toBe(0);
    expect((await send({ connectionId: readOnly, method: 'GET', path: '/ServiceProviderConfig' })).status).toBe(200);
  });

  it('sends HEAD on a read-only connection, but no body and no method override', async () => {
    const head = await send({ connectionId: readOnly, method: 'HEAD', path: '/Users' });
    expect(head.method).toBe('HEAD');
    expect(head.status).toBeTypeOf('number');
    const before = (await journal.list({ connectionId: readOnly })).length;
    const withBody = await failure(send({ connectionId: readOnly, method: 'GET', path: '/Users', body: '{"op":"x"}' }));
    expect(withBody?.message).toMatch(/without a body/);
    const override = await failure(
      send({
        connectionId: readOnly,
        method: 'GET',
        path: '/Users/x',
        headers: [{ name: 'X-HTTP-Method-Override', value: 'DELETE' }],
        allowMethodOverride: true,
      }),
    );
    expect(override?.code).toBe('read_only');
    const param = await failure(send({ connectionId: readOnly, method: 'GET', path: '/Users/x', query: [{ name: '_method', value: 'DELETE' }] }));
    expect(param?.message).toContain('_method');
    expect((await journal.list({ connectionId: readOnly })).length).toBe(before);
  });

  it('refuses a method override on a writable connection unless the user allows it', async () => {
    const input = { connectionId: writable, method: 'GET' as const, path: '/Users', headers: [{ name: 'X-HTTP-Method', value: 'GET' }] };
    expect((await failure(send(input)))?.code).toBe('invalid_input');
    expect((await send({ ...input, allowMethodOverride: true })).status).toBe(200);
  });

  it('validates the input: no absolute URLs, no credential or framing headers, no header injection', () => {
    const base = { connectionId: writable, method: 'GET' as const };
    expect(consoleSendInputSchema.safeParse({ ...base, path: 'https://evil.example/Users' }).success).toBe(false);
    expect(consoleSendInputSchema.safeParse({ ...base, path: '//evil.example/Users' }).success).toBe(false);
    expect(consoleSendInputSchema.safeParse({ ...base, path: '/Users?x=1' }).success).toBe(false);
    expect(consoleSendInputSchema.safeParse({ ...base, path: '/Users', headers: [{ name: 'Authorization', value: 'Bearer x' }] }).success).toBe(false);
    expect(consoleSendInputSchema.safeParse({ ...base, path: '/Users', headers: [{ name: 'X-A', value: 'a\r\nAuthorization: x' }] }).success).toBe(false);
    expect(consoleSendInputSchema.safeParse({ ...base, path: '/Users', headers: [{ name: 'X A', value: 'a' }] }).success).toBe(false);
    expect(consoleSendInputSchema.safeParse({ ...base, method: 'TRACE', path: '/Users' }).success).toBe(false);
    expect(consoleSendInputSchema.safeParse({ ...base, path: '/Users/abc' }).success).toBe(true);
  });

  it('keeps the URL on the connection’s origin', () => {
    expect(consoleUrl('https://h.example/scim/v2/', '/Users', []).href).toBe('https://h.example/scim/v2/Users');
    expect(consoleUrl('https://h.example/scim/v2', '../../other', []).origin).toBe('https://h.example');
    expect(consoleUrl('https://h.example/scim', 'Users', [{ name: 'a b', value: 'c&d' }]).search).toBe('?a+b=c%26d');
    // "@" in a path segment cannot turn into userinfo and another host.
    expect(consoleUrl('https://h.example/scim', '@evil.example/x', []).origin).toBe('https://h.example');
  });
});
