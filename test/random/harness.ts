/**
 * Random-server wiring: the whole main side built with createAppCore (throwaway data dir, no demo),
 * called only through dispatch() as both shells call it, and a renderer Bridge over that dispatch so
 * the renderer's own query layer (browser pages, export, membership, picker) runs unchanged.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Bridge, CallResult, ListPage } from '../../shared/contract';
import { createAppCore, type AppCore } from '../../electron/services/core';
import { dispatch } from '../../electron/services/dispatch';
import { KeyFileCipher } from '../../electron/services/secrets/cipher';
import { BridgeError } from '../../renderer/src/bridge/BridgeError';

export const TOKEN = 'random-server-token';

export interface CoreContext {
  core: AppCore;
  call(channel: string, input?: unknown): Promise<CallResult<unknown>>;
}

/** One AppCore for a test file: each drawn server gets its own connection (and so its own learned record). */
export function useRandomCore(): CoreContext {
  let dataDir = '';
  const ctx = {} as CoreContext;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'scim-desk-random-'));
    ctx.core = await createAppCore({
      dataDir,
      cipher: await KeyFileCipher.open(join(dataDir, 'secret.key')),
      shell: 'web',
      version: '0.0.0-random',
      demo: false,
    });
  });
  afterAll(async () => {
    await ctx.core?.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  ctx.call = (channel, input = {}) => dispatch(ctx.core.handlers, channel, input, new AbortController().signal);
  return ctx;
}

export function data<T>(result: CallResult<unknown>, what: string): T {
  if (!result.ok) throw new Error(`${what}: expected data, got ${result.error.code}: ${result.error.message}`);
  return result.data as T;
}

/** Saves a bearer connection to `baseUrl` (edits sent as PATCH, or as PUT where asked); returns its id. */
export async function connect(ctx: CoreContext, name: string, baseUrl: string, updateMethod: 'patch' | 'put' = 'patch'): Promise<string> {
  const draft = {
    settings: { name, baseUrl, auth: { type: 'bearer' }, proxy: { mode: 'none' }, timeoutMs: 5_000, updateMethod },
    secret: { action: 'set', value: TOKEN },
  };
  return data<{ id: string }>(await ctx.call('connections.create', draft), 'connections.create').id;
}

/**
 * The renderer's Bridge over dispatch(): failures thrown as BridgeError (as both shells' bridges do),
 * every list page kept in `pages` so a test can see a gap the caller did not pass on.
 */
export function bridgeOver(ctx: CoreContext): { bridge: Bridge; pages: ListPage[] } {
  const pages: ListPage[] = [];
  const bridge = {
    async call(channel: string, input: unknown, options?: { signal?: AbortSignal }) {
      const result = await dispatch(ctx.core.handlers, channel, input, options?.signal ?? new AbortController().signal);
      if (!result.ok) throw new BridgeError(result.error);
      if (channel === 'scim.list') pages.push(result.data as ListPage);
      return result.data;
    },
    subscribe: () => () => undefined,
  } as unknown as Bridge;
  return { bridge, pages };
}
