import type { JobProgress } from '../../../shared/contract';

/** The window a rate is measured over: long enough to smooth bursts, short enough to follow a slowdown. */
const RATE_WINDOW_MS = 5000;

/** A job's items done, requests sent, and from recent samples its rate and time left. */
export class JobProgressMeter {
  private done = 0;
  private total: number | null = null;
  private requests = 0;
  private readonly samples: Array<{ at: number; done: number }> = [];

  constructor(private readonly now: () => number) {}

  /** Figures from a previous run (the list after a restart shows where it stopped). */
  restore(done: number, total: number | null, requests: number): void {
    this.done = done;
    this.total = total;
    this.requests = requests;
  }

  update(done: number, total: number | null): void {
    this.done = done;
    this.total = total;
    const at = this.now();
    this.samples.push({ at, done });
    while (this.samples.length > 2 && this.samples[0]!.at < at - RATE_WINDOW_MS) this.samples.shift();
  }

  request(): void {
    this.requests += 1;
  }

  persisted(): { done: number; total: number | null; requests: number } {
    return { done: this.done, total: this.total, requests: this.requests };
  }

  /** Rate and ETA only while running: a paused or finished job has neither. */
  view(unit: string, running: boolean): JobProgress {
    const rate = running ? this.rate() : null;
    const left = this.total === null ? null : Math.max(0, this.total - this.done);
    return {
      done: this.done,
      total: this.total,
      unit,
      requests: this.requests,
      ratePerSecond: rate,
      etaMs: rate && left !== null ? Math.round((left / rate) * 1000) : null,
    };
  }

  private rate(): number | null {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || last.at - first.at < 250) return null;
    return Math.max(0, ((last.done - first.done) * 1000) / (last.at - first.at));
  }
}
