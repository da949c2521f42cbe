/**
 * A plan job cancelled while it plans a filter's matches page by page: what it planned stays
 * readable, marked incomplete. A real engine against the demo server, a runtime kept in memory.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { AppError, bulkPlanJobParamsSchema, type BulkPlanJobParams } from '../../../../shared/contract';
import { BulkPlanStore } from '../../bulk/plan-store';
import { BulkResults } from '../../bulk/results-store';
import { startDemoServer, type DemoServer } from '../../demo';
import { createEngineHarness, type EngineHarness } from '../../engine/integration/harness';
import type { JobRuntime } from '../types';
import { bulkPlanJob } from './bulk-plan';

const TOKEN = 'bulk-plan-cancel-token-93d1';

let demo: DemoServer | undefined;
let harness: EngineHarness | undefined;
afterEach(async () => {
  await harness?.close();
  await demo?.close();
  demo = harness = undefined;
});

it('keeps what a cancelled plan planned, marked incomplete', async () => {
  demo = await startDemoServer({ users: 1200, seed: 5, token: TOKEN, personas: ['rfc'] });
  harness = await createEngineHarness();
  const connectionId = await harness.connect('rfc', demo.baseUrl('rfc'), TOKEN);
  const dir = await mkdtemp(join(tmpdir(), 'bulk-plan-cancel-'));
  const jobs = { get: () => ({ kind: 'bulkPlan' as const, title: 'Clear nick names', state: 'running' as const }) };
  const plans = new BulkPlanStore({ filesDir: (id) => join(dir, id), jobs, redact: (text) => text });
  const runner = bulkPlanJob(harness.engine, plans, new BulkResults({ filesDir: (id) => join(dir, id), jobs }));

  const params = bulkPlanJobParamsSchema.parse({
    connectionId,
    endpoint: '/Users',
    title: 'Clear nick names',
    source: { kind: 'filter', filter: 'userName pr', expectedCount: 1200 },
    action: { kind: 'clear', paths: ['nickName'] },
  });
  let checkpoints = 0;
  const controller = new AbortController();
  // The first page (500 users) is planned; the cancel comes at the checkpoint before the second.
  const runtime: JobRuntime<BulkPlanJobParams> = {
    id: 'plan-1',
    params,
    signal: controller.signal,
    previous: new Map(),
    checkpoint: async () => {
      if (++checkpoints === 2) controller.abort();
      if (controller.signal.aborted) throw new AppError({ code: 'cancelled', message: 'The job was cancelled.' });
    },
    step: async () => undefined,
    progress: () => undefined,
    setStepsTotal: () => undefined,
    redact: (text) => text,
    filePath: (name) => join(dir, 'plan-1', name),
  };
  await expect(runner.run(runtime)).rejects.toMatchObject({ code: 'cancelled' });

  const summary = await plans.summary('plan-1');
  expect(summary).toMatchObject({ complete: false, title: 'Clear nick names', action: { kind: 'clear' } });
  const planned = summary.totals.change + summary.totals.skip;
  expect(planned).toBe(500);
  expect((await plans.records('plan-1')).map((r) => r.index)).toEqual(Array.from({ length: 500 }, (_v, i) => i));
});
