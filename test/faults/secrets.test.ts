/**
 * Servers that echo the credential back: in a SCIM error detail, in a plain-text error, in the ETag,
 * Location and meta of a resource. The token must appear in no result, error, event or journal entry
 * that leaves the main side (the harness also checks every event after each test).
 */
import { describe, expect, it } from 'vitest';
import { data, expectNoSecret, failure, getUser, listUsers, useFaultHarness } from './harness';

const ctx = useFaultHarness();

/** The connection's whole journal, summaries and entries, as the inspector would read it. */
async function journalOf(connectionId: string) {
  const summaries = data<Array<{ id: string }>>(await ctx.call('journal.list', { connectionId }));
  const entries = await Promise.all(summaries.map(async (s) => data(await ctx.call('journal.get', { id: s.id }))));
  return { summaries, entries };
}

describe('echo-detail (a SCIM Error quoting the Authorization header)', () => {
  it('the error names 400 and keeps the detail, with the token scrubbed', async () => {
    const id = await ctx.connectDiscovered();
    ctx.server.set('echo-detail');
    const error = failure(await listUsers(ctx, id));
    expect(error).toMatchObject({ code: 'http', status: 400 });
    expect(error.message).toBe('Listing Users failed with HTTP 400: Invalid request; you sent Authorization: Bearer [REDACTED]');
    expectNoSecret(error, 'the error');
    const journal = await journalOf(id);
    expect(journal.entries.length).toBeGreaterThan(0);
    expectNoSecret(journal, 'the journal');
  });
});

describe('echo-text-plain (a 403 in plain text quoting the token twice)', () => {
  it('the error names 403 as an auth failure, with both echoes scrubbed', async () => {
    const id = await ctx.connectDiscovered();
    ctx.server.set('echo-text-plain');
    const error = failure(await getUser(ctx, id));
    expect(error).toMatchObject({ code: 'auth', status: 403 });
    expect(error.message).toMatch(/refused with 403 Forbidden/);
    expect(error.detail).toBe('text/plain text ("Forbidden for Bearer [REDACTED] (token=[REDACTED])")');
    expectNoSecret(error, 'the error');
    expectNoSecret(await journalOf(id), 'the journal');
  });
});

describe('echo-headers (the token in ETag, Location and meta)', () => {
  it('scim.get returns the resource with every echo scrubbed', async () => {
    const id = await ctx.connectDiscovered();
    ctx.server.set('echo-headers', { path: /\/Users\/u-0001$/ });
    const result = data<{ resource: { id: string; meta: { location: string; version: string } }; etag: string; location: string }>(await getUser(ctx, id));
    expect(result.resource.id).toBe('u-0001');
    expect(result.etag).toBe('W/"[REDACTED]"');
    expect(result.location).toMatch(/\/Users\/u-0001\?access_token=\[REDACTED\]$/);
    expect(result.resource.meta.location).toMatch(/\?token=\[REDACTED\]$/);
    expectNoSecret(result, 'the result');
    expectNoSecret(await journalOf(id), 'the journal');
  });

  it('the request console (Edit and resend) returns the exchange scrubbed', async () => {
    const id = await ctx.connectDiscovered();
    ctx.server.set('echo-headers', { path: /\/Users\/u-0001$/ });
    const entry = data(await ctx.call('console.send', { connectionId: id, method: 'GET', path: '/Users/u-0001' }));
    expect(JSON.stringify(entry)).toContain('[REDACTED]');
    expectNoSecret(entry, 'the console result');
  });

  it('an edit sent with the echoed ETag as If-Match leaks nothing back', async () => {
    const id = await ctx.connectDiscovered();
    ctx.server.set('echo-headers', { path: /\/Users\/u-0001$/ });
    data(await getUser(ctx, id));
    ctx.server.set(null);
    const patched = await ctx.call('scim.patch', {
      connectionId: id,
      endpoint: 'Users',
      id: 'u-0001',
      operations: [{ op: 'replace', path: 'displayName', value: 'Patched' }],
    });
    expect(data<{ resource: { displayName: string } }>(patched).resource.displayName).toBe('Patched');
    expectNoSecret(patched, 'the patch result');
    expectNoSecret(await journalOf(id), 'the journal');
  });
});
