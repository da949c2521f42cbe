import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FILTER_HISTORY_LIMIT } from '../../shared/contract';
import { SavedFilterStore } from './saved-filters';

describe('SavedFilterStore', () => {
  let dir: string;
  let path: string;
  let clock: number;
  const now = () => new Date(Date.UTC(2026, 0, 1) + clock++ * 1000);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scim-desk-filters-'));
    path = join(dir, 'saved-filters.json');
    clock = 0;
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('starts empty when there is no file', async () => {
    const store = await SavedFilterStore.open(path, { now });
    expect(store.list('c1')).toEqual({ saved: [], history: [] });
    expect(store.notices).toEqual([]);
  });

  it('saves named filters per connection, newest first, and keeps them across a reopen', async () => {
    const store = await SavedFilterStore.open(path, { now });
    await store.save('c1', { name: 'Active a-users', endpoint: '/Users', filter: 'userName sw "a" and active eq true' });
    const after = await store.save('c1', {
      name: 'Sales',
      endpoint: '/Users',
      filter: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "Sales"',
    });
    expect(after.saved.map((s) => s.name)).toEqual(['Sales', 'Active a-users']);
    expect(after.saved[0]!.savedAt).toBe('2026-01-01T00:00:01.000Z');
    expect(store.list('c2').saved).toEqual([]);

    const reopened = await SavedFilterStore.open(path, { now });
    expect(reopened.list('c1')).toEqual(after);
  });

  it('replaces a filter saved under the same name in any case, and deletes by id', async () => {
    const store = await SavedFilterStore.open(path, { now });
    await store.save('c1', { name: 'Mine', endpoint: '/Users', filter: 'a pr' });
    const replaced = await store.save('c1', { name: ' MINE ', endpoint: '/Groups', filter: 'b pr' });
    expect(replaced.saved).toHaveLength(1);
    expect(replaced.saved[0]).toMatchObject({ name: 'MINE', endpoint: '/Groups', filter: 'b pr' });
    const deleted = await store.delete('c1', replaced.saved[0]!.id);
    expect(deleted.saved).toEqual([]);
    expect(await store.delete('c1', 'unknown')).toEqual(deleted);
  });

  it('keeps the last 20 filters run, a repeat moving to the top', async () => {
    const store = await SavedFilterStore.open(path, { now });
    for (let i = 0; i < FILTER_HISTORY_LIMIT + 5; i++) await store.addHistory('c1', { endpoint: '/Users', filter: `n eq ${i}` });
    let history = store.list('c1').history;
    expect(history).toHaveLength(FILTER_HISTORY_LIMIT);
    expect(history[0]!.filter).toBe(`n eq ${FILTER_HISTORY_LIMIT + 4}`);
    expect(history.at(-1)!.filter).toBe('n eq 5');
    history = (await store.addHistory('c1', { endpoint: '/Users', filter: 'n eq 10' })).history;
    expect(history).toHaveLength(FILTER_HISTORY_LIMIT);
    expect(history[0]!.filter).toBe('n eq 10');
    expect(history.filter((h) => h.filter === 'n eq 10')).toHaveLength(1);
    // The same text on another endpoint is another entry.
    history = (await store.addHistory('c1', { endpoint: '/Groups', filter: 'n eq 10' })).history;
    expect(history.slice(0, 2).map((h) => h.endpoint)).toEqual(['/Groups', '/Users']);
  });

  it('serialises concurrent changes so none is lost', async () => {
    const store = await SavedFilterStore.open(path, { now });
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.save('c1', { name: `f${i}`, endpoint: '/Users', filter: `a eq ${i}` })));
    const reopened = await SavedFilterStore.open(path, { now });
    expect(reopened.list('c1').saved).toHaveLength(10);
  });

  it('forgets a connection', async () => {
    const store = await SavedFilterStore.open(path, { now });
    await store.save('c1', { name: 'x', endpoint: '/Users', filter: 'a pr' });
    await store.save('c2', { name: 'y', endpoint: '/Users', filter: 'b pr' });
    await store.forget('c1');
    const reopened = await SavedFilterStore.open(path, { now });
    expect(reopened.list('c1').saved).toEqual([]);
    expect(reopened.list('c2').saved).toHaveLength(1);
  });

  it('moves a corrupt file aside with a notice and starts empty', async () => {
    await writeFile(path, '{"version":1,"connections":{"c1":{"saved":"nope"}}}');
    const store = await SavedFilterStore.open(path, { now });
    expect(store.notices[0]).toMatch(/saved filters file could not be read/);
    expect(store.list('c1')).toEqual({ saved: [], history: [] });
    expect((await readdir(dir)).some((f) => f.startsWith('saved-filters.json.corrupt-'))).toBe(true);
    await store.save('c1', { name: 'x', endpoint: '/Users', filter: 'a pr' });
    expect(JSON.parse(await readFile(path, 'utf8')).version).toBe(1);
  });

  it('returns copies, so callers cannot change what is stored', async () => {
    const store = await SavedFilterStore.open(path, { now });
    const listed = await store.save('c1', { name: 'x', endpoint: '/Users', filter: 'a pr' });
    listed.saved[0]!.filter = 'changed';
    listed.history.push({ endpoint: '/Users', filter: 'z', ranAt: '' });
    expect(store.list('c1').saved[0]!.filter).toBe('a pr');
    expect(store.list('c1').history).toEqual([]);
  });
});
