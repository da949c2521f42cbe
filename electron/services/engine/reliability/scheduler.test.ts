import { AsyncLocalStorage } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import type { AppError } from '../../../../shared/contract';
import { runInJob } from '../../jobs/context';
import { answer, busiestSecond, deferred, FakeClock, flush, schedulerOn } from './scheduler-test-helpers';

describe('ConnectionScheduler: priority', () => {
  it('starts every interactive waiter before job waiters that queued earlier', async () => {
    const scheduler = schedulerOn(new FakeClock(), { maxConcurrency: 1 });
    const gate = deferred();
    const order: string[] = [];
    const blocker = scheduler.run(() => gate.promise, { priority: 'job' });
    const queued = [
      scheduler.run(async () => order.push('job 1'), { priority: 'job' }),
      scheduler.run(async () => order.push('job 2'), { priority: 'job' }),
      scheduler.run(async () => order.push('interactive 1'), { priority: 'interactive' }),
      scheduler.run(async () => order.push('interactive 2'), { priority: 'interactive' }),
    ];
    expect(scheduler.snapshot().queued).toEqual({ interactive: 2, job: 2 });
    gate.resolve();
    await Promise.all([blocker, ...queued]);
    expect(order).toEqual(['interactive 1', 'interactive 2', 'job 1', 'job 2']);
  });

  it("takes the priority from the caller's context: 'job' inside a job, 'interactive' outside", async () => {
    const scheduler = schedulerOn(new FakeClock(), { maxConcurrency: 1 });
    const gate = deferred();
    const order: string[] = [];
    const blocker = scheduler.run(() => gate.promise);
    const job = runInJob({ jobId: 'j1', exchange: () => undefined }, () => scheduler.run(async () => order.push('job')));
    const interactive = scheduler.run(async () => order.push('interactive'));
    expect(scheduler.snapshot().queued).toEqual({ interactive: 1, job: 1 });
    gate.resolve();
    await Promise.all([blocker, job, interactive]);
    expect(order).toEqual(['interactive', 'job']);
  });
});

describe('ConnectionScheduler: adaptive concurrency', () => {
  it('halves the window once per 429 episode and grows it back by one per window of successes', async () => {
    const scheduler = schedulerOn(new FakeClock(), { maxConcurrency: 8 });
    // Four attempts in flight when the server says 429: one episode, one halving.
    const gates = Array.from({ length: 4 }, () => deferred<ReturnType<typeof answer>>());
    const inFlight = gates.map((gate) => scheduler.run(() => gate.promise));
    for (const gate of gates) gate.resolve(answer(429));
    await Promise.all(inFlight);
    expect(scheduler.snapshot().limit).toBe(4);

    await scheduler.run(async () => answer(429));
    expect(scheduler.snapshot().limit).toBe(2);
    await scheduler.run(async () => answer(429));
    expect(scheduler.snapshot().limit).toBe(1);
    await scheduler.run(async () => answer(429));
    expect(scheduler.snapshot().limit).toBe(1);

    const limits: number[] = [];
    for (let i = 0; i < 20; i++) {
      await scheduler.run(async () => answer(200));
      limits.push(scheduler.snapshot().limit);
    }
    // 1 success → 2, 2 more → 3, 3 more → 4, 4 more → 5, 5 more → 6 …
    expect(limits).toEqual([2, 2, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 5, 6, 6, 6, 6, 6, 6]);
    for (let i = 0; i < 100; i++) await scheduler.run(async () => answer(200));
    expect(scheduler.snapshot().limit).toBe(8);
    // A 503 is overload too.
    await scheduler.run(async () => answer(503));
    expect(scheduler.snapshot().limit).toBe(4);
  });

  it('never runs more attempts at once than the window allows', async () => {
    const scheduler = schedulerOn(new FakeClock(), { maxConcurrency: 4 });
    await scheduler.run(async () => answer(429));
    const gates = Array.from({ length: 6 }, () => deferred());
    const all = gates.map((gate) => scheduler.run(() => gate.promise));
    expect(scheduler.snapshot()).toMatchObject({ limit: 2, active: 2, queued: { interactive: 4, job: 0 } });
    gates[0].resolve();
    await flush();
    expect(scheduler.snapshot()).toMatchObject({ active: 2, queued: { interactive: 3, job: 0 } });
    for (const gate of gates) gate.resolve();
    await Promise.all(all);
  });

  it('follows a changed maxConcurrency setting on the next run', async () => {
    const scheduler = schedulerOn(new FakeClock(), { maxConcurrency: 2 });
    const gates = Array.from({ length: 5 }, () => deferred());
    const all = gates.slice(0, 4).map((gate) => scheduler.run(() => gate.promise));
    expect(scheduler.snapshot().active).toBe(2);
    all.push(scheduler.run(() => gates[4].promise, { limits: { maxConcurrency: 4 } }));
    expect(scheduler.snapshot()).toMatchObject({ limit: 4, active: 4 });
    for (const gate of gates) gate.resolve();
    await Promise.all(all);
  });
});

describe('ConnectionScheduler: Retry-After', () => {
  it('starts nothing before the moment a 429 or 503 asked for', async () => {
    const clock = new FakeClock();
    clock.time = 5_000;
    const scheduler = schedulerOn(clock);
    await scheduler.run(async () => answer(429, '2'));
    expect(scheduler.snapshot().holdUntil).toBe(7_000);
    let started: number | undefined;
    const next = scheduler.run(async () => {
      started = clock.now();
      return answer(503, new Date(clock.now() + 3_000).toUTCString());
    });
    await clock.advanceTo(6_999);
    expect(started).toBeUndefined();
    await clock.advanceTo(7_000);
    expect(started).toBe(7_000);
    await next;
    // An HTTP date holds too.
    expect(scheduler.snapshot().holdUntil).toBe(10_000);
    const interactive = scheduler.run(async () => (started = clock.now()));
    await clock.advanceTo(9_999);
    expect(started).toBe(7_000);
    await clock.advanceTo(20_000);
    await interactive;
    expect(started).toBe(10_000);
    expect(scheduler.snapshot().holdUntil).toBeNull();
  });
});

describe('ConnectionScheduler: rate', () => {
  for (const perSecond of [3, 7, 10]) {
    it(`with maxRequestsPerSecond ${perSecond}, starts evenly spaced and never more than ${perSecond} in any second, even with late timers`, async () => {
      let n = 0;
      // Timers fire 0–9 ms late in a fixed pattern, as real ones do under load.
      const clock = new FakeClock(() => (n++ * 7) % 10);
      const scheduler = schedulerOn(clock, { maxConcurrency: 32, maxRequestsPerSecond: perSecond });
      const starts: number[] = [];
      const all = Array.from({ length: 60 }, () => scheduler.run(async () => starts.push(clock.now())));
      await clock.advanceTo(60_000);
      await Promise.all(all);
      expect(starts[0]).toBe(0);
      expect(busiestSecond(starts)).toBe(perSecond);
      // Spaced, not bunched: no burst of several at once.
      for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(500 / perSecond);
      // And the rate is kept on average: the lateness (4.5 ms a timer on average, ~265 ms over 59) does not pile up.
      expect(starts[59] - starts[0]).toBeLessThanOrEqual((59 * 1000) / perSecond + 150);
      expect(scheduler.snapshot()).toMatchObject({ ratePerSecond: perSecond, rateSource: 'setting' });
    });
  }

  it('applies a changed rate setting at the next run, and none at all once cleared', async () => {
    const clock = new FakeClock();
    const scheduler = schedulerOn(clock, { maxRequestsPerSecond: 1 });
    const starts: number[] = [];
    const task = async () => starts.push(clock.now());
    await scheduler.run(task);
    const second = scheduler.run(task, { limits: { maxRequestsPerSecond: 4 } });
    await clock.advanceTo(2_000);
    await second;
    expect(starts).toEqual([0, 250]);
    await scheduler.run(task, { limits: { maxRequestsPerSecond: null } });
    expect(starts).toEqual([0, 250, 2_000]);
    expect(scheduler.snapshot()).toMatchObject({ ratePerSecond: null, rateSource: null });
  });

  for (const perSecond of [20, 50]) {
    it(`learns ${perSecond}/s from the first 429 of a token bucket: 2,000 reads, no 429 after the first backoff, ≥ 90% of the limit`, async () => {
      const run = await readThroughBucket({ perSecond, capacity: perSecond, reads: 2_000 });
      expect(run.refused.length).toBeGreaterThan(0);
      expect(run.refused.filter((r) => r.startedAt >= run.firstHoldEnds)).toEqual([]);
      expect((2_000 / run.lastAnswer) * 1000).toBeGreaterThanOrEqual(0.9 * perSecond);
      const { ratePerSecond, rateSource } = run.scheduler.snapshot();
      expect(rateSource).toBe('learned');
      expect(ratePerSecond).toBeLessThanOrEqual(perSecond);
    });
  }

  it('lowers a learned rate that was too high (a bucket with room for 3 s of bursts) until the 429s stop', async () => {
    const run = await readThroughBucket({ perSecond: 20, capacity: 60, reads: 2_000 });
    // The first estimate counts the burst; each later 429 lowers it, each time by at least 10%.
    expect(new Set(run.refused.map((r) => r.episode)).size).toBeGreaterThan(1);
    expect(run.refused.filter((r) => r.read >= 1_500)).toEqual([]);
    expect(run.scheduler.snapshot().ratePerSecond).toBeLessThanOrEqual(20);
  });

  it('reads no rate from a 429 that came when the connection was barely sending (a limit shared with others)', async () => {
    const scheduler = schedulerOn(new FakeClock());
    await scheduler.run(async () => answer(200));
    await scheduler.run(async () => answer(200));
    await scheduler.run(async () => answer(429));
    expect(scheduler.snapshot()).toMatchObject({ limit: 3, ratePerSecond: null, rateSource: null });
  });

  it('counts the answers still in flight when the 429 came, lets the setting cap the learned rate, and steps up when quiet', async () => {
    const clock = new FakeClock();
    const scheduler = schedulerOn(clock, { maxConcurrency: 32 });
    const gates = Array.from({ length: 10 }, () => deferred<ReturnType<typeof answer>>());
    const earlier = gates.map((gate) => scheduler.run(() => gate.promise));
    await scheduler.run(async () => answer(429));
    expect(scheduler.snapshot().ratePerSecond).toBeNull();
    for (const gate of gates) gate.resolve(answer(200));
    await Promise.all(earlier);
    // Ten answered in no time: a burst, so about one second's worth of allowance (10/s), less 5%.
    expect(scheduler.snapshot()).toMatchObject({ ratePerSecond: 9.5, rateSource: 'learned' });

    // The setting's 5 per second counts the 11 starts so far: this one waits for the next second.
    const capped = scheduler.run(async () => answer(200), { limits: { maxRequestsPerSecond: 5 } });
    await clock.advanceTo(1_000);
    await capped;
    expect(scheduler.snapshot()).toMatchObject({ ratePerSecond: 5, rateSource: 'setting' });
    scheduler.configure({ maxConcurrency: 32, maxRequestsPerSecond: null });

    // A few percent up per 10 quiet seconds, to a ceiling (here already reached); the ceiling itself moves once a minute.
    const rateAt = async (t: number) => (await clock.advanceTo(t), scheduler.snapshot().ratePerSecond!);
    expect(await rateAt(9_999)).toBe(9.5);
    expect(await rateAt(10_000)).toBeCloseTo(9.5);
    expect(await rateAt(59_999)).toBeCloseTo(9.5);
    expect(await rateAt(60_000)).toBeCloseTo(9.75);
    expect(await rateAt(120_000)).toBeCloseTo(10);

    // Another 429: at most 0.9 × the rate in force, even though nothing was accepted in the second before.
    await scheduler.run(async () => answer(429));
    expect(scheduler.snapshot().ratePerSecond).toBeCloseTo(0.9 * 10);
  });
});

/**
 * A job reading `reads` users with 8 workers through a server that is a token bucket (`capacity`, refilled
 * at `perSecond`) answering 429 with Retry-After: 1; each 429 is retried after its Retry-After.
 */
async function readThroughBucket({ perSecond, capacity, reads }: { perSecond: number; capacity: number; reads: number }) {
  const clock = new FakeClock();
  const scheduler = schedulerOn(clock);
  let tokens = capacity;
  let refilledAt = 0;
  const take = () => {
    tokens = Math.min(capacity, tokens + ((clock.now() - refilledAt) / 1000) * perSecond);
    refilledAt = clock.now();
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
  const refused: Array<{ read: number; startedAt: number; episode: number }> = [];
  let firstHoldEnds = Number.POSITIVE_INFINITY;
  let lastRefusal = Number.NEGATIVE_INFINITY;
  let episode = 0;
  let lastAnswer = 0;
  const attempt = (read: number) => async () => {
    const startedAt = clock.now();
    const accepted = take();
    await clock.sleep(5);
    if (accepted) return answer(200);
    // Refusals more than a second apart are separate episodes.
    if (startedAt - lastRefusal > 1000) episode++;
    lastRefusal = startedAt;
    refused.push({ read, startedAt, episode });
    firstHoldEnds = Math.min(firstHoldEnds, clock.now() + 1000);
    return answer(429, '1');
  };
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < reads) {
      const read = next++;
      while ((await scheduler.run(attempt(read))).status === 429) await clock.sleep(1000);
      done++;
      lastAnswer = clock.now();
    }
  };
  const workers = runInJob({ jobId: 'read', exchange: () => undefined }, () => Promise.all(Array.from({ length: 8 }, worker)));
  while (done < reads) await clock.advanceTo(clock.now() + 1_000);
  await workers;
  return { scheduler, refused, firstHoldEnds, lastAnswer };
}

describe('ConnectionScheduler: cancellation and async context', () => {
  it('drops a queued waiter whose signal aborts, rejecting with cancelled, without running it', async () => {
    const scheduler = schedulerOn(new FakeClock(), { maxConcurrency: 1 });
    const gate = deferred();
    const first = scheduler.run(() => gate.promise);
    const controller = new AbortController();
    let ran = false;
    const second = scheduler.run(async () => (ran = true), { signal: controller.signal, priority: 'job' });
    const third = scheduler.run(async () => 'third', { priority: 'job' });
    expect(scheduler.snapshot().queued.job).toBe(2);
    controller.abort();
    const error = (await second.catch((e: unknown) => e)) as AppError;
    expect(error.data).toEqual({ code: 'cancelled', message: 'The request was cancelled.' });
    expect(scheduler.snapshot().queued.job).toBe(1);
    gate.resolve();
    await first;
    expect(await third).toBe('third');
    expect(ran).toBe(false);
    await expect(scheduler.run(async () => (ran = true), { signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' });
    expect(ran).toBe(false);
  });

  it('runs each queued task in its own caller’s async context, whether a release or a timer starts it', async () => {
    const clock = new FakeClock();
    const scheduler = schedulerOn(clock, { maxConcurrency: 1 });
    const storage = new AsyncLocalStorage<string>();
    const gate = deferred();
    const blocker = storage.run('blocker', () => scheduler.run(() => gate.promise));
    const seen: Array<string | undefined> = [];
    const callers = ['a', 'b', 'c'].map((name) => storage.run(name, () => scheduler.run(async () => seen.push(storage.getStore()))));
    gate.resolve();
    await Promise.all([blocker, ...callers]);
    expect(seen).toEqual(['a', 'b', 'c']);

    // Held by a Retry-After: the timer that ends the hold starts them, each still in its own context.
    await storage.run('held', () => scheduler.run(async () => answer(429, '1')));
    const held = ['d', 'e'].map((name) => storage.run(name, () => scheduler.run(async () => seen.push(storage.getStore()))));
    await clock.advanceTo(5_000);
    await Promise.all(held);
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});
