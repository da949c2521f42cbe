import { describe, expect, it } from 'vitest';
import type { AppError } from '../../../../shared/contract';
import { ConcurrencyLimiter } from './limiter';

/** A promise the test settles by hand. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('ConcurrencyLimiter', () => {
  it('never runs more than max tasks at once over 50 tasks', async () => {
    const limiter = new ConcurrencyLimiter(4);
    let running = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        limiter.run(async () => {
          running++;
          peak = Math.max(peak, running);
          expect(limiter.active).toBeLessThanOrEqual(4);
          await new Promise((resolve) => setTimeout(resolve, (i * 7) % 5));
          running--;
          return i;
        }),
      ),
    );
    expect(peak).toBe(4);
    expect(results).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(limiter.active).toBe(0);
    expect(limiter.queued).toBe(0);
  });

  it('starts queued tasks in arrival order', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const started: number[] = [];
    const gates = Array.from({ length: 5 }, () => deferred());
    const all = gates.map((gate, i) =>
      limiter.run(async () => {
        started.push(i);
        await gate.promise;
      }),
    );
    expect(limiter.active).toBe(1);
    expect(limiter.queued).toBe(4);
    for (const gate of gates) {
      gate.resolve();
      await tick();
    }
    await Promise.all(all);
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });

  it('drops a queued task whose signal aborts, rejecting with cancelled, without running it', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const gate = deferred();
    const first = limiter.run(() => gate.promise);
    const controller = new AbortController();
    let ran = false;
    const second = limiter.run(async () => {
      ran = true;
    }, controller.signal);
    const third = limiter.run(async () => 'third');
    expect(limiter.queued).toBe(2);

    controller.abort();
    const error = (await second.catch((e: unknown) => e)) as AppError;
    expect(error.data).toEqual({ code: 'cancelled', message: 'The request was cancelled.' });
    expect(limiter.queued).toBe(1);

    gate.resolve();
    await first;
    expect(await third).toBe('third');
    expect(ran).toBe(false);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const limiter = new ConcurrencyLimiter(2);
    const controller = new AbortController();
    controller.abort();
    let ran = false;
    await expect(limiter.run(async () => (ran = true), controller.signal)).rejects.toMatchObject({ code: 'cancelled' });
    expect(ran).toBe(false);
  });

  it('frees the slot when a task fails or throws synchronously', async () => {
    const limiter = new ConcurrencyLimiter(1);
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(
      limiter.run(() => {
        throw new Error('sync');
      }),
    ).rejects.toThrow('sync');
    expect(await limiter.run(async () => 'ok')).toBe('ok');
    expect(limiter.active).toBe(0);
  });

  it('setMax: raising starts queued tasks at once; lowering lets running tasks finish', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const gates = Array.from({ length: 4 }, () => deferred());
    const all = gates.map((gate) => limiter.run(() => gate.promise));
    expect([limiter.active, limiter.queued]).toEqual([1, 3]);

    limiter.setMax(3);
    expect([limiter.active, limiter.queued]).toEqual([3, 1]);

    limiter.setMax(1);
    gates[0].resolve();
    await tick();
    expect([limiter.active, limiter.queued]).toEqual([2, 1]);
    gates[1].resolve();
    await tick();
    expect([limiter.active, limiter.queued]).toEqual([1, 1]);
    gates[2].resolve();
    await tick();
    expect([limiter.active, limiter.queued]).toEqual([1, 0]);
    gates[3].resolve();
    await Promise.all(all);
    expect(limiter.active).toBe(0);
  });

  it('refuses a limit below 1', () => {
    expect(() => new ConcurrencyLimiter(0)).toThrow(RangeError);
    expect(() => new ConcurrencyLimiter(2).setMax(Number.NaN)).toThrow(RangeError);
  });
});
