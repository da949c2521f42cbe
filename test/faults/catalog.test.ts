/**
 * Every fault the fault server knows is exercised by a test of this suite: a fault added to
 * FAULTS without a test fails here.
 */
import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { FAULTS } from '../support/fault-server';

describe('the fault catalogue', () => {
  it('has a test that sets each fault', async () => {
    const dir = new URL('.', import.meta.url);
    const files = (await readdir(dir)).filter((name) => name.endsWith('.test.ts') && name !== 'catalog.test.ts');
    const sources = (await Promise.all(files.map((name) => readFile(new URL(name, dir), 'utf8')))).join('\n');
    const untested = FAULTS.filter((fault) => !sources.includes(`set('${fault}'`));
    expect(untested).toEqual([]);
    expect(FAULTS.length).toBe(30);
  });
});
