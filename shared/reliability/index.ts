/**
 * The retry budget, pure so both sides can state it: main retries with it, and the connection form
 * tells the user the longest a server that never answers can keep one request waiting.
 */

export interface BackoffOptions {
  /** The ceiling of the first retry's delay; it doubles with each further attempt. */
  baseMs?: number;
  /** No delay exceeds this. */
  capMs?: number;
  /** Injected for tests; must return a number in [0, 1). */
  random?: () => number;
}

/**
 * Capped exponential backoff with full jitter ("Exponential Backoff And Jitter", AWS Architecture Blog):
 * a uniform draw from [0, min(cap, base · 2^(attempt−1))). Full jitter spreads clients that failed
 * together, so they do not all come back at the same instant and fail together again.
 * `attempt` is the 1-based number of the attempt that just failed.
 */
export function backoffDelay(attempt: number, { baseMs = 500, capMs = 30_000, random = Math.random }: BackoffOptions = {}): number {
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  const ceiling = Math.max(0, Math.min(capMs, baseMs * 2 ** exponent));
  const draw = Math.min(Math.max(random(), 0), 1);
  return Math.min(Math.floor(draw * ceiling), Math.max(0, ceiling - 1));
}

/** Total attempts of an idempotent request, including the first. */
export const DEFAULT_MAX_ATTEMPTS = 4;
/** A timed-out attempt is retried once, not three times. */
export const DEFAULT_MAX_TIMEOUT_ATTEMPTS = 2;

export interface RetryBudget {
  maxAttempts?: number;
  maxTimeoutAttempts?: number;
  backoff?: BackoffOptions;
}

/**
 * The longest a request can keep the user waiting when the server never answers: every allowed
 * timed-out attempt runs to its timeout, and every backoff between them draws its maximum.
 */
export function worstCaseWaitMs(timeoutMs: number, policy: RetryBudget = {}): number {
  const attempts = Math.max(1, Math.min(policy.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, policy.maxTimeoutAttempts ?? DEFAULT_MAX_TIMEOUT_ATTEMPTS));
  let total = attempts * timeoutMs;
  for (let failed = 1; failed < attempts; failed++) total += backoffDelay(failed, { ...policy.backoff, random: () => 1 });
  return total;
}
