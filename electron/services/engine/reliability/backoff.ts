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
