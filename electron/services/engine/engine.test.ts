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
/** A connection to a persona without Bulk (the rfc persona offers it). */
let noBulkId: string;
const dispatchers = new DispatcherCache();
const exchanges: RawExchange[] = [];

beforeAll(async () => {
  demo = await startDemoServer({ users: 60, token: TOKEN, personas: ['rfc', 'coginiti'] });
  const dir = await mkdtemp(join(tmpdir(), 'scim-desk-engine-'));
  const connections = new ConnectionService(
    await ConnectionStore.open(join(dir, 'connections.json')),
    await SecretVault.open(join(dir, 'secrets.json'), await KeyFileCipher.open(join(dir, 'secret.key'))),
    null,
  );
  const view = await connections.create(
    connectionDraftSchema.parse({
      settings: { name: 'rfc', baseUrl: demo.baseUrl('rfc'), auth: { type: 'bearer' }, proxy: { mode: 'none' } },
      secret: { action: 'set', value: TOKEN },
    }),
  );
  connectionId = view.id;
  const noBulk = await connections.create(
    connectionDraftSchema.parse({
      settings: { name: 'coginiti', baseUrl: demo.baseUrl('coginiti'), auth: { type: 'bearer' }, proxy: { mode: 'none' } },
      secret: { action: 'set', value: TOKEN },
    }),
  );
  noBulkId = noBulk.id;
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
      await engine.patch({
        connectionId,
        endpoint: '/Users',
        id: user.id as string,
        operations: [{ op: 'replace', path: 'id', value: 'hijack' }],
        dialect: 'rfc',
      });
    } catch (e) {
      error = e as AppError;
    }
    expect(error?.code).toBe('invalid_input');
    expect(error?.message).toMatch(/^Not sent: .*id/);
    expect(exchanges.filter((e) => e.method === 'PATCH').length).toBe(before);
  });

  it('sends an allowed operation and returns what the server stored', async () => {
    const user = (await engine.list({ connectionId, endpoint: '/Users', startIndex: 2, count: 1, via: 'get' })).resources[0];
    const result = await engine.patch({
      connectionId,
      endpoint: '/Users',
      id: user.id as string,
      operations: [{ op: 'replace', path: 'title', value: 'Staff Engineer' }],
      dialect: 'entra',
    });
    expect(result.resource.title).toBe('Staff Engineer');
    const sent = exchanges.filter((e) => e.method === 'PATCH').at(-1)!;
    expect(JSON.parse(sent.requestBody!).Operations[0].op).toBe('Replace');
  });
});

describe('ScimEngine Bulk', () => {
  it('refuses Bulk where ServiceProviderConfig does not offer it', async () => {
    let error: AppError | undefined;
    try {
      await engine.bulk({ connectionId: noBulkId, operations: [{ method: 'DELETE', path: '/Users/x' }] });
    } catch (e) {
      error = e as AppError;
    }
    expect(error?.code).toBe('unsupported');
  });

  it('sends a BulkRequest where it is supported, within maxOperations, and reads the BulkResponse', async () => {
    const { startScriptedServer, json } = await import('../../../test/support/scripted-server');
    const server = await startScriptedServer((req, res) => {
      if (req.url === '/ServiceProviderConfig')
        return json(res, 200, {
          patch: { supported: true },
          bulk: { supported: true, maxOperations: 2, maxPayloadSize: 1048576 },
          filter: { supported: true },
        });
      if (req.url === '/ResourceTypes')
        return json(res, 200, { totalResults: 1, Resources: [{ name: 'User', endpoint: '/Users', schema: 'urn:ietf:params:scim:schemas:core:2.0:User' }] });
      if (req.url === '/Bulk') {
        const body = JSON.parse(req.body) as { Operations: { method: string; bulkId?: string }[] };
        return json(res, 200, {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkResponse'],
          Operations: body.Operations.map((op, i) => ({
            method: op.method,
            bulkId: op.bulkId,
            location: `${server.url}/Users/${i}`,
            status: op.method === 'POST' ? '201' : '204',
          })),
        });
      }
      json(res, 404, { status: '404' });
    });
    try {
      const dir = await mkdtemp(join(tmpdir(), 'scim-desk-bulk-'));
      const connections = new ConnectionService(
        await ConnectionStore.open(join(dir, 'connections.json')),
        await SecretVault.open(join(dir, 'secrets.json'), await KeyFileCipher.open(join(dir, 'secret.key'))),
        null,
      );
      const { id } = await connections.create(
        connectionDraftSchema.parse({
          settings: { name: 'bulk', baseUrl: server.url, auth: { type: 'bearer' }, proxy: { mode: 'none' } },
          secret: { action: 'set', value: TOKEN },
        }),
      );
      const bulkEngine = new ScimEngine(connections, new HttpClient(dispatchers, new OAuthTokenManager()), {
        quirk: () => undefined,
        annotate: () => undefined,
      });
      const result = await bulkEngine.bulk({
        connectionId: id,
        failOnErrors: 1,
        operations: [
          { method: 'POST', path: '/Users', bulkId: 'q1', data: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'bulk.one@example.com' } },
          { method: 'DELETE', path: '/Users/abc' },
        ],
      });
      expect(result.operations.map((op) => [op.method, op.bulkId, op.status])).toEqual([
        ['POST', 'q1', '201'],
        ['DELETE', undefined, '204'],
      ]);
      const sent = JSON.parse(server.seen.find((r) => r.url === '/Bulk')!.body);
      expect(sent).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], failOnErrors: 1 });
      expect(sent.Operations).toHaveLength(2);
      const before = server.seen.length;
      await expect(
        bulkEngine.bulk({ connectionId: id, operations: [1, 2, 3].map((n) => ({ method: 'DELETE' as const, path: `/Users/${n}` })) }),
      ).rejects.toMatchObject({ code: 'invalid_input' });
      expect(server.seen.length).toBe(before); // refused before sending
    } finally {
      await server.close();
    }
  });
});

describe('ScimEngine search and cancel', () => {
  it('searches with POST /.search, keeping the filter out of the URL', async () => {
    const first = (await engine.list({ connectionId, endpoint: '/Users', startIndex: 1, count: 1, via: 'get' })).resources[0];
    const page = await engine.list({
      connectionId,
      endpoint: '/Users',
      startIndex: 1,
      count: 10,
      via: 'search',
      filter: `userName eq "${first.userName as string}"`,
    });
    expect(page.resources.map((r) => r.id)).toEqual([first.id]);
    expect(page.filterCheck).toEqual({ checked: 1, mismatches: 0 });
    const sent = exchanges.filter((e) => e.method === 'POST' && e.url.endsWith('/Users/.search')).at(-1)!;
    expect(new URL(sent.url).search).toBe('');
    expect(JSON.parse(sent.requestBody!)).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      filter: `userName eq "${first.userName as string}"`,
    });
  });

  it('stops a listing when the caller aborts', async () => {
    const controller = new AbortController();
    const pages = engine.listAll({ connectionId, endpoint: '/Users', pageSize: 10, via: 'get' }, controller.signal);
    await pages.next();
    controller.abort();
    await expect(pages.next()).rejects.toBeDefined();
    const aborted = new AbortController();
    aborted.abort();
    await expect(engine.list({ connectionId, endpoint: '/Users', startIndex: 1, count: 5, via: 'get' }, aborted.signal)).rejects.toMatchObject({
      code: 'cancelled',
    });
  });
});
