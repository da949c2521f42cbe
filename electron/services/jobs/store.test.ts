import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobSpec } from '../../../shared/contract';
import { JobStore, parseJobFile, type JobFileHandle } from './store';
import type { StepRecord } from './types';

/** A job file in memory whose fsyncs complete only when the test says so. */
function fakeFile() {
  const writes: string[] = [];
  const syncs: Array<() => void> = [];
  let failNextWrite = false;
  let closed = false;
  const handle: JobFileHandle = {
    appendFile: async (data) => {
      if (closed) throw new Error('written after close');
      if (failNextWrite) {
        failNextWrite = false;
        throw new Error('disk full');
      }
      writes.push(data);
    },
    datasync: () => new Promise<void>((resolve) => syncs.push(resolve)),
    close: async () => void (closed = true),
  };
  return {
    handle,
    writes,
    syncs,
    failNextWrite: () => void (failNextWrite = true),
    isClosed: () => closed,
    /** Completes the oldest fsync asked for. */
    sync: () => syncs.shift()!(),
  };
}

/** Lets pending promise callbacks and the store's writes run (no timers involved). */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

const spec: JobSpec = {
  kind: 'membership',
  params: {
    connectionId: 'c1',
    groupsEndpoint: '/Groups',
    dialect: 'rfc',
    title: 'Add',
    requests: [{ kind: 'patch', groupId: 'g', groupName: 'Staff', add: [], remove: [], operations: [], readOnly: [] }],
  },
};
const step = (key: string, status: StepRecord['status']): StepRecord => ({
  key,
  label: `request ${key}`,
  status,
  exchangeIds: [],
  at: '2025-01-01T00:00:00.000Z',
});

async function openStore() {
  const file = fakeFile();
  const { store } = await JobStore.open(await mkdtemp(join(tmpdir(), 'job-store-')), { openFile: async () => file.handle });
  return { store, file };
}

describe('JobStore: group commit', () => {
  it('writes the records asked for during a write together, one fsync for all, each answered only once on disk', async () => {
    const { store, file } = await openStore();
    const created = store.create({ id: 'j1', spec, title: 'Add', writes: true, createdAt: '2025-01-01T00:00:00.000Z' });
    await settle();
    expect(file.writes).toHaveLength(1);

    // Asked for while the header's fsync is under way: they wait, and go out together after it.
    const answered: string[] = [];
    const steps = ['0', '1', '2', '3'].map((key) => store.step('j1', step(key, 'started')).then(() => void answered.push(key)));
    void store.progress('j1', { done: 0, total: 4, requests: 0 });
    await settle();
    expect(file.writes).toHaveLength(1);
    expect(answered).toEqual([]);

    file.sync();
    await created;
    await settle();
    expect(file.writes).toHaveLength(2);
    expect(file.writes[1]!.split('\n').filter(Boolean)).toHaveLength(5);
    // Written, not yet on disk: nobody is told it is.
    expect(file.syncs).toHaveLength(1);
    expect(answered).toEqual([]);

    file.sync();
    await Promise.all(steps);
    expect(answered).toEqual(['0', '1', '2', '3']);
    const parsed = parseJobFile(file.writes.join(''));
    expect('job' in parsed ? parsed.job.steps.map((s) => s.key) : parsed).toEqual(['0', '1', '2', '3']);
  });

  it('writes a record that needs no fsync without one, and lets a failed write fail only its own callers', async () => {
    const { store, file } = await openStore();
    await store.stepsTotal('j1', 3);
    expect(file.syncs).toHaveLength(0);

    file.failNextWrite();
    await expect(store.step('j1', step('0', 'started'))).rejects.toThrow('disk full');
    const next = store.step('j1', step('0', 'started'));
    await settle();
    file.sync();
    await next;
    expect(file.writes.join('')).toContain('"key":"0"');
  });

  it('closes the file only once what was asked for is written', async () => {
    const { store, file } = await openStore();
    const written = store.step('j1', step('0', 'done'));
    const released = store.release('j1');
    await settle();
    expect(file.isClosed()).toBe(false);
    file.sync();
    await Promise.all([written, released]);
    expect(file.isClosed()).toBe(true);
  });
});
