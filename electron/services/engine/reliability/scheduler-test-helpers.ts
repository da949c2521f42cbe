/** A fake clock and small helpers shared by the scheduler's tests. */
import { ConnectionScheduler, type SchedulerLimits } from './scheduler';

/** A promise the test settles by hand. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((res) => (resolve = res));
  return { promise, resolve };
}

/** Lets every pending promise callback run (they all go before the next macrotask). */
export const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Timer {
  at: number;
  seq: number;
  fire: () => void;
}

/** A clock that moves only when told to, firing its timers in order; `lateMs` makes each timer fire late. */
export class FakeClock {
  time = 0;
  private timers: Timer[] = [];
  private seq = 0;
  constructor(private readonly lateMs: () => number = () => 0) {}

  readonly now = () => this.time;
  readonly setTimeout = (fire: () => void, ms: number): Timer => {
    const timer = { at: this.time + Math.max(0, ms) + this.lateMs(), seq: this.seq++, fire };
    this.timers.push(timer);
    return timer;
  };
  readonly clearTimeout = (handle: unknown) => {
    this.timers = this.timers.filter((t) => t !== handle);
  };

  /** Fires every timer due by `until` (settling promises after each), then stands at `until`. */
  async advanceTo(until: number): Promise<void> {
    for (;;) {
      await flush();
      const next = this.timers.reduce<Timer | undefined>((a, t) => (!a || t.at < a.at || (t.at === a.at && t.seq < a.seq) ? t : a), undefined);
      if (!next || next.at > until) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.time = Math.max(this.time, next.at);
      next.fire();
    }
    this.time = Math.max(this.time, until);
    await flush();
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(resolve, ms));
  }
}

export const answer = (status: number, retryAfter?: string) => ({ status, headers: retryAfter === undefined ? {} : { 'retry-after': retryAfter } });

export function schedulerOn(clock: FakeClock, limits: SchedulerLimits = {}) {
  return new ConnectionScheduler(limits, { now: clock.now, setTimeout: clock.setTimeout, clearTimeout: clock.clearTimeout });
}

/** Most starts within any half-open window [t, t + 1000). */
export function busiestSecond(starts: number[]): number {
  let most = 0;
  for (let i = 0, j = 0; i < starts.length; i++) {
    while (starts[j] <= starts[i] - 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}
