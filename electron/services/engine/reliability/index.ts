/** Reliability for SCIM traffic: retries with backoff, per-connection scheduling (priority, concurrency, rate), ETag bookkeeping. */
export { parseRetryAfter, parseHttpDate, DEFAULT_MAX_RETRY_AFTER_MS } from './retry-after';
export { backoffDelay, type BackoffOptions } from './backoff';
export {
  isIdempotent,
  isRetryable,
  sendWithRetry,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_MAX_TIMEOUT_ATTEMPTS,
  worstCaseWaitMs,
  type RetryQuestion,
  type RetryPolicy,
  type RetryRecord,
  type RetryResult,
} from './retry';
export {
  ConnectionScheduler,
  DEFAULT_MAX_CONCURRENCY,
  type SchedulerClock,
  type SchedulerLimits,
  type SchedulerSnapshot,
  type ScheduleOptions,
} from './scheduler';
export { readEtag, EtagCache, DEFAULT_ETAG_CACHE_ENTRIES, type EtagKey, type EtagCacheKey } from './etag';
export { abortableSleep, cancelledError } from './cancellation';
