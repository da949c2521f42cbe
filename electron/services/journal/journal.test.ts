import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppError } from '../../../shared/contract/errors';
import type { JournalEventName } from '../../../shared/contract/journal';
import type { ExchangeObserver, RawExchange } from '../http/client';
import { RequestJournal, type RequestJournalOptions } from './journal';
import { allFileBytes, rawExchange } from './test-helpers';

let root: string;
let dir: string;
const journals: RequestJournal[] = [];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'scim-desk-journal-'));
  dir = join(root, 'journal');
});
afterEach(async () => {
  await Promise.all(journals.splice(0).map((j) => j.close()));
  await rm(root, { recursive: true, force: true });
});

function open(options: Partial<RequestJournalOptions> = {}): RequestJournal {
  const journal = new RequestJournal({ dir, ...options });
  journals.push(journal);
  return journal;
}
const at = (second: number) => Date.parse('2025-03-01T10:00:00.000Z') + second * 1000;
const exchange = (second: number, overrides: Partial<RawExchange> = {}) =>
  rawExchange({ timings: { startedAt: at(second), ttfbMs: 3, totalMs: 4 }, ...overrides });
const notFound = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return (error as AppError).code;
  }
  return 'found';
};

describe('RequestJournal text search', () => {
  it('finds entries by text in the URL or either body, ignoring case, in memory and from earlier runs on disk', async () => {
    const journal = open();
    const byUrl = journal.record(exchange(1, { url: 'https://h.test/scim/Users?filter=userName%20eq%20%22Needle%22' })).id;
    const byRequest = journal.record(exchange(2, { method: 'post', requestBody: '{"displayName":"Big NEEDLE group"}' })).id;
    const byResponse = journal.record(exchange(3, { responseBody: '{"detail":"needle in the answer"}' })).id;
    journal.record(exchange(4, { responseBody: '{"detail":"nothing here"}' }));
    const other = journal.record(exchange(5, { connectionKey: 'conn-b', responseBody: 'a needle elsewhere' })).id;
    const ids = async (j: RequestJournal, query: Parameters<RequestJournal['list']>[0]) => (await j.list(query)).map((s) => s.id);
    expect(await ids(journal, { text: 'needle' })).toEqual([other, byResponse, byRequest, byUrl]);
    expect(await ids(journal, { text: 'needle', connectionId: 'conn-a' })).toEqual([byResponse, byRequest, byUrl]);
    expect(await ids(journal, { text: 'needle', limit: 1 })).toEqual([other]);
    expect(await ids(journal, { text: 'absent' })).toEqual([]);
    await journal.flush();
    // A new run: nothing in memory, everything read back from the files.
    const reopened = open();
    expect(await ids(reopened, { text: 'NEEDLE', connectionId: 'conn-a' })).toEqual([byResponse, byRequest, byUrl]);
  });
});

describe('RequestJournal entries', () => {
  it('records a redacted entry, emits its summary and keeps it in memory', () => {
    const journal = open();
    const seen: { event: JournalEventName; payload: unknown }[] = [];
    journal.on((event, payload) => seen.push({ event, payload }));
    const entry = journal.record(
      exchange(0, {
        method: 'post',
        url: 'https://h.test/scim/Users?x=1',
        requestHeaders: { authorization: 'Bearer tok-abcdef', 'content-type': 'application/scim+json' },
        requestBody: '{"userName":"a"}',
        status: 201,
        credentialHeaderNames: ['authorization'],
        secretValues: ['Bearer tok-abcdef'],
        attempt: 2,
      }),
    );
    expect(entry).toMatchObject({
      connectionId: 'conn-a',
      connectionName: 'Connection A',
      method: 'POST',
      path: '/scim/Users?x=1',
      status: 201,
      ok: true,
      attempt: 2,
      requestHeaders: { authorization: 'Bearer [REDACTED]' },
      requestBody: { text: '{"userName":"a"}', truncated: false, size: 16, contentType: 'application/scim+json' },
      timings: { startedAt: '2025-03-01T10:00:00.000Z', ttfbMs: 3, totalMs: 4 },
      sizes: { request: 16, response: 16 },
      quirks: [],
    });
    expect(seen).toHaveLength(1);
    expect(seen[0].event).toBe('journal.exchange');
    expect(seen[0].payload).toMatchObject({ id: entry.id, requestSize: 16, responseSize: 16 });
    expect(seen[0].payload).not.toHaveProperty('requestHeaders');
    expect(seen[0].payload).not.toHaveProperty('responseBody');
  });

  it('records failures with their error and no status', () => {
    const entry = open().record(
      exchange(0, {
        status: undefined,
        responseHeaders: undefined,
        responseBody: undefined,
        timings: { startedAt: at(0), totalMs: 30 },
        error: { code: 'timeout', message: 'h.test did not answer' },
      }),
    );
    expect(entry).toMatchObject({
      status: null,
      ok: false,
      error: { code: 'timeout', message: 'h.test did not answer' },
      responseBody: null,
      responseHeaders: {},
      timings: { ttfbMs: null },
    });
  });

  it('cuts bodies at the cap, keeping the true size, without splitting a character or a secret', () => {
    const journal = open({ maxBodyBytes: 1000 });
    const body = 'é'.repeat(5000);
    const entry = journal.record(
      exchange(0, { responseBody: body, requestBody: `${'a'.repeat(995)}SECRET-VALUE-XYZ${'b'.repeat(100)}`, secretValues: ['SECRET-VALUE-XYZ'] }),
    );
    expect(entry.responseBody!.truncated).toBe(true);
    expect(entry.responseBody!.size).toBe(10_000);
    expect(entry.sizes.response).toBe(10_000);
    expect(Buffer.byteLength(entry.responseBody!.text)).toBe(1000);
    expect(entry.responseBody!.text).toBe('é'.repeat(500));
    expect(entry.requestBody!.truncated).toBe(true);
    expect(entry.requestBody!.size).toBe(1111);
    expect(entry.requestBody!.text).not.toMatch(/SECRET|XYZ/);
    const small = journal.record(exchange(1, { responseBody: 'ok' }));
    expect(small.responseBody).toEqual({ text: 'ok', truncated: false, size: 2, contentType: 'application/scim+json' });
  });

  it('annotates an entry in memory: merged quirks, an event and an annotate line', async () => {
    const journal = open();
    const events: unknown[] = [];
    journal.on((event, payload) => event === 'journal.annotated' && events.push(payload));
    const { id } = journal.record(exchange(0));
    expect(await journal.annotate(id, [{ code: 'total_results_missing', message: 'No totalResults' }])).toBe(true);
    expect(
      await journal.annotate(id, [
        { code: 'total_results_missing', message: 'No totalResults' },
        { code: 'bad_type', message: 'Wrong content type' },
      ]),
    ).toBe(true);
    expect((await journal.get(id)).quirks.map((q) => q.code)).toEqual(['total_results_missing', 'bad_type']);
    expect((await journal.get(id)).quirks[0].exchangeId).toBe(id);
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({ id, quirks: [{ code: 'total_results_missing' }, { code: 'bad_type' }] });
    expect(await journal.annotate('nope', [{ code: 'x', message: 'y' }])).toBe(false);
    await journal.flush();
    expect(await allFileBytes(dir)).toContain('"type":"annotate"');
  });

  it('records every exchange of an attached client, and a journaling failure never reaches the request', () => {
    const logged: string[] = [];
    const journal = open({ log: (m) => logged.push(m) });
    const observers: ExchangeObserver[] = [];
    const detach = journal.attach({ observe: (o) => (observers.push(o), () => observers.splice(observers.indexOf(o), 1)) });
    observers[0](exchange(0));
    expect(() => observers[0]({ ...exchange(1), timings: null } as unknown as RawExchange)).not.toThrow();
    expect(logged).toEqual(['[scim-desk] request journal: record failed (TypeError); further record failures are not logged.']);
    detach();
    expect(observers).toHaveLength(0);
  });
});

describe('RequestJournal list, memory and files', () => {
  it('lists newest first, filters by connection, pages with beforeStartedAt and limit', async () => {
    const journal = open();
    const ids = [3, 1, 2, 5, 4].map((s) => journal.record(exchange(s, { connectionKey: s % 2 ? 'odd' : 'even', connectionName: s % 2 ? 'Odd' : 'Even' })).id);
    const seconds = (list: { timings: { startedAt: string } }[]) => list.map((s) => (Date.parse(s.timings.startedAt) - at(0)) / 1000);
    expect(seconds(await journal.list())).toEqual([5, 4, 3, 2, 1]);
    expect(seconds(await journal.list({ connectionId: 'odd' }))).toEqual([5, 3, 1]);
    expect(seconds(await journal.list({ limit: 2 }))).toEqual([5, 4]);
    expect(seconds(await journal.list({ beforeStartedAt: new Date(at(4)).toISOString(), limit: 2 }))).toEqual([3, 2]);
    expect((await journal.list({ connectionId: 'none' })).length).toBe(0);
    // Same millisecond: the later recorded comes first.
    const a = journal.record(exchange(9)).id;
    const b = journal.record(exchange(9)).id;
    expect((await journal.list({ limit: 2 })).map((s) => s.id)).toEqual([b, a]);
    expect(ids).toHaveLength(5);
  });

  it('keeps only the newest entries in memory and fills the rest from disk', async () => {
    const journal = open({ memoryEntries: 3 });
    const ids = Array.from({ length: 10 }, (_, i) => journal.record(exchange(i, { responseBody: `body-${i}` })).id);
    await journal.flush();
    const list = await journal.list({ limit: 8 });
    expect(list.map((s) => s.id)).toEqual(ids.slice(2).reverse());
    expect((await journal.get(ids[0])).responseBody!.text).toBe('body-0'); // evicted from memory, read from disk
  });

  it('writes 0600 files in a 0700 directory, one NDJSON file per connection', async () => {
    const journal = open();
    journal.record(exchange(0, { connectionKey: 'conn-a' }));
    journal.record(exchange(1, { connectionKey: 'conn:1234/../x' }));
    await journal.flush();
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    const names = (await readdir(dir)).sort();
    expect(names).toHaveLength(2);
    expect(names[0]).toBe('conn-a.ndjson');
    expect(names[1]).toMatch(/^conn_1234____x-[0-9a-f]{12}\.ndjson$/);
    for (const name of names) expect((await stat(join(dir, name))).mode & 0o777).toBe(0o600);
  });

  it('rotates files so a connection never holds more than maxFiles × maxFileBytes', async () => {
    const journal = open({ maxFileBytes: 8 * 1024, maxFiles: 3 });
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) {
      ids.push(journal.record(exchange(i, { responseBody: `${i}:${'x'.repeat(300)}` })).id);
      if (i % 37 === 0) await journal.flush();
    }
    await journal.flush();
    const names = (await readdir(dir)).sort();
    expect(names).toEqual(['conn-a.1.ndjson', 'conn-a.2.ndjson', 'conn-a.ndjson']);
    const sizes = await Promise.all(names.map(async (n) => (await stat(join(dir, n))).size));
    for (const size of sizes) expect(size).toBeLessThanOrEqual(8 * 1024);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(3 * 8 * 1024);

    const reopened = open();
    const onDisk = await reopened.list({ limit: 5000 });
    expect(onDisk.length).toBeGreaterThan(15); // lines are about 1 KB: 3 files of 8 KB
    expect(onDisk.length).toBeLessThan(200);
    expect(onDisk.map((s) => s.id)).toEqual(ids.slice(-onDisk.length).reverse());
    expect(await notFound(reopened.get(ids[0]))).toBe('not_found');
    expect((await reopened.get(ids[199])).responseBody!.text).toMatch(/^199:/);
    const [session] = await reopened.sessions();
    expect(session).toMatchObject({ connectionId: 'conn-a', entries: onDisk.length, bytes: sizes.reduce((a, b) => a + b, 0) });
  });

  it('keeps at most maxSessions connections on disk', async () => {
    const journal = open({ maxSessions: 3 });
    for (let i = 0; i < 5; i++) {
      journal.record(exchange(i, { connectionKey: `draft-${i}` }));
      await journal.flush();
      await new Promise((resolve) => setTimeout(resolve, 15)); // distinct modification times
    }
    expect((await readdir(dir)).sort()).toEqual(['draft-2.ndjson', 'draft-3.ndjson', 'draft-4.ndjson']);
  });

  it("keeps a draft's exchanges (Test connection before saving) in memory only: never on disk, never an earlier-run connection", async () => {
    const journal = open({ maxSessions: 2 });
    journal.record(exchange(0, { connectionKey: 'conn-a', connectionName: 'A' }));
    journal.record(exchange(1, { connectionKey: 'conn-b', connectionName: 'B' }));
    const tests = Array.from({ length: 3 }, (_, i) => journal.record(exchange(2 + i, { connectionKey: `draft:${i}`, connectionName: 'A' })));
    expect(await journal.annotate(tests[0]!.id, [{ code: 'q', message: 'a quirk' }])).toBe(true);
    await journal.flush();
    // Shown in this run, with its quirk…
    expect((await journal.list()).map((s) => s.connectionId)).toEqual(['draft:2', 'draft:1', 'draft:0', 'conn-b', 'conn-a']);
    expect((await journal.get(tests[0]!.id)).quirks.map((q) => q.code)).toEqual(['q']);
    // …but not written: the saved connections' journals are all still there, and no draft is a session.
    expect((await readdir(dir)).sort()).toEqual(['conn-a.ndjson', 'conn-b.ndjson']);
    expect((await journal.sessions()).map((s) => s.connectionId).sort()).toEqual(['conn-a', 'conn-b']);
    await journal.close();
    expect((await open().list()).map((s) => s.connectionId)).toEqual(['conn-b', 'conn-a']);
  });

  it('does not offer a draft journal written by an earlier version as an earlier-run connection', async () => {
    const first = open();
    first.record(exchange(0, { connectionKey: 'conn-a', connectionName: 'A' }));
    await first.close();
    // A file an older version wrote for a draft key, next to a real connection's.
    const line = (await readFile(join(dir, 'conn-a.ndjson'), 'utf8')).replaceAll('"conn-a"', '"draft:old"').replaceAll('"id":"', '"id":"d');
    await writeFile(join(dir, 'draft_old-0123456789ab.ndjson'), line);
    const second = open();
    expect((await second.sessions()).map((s) => s.connectionId)).toEqual(['conn-a']);
  });

  it('reopens a journal from an earlier run, annotations included, and annotates it further', async () => {
    const first = open();
    const a = first.record(exchange(1, { connectionKey: 'conn-a', connectionName: 'A' }));
    const b = first.record(exchange(2, { connectionKey: 'conn-b', connectionName: 'B', responseBody: '{"b":true}' }));
    first.record(exchange(3, { connectionKey: 'conn-a', connectionName: 'A (renamed)' }));
    await first.annotate(b.id, [{ code: 'q1', message: 'first quirk' }]);
    await first.close();

    const second = open();
    expect((await second.list()).map((s) => s.connectionName)).toEqual(['A (renamed)', 'B', 'A']);
    expect((await second.list({ connectionId: 'conn-b' }))[0].quirks).toEqual([{ code: 'q1', message: 'first quirk', exchangeId: b.id }]);
    const entry = await second.get(b.id);
    expect(entry.responseBody!.text).toBe('{"b":true}');
    expect(entry.quirks.map((q) => q.code)).toEqual(['q1']);
    const sessions = await second.sessions();
    expect(sessions.map((s) => [s.connectionId, s.connectionName, s.entries])).toEqual([
      ['conn-a', 'A (renamed)', 2],
      ['conn-b', 'B', 1],
    ]);
    expect(sessions[0]).toMatchObject({ oldest: new Date(at(1)).toISOString(), newest: new Date(at(3)).toISOString() });
    expect(sessions[0].bytes).toBeGreaterThan(0);

    const annotated: unknown[] = [];
    second.on((event, payload) => event === 'journal.annotated' && annotated.push(payload));
    expect(await second.annotate(a.id, [{ code: 'q2', message: 'later quirk' }])).toBe(true);
    expect(annotated).toEqual([{ id: a.id, quirks: [{ code: 'q2', message: 'later quirk', exchangeId: a.id }] }]);
    await second.close();
    expect((await open().get(a.id)).quirks.map((q) => q.code)).toEqual(['q2']);
  });

  it('skips a line cut short by a crash and keeps appending after it', async () => {
    const first = open();
    const a = first.record(exchange(1));
    await first.close();
    await writeFile(join(dir, 'conn-a.ndjson'), '{"type":"exchange","id":"half', { flag: 'a' });
    const second = open();
    const b = second.record(exchange(2));
    await second.flush();
    expect((await open().list()).map((s) => s.id)).toEqual([b.id, a.id]);
  });

  it('clears one connection or everything, in memory and on disk', async () => {
    const journal = open({ memoryEntries: 2 });
    for (let i = 0; i < 4; i++) journal.record(exchange(i, { connectionKey: 'conn-a' }));
    const b = journal.record(exchange(5, { connectionKey: 'conn-b' }));
    await journal.flush();
    const c = journal.record(exchange(6, { connectionKey: 'conn-b' })); // not yet written
    expect(await journal.clear('conn-a')).toBe(4);
    expect((await journal.list()).map((s) => s.id)).toEqual([c.id, b.id]);
    expect((await readdir(dir)).sort()).toEqual(['conn-b.ndjson']);
    expect(await journal.clear()).toBe(2);
    expect(await journal.list()).toEqual([]);
    expect(await notFound(journal.get(b.id))).toBe('not_found');
    await journal.flush();
    expect(await readdir(dir)).toEqual([]);
    expect(await journal.sessions()).toEqual([]);
  });

  it('logs a write failure once and keeps recording in memory', async () => {
    await writeFile(dir, 'not a directory');
    const logged: string[] = [];
    const journal = open({ log: (m) => logged.push(m) });
    expect(() => journal.record(exchange(0))).not.toThrow();
    journal.record(exchange(1));
    await journal.flush();
    journal.record(exchange(2));
    await journal.flush();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/request journal: write failed/);
    expect(await journal.list()).toHaveLength(3);
  });
});
