import { appendFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BulkResultItem, JobDetail } from '../../../shared/contract';
import { BulkResults, OUTCOMES_FILE } from './results-store';

const target = (index: number): BulkResultItem => ({
  index,
  line: index + 2,
  key: `user${index}@example.com`,
  id: `id-${index}`,
  display: `User ${index}`,
  planned: 'change',
  outcome: 'pending',
  differences: [],
});

async function setup() {
  const dir = await mkdtemp(join(tmpdir(), 'bulk-results-'));
  const jobs = new Map<string, Pick<JobDetail, 'kind' | 'title' | 'state'>>([
    ['send-1', { kind: 'bulkSend', title: 'Send', state: 'running' }],
    ['send-2', { kind: 'bulkSend', title: 'Queued send', state: 'queued' }],
    ['plan-1', { kind: 'bulkPlan', title: 'Plan', state: 'succeeded' }],
  ]);
  const options = { filesDir: (id: string) => join(dir, id), jobs: { get: (id: string) => jobs.get(id)! } };
  return { dir, options, results: new BulkResults(options) };
}

describe('BulkResults', () => {
  it('lists every target pending until decided, pages by outcome, and reads the same back from its files', async () => {
    const { options, results } = await setup();
    const writer = await results.open('send-1', 'plan-1', [0, 1, 2, 3].map(target));
    await writer.decide({ index: 1, outcome: 'conflict', error: 'Changed on the server.', exchangeId: 'x-1' });
    await writer.decide({ index: 2, outcome: 'done', createdId: 'new-2' });
    await writer.decide({ index: 3, outcome: 'drifted', differences: ['active: asked false, stored true'] });

    const live = await results.page('send-1', { offset: 0, limit: 2 });
    expect(live).toMatchObject({ planJobId: 'plan-1', counts: { pending: 1, done: 1, failed: 0, conflict: 1, drifted: 1 }, total: 4 });
    expect(live.items.map((i) => [i.index, i.outcome])).toEqual([
      [0, 'pending'],
      [1, 'conflict'],
    ]);
    expect(await results.page('send-1', { outcome: 'drifted', offset: 0, limit: 10 })).toMatchObject({
      total: 1,
      items: [{ index: 3, differences: ['active: asked false, stored true'] }],
    });
    expect((await results.page('send-1', { offset: 2, limit: 1 })).items[0]).not.toHaveProperty('createdId');
    expect((await results.all('send-1')).items[2]).toMatchObject({ outcome: 'done', createdId: 'new-2' });
    await writer.close();

    const reopened = new BulkResults(options);
    expect(await reopened.page('send-1', { offset: 0, limit: 10 })).toEqual(await results.page('send-1', { offset: 0, limit: 10 }));
  });

  it('resumed, keeps the decisions of the run before and drops a line torn by a crash', async () => {
    const { dir, options, results } = await setup();
    const first = await results.open('send-1', 'plan-1', [0, 1].map(target));
    await first.decide({ index: 0, outcome: 'failed', error: 'HTTP 500' });
    await first.close();
    await appendFile(join(dir, 'send-1', OUTCOMES_FILE), '{"index":1,"outcome":"do');

    const again = await new BulkResults(options).open('send-1', 'plan-1', [0, 1].map(target));
    expect(again.get(0)).toMatchObject({ outcome: 'failed', error: 'HTTP 500' });
    expect(again.get(1)).toMatchObject({ outcome: 'pending' });
    await again.decide({ index: 1, outcome: 'done' });
    await again.close();
    expect((await new BulkResults(options).all('send-1')).items.map((i) => i.outcome)).toEqual(['failed', 'done']);
  });

  it('says why there are no results: not a send job, or one that has not started', async () => {
    const { results } = await setup();
    await expect(results.page('plan-1', { offset: 0, limit: 1 })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(results.page('send-2', { offset: 0, limit: 1 })).rejects.toMatchObject({
      code: 'not_found',
      message: '“Queued send” has no results yet: it has not started.',
    });
  });
});
