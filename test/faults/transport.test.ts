/**
 * Faults in the transport: servers that never answer, close the connection, drip, send a body or
 * headers too large to hold, or redirect. Each ends in a typed error that names what failed, within
 * the connection's timeout (vitest's own test timeout is the bound: no wall-clock thresholds here).
 */
import { describe, expect, it } from 'vitest';
import { startFaultServer } from '../support/fault-server';
import { data, draft, expectNoSecret, failure, getUser, heapAfterCollection, HEAP_BOUND_BYTES, listUsers, seenOn, TOKEN, useFaultHarness } from './harness';

const ctx = useFaultHarness();
const steps = (result: unknown) =>
  Object.fromEntries(data<{ steps: Array<{ name: string; ok: boolean; message: string }> }>(result as never).steps.map((s) => [s.name, s]));

describe('never-answers', () => {
  it('a list ends in a timeout naming the wait and the attempts, and the main side answers meanwhile', async () => {
    const id = await ctx.connectDiscovered();
    ctx.server.set('never-answers');
    const list = ctx.start('scim.list', { connectionId: id, endpoint: 'Users', startIndex: 1, count: 50 });
    // While the request hangs, other calls are served: app.info, and the journal of this very request.
    expect(data(await ctx.call('app.info'))).toMatchObject({ version: '0.0.0-faults' });
    expect(data<unknown[]>(await ctx.call('connections.list')).length).toBeGreaterThan(0);
    expect(list.settled()).toBe(false);
    const error = failure(await list.result);
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/did not answer within 1 s/);
    expect(error.message).toMatch(/2 attempts/);
    // A timed-out GET is retried once, not more.
    expect(seenOn(ctx, /\/Users$/)).toHaveLength(2);
  });

  it('a PATCH (not idempotent) times out after one attempt, and is never sent twice', async () => {
    const id = await ctx.connectDiscovered();
    data(await getUser(ctx, id));
    ctx.server.set('never-answers');
    const error = failure(
      await ctx.call('scim.patch', {
        connectionId: id,
        endpoint: 'Users',
        id: 'u-0001',
        operations: [{ op: 'replace', path: 'displayName', value: 'Unsent' }],
      }),
    );
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/did not answer within 1 s after 1 attempt\b/);
    expect(seenOn(ctx, /\/Users\/u-0001$/).filter((r) => r.method === 'PATCH')).toHaveLength(1);
  });

  it('is cancelled at once by the caller, long before the timeout', async () => {
    const id = await ctx.connectDiscovered({ timeoutMs: 60_000 });
    ctx.server.set('never-answers');
    const get = ctx.start('scim.get', { connectionId: id, endpoint: 'Users', id: 'u-0001' });
    await expect.poll(() => seenOn(ctx, /\/Users\/u-0001$/).length).toBe(1);
    get.cancel();
    expect(failure(await get.result)).toMatchObject({ code: 'cancelled', message: 'The request was cancelled.' });
  });

  it('connections.test fails the reachability step naming the timeout', async () => {
    ctx.server.set('never-answers', { path: /./ });
    const result = await ctx.call('connections.test', { draft: draft('Never', ctx.server.baseUrl, 1_000) });
    expect(data(result)).toMatchObject({ ok: false });
    expect(steps(result).reachability).toMatchObject({ ok: false, message: expect.stringMatching(/did not answer within 1,000 ms/) });
  });
});

describe('the connection is closed under the request', () => {
  it('reset-before-body: a typed network error that says the server closed the connection', async () => {
    const id = await ctx.connectDiscovered();
    ctx.server.set('reset-before-body');
    const error = failure(await listUsers(ctx, id));
    expect(error.code).toBe('network');
    expect(error.message).toMatch(/closed the connection \(reset\) before its answer was complete/);
    expect(error.message).not.toMatch(/Could not reach/);
  });

  it('reset-during-body: the same, after the headers and part of the body arrived', async () => {
    const id = await ctx.connectDiscovered();
    ctx.server.set('reset-during-body');
    const error = failure(await getUser(ctx, id));
    expect(error.code).toBe('network');
    expect(error.message).toMatch(/reset/);
    // Retried like any idempotent read, then given up: no endless loop.
    expect(seenOn(ctx, /\/Users\/u-0001$/).length).toBeGreaterThan(1);
    expect(seenOn(ctx, /\/Users\/u-0001$/).length).toBeLessThanOrEqual(4);
  });
});

describe('slow-drip (one byte every 200 ms)', () => {
  it('ends at the connection timeout with a typed error instead of waiting for the last byte', async () => {
    const id = await ctx.connectDiscovered();
    ctx.server.set('slow-drip');
    const error = failure(await listUsers(ctx, id));
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/did not answer within 1 s/);
  });
});

describe('huge-body (50 MB, chunked, no Content-Length)', () => {
  it('is refused past the cap with an error naming the size, and the heap stays bounded', async () => {
    const id = await ctx.connectDiscovered({ timeoutMs: 10_000 });
    const before = heapAfterCollection();
    ctx.server.set('huge-body');
    const error = failure(await listUsers(ctx, id));
    expect(error.code).toBe('http');
    expect(error.status).toBe(200);
    expect(error.message).toMatch(/more than [\d,]+ bytes, over the 32 MB the app accepts/);
    expect(heapAfterCollection() - before).toBeLessThan(HEAP_BOUND_BYTES);
    // Not retried: the same answer would be refused again.
    expect(seenOn(ctx, /\/Users$/)).toHaveLength(1);
  });

  it('a body under the cap is read whole (the cap is not a general limit)', async () => {
    const id = await ctx.connectDiscovered({ timeoutMs: 10_000 });
    ctx.server.set('huge-body', { bytes: 2 * 1024 * 1024 });
    const page = data<{ resources: Array<{ userName: string }> }>(await listUsers(ctx, id));
    expect(page.resources[0]!.userName.length).toBeGreaterThan(2 * 1024 * 1024 - 200);
  });
});

describe('oversized-header (100 KB)', () => {
  it('names the oversized headers rather than claiming the server could not be reached, and is not retried', async () => {
    const id = await ctx.connectDiscovered();
    ctx.server.set('oversized-header');
    const error = failure(await listUsers(ctx, id));
    expect(error.code).toBe('http');
    expect(error.message).toMatch(/response headers larger than the app accepts \(16 KB\)/);
    expect(seenOn(ctx, /\/Users$/)).toHaveLength(1);
  });
});

describe('redirects are never followed', () => {
  it('redirect-loop: one request, an error naming the redirect and where it pointed', async () => {
    const id = await ctx.connectDiscovered();
    ctx.server.set('redirect-loop');
    const error = failure(await listUsers(ctx, id));
    expect(error).toMatchObject({ code: 'http', status: 302 });
    expect(error.message).toMatch(/got a redirect \(HTTP 302\) to \/scim\/v2\/Users\/loop/);
    expect(error.message).toMatch(/does not follow redirects/);
    expect(seenOn(ctx, /\/Users/)).toHaveLength(1);
  });

  it('redirect-cross-origin: the credential never reaches the other origin', async () => {
    const elsewhere = await startFaultServer();
    try {
      const id = await ctx.connectDiscovered();
      ctx.server.set('redirect-cross-origin', { target: elsewhere.origin });
      const error = failure(await getUser(ctx, id));
      expect(error).toMatchObject({ code: 'http', status: 307 });
      expect(error.message).toContain(`to ${elsewhere.origin}/scim/v2/Users/u-0001`);
      expect(error.message).toMatch(/another origin: credentials were not sent there/);
      expect(elsewhere.seen).toHaveLength(0);
      expectNoSecret(error, 'the error');
      const sent = JSON.stringify(elsewhere.seen);
      expect(sent.includes(TOKEN)).toBe(false);
    } finally {
      await elsewhere.close();
    }
  });
});
