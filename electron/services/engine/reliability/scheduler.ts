import { AsyncResource } from 'node:async_hooks';
import { currentPriority, type RequestPriority } from '../../jobs/context';
import { cancelledError } from './cancellation';
import { DEFAULT_MAX_RETRY_AFTER_MS, parseRetryAfter } from './retry-after';

/** Requests at once on a connection unless its settings say otherwise. */
export const DEFAULT_MAX_CONCURRENCY = 6;

/** The window in which a rate is counted: "N per second". */
const SECOND_MS = 1000;
/** A learned rate is this share of what the server accepted in the second before saying 429. */
const LEARN_FACTOR = 0.9;
/** The first 429's estimate, which already assumes a burst allowance (see estimate()), takes this share. */
const FIRST_LEARN_FACTOR = 0.95;
/** The learned rate climbs back to this share of that count, no further, until a longer quiet spell. */
const CEILING_FACTOR = 0.95;
/** Each step up is this share of the count (a few percent: additive, not multiplicative). */
const STEP_FACTOR = 0.025;
/** Quiet time (no 429) before each step up of the learned rate. */
const RAISE_EVERY_MS = 10_000;
/** Quiet time before the ceiling itself moves up a step: a slow probe for a server that got faster. */
const PROBE_EVERY_MS = 60_000;
/** Slots of the grid missed while a start waited (late timers, a busy event loop) are made up this far back. */
const CATCH_UP_MS = 100;
/**
 * Fewer answers than this in the second before a 429 and the connection was barely sending (another client
 * used up a shared limit, say): the count says nothing about the server's rate, so no rate is read from it.
 */
const MIN_SAMPLE = 3;
/** However often the server says 429, starts never get further apart than this allows. */
const MIN_RATE = 0.1;

/** A connection's settings as far as the scheduler reads them (absent fields take the defaults). */
export interface SchedulerLimits {
  maxConcurrency?: number;
  maxRequestsPerSecond?: number | null;
}

/** Injected so tests run on a fake clock; `now` is epoch ms because Retry-After may be an HTTP date. */
export interface SchedulerClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SchedulerSnapshot {
  /** Attempts allowed at once right now (halved on overload, recovering towards the setting). */
  limit: number;
  active: number;
  queued: { interactive: number; job: number };
  /** The spacing of starts in force, per second; null when starts are not spaced. */
  ratePerSecond: number | null;
  rateSource: 'setting' | 'learned' | null;
  /** Epoch ms before which nothing starts (the server's Retry-After); null when not holding. */
  holdUntil: number | null;
}

export interface ScheduleOptions {
  signal?: AbortSignal;
  /** Defaults to the caller's async context: 'job' inside a job, 'interactive' otherwise. */
  priority?: RequestPriority;
  /** The connection's settings, read on every run so an edit takes effect at once. */
  limits?: SchedulerLimits;
}

interface Waiter {
  start: () => void;
  /** When it joined the queue: from then on, a start was wanted. */
  queuedAt: number;
}

interface Attempt {
  /** Start order: "started before" without ties, where a clock reading would have them. */
  seq: number;
  startedAt: number;
}

/** A rate learned from a 429; it rises with quiet time since `since`, so it needs no timer of its own. */
interface LearnedRate {
  base: number;
  /** What the server was estimated to allow per second (base is a margin below it). */
  estimate: number;
  since: number;
}

/** A 429 whose rate estimate waits for the attempts in flight when it came, so none is missing from the count. */
interface PendingEstimate {
  /** Attempts with a lower `seq` were started by the time the 429 arrived. */
  seq: number;
  answeredAt: number;
}

const systemClock: SchedulerClock = {
  now: () => Date.now(),
  // Looked up at call time, so fake timers installed by a test after construction still apply.
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * One per connection, shared by every job and by interactive calls: it decides when each attempt of a
 * request may start. Interactive attempts go before jobs'; at most `limit` run at once, a window that
 * halves on 429/503 and grows back by one per window's worth of answers; nothing starts before a
 * Retry-After moment; and starts are spaced at the connection's rate setting or at a rate learned from
 * the first 429 (what the server accepted in the second before it, less a margin).
 */
export class ConnectionScheduler {
  private readonly clock: SchedulerClock;
  private maxConcurrency = DEFAULT_MAX_CONCURRENCY;
  private rateSetting: number | null = null;
  private window = DEFAULT_MAX_CONCURRENCY;
  private successes = 0;
  private readonly running = new Set<Attempt>();
  // Sets keep insertion (FIFO) order and let a cancelled waiter leave from anywhere.
  private readonly queues: Record<RequestPriority, Set<Waiter>> = { interactive: new Set(), job: new Set() };
  private holdUntil = 0;
  /** The grid point of the last start; the next is due one interval later, at whatever rate is in force then. */
  private gridAt = Number.NEGATIVE_INFINITY;
  private started = 0;
  /** Starts in the last second, oldest first: the hard cap a rate setting puts on any 1 s window. */
  private readonly recentStarts: number[] = [];
  /** Start times of attempts the server did not answer with 429, roughly oldest first. */
  private accepted: number[] = [];
  private learned: LearnedRate | null = null;
  private pending: PendingEstimate | null = null;
  /** Overload answers to attempts started before this one (by `seq`) belong to the episode already reacted to. */
  private episodeSeq = 0;
  private timer: { handle: unknown; at: number } | null = null;

  constructor(limits: SchedulerLimits = {}, clock: Partial<SchedulerClock> = {}) {
    this.clock = { ...systemClock, ...clock };
    this.configure(limits);
    this.window = this.maxConcurrency;
  }

  /** Applies a connection's settings; a lower limit lets running attempts finish, a higher one starts waiters. */
  configure(limits: SchedulerLimits): void {
    const max = validConcurrency(limits.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY);
    if (max !== this.maxConcurrency) {
      // Keep any reduction the server caused, shifted by the change the user made.
      this.window = Math.min(max, Math.max(1, this.window + max - this.maxConcurrency));
      this.maxConcurrency = max;
    }
    const rate = limits.maxRequestsPerSecond;
    this.rateSetting = typeof rate === 'number' && Number.isFinite(rate) && rate > 0 ? rate : null;
    this.drain();
  }

  /**
   * Runs `task` (one attempt) when its turn comes. When it resolves to an HTTP answer (`status`, and
   * `headers['retry-after']`), the scheduler learns from it. If `signal` aborts while the task is still
   * queued, it leaves the queue and the promise rejects with 'cancelled'; once started, the task owns
   * its own cancellation.
   */
  run<T>(task: () => Promise<T>, options: ScheduleOptions = {}): Promise<T> {
    const { signal } = options;
    if (options.limits) this.configure(options.limits);
    if (signal?.aborted) return Promise.reject(cancelledError());
    const queue = this.queues[options.priority ?? currentPriority()];
    return new Promise<T>((resolve, reject) => {
      const execute = () => {
        const attempt: Attempt = { seq: this.started++, startedAt: this.clock.now() };
        this.running.add(attempt);
        let result: Promise<T>;
        try {
          result = task();
        } catch (error) {
          result = Promise.reject(error);
        }
        // The slot is freed before the caller hears back, so a caller that runs again at once is not queued behind itself.
        result.then(
          (value) => {
            this.settle(attempt, value);
            resolve(value);
          },
          (error: unknown) => {
            this.settle(attempt, undefined);
            reject(error);
          },
        );
      };
      const onAbort = () => {
        queue.delete(waiter);
        if (this.queuedCount() === 0) this.cancelTimer();
        reject(cancelledError());
      };
      const waiter: Waiter = {
        queuedAt: this.clock.now(),
        // Started by whichever attempt frees the slot, or by a timer; bound here, it runs in its own
        // caller's async context (so what it reports, e.g. a retry, names the call it belongs to).
        start: AsyncResource.bind(() => {
          signal?.removeEventListener('abort', onAbort);
          execute();
        }),
      };
      queue.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.drain();
    });
  }

  snapshot(): SchedulerSnapshot {
    const now = this.clock.now();
    const learned = this.learnedRate(now);
    const source = this.rateSetting !== null && (learned === null || this.rateSetting <= learned) ? 'setting' : learned !== null ? 'learned' : null;
    return {
      limit: this.window,
      active: this.running.size,
      queued: { interactive: this.queues.interactive.size, job: this.queues.job.size },
      ratePerSecond: this.rate(now),
      rateSource: source,
      holdUntil: this.holdUntil > now ? this.holdUntil : null,
    };
  }

  private queuedCount(): number {
    return this.queues.interactive.size + this.queues.job.size;
  }

  private drain(): void {
    while (this.running.size < this.window) {
      const queue = this.queues.interactive.size > 0 ? this.queues.interactive : this.queues.job;
      const next = queue.values().next();
      if (next.done) return this.cancelTimer();
      const now = this.clock.now();
      if (this.holdUntil > now) return this.wakeAt(this.holdUntil);
      // A start is about to be spaced: settle the estimate now rather than wait for stragglers.
      if (this.pending) this.estimate();
      const readyAt = this.readyAt(now);
      if (readyAt > now) return this.wakeAt(readyAt);
      const waitingSince = this.oldestQueuedAt();
      queue.delete(next.value);
      this.admit(now, waitingSince);
      next.value.start();
    }
  }

  /** The earliest moment the next start is allowed by the rate: on its grid, within the setting's cap. */
  private readyAt(now: number): number {
    const rate = this.rate(now);
    if (rate === null) return now;
    let at = Math.max(now, this.gridAt + SECOND_MS / rate);
    this.forgetStartsBefore(now - SECOND_MS);
    if (this.rateSetting !== null) {
      // Timer lateness can let a grid start slip close to the next one; the setting is a promise about every 1 s window.
      const cap = Math.max(1, Math.floor(this.rateSetting));
      if (this.recentStarts.length >= cap) at = Math.max(at, this.recentStarts[this.recentStarts.length - cap] + SECOND_MS);
    }
    return at;
  }

  /** `waitingSince`: when the longest-waiting start joined the queue. */
  private admit(now: number, waitingSince: number): void {
    this.forgetStartsBefore(now - SECOND_MS);
    this.recentStarts.push(now);
    const rate = this.rate(now);
    if (rate === null) return;
    const interval = SECOND_MS / rate;
    const due = this.gridAt + interval;
    // Late by less than one interval (a timer firing late): stay on the grid, so lateness does not pile up.
    // Later than that, the slots that passed while a start stood waiting (a busy event loop) are made up,
    // back to CATCH_UP_MS ago, so the rate is still kept on average; slots that passed with nothing
    // waiting (idle) or during a hold are gone: the grid restarts from when a start was next wanted.
    const wantedFrom = Math.max(waitingSince, this.holdUntil, now - CATCH_UP_MS);
    this.gridAt = now - due < interval ? due : Math.max(due, Math.min(now, wantedFrom));
  }

  private oldestQueuedAt(): number {
    const heads = [this.queues.interactive.values().next().value, this.queues.job.values().next().value];
    return Math.min(...heads.map((waiter) => waiter?.queuedAt ?? Number.POSITIVE_INFINITY));
  }

  private forgetStartsBefore(cutoff: number): void {
    while (this.recentStarts.length > 0 && this.recentStarts[0] <= cutoff) this.recentStarts.shift();
  }

  private settle(attempt: Attempt, value: unknown): void {
    this.running.delete(attempt);
    const answer = asAnswer(value);
    if (answer) this.feedback(attempt, answer);
    if (this.pending && ![...this.running].some((a) => a.seq < this.pending!.seq)) this.estimate();
    this.drain();
  }

  private feedback(attempt: Attempt, answer: Answer): void {
    const now = this.clock.now();
    const { status } = answer;
    if (status !== 429) {
      this.accepted.push(attempt.startedAt);
      if (!this.pending) {
        while (this.accepted.length > 0 && this.accepted[0] < now - 2 * SECOND_MS) this.accepted.shift();
      }
    }
    if (status !== 429 && status !== 503) {
      if (++this.successes >= this.window) {
        this.successes = 0;
        this.window = Math.min(this.maxConcurrency, this.window + 1);
      }
      return;
    }
    const retryAfterMs = parseRetryAfter(answer.headers['retry-after'], now, DEFAULT_MAX_RETRY_AFTER_MS);
    if (retryAfterMs !== undefined) this.holdUntil = Math.max(this.holdUntil, now + retryAfterMs);
    // Attempts already in flight when the server first said so tell nothing new: one reaction per episode.
    if (attempt.seq < this.episodeSeq) return;
    this.episodeSeq = this.started;
    this.window = Math.max(1, Math.floor(this.window / 2));
    this.successes = 0;
    if (status === 429) this.pending = { seq: this.started, answeredAt: now };
  }

  /** Turns a pending 429 into a rate: ~0.9 of the answers accepted in the second before it, never above 0.9 × the rate in force. */
  private estimate(): void {
    const pending = this.pending!;
    this.pending = null;
    const now = this.clock.now();
    // Attempts started before the 429 arrived: the server may have taken some of them after the refused one.
    const from = pending.answeredAt - SECOND_MS;
    const inWindow = this.accepted.filter((t) => t > from && t <= pending.answeredAt).sort((a, b) => a - b);
    const count = inWindow.length;
    const previous = this.learnedRate(now);
    // That estimate is already conservative (an allowance smaller than a second's worth makes it low), so
    // it keeps a smaller margin than a count over a whole second of steady refusals does.
    const estimate = previous === null ? burstRate(inWindow, pending.answeredAt) : count;
    let base = count >= MIN_SAMPLE ? (previous === null ? FIRST_LEARN_FACTOR : LEARN_FACTOR) * estimate : Number.POSITIVE_INFINITY;
    if (previous !== null) base = Math.min(base, LEARN_FACTOR * previous);
    // Too little accepted lately and nothing learned before: no rate to speak of, the hold and the window react alone.
    if (!Number.isFinite(base)) return;
    // Quiet time counts from the end of the hold, when sending resumes.
    this.learned = { base: Math.max(MIN_RATE, base), estimate: Math.min(estimate, base / LEARN_FACTOR), since: Math.max(now, this.holdUntil) };
  }

  /** The learned rate: up a step per 10 quiet seconds to a ceiling a little above it, which itself creeps up per minute. */
  private learnedRate(now: number): number | null {
    if (!this.learned) return null;
    const { base, estimate, since } = this.learned;
    const quiet = Math.max(0, now - since);
    // Steps and ceiling are shares of the rate the server was estimated to allow, not of the margin below it.
    const step = STEP_FACTOR * estimate;
    const ceiling = Math.max(base, CEILING_FACTOR * estimate) + step * Math.floor(quiet / PROBE_EVERY_MS);
    return Math.min(base + step * Math.floor(quiet / RAISE_EVERY_MS), ceiling);
  }

  /** The spacing in force: the setting caps whatever was learned. */
  private rate(now: number): number | null {
    const learned = this.learnedRate(now);
    if (this.rateSetting === null) return learned;
    return learned === null ? this.rateSetting : Math.min(this.rateSetting, learned);
  }

  private wakeAt(at: number): void {
    if (this.timer && this.timer.at <= at) return;
    this.cancelTimer();
    const handle = this.clock.setTimeout(
      () => {
        this.timer = null;
        this.drain();
      },
      Math.max(0, at - this.clock.now()),
    );
    this.timer = { handle, at };
  }

  private cancelTimer(): void {
    if (!this.timer) return;
    this.clock.clearTimeout(this.timer.handle);
    this.timer = null;
  }
}

/**
 * The rate a first 429 suggests (`starts`: those accepted in the second before it, oldest first). It
 * usually ends a burst, which includes the server's burst allowance: taking that to be about a second's
 * worth (a token bucket of capacity = rate, the common setup), the rate is the count over (1 s + the
 * span); a larger allowance overshoots, and the next 429 lowers the rate again. The burst starts at
 * whichever start gives the highest rate: slower starts before it (a job getting going) left the bucket
 * full and its refill unused, so counting them put the rate 5% low and more; under that model no choice
 * of start exceeds the true rate, so the highest is the closest.
 */
function burstRate(starts: readonly number[], answeredAt: number): number {
  let best = 0;
  for (let k = 0; k < starts.length; k++) {
    const spanMs = Math.min(SECOND_MS, answeredAt - starts[k]!);
    best = Math.max(best, ((starts.length - k) * SECOND_MS) / (SECOND_MS + spanMs));
  }
  return best;
}

/** What the scheduler reads of an attempt's result. */
interface Answer {
  status: number;
  headers: Record<string, string | undefined>;
}

function asAnswer(value: unknown): Answer | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { status, headers } = value as { status?: unknown; headers?: unknown };
  if (typeof status !== 'number') return undefined;
  return { status, headers: typeof headers === 'object' && headers !== null ? (headers as Answer['headers']) : {} };
}

function validConcurrency(max: number): number {
  if (!Number.isFinite(max) || max < 1) throw new RangeError(`A concurrency limit must be at least 1 (got ${max}).`);
  return Math.floor(max);
}
