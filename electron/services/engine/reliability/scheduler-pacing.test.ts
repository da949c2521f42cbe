/**
 * The scheduler's pacing where the event loop or the server's answers are uneven: slots missed to late
 * timers are made up (and none saved up while idle or held), a burst that followed slower starts is
 * read at its own rate, and 429s to attempts already in flight lower a learned rate once.
 */
import { describe, expect, it } from 'vitest';
import { answer, busiestSecond, deferred, FakeClock, schedulerOn } from './scheduler-test-helpers';

describe('ConnectionScheduler: pacing on a busy event loop', () => {
  it('makes up the slots late timers missed at a rate setting: kept on average, and never exceeded in any second', async () => {
    // Every timer fires 25 ms late, more than the 10 ms between starts at 100/s (a loaded machine).
    const clock = new FakeClock(() => 25);
    const scheduler = schedulerOn(clock, { maxConcurrency: 32, maxRequestsPerSecond: 100 });
    const starts: number[] = [];
    const all = Array.from({ length: 1_000 }, () => scheduler.run(async () => starts.push(clock.now())));
    await clock.advanceTo(60_000);
    await Promise.all(all);
    expect(busiestSecond(starts)).toBeLessThanOrEqual(100);
    // 1,000 starts at 100/s take 10 s (a little more: the setting's cap on every second counts the late
    // starts as they were); restarting the grid at every late timer, they took 35 s.
    expect(starts[999]! - starts[0]!).toBeLessThanOrEqual(10_300);
  });

  it('makes up the slots late timers missed at a learned rate: kept on average', async () => {
    const clock = new FakeClock(() => 40);
    const scheduler = schedulerOn(clock, { maxConcurrency: 64 });
    // 47.5/s learned (fifty answered at once, then a 429): 21 ms between starts, less than a timer's lateness.
    const gates = Array.from({ length: 50 }, () => deferred<ReturnType<typeof answer>>());
    const earlier = gates.map((gate) => scheduler.run(() => gate.promise));
    await scheduler.run(async () => answer(429));
    for (const gate of gates) gate.resolve(answer(200));
    await Promise.all(earlier);
    expect(scheduler.snapshot().ratePerSecond).toBe(47.5);
    const starts: number[] = [];
    const all = Array.from({ length: 476 }, () => scheduler.run(async () => (starts.push(clock.now()), answer(200))));
    await clock.advanceTo(60_000);
    await Promise.all(all);
    // 475 intervals of 1/47.5 s: 10 s, give or take a late timer; restarting the grid at each, 29 s.
    expect(starts[475]! - starts[0]!).toBeLessThanOrEqual(10_000 + 40);
    expect(busiestSecond(starts)).toBeLessThanOrEqual(48);
  });

  it('saves up no burst while idle or held by a Retry-After: the starts after either are spaced from the first', async () => {
    const clock = new FakeClock();
    const scheduler = schedulerOn(clock, { maxConcurrency: 32, maxRequestsPerSecond: 10 });
    const starts: number[] = [];
    const task =
      (status = 200, retryAfter?: string) =>
      async () => (starts.push(clock.now()), answer(status, retryAfter));
    await scheduler.run(task());
    await clock.advanceTo(5_000);
    const afterIdle = Array.from({ length: 3 }, () => scheduler.run(task()));
    await clock.advanceTo(6_000);
    await Promise.all(afterIdle);
    expect(starts).toEqual([0, 5_000, 5_100, 5_200]);

    // Queued during a 2 s hold (from 6,000): its slots are not made up when it ends.
    await scheduler.run(task(429, '2'));
    const afterHold = Array.from({ length: 3 }, () => scheduler.run(task()));
    await clock.advanceTo(9_000);
    await Promise.all(afterHold);
    expect(starts.slice(4)).toEqual([6_000, 8_000, 8_100, 8_200]);
  });
});

describe('ConnectionScheduler: learning from 429s', () => {
  it('learns the rate of a burst that followed slower starts, not a rate diluted by them', async () => {
    // A token bucket of 100/s holding a second's worth: 25 starts at 50/s leave it full, then starts at 500/s empty it.
    const clock = new FakeClock();
    const scheduler = schedulerOn(clock, { maxConcurrency: 32 });
    let tokens = 100;
    let refilledAt = 0;
    const attempt = async () => {
      tokens = Math.min(100, tokens + ((clock.now() - refilledAt) / 1000) * 100);
      refilledAt = clock.now();
      if (tokens < 1) return answer(429);
      tokens -= 1;
      return answer(200);
    };
    for (let i = 0; i < 25; i++) {
      await scheduler.run(attempt);
      await clock.advanceTo(clock.now() + 20);
    }
    while (scheduler.snapshot().rateSource === null) {
      await scheduler.run(attempt);
      await clock.advanceTo(clock.now() + 2);
    }
    // Counting the slow starts with their span gives ~86/s (learned as ~81); the burst alone shows the bucket's 100.
    const { ratePerSecond } = scheduler.snapshot();
    expect(ratePerSecond).toBeGreaterThanOrEqual(93);
    expect(ratePerSecond).toBeLessThanOrEqual(100);
  });

  it('lowers a learned rate once for 429s answered to attempts already in flight when the first came back', async () => {
    const clock = new FakeClock();
    const scheduler = schedulerOn(clock, { maxConcurrency: 32 });
    // 9.5/s learned: ten answered at once, then a 429.
    const gates = Array.from({ length: 10 }, () => deferred<ReturnType<typeof answer>>());
    const earlier = gates.map((gate) => scheduler.run(() => gate.promise));
    await scheduler.run(async () => answer(429));
    for (const gate of gates) gate.resolve(answer(200));
    await Promise.all(earlier);
    expect(scheduler.snapshot()).toMatchObject({ ratePerSecond: 9.5, limit: 16 });

    // Four started at that rate, all still in flight when the server refuses them all.
    const inFlight = Array.from({ length: 4 }, () => deferred<ReturnType<typeof answer>>());
    const refused = inFlight.map((gate) => scheduler.run(() => gate.promise));
    await clock.advanceTo(1_000);
    expect(scheduler.snapshot().active).toBe(4);
    for (const gate of inFlight) gate.resolve(answer(429));
    await Promise.all(refused);
    // One episode: 0.9 × 9.5 and the window halved once (not 0.9⁴ × 9.5 ≈ 6.2, nor a window of 1).
    expect(scheduler.snapshot().ratePerSecond).toBeCloseTo(0.9 * 9.5);
    expect(scheduler.snapshot().limit).toBe(8);
  });
});
