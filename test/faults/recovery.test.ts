/**
 * Faults a client should ride out or report plainly: rate limits (Retry-After in seconds or as an
 * HTTP date), 5xx answers, and a token that expires mid-session. Where recovery is right the call
 * returns the data after retrying; where it is not, a typed error names the status, after a bounded
 * number of attempts.
 */
import { describe, expect, it } from 'vitest';
import { USER_COUNT } from '../support/fault-server';
import { data, draft, expectNoSecret, failure, getUser, listUsers, seenOn, useFaultHarness, type Page } from './harness';

const ctx = useFaultHarness();
const retryEvents = () =>
  ctx.events.filter((e) => e.event === 'scim.retrying').map((e) => e.payload as { attempt: number; of: number; inMs: number; reason: string });

describe('rate limits (429)', () => {
  it('rate-limit-seconds: two 429s with Retry-After: 1, then the data; each wait is the one the server asked for', async () => {
    const id = await ctx.connectDiscovered();
    ctx.server.set('rate-limit-seconds', { times: 2 });
    const page = data<Page>(await listUsers(ctx, id));
    expect(page.totalResults).toBe(USER_COUNT);
    expect(page.resources).toHaveLength(50);
    expect(seenOn(ctx, /\/Users$/)).toHaveLength(3);
    expect(retryEvents()).toEqual([
      expect.objectContaining({ attempt: 2, inMs: 1000, reason: 'HTTP 429' }),
      expect.objectContaining({ attempt: 3, inMs: 1000, reason: 'HTTP 429' }),
    ]);
  });

  it('rate-limit-http-date: a 429 whose Retry-After is an HTTP date, then the data', async () => {
    const id = await ctx.connectDiscovered();
    ctx.server.set('rate-limit-http-date', { times: 1 });
    const result = data<{ resource: { id: string } }>(await getUser(ctx, id));
    expect(result.resource.id).toBe('u-0001');
    const [retry] = retryEvents();
    expect(retry).toMatchObject({ attempt: 2, reason: 'HTTP 429' });
    // Read from the date, not the 500 ms-and-up backoff: at most the one second the date is ahead.
    expect(retry!.inMs).toBeGreaterThanOrEqual(0);
    expect(retry!.inMs).toBeLessThanOrEqual(1000);
  });

  it('a 429 storm that never ends: rate_limited naming 429 and the Retry-After, after a bounded number of attempts', async () => {
    const id = await ctx.connectDiscovered();
    ctx.server.set('rate-limit-seconds');
    const error = failure(await listUsers(ctx, id));
    expect(error).toMatchObject({ code: 'rate_limited', status: 429, retryAfterMs: 1000 });
    expect(error.message).toMatch(/rate-limited \(429\); the server asks to retry after 1/);
    expect(seenOn(ctx, /\/Users$/)).toHaveLength(4);
  });

  it('a write is not retried on 429: the error says so at once', async () => {
    const id = await ctx.connectDiscovered();
    data(await getUser(ctx, id));
    ctx.server.set('rate-limit-seconds', { path: /\/Users\/u-0001$/ });
    const error = failure(
      await ctx.call('scim.patch', { connectionId: id, endpoint: 'Users', id: 'u-0001', operations: [{ op: 'replace', path: 'displayName', value: 'Later' }] }),
    );
    expect(error).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(seenOn(ctx, /\/Users\/u-0001$/).filter((r) => r.method === 'PATCH')).toHaveLength(1);
  });
});

describe('5xx answers', () => {
  it('status-500: an http error naming 500 and the detail, not retried (the server may have done the work)', async () => {
    const id = await ctx.connectDiscovered();
    ctx.server.set('status-500');
    const error = failure(await listUsers(ctx, id));
    expect(error).toMatchObject({ code: 'http', status: 500, message: 'Listing Users failed with HTTP 500: Upstream failure 500' });
    expect(seenOn(ctx, /\/Users$/)).toHaveLength(1);
  });

  it('status-502 once: retried, then the data', async () => {
    const id = await ctx.connectDiscovered();
    ctx.server.set('status-502', { times: 1 });
    expect(data<Page>(await listUsers(ctx, id)).resources).toHaveLength(50);
    expect(retryEvents()).toEqual([expect.objectContaining({ attempt: 2, reason: 'HTTP 502' })]);
  });

  it('status-503 once: retried, then the data', async () => {
    const id = await ctx.connectDiscovered();
    ctx.server.set('status-503', { times: 1 });
    expect(data<{ resource: { id: string } }>(await getUser(ctx, id)).resource.id).toBe('u-0001');
    expect(seenOn(ctx, /\/Users\/u-0001$/)).toHaveLength(2);
  });

  it('status-503 for good: an http error naming 503 after at most four attempts', async () => {
    const id = await ctx.connectDiscovered();
    ctx.server.set('status-503');
    const error = failure(await getUser(ctx, id));
    expect(error).toMatchObject({ code: 'http', status: 503 });
    expect(error.message).toMatch(/failed with HTTP 503: Upstream failure 503/);
    expect(seenOn(ctx, /\/Users\/u-0001$/)).toHaveLength(4);
  });
});

describe('token-expires', () => {
  it('data while the token is good, then an auth error naming 401 and the server detail, never retried', async () => {
    const id = await ctx.connectDiscovered();
    ctx.server.set('token-expires', { after: 1 });
    expect(data<Page>(await listUsers(ctx, id)).resources).toHaveLength(50);
    const error = failure(await getUser(ctx, id));
    expect(error).toMatchObject({ code: 'auth', status: 401 });
    expect(error.message).toBe('Reading Users/u-0001 was refused with 401 Unauthorized: check the credentials: The access token expired');
    expect(seenOn(ctx, /\/Users\/u-0001$/)).toHaveLength(1);
    expectNoSecret(error, 'the 401 error');
  });

  it('connections.test with an expired token fails the auth step naming 401', async () => {
    ctx.server.set('token-expires', { after: 0, path: /./ });
    const result = data<{ ok: boolean; steps: Array<{ name: string; ok: boolean; message: string }> }>(
      await ctx.call('connections.test', { draft: draft('Expired', ctx.server.baseUrl, 1_000) }),
    );
    expect(result.ok).toBe(false);
    const failed = result.steps.find((s) => !s.ok)!;
    expect(failed.name).toBe('auth');
    expect(failed.message).toMatch(/401 Unauthorized/);
  });
});
