/**
 * Faults in what the server answers: bodies that are not SCIM JSON (malformed, HTML, plain text, XML,
 * empty, nested 20,000 deep, `Resources: null`), JSON under the wrong label, and hostile names. Each
 * is a typed error naming what came back, or the data exactly as sent where it is readable.
 */
import { describe, expect, it } from 'vitest';
import { HOSTILE_NAMES } from '../support/fault-server';
import { data, draft, failure, getUser, listUsers, seenOn, useFaultHarness, type Page } from './harness';

const ctx = useFaultHarness();

describe('malformed-json', () => {
  it('scim.list: not_scim naming malformed JSON, with what it began with', async () => {
    const id = await ctx.connectDiscovered();
    ctx.server.set('malformed-json');
    const error = failure(await listUsers(ctx, id));
    expect(error).toMatchObject({ code: 'not_scim', status: 200 });
    expect(error.message).toMatch(/^Listing Users answered malformed JSON that cannot be read \([\d,]+ characters, beginning "\{/);
  });

  it('scim.discover: a malformed ResourceTypes is noted, and Users is found by probing', async () => {
    ctx.server.set('malformed-json', { path: /\/ResourceTypes$/ });
    const id = await ctx.connect();
    const caps = data<{ notes: string[]; resourceTypes: Array<{ endpoint: string; source: string }>; discovery: { resourceTypes: boolean } }>(
      await ctx.call('scim.discover', { connectionId: id }),
    );
    expect(caps.discovery.resourceTypes).toBe(false);
    expect(caps.notes.join('\n')).toMatch(/ResourceTypes: Reading ResourceTypes answered malformed JSON/);
    expect(caps.resourceTypes).toContainEqual(expect.objectContaining({ endpoint: '/Users', source: 'probe' }));
  });
});

describe('HTML where SCIM was expected', () => {
  it('html-500: an http error naming the status and the page title', async () => {
    const id = await ctx.connectDiscovered();
    ctx.server.set('html-500');
    const error = failure(await listUsers(ctx, id));
    expect(error).toMatchObject({ code: 'http', status: 500 });
    expect(error.message).toBe('Listing Users failed with HTTP 500: an HTML page ("500 Internal Server Error")');
    // A 500 is not retried: the server may have done the work.
    expect(seenOn(ctx, /\/Users$/)).toHaveLength(1);
    // The error body's deviation is recorded as a quirk of the connection.
    const quirks = data<Array<{ code: string }>>(await ctx.call('scim.quirks', { connectionId: id }));
    expect(quirks.map((q) => q.code)).toContain('error.not-json');
  });

  it('html-200-login: scim.get says it got an HTML page (a login form), not a resource', async () => {
    const id = await ctx.connectDiscovered();
    ctx.server.set('html-200-login');
    const error = failure(await getUser(ctx, id));
    expect(error).toMatchObject({ code: 'not_scim', status: 200 });
    expect(error.message).toBe('Reading Users/u-0001 answered an HTML page ("Sign in - Corporate SSO") instead of SCIM JSON.');
  });

  it('html-200-login everywhere: connections.test fails the SCIM step naming the HTML page', async () => {
    ctx.server.set('html-200-login', { path: /./ });
    const result = data<{ ok: boolean; steps: Array<{ name: string; ok: boolean; message: string }> }>(
      await ctx.call('connections.test', { draft: draft('Login wall', ctx.server.baseUrl, 1_000) }),
    );
    expect(result.ok).toBe(false);
    const failed = result.steps.find((s) => !s.ok)!;
    expect(failed.name).toBe('scim');
    expect(failed.message).toMatch(/HTML page \("Sign in - Corporate SSO"\)/);
  });
});

describe('other non-SCIM answers', () => {
  it('plain-text-error: an http error naming 400 and quoting the text', async () => {
    const id = await ctx.connectDiscovered();
    ctx.server.set('plain-text-error');
    const error = failure(await listUsers(ctx, id));
    expect(error).toMatchObject({ code: 'http', status: 400, detail: 'text/plain text ("Bad Request: upstream directory unavailable")' });
    expect(error.message).toMatch(/failed with HTTP 400: text\/plain text \("Bad Request: upstream directory unavailable"\)/);
  });

  it('empty-200: list and get both name the empty body', async () => {
    const id = await ctx.connectDiscovered();
    ctx.server.set('empty-200');
    expect(failure(await listUsers(ctx, id))).toMatchObject({
      code: 'not_scim',
      message: 'Listing Users answered an empty body where a ListResponse was expected.',
    });
    expect(failure(await getUser(ctx, id))).toMatchObject({
      code: 'not_scim',
      status: 200,
      message: 'Reading Users/u-0001: the server answered 200 with an empty body.',
    });
  });

  it('xml-content-type: not_scim naming application/xml', async () => {
    const id = await ctx.connectDiscovered();
    ctx.server.set('xml-content-type');
    const error = failure(await listUsers(ctx, id));
    expect(error.code).toBe('not_scim');
    expect(error.message).toMatch(/answered application\/xml text \("<\?xml version="1\.0"\?><ListResponse>/);
  });

  it('json-as-text-plain: the data, with the label recorded as a quirk', async () => {
    const id = await ctx.connectDiscovered();
    ctx.server.set('json-as-text-plain');
    const page = data<Page>(await listUsers(ctx, id));
    expect(page.resources.map((r) => r.id)).toEqual(['u-0001', 'u-0002']);
    expect(page.totalResults).toBe(2);
    expect(page.quirks).toContainEqual(expect.objectContaining({ code: 'content-type', message: expect.stringContaining('"text/plain"') }));
  });

  it('resources-null: not_scim naming the field that is not an array', async () => {
    const id = await ctx.connectDiscovered();
    ctx.server.set('resources-null');
    expect(failure(await listUsers(ctx, id))).toMatchObject({ code: 'not_scim', message: 'Listing Users: "Resources" is not an array.' });
  });
});

describe('deep-nesting (20,000 levels)', () => {
  it('is refused before any recursive parse, list and get alike, and the raw answer stays in the journal', async () => {
    const id = await ctx.connectDiscovered();
    ctx.server.set('deep-nesting');
    for (const result of [await listUsers(ctx, id), await getUser(ctx, id)]) {
      const error = failure(result);
      expect(error.code).toBe('not_scim');
      expect(error.message).toMatch(/too deeply nested to display \(over 64 levels\)/);
      const exchange = data<{ responseBody: { text: string } | null }>(await ctx.call('journal.get', { id: error.exchangeId }));
      expect(exchange.responseBody?.text).toContain('{"a":{"a":{"a":');
      expect(exchange.responseBody!.text.length).toBeGreaterThan(80_000);
    }
  });
});

describe('hostile-names', () => {
  it('come back as data, byte for byte (bidi overrides, markup, NUL, zero-width, ZWJ and combining marks)', async () => {
    const id = await ctx.connectDiscovered();
    ctx.server.set('hostile-names');
    const page = data<Page>(await listUsers(ctx, id));
    expect(page.resources.map((r) => r.userName)).toEqual(HOSTILE_NAMES);
    expect(page.resources.map((r) => r.displayName)).toEqual(HOSTILE_NAMES);
    expect(page.resources.map((r) => (r.name as { formatted: string }).formatted)).toEqual(HOSTILE_NAMES);
    // A name is data, never a filter or a path: reading one by id is unaffected.
    ctx.server.set(null);
    expect(data<{ resource: { id: string } }>(await getUser(ctx, id)).resource.id).toBe('u-0001');
  });
});
