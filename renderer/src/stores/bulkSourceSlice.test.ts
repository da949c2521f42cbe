import { beforeEach, describe, expect, it } from 'vitest';
import { useAppStore } from './appStore';

const store = () => useAppStore.getState();
const ids = { connectionId: 'c1', endpoint: '/Users', kind: 'users' as const, noun: { one: 'user', many: 'users' } };

beforeEach(() => useAppStore.setState({ bulkSource: null, bulkJobToOpen: null }));

describe('the bulk hand-over', () => {
  it('keeps what a browser handed over, numbering each hand-over so a newer one can be told apart', () => {
    store().setBulkSource({ ...ids, target: { kind: 'ids', ids: ['u1', 'u2'], names: ['ann', 'bob'] } });
    expect(store().bulkSource).toMatchObject({ connectionId: 'c1', target: { kind: 'ids', ids: ['u1', 'u2'] }, version: 1 });
    store().setBulkSource({ ...ids, target: { kind: 'filter', filter: 'title eq "x"', count: 12 } });
    expect(store().bulkSource).toMatchObject({ target: { kind: 'filter', count: 12 }, version: 2 });
  });

  it('forgets it when cleared', () => {
    store().setBulkSource({ ...ids, target: { kind: 'ids', ids: ['u1'], names: ['ann'] } });
    store().clearBulkSource();
    expect(store().bulkSource).toBeNull();
  });

  it('numbers each request to show a job on the Bulk screen', () => {
    store().openBulkJob({ connectionId: 'c1', jobId: 'send-1', kind: 'bulkSend' });
    expect(store().bulkJobToOpen).toEqual({ connectionId: 'c1', jobId: 'send-1', kind: 'bulkSend', version: 1 });
    store().openBulkJob({ connectionId: 'c1', jobId: 'plan-2', kind: 'bulkPlan' });
    expect(store().bulkJobToOpen).toMatchObject({ jobId: 'plan-2', version: 2 });
  });
});
