import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RetryEndedEvent, RetryingEvent } from '../../shared/contract';
import { json, listResponse, startScriptedServer, type ScriptedServer } from '../../test/support/scripted-server';
import { createAppCore, type AppCore } from './core';
import { dispatch } from './dispatch';
import { KeyFileCipher } from './secrets/cipher';

// Retry events reach the renderer naming the dispatch call they belong to, so its Cancel (app.cancel with that id) stops the wait.
let root: string;
let core: AppCore;
let server: ScriptedServer;
let connectionId: string;
const retrying: RetryingEvent[] = [];
const ended: RetryEndedEvent[] = [];
const waiters: (() => void)[] = [];
/** Requests for these users are answered only once `releaseHeld` is called: they hold their slots meanwhile. */
const held = new Set<string>();
let releaseHeld: () => void = () => undefined;
const heldAnswers = new Promise<void>((resolve) => (releaseHeld = resolve));

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'scim-desk-retry-events-'));
  server = await startScriptedServer(async (req, res) => {
    if (req.url === '/ServiceProviderConfig') return json(res, 200, { patch: { supported: true }, filter: { supported: true } });
    if (req.url === '/ResourceTypes')
      return json(res, 200, listResponse([{ name: 'User', endpoint: '/Users', schema: 'urn:ietf:params:scim:schemas:core:2.0:User' }]));
    if (req.url === '/Schemas') return json(res, 200, listResponse([]));
    // Busy: each user's Retry-After is its number of seconds (10 for /Users/10), so an event tells which request it is about.
    const seconds = /^\/Users\/(\d+)/.exec(req.url)?.[1] ?? '30';
    if (held.has(seconds)) await heldAnswers;
    json(res, 503, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '503', detail: 'Busy' }, { 'retry-after': seconds });
  });
  core = await createAppCore({ dataDir: root, cipher: await KeyFileCipher.open(join(root, 'secret.key')), shell: 'web', version: 'test', demo: false });
  core.events.on((event, payload) => {
    if (event === 'scim.retrying') retrying.push(payload as RetryingEvent);
    if (event === 'scim.retryEnded') ended.push(payload as RetryEndedEvent);
    for (const wake of waiters.splice(0)) wake();
  });
  connectionId = await newConnection('Busy');
});
afterAll(async () => {
  await core.close();
  await server.close();
  await rm(root, { recursive: true, force: true });
});

const call = (channel: string, input: unknown) => dispatch(core.handlers, channel, input, new AbortController().signal);
/** Each test that needs one gets its own connection: a 503's Retry-After holds every start on the connection it came from. */
const newConnection = async (name: string) => {
  const created = await call('connections.create', {
    settings: { name, baseUrl: server.url, auth: { type: 'none' }, proxy: { mode: 'none' }, timeoutMs: 2000 },
  });
  return (created as { data: { id: string } }).data.id;
};
/** A call as both shells make it: registered under its id, so app.cancel reaches it. */
const callAs = (callId: string, channel: string, input: unknown) => {
  const { signal, done } = core.calls.start(callId);
  return dispatch(core.handlers, channel, input, signal).finally(done);
};
const until = async (check: () => boolean) => {
  while (!check()) await new Promise<void>((resolve) => waiters.push(resolve));
};

describe('retry events from dispatch calls', () => {
  it('carry the call id, and app.cancel with it ends the wait at once and says the retry ended', async () => {
    const started = performance.now();
    const pending = callAs('call-list', 'scim.list', { connectionId, endpoint: '/Users' });
    await until(() => retrying.some((e) => e.callId === 'call-list'));
    const event = retrying.find((e) => e.callId === 'call-list')!;
    expect(event).toMatchObject({ connectionId, callId: 'call-list', attempt: 2, of: 4, inMs: 30_000, reason: 'HTTP 503', timeoutMs: 2000 });
    expect(event.requestId).toEqual(expect.any(String));

    expect(await call('app.cancel', { callId: 'call-list' })).toEqual({ ok: true, data: { ok: true } });
    const result = await pending;
    expect(result).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    // Not the 30 s the server asked for, and no second attempt.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(server.seen.filter((r) => r.url.startsWith('/Users')).length).toBe(1);
    await until(() => ended.some((e) => e.requestId === event.requestId));
    expect(ended.find((e) => e.requestId === event.requestId)).toEqual({ connectionId, callId: 'call-list', requestId: event.requestId, outcome: 'cancelled' });
  });

  it('names each call’s own id, also for requests that waited for a free slot behind other calls', async () => {
    // The connection runs 6 requests at once, and the server sits on the answers to 10–15: calls 16 and 17
    // queue until 10 and 11 are cancelled, then start from their release.
    const busy = await newConnection('Busy slots');
    for (let n = 10; n <= 15; n++) held.add(String(n));
    const ids = [10, 11, 12, 13, 14, 15, 16, 17];
    const pending = ids.map((n) => callAs(`call-${n}`, 'scim.get', { connectionId: busy, endpoint: '/Users', id: String(n) }));
    const reached = (n: number) => server.seen.some((r) => r.url === `/Users/${n}`);
    const eventFor = (n: number) => retrying.find((e) => e.inMs === n * 1000);
    while (!ids.slice(0, 6).every(reached)) await new Promise((resolve) => setImmediate(resolve));
    expect(reached(16) || reached(17)).toBe(false);
    await call('app.cancel', { callId: 'call-10' });
    await call('app.cancel', { callId: 'call-11' });
    await until(() => [16, 17].every((n) => eventFor(n)));
    releaseHeld();
    const answered = ids.slice(2);
    await until(() => answered.every((n) => eventFor(n)));
    for (const n of answered) expect(eventFor(n)?.callId).toBe(`call-${n}`);

    for (const n of ids) await call('app.cancel', { callId: `call-${n}` });
    for (const result of await Promise.all(pending)) expect(result).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    await until(() => answered.every((n) => ended.some((e) => e.requestId === eventFor(n)!.requestId && e.callId === `call-${n}`)));
  });

  it('leave a call without an id unnamed', async () => {
    const controller = new AbortController();
    const pending = dispatch(core.handlers, 'scim.get', { connectionId: await newConnection('Busy, no id'), endpoint: '/Users', id: '20' }, controller.signal);
    await until(() => retrying.some((e) => e.inMs === 20_000));
    expect(retrying.find((e) => e.inMs === 20_000)!.callId).toBeUndefined();
    controller.abort();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });
});
