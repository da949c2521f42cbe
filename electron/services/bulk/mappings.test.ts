import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BulkMapping } from '../../../shared/contract';
import { BulkMappingStore, MAPPINGS_KEPT } from './mappings';

const mapping = (keyColumn: string): BulkMapping => ({
  keyColumn,
  keyAttribute: 'userName',
  columns: [
    { column: keyColumn, path: null },
    { column: 'Department', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department' },
  ],
});

describe('BulkMappingStore', () => {
  let dir: string;
  let path: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bulk-mappings-'));
    path = join(dir, 'bulk-mappings.json');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('remembers the last mapping per connection and endpoint, across a reopen', async () => {
    const store = await BulkMappingStore.open(path);
    expect(store.get('c1', '/Users')).toBeNull();
    await store.save('c1', '/Users', mapping('Login'));
    await store.save('c1', '/Users', mapping('Email'));
    await store.save('c2', '/Users', mapping('UPN'));
    await store.save('c1', '/Groups', { ...mapping('Name'), keyAttribute: 'displayName' });
    const reopened = await BulkMappingStore.open(path);
    // "/Users" and "users" are one endpoint.
    expect(reopened.get('c1', 'users')).toEqual(mapping('Email'));
    expect(reopened.get('c2', '/Users')?.keyColumn).toBe('UPN');
    expect(reopened.get('c1', '/Groups')?.keyAttribute).toBe('displayName');
  });

  it('forgets a deleted connection, and keeps a bounded number of mappings', async () => {
    const store = await BulkMappingStore.open(path);
    for (let i = 0; i < MAPPINGS_KEPT + 5; i++) await store.save(`c${i}`, '/Users', mapping(`K${i}`));
    expect(store.get('c0', '/Users')).toBeNull();
    expect(store.get('c5', '/Users')?.keyColumn).toBe('K5');
    await store.forget('c5');
    expect(store.get('c5', '/Users')).toBeNull();
    expect((await BulkMappingStore.open(path)).get('c5', '/Users')).toBeNull();
  });

  it('sets an unreadable file aside and starts empty', async () => {
    await writeFile(path, '{"version": 1, "mappings": [{"connectionId": 3}]}');
    const store = await BulkMappingStore.open(path);
    expect(store.get('c1', '/Users')).toBeNull();
    expect(store.notices[0]).toMatch(/could not be read/);
    expect((await readdir(dir)).some((name) => name.startsWith('bulk-mappings.json.corrupt-'))).toBe(true);
  });
});
