/**
 * Finding targets against the demo server's personas through a real engine: which way was taken
 * (batched `or` filters, one `eq` per key, a full listing, GETs) is asserted on the requests sent.
 */
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScimResource } from '../../../shared/contract';
import { startDemoServer, type DemoPersona, type DemoServer } from '../demo';
import { createEngineHarness, type EngineHarness } from '../engine/integration/harness';
import { matchIds, matchKeys, type Found } from './match';
import { matchFilter } from './match-filter';

const TOKEN = 'bulk-match-token-41f0';

let demo: DemoServer | undefined;
let harness: EngineHarness | undefined;
afterEach(async () => {
  await harness?.close();
  await demo?.close();
  demo = harness = undefined;
});

async function connect(persona: DemoPersona, users: number) {
  demo = await startDemoServer({ users, seed: 7, token: TOKEN, personas: [persona], rateLimitPerSecond: 1000 });
  harness = await createEngineHarness();
  const connectionId = await harness.connect(persona, demo.baseUrl(persona), TOKEN);
  const engine = harness.engine;
  const all = (await engine.collectAll({ connectionId, endpoint: '/Users', limit: users })).resources;
  const endpoint = persona === 'confirmit' ? '/users' : '/Users';
  const options = { connectionId, endpoint, signal: new AbortController().signal, caseExact: false };
  /** The requests sent from here on: method and decoded path with query. */
  const mark = harness.exchanges.length;
  const sent = () => harness!.exchanges.slice(mark).map((e) => `${e.method} ${decodeURIComponent(new URL(e.url).pathname + new URL(e.url).search)}`);
  return { engine, connectionId, all, options, sent, since: () => harness!.exchanges.length };
}

const ids = (found: Found[]) => found.map((f) => String(f.resource.id));
const filtersSent = (sent: string[]) => sent.filter((s) => s.includes('filter=')).map((s) => new URLSearchParams(s.split('?')[1]).get('filter')!);

describe('matching keys to resources', () => {
  it('searches a few keys with batched `or` filters (after one `eq`), case-insensitive for userName, ETags from meta.version', async () => {
    const { engine, all, options, sent } = await connect('rfc', 300);
    const picked = all.slice(10, 16);
    const keys = picked.map((u, i) => (i === 0 ? String(u.userName).toUpperCase() : String(u.userName)));
    const match = await matchKeys(engine, 'userName', [...keys, 'nobody@nowhere.example'], options);

    for (const [i, u] of picked.entries()) expect(ids(await match.get(keys[i]!))).toEqual([String(u.id)]);
    expect(await match.get('nobody@nowhere.example')).toEqual([]);
    expect((await match.get(keys[1]!))[0]!.etag).toBe((picked[1]!.meta as { version: string }).version);
    const filters = filtersSent(sent());
    expect(filters[0]).toBe(`userName eq ${JSON.stringify(keys[0])}`);
    expect(filters.slice(1)).toHaveLength(1);
    expect(filters[1]!.split(' or ')).toHaveLength(6);
    expect(match.matchedBy).toBe('filter `userName eq … or …` in 1 request and filter `userName eq …` in 1 request');
  });

  it('lists the whole collection once when the keys are many next to it, keeping only the matched', async () => {
    const { engine, all, options, sent } = await connect('rfc', 300);
    const picked = all.filter((_u, i) => i % 7 === 0); // 43 of 300: more than a twentieth
    // What is found waits in a scratch file until planned, not in memory.
    const spillPath = join(await mkdtemp(join(tmpdir(), 'bulk-match-')), 'matched.jsonl');
    const match = await matchKeys(
      engine,
      'emails.value',
      picked.map((u) => String((u.emails as Array<{ value: string }>)[0]!.value)),
      { ...options, spillPath },
    );
    for (const u of picked) expect((await match.get(String((u.emails as Array<{ value: string }>)[0]!.value))).map((f) => f.resource)).toEqual([u]);
    await match.close();
    expect(existsSync(spillPath)).toBe(false);
    expect(filtersSent(sent())).toEqual([]);
    expect(match.matchedBy).toBe('listed all 300 users and matched emails.value here (43 keys of 300 users)');
  });

  it('reads ids one by one: a 404 is a target not found, the ETag header comes with each', async () => {
    const { engine, all, options, sent } = await connect('rfc', 40);
    const wanted = [String(all[3]!.id), 'no-such-id', String(all[9]!.id)];
    const match = await matchIds(engine, wanted, options);
    expect(ids(await match.get(wanted[0]!))).toEqual([wanted[0]]);
    expect(await match.get('no-such-id')).toEqual([]);
    expect(match.errors.size).toBe(0);
    expect((await match.get(wanted[2]!))[0]!.etag).toMatch(/^W\/"/);
    expect(sent().sort()).toEqual(wanted.map((id) => `GET /rfc/scim/v2/Users/${id}`).sort());
  });

  it('finds every resource a key names: a key on two users matches both', async () => {
    const { engine, connectionId, options } = await connect('rfc', 60);
    for (const name of ['twin-a@example.com', 'twin-b@example.com']) {
      await engine.create({
        connectionId,
        endpoint: '/Users',
        resource: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: name, externalId: 'TWIN-1' },
      });
    }
    const match = await matchKeys(engine, 'externalId', ['TWIN-1', 'twin-1'], { ...options, caseExact: true });
    expect((await match.get('TWIN-1')).map((f) => f.resource.userName).sort()).toEqual(['twin-a@example.com', 'twin-b@example.com']);
    // externalId is caseExact (RFC 7643): another spelling is another key.
    expect(await match.get('twin-1')).toEqual([]);
  });

  it('falls back to one `eq` per key where the server refuses `or`, and goes straight to it the next time', async () => {
    // 1,000 users: two pages of a listing cost more than the three searches left after `or` is refused.
    const { engine, connectionId, all, options, sent, since } = await connect('cortex', 1000);
    const keys = all.slice(20, 24).map((u) => String(u.userName));
    const first = await matchKeys(engine, 'userName', keys, options);
    for (const [i, k] of keys.entries()) expect(ids(await first.get(k))).toEqual([String(all[20 + i]!.id)]);
    const filters = filtersSent(sent());
    expect(filters.filter((f) => f.includes(' or '))).toHaveLength(1);
    expect(filters.filter((f) => !f.includes(' or ')).sort()).toEqual(keys.map((k) => `userName eq ${JSON.stringify(k)}`).sort());
    expect(engine.learned.list(connectionId).find((f) => f.subject === 'or')).toMatchObject({ state: 'refused' });

    const mark = since();
    const again = await matchKeys(
      engine,
      'userName',
      all.slice(30, 33).map((u) => String(u.userName)),
      options,
    );
    expect(ids(await again.get(String(all[31]!.userName)))).toEqual([String(all[31]!.id)]);
    expect(harness!.exchanges.slice(mark).filter((e) => decodeURIComponent(e.url).includes(' or '))).toEqual([]);
    expect(again.matchedBy).toBe('filter `userName eq …` in 3 requests');
  });

  it('lists and matches here where the server refuses filters on the key', async () => {
    const { engine, all, options } = await connect('cortex', 300);
    const keys = all.slice(5, 8).map((u) => String(u.externalId));
    const match = await matchKeys(engine, 'externalId', keys, { ...options, caseExact: true });
    for (const [i, k] of keys.entries()) expect(ids(await match.get(k))).toEqual([String(all[5 + i]!.id)]);
    expect(match.matchedBy).toMatch(
      /^filter `externalId eq …` in 1 request, then listed all 300 users and matched externalId here \(the server refuses filters on externalId\)$/,
    );
  });

  it('does not trust a server that ignores the filter: the answer of everything is not taken as matches', async () => {
    const { engine, all, options } = await connect('coginiti', 300);
    const byExternalId = await matchKeys(engine, 'externalId', [String(all[4]!.externalId), 'nope'], { ...options, caseExact: true });
    expect(ids(await byExternalId.get(String(all[4]!.externalId)))).toEqual([String(all[4]!.id)]);
    expect(await byExternalId.get('nope')).toEqual([]);
    expect(byExternalId.matchedBy).toContain('the server ignores filters on externalId');

    const keys = all.slice(40, 43).map((u) => String(u.userName));
    const byUserName = await matchKeys(engine, 'userName', keys, options);
    for (const [i, k] of keys.entries()) expect(ids(await byUserName.get(k))).toEqual([String(all[40 + i]!.id)]);
    expect(byUserName.matchedBy).toBe('filter `userName eq … or …` in 1 request and filter `userName eq …` in 3 requests');
  });
});

describe('matching a filter', () => {
  it('plans every resource the filter matches, a page at a time, and says how the count moved', async () => {
    const { engine, all, options } = await connect('rfc', 300);
    const expected = all.filter((u) => u.active === true).length;
    const pages: ScimResource[][] = [];
    const result = await matchFilter(engine, 'active eq true', expected - 2, { ...options, limit: 100_000 }, async (found) => {
      pages.push(found.map((f) => f.resource));
    });
    expect(pages.flat()).toHaveLength(expected);
    expect(result.matched).toBe(expected);
    expect(result.notes).toEqual([`The filter now matches ${expected} users, 2 more than counted.`]);
  });

  it('applies the filter here where the server ignores it', async () => {
    const { engine, all, options } = await connect('coginiti', 120);
    const title = String(all.find((u) => typeof u.title === 'string')!.title);
    const expected = all.filter((u) => u.title === title).length;
    const found: ScimResource[] = [];
    const result = await matchFilter(engine, `title eq ${JSON.stringify(title)}`, expected, { ...options, limit: 100_000 }, async (page) => {
      found.push(...page.map((f) => f.resource));
    });
    expect(found.map((u) => u.title)).toEqual(Array.from({ length: expected }, () => title));
    expect(result.notes[0]).toMatch(/^The server ignored the filter/);
  });
});
