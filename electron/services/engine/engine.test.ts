import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionDraftSchema, type AppError } from '../../../shared/contract';
import { ConnectionService } from '../connections/service';
import { ConnectionStore } from '../connections/store';
import { startDemoServer, type DemoServer } from '../demo';
import { OAuthTokenManager } from '../http/auth';
import { HttpClient, type RawExchange } from '../http/client';
import { DispatcherCache } from '../http/dispatchers';
import { KeyFileCipher } from '../secrets/cipher';
import { SecretVault } from '../secrets/vault';
import { ScimEngine } from './engine';

const TOKEN = 'engine-unit-token';
let demo: DemoServer;
let engine: ScimEngine;
let connectionId: string;
const dispatchers = new DispatcherCache();
const exchanges: RawExchange[] = [];

beforeAll(async () => {
  demo = await startDemoServer({ users: 60, token: TOKEN, personas: ['rfc'] });
  const dir = await mkdtemp(join(tmpdir(), 'scim-desk-engine-'));
  const connections = new ConnectionService(
    await ConnectionStore.open(join(dir, 'connections.json')),
    await SecretVault.open(join(dir, 'secrets.json'), await KeyFileCipher.open(join(dir, 'secret.key'))),
    null,
  );
  const view = await connections.create(
    connectionDraftSchema.parse({ settings: { name: 'rfc', baseUrl: demo.baseUrl('rfc'), auth: { type: 'bearer' }, proxy: { mode: 'none' } }, secret: { action: 'set', value: TOKEN } }),
  );
  connectionId = view.id;
  const http = new HttpClient(dispatchers, new OAuthTokenManager());
  http.observe((exchange) => exchanges.push(exchange));
  engine = new ScimEngine(connections, http, { quirk: () => undefined, annotate: () => undefined });
});
afterAll(async () => {
  await dispatchers.close();
  await demo.close();
});

describe('ScimEngine PATCH guard', () => {
  it('refuses an operation on a readOnly attribute before anything is sent', async () => {
    const user = (await engine.list({ connectionId, endpoint: '/Users', startIndex: 1, count: 1, via: 'get' })).resources[0];
    const before = exchanges.filter((e) => e.method === 'PATCH').length;
    let error: AppError | undefined;
    try {
      await engine.patch({ connectionId, endpoint: '/Users', id: user.id as string, operations: [{ op: 'replace', path: 'id', value: 'hijack' }], dialect: 'rfc' });
    } catch (e) {
      error = e as AppError;
    }
    expect(error?.code).toBe('invalid_input');
    expect(error?.message).toMatch(/^Not sent: .*id/);
    expect(exchanges.filter((e) => e.method === 'PATCH').length).toBe(before);
  });

  it('sends an allowed operation and returns what the server stored', async () => {
    const user = (await engine.list({ connectionId, endpoint: '/Users', startIndex: 2, count: 1, via: 'get' })).resources[0];
    const result = await engine.patch({ connectionId, endpoint: '/Users', id: user.id as string, operations: [{ op: 'replace', path: 'title', value: 'Staff Engineer' }], dialect: 'entra' });
    expect(result.resource.title).toBe('Staff Engineer');
    const sent = exchanges.filter((e) => e.method === 'PATCH').at(-1)!;
    expect(JSON.parse(sent.requestBody!).Operations[0].op).toBe('Replace');
  });
});
