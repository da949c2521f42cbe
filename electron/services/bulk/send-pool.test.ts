/**
 * The send job keeps more targets in progress than the connection has requests in flight (a target
 * also waits on its fsyncs), and its steps no longer take turns: still, no write may leave before its
 * `started` step is durable, and no target may count as decided before its last step is.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { JobRuntime } from '../jobs/types';
import type { BulkSendJobParams } from '../../../shared/contract';
import { changeRecord, sendHarness, type Resource, type SendHarness } from './send-test-helpers';

let h: SendHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Lets a few turns of the event loop pass, as a slow fsync does. */
const slowDisk = async () => {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

describe('bulk send job: targets in progress at once', () => {
  it('sends no write before its started step is durable, and counts no target before its last step is, with several targets at once', async () => {
    h = await sendHarness('cortex', { users: 40, rateLimitPerSecond: 10_000, maxConcurrency: 2 });
    const users = await h.users(24);
    const records = users.map((u, i) => changeRecord(i, u, { title: `Pooled ${i}` }));
    const indexById = new Map(users.map((u, i) => [String((u as Resource).id), i]));
    const fake = h.runtime(await h.plan(records));

    const durable = new Set<string>();
    let writing = 0;
    let mostAtOnce = 0;
    const violations: string[] = [];
    h.proxy.intercept = (req) => {
      const index = indexById.get(req.url.split('/').pop()!.split('?')[0]!);
      if (req.method === 'PATCH' && index !== undefined && !durable.has(`${index}:started`)) violations.push(`PATCH of ${index} before its started step`);
      return undefined;
    };
    const runtime: JobRuntime<BulkSendJobParams> = {
      ...fake.runtime,
      step: async (step) => {
        if (step.status === 'started') mostAtOnce = Math.max(mostAtOnce, ++writing);
        await slowDisk();
        durable.add(`${step.key}:${step.status}`);
        if (step.status !== 'started') writing -= 1;
        await fake.runtime.step(step);
      },
      progress: (done) => {
        const decidedDurably = [...durable].filter((key) => !key.endsWith(':started')).length;
        if (done > decidedDurably) violations.push(`${done} counted done with ${decidedDurably} steps durable`);
      },
    };

    const result = await h.sendKind.run(runtime);

    expect(result.summary).toBe('24 done');
    expect(violations).toEqual([]);
    // More targets between their started and last steps than the two requests the connection allows at once.
    expect(mostAtOnce).toBeGreaterThan(2);
    for (const user of users) expect(h.proxy.count('PATCH', `/Users/${String(user.id)}`)).toBe(1);
  });
});
