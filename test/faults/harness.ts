/**
 * Fault-suite wiring: the whole main side built with createAppCore (throwaway data dir, no demo, a
 * key-file cipher), a fault server, and calls made only through dispatch(), the entry both shells use.
 *
 * After every test: the main side still answers `app.info` while a request to a server that never
 * answers is in flight (structural, no wall-clock threshold: vitest's hook timeout is the bound), its
 * heap is back within a bound after a collection, and no event carried the credential.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { CallResult } from '../../shared/contract/errors';
import { createAppCore, type AppCore } from '../../electron/services/core';
import { dispatch } from '../../electron/services/dispatch';
import { KeyFileCipher } from '../../electron/services/secrets/cipher';
import { startFaultServer, type FaultServer } from '../support/fault-server';

export const TOKEN = 'fault-SECRET-tok3n+/=-0123456789abcdef';
/** Heap growth allowed over one test, measured after a full collection. */
export const HEAP_BOUND_BYTES = 64 * 1024 * 1024;

export interface Pending {
  result: Promise<CallResult<unknown>>;
  /** True once `result` has settled. */
  settled(): boolean;
  cancel(): void;
}

export interface FaultContext {
  core: AppCore;
  server: FaultServer;
  /** Every event emitted by the main side since the test started. */
  events: Array<{ event: string; payload: unknown }>;
  call(channel: string, input?: unknown): Promise<CallResult<unknown>>;
  /** Starts a call without waiting for it; cancel() aborts it as a renderer's abort would. */
  start(channel: string, input?: unknown): Pending;
  /** Saves a bearer connection to the fault server (or `baseUrl`); returns its id. */
  connect(options?: { baseUrl?: string; timeoutMs?: number; name?: string }): Promise<string>;
  /** connect() then discovery while the server is still healthy, so the fault meets the call under test. */
  connectDiscovered(options?: { baseUrl?: string; timeoutMs?: number; name?: string }): Promise<string>;
}

/** A full collection, whether or not node was started with --expose-gc. */
const collect: () => void = (() => {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

export function heapAfterCollection(): number {
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}

/** A TCP server that accepts connections and never writes a byte. */
async function startSilentServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/scim/v2`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Registers the per-file lifecycle and returns the shared context. */
export function useFaultHarness(): FaultContext {
  let dataDir = '';
  let heapAtStart = 0;
  let silent: Awaited<ReturnType<typeof startSilentServer>>;
  const ctx = { events: [] as FaultContext['events'] } as FaultContext;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'scim-desk-faults-'));
    ctx.core = await createAppCore({
      dataDir,
      cipher: await KeyFileCipher.open(join(dataDir, 'secret.key')),
      shell: 'web',
      version: '0.0.0-faults',
      demo: false,
    });
    ctx.server = await startFaultServer();
    silent = await startSilentServer();
    ctx.core.events.on((event, payload) => ctx.events.push({ event, payload }));
  });
  afterAll(async () => {
    await ctx.server?.close();
    await silent?.close();
    await ctx.core?.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    ctx.server.set(null);
    ctx.server.seen.length = 0;
    ctx.events.length = 0;
    heapAtStart = heapAfterCollection();
  });
  afterEach(async () => {
    ctx.server.set(null);
    // The main side answers while a request to a server that never answers is in flight.
    const hung = ctx.start('connections.test', { draft: draft('Silent', silent.url, 60_000) });
    const info = await ctx.call('app.info', {});
    expect(info.ok).toBe(true);
    expect(hung.settled(), 'the request to the silent server settled before app.info answered').toBe(false);
    hung.cancel();
    expect(failure(await hung.result).code).toBe('cancelled');
    // Memory is bounded, even after the 50 MB body.
    expect(heapAfterCollection() - heapAtStart).toBeLessThan(HEAP_BOUND_BYTES);
    // No push event carried the credential (journal appends, quirks, retries, notices).
    expectNoSecret(ctx.events, 'the events');
  });
  ctx.start = (channel, input = {}) => {
    const controller = new AbortController();
    let done = false;
    const result = dispatch(ctx.core.handlers, channel, input, controller.signal).finally(() => {
      done = true;
    });
    return { result, settled: () => done, cancel: () => controller.abort() };
  };
  ctx.call = (channel, input = {}) => ctx.start(channel, input).result;
  ctx.connect = async (options = {}) => {
    const created = await ctx.call('connections.create', {
      ...draft(options.name ?? 'Faulty', options.baseUrl ?? ctx.server.baseUrl, options.timeoutMs ?? 1_000),
      secret: { action: 'set', value: TOKEN },
    });
    return data<{ id: string }>(created).id;
  };
  ctx.connectDiscovered = async (options = {}) => {
    const id = await ctx.connect(options);
    data(await ctx.call('scim.discover', { connectionId: id }));
    return id;
  };
  return ctx;
}

/** A bearer connection draft (the token set) with proxying off. */
export function draft(name: string, baseUrl: string, timeoutMs: number) {
  return {
    settings: { name, baseUrl, auth: { type: 'bearer' }, proxy: { mode: 'none' }, timeoutMs },
    secret: { action: 'set', value: TOKEN },
  };
}

export interface TypedError {
  code: string;
  message: string;
  status?: number;
  detail?: string;
  retryAfterMs?: number;
  exchangeId?: string;
}

/** The typed error of a failed call; fails the test when the call succeeded. */
export function failure(result: CallResult<unknown>): TypedError {
  if (result.ok) throw new Error(`expected a typed error, got data: ${JSON.stringify(result.data).slice(0, 300)}`);
  return result.error as TypedError;
}

export function data<T = Record<string, unknown>>(result: CallResult<unknown>): T {
  if (!result.ok) throw new Error(`expected data, got ${result.error.code}: ${result.error.message}`);
  return result.data as T;
}

/** The secret in every form it could leak in. */
export function secretForms(secret = TOKEN): string[] {
  return [secret, Buffer.from(secret).toString('base64'), encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), `Bearer ${secret}`];
}

export function expectNoSecret(what: unknown, label: string): void {
  const text = JSON.stringify(what) ?? '';
  for (const form of secretForms()) expect(text.includes(form), `${label} contains the secret (${form.slice(0, 12)}…)`).toBe(false);
}

export interface Page {
  resources: Array<Record<string, unknown>>;
  totalResults: number | null;
  startIndex: number | null;
  quirks: Array<{ code: string; message: string }>;
}

/** One page of Users through the contract. */
export const listUsers = (ctx: FaultContext, connectionId: string, extra: Record<string, unknown> = {}) =>
  ctx.call('scim.list', { connectionId, endpoint: 'Users', startIndex: 1, count: 50, ...extra });

/** Reads user u-0001 through the contract. */
export const getUser = (ctx: FaultContext, connectionId: string, id = 'u-0001') => ctx.call('scim.get', { connectionId, endpoint: 'Users', id });

/** Requests whose path matches, as the fault server saw them. */
export const seenOn = (ctx: FaultContext, path: RegExp) => ctx.server.seen.filter((r) => path.test(new URL(r.url, 'http://x').pathname));
