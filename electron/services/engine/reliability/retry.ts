import { AppError, type AppErrorCode } from '../../../../shared/contract';
import type { HttpResponse } from '../../http/client';
import { backoffDelay, DEFAULT_MAX_ATTEMPTS, DEFAULT_MAX_TIMEOUT_ATTEMPTS, type BackoffOptions } from '../../../../shared/reliability';
import { abortableSleep, raceCancellation, throwIfCancelled } from './cancellation';
import { DEFAULT_MAX_RETRY_AFTER_MS, parseRetryAfter } from './retry-after';

/** Methods that may be sent twice without doing the work twice. Other POSTs and PATCH may not. */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);
/** Overload and gateway answers: the request most likely was not processed. */
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
/** Transport failures worth another try; tls/auth/cancelled will fail the same way again. */
const RETRYABLE_ERROR_CODES = new Set<AppErrorCode>(['network', 'timeout']);

export interface RetryQuestion {
  method: string;
  status?: number;
  errorCode?: AppErrorCode | string;
  /** `POST …/.search` is a read and may be repeated; the caller knows whether this is one. */
  isSearch?: boolean;
}

/** Whether the request may be sent again at all, whatever its outcome. */
export function isIdempotent(method: string, isSearch = false): boolean {
  const upper = method.toUpperCase();
  return IDEMPOTENT_METHODS.has(upper) || (upper === 'POST' && isSearch);
}

/** Whether this outcome (a status or a transport error code) of this request is worth retrying. */
export function isRetryable({ method, status, errorCode, isSearch = false }: RetryQuestion): boolean {
  if (!isIdempotent(method, isSearch)) return false;
  if (errorCode !== undefined) return RETRYABLE_ERROR_CODES.has(errorCode as AppErrorCode);
  return status !== undefined && RETRYABLE_STATUSES.has(status);
}

export interface RetryRecord {
  /** The attempt about to be made after the delay (2 for the first retry); the journal records the same number. */
  attempt: number;
  /** The most attempts this request can get, given why it is being retried (fewer for timeouts). */
  of: number;
  delayMs: number;
  /** Why the previous attempt is being repeated, e.g. "HTTP 503" or "network: Could not reach …". */
  reason: string;
}

export interface RetryPolicy {
  method: string;
  isSearch?: boolean;
  /** Total attempts including the first. */
  maxAttempts?: number;
  /**
   * Attempts that may end in a timeout: a server that did not answer within the timeout is unlikely
   * to answer the next time, and every further try costs the user a whole timeout.
   */
  maxTimeoutAttempts?: number;
  /** A Retry-After longer than this ends the retrying; the response is returned for the caller to report. */
  maxRetryAfterMs?: number;
  backoff?: BackoffOptions;
  /** Injected for tests; the default is a timer. Cancellation is enforced around it either way. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  onRetry?: (info: RetryRecord) => void;
}

export interface RetryResult {
  response: HttpResponse;
  attempts: number;
  retries: RetryRecord[];
  /**
   * The wait the final response's Retry-After asked for (uncapped), when it had one. When this exceeds
   * the policy's maximum the caller should raise `rate_limited` quoting it.
   */
  retryAfterMs?: number;
}

// The budget (attempts, backoff, the worst case) is pure and shared with the renderer.
export { DEFAULT_MAX_ATTEMPTS, DEFAULT_MAX_TIMEOUT_ATTEMPTS, worstCaseWaitMs } from '../../../../shared/reliability';

/**
 * Sends via `send(attempt)` and repeats idempotent requests that met overload, a gateway error or a
 * transport failure: Retry-After is honoured when present, otherwise full-jitter backoff. After the last
 * attempt the final response is returned (or its error rethrown) for the caller to interpret.
 */
export async function sendWithRetry(send: (attempt: number) => Promise<HttpResponse>, policy: RetryPolicy, signal?: AbortSignal): Promise<RetryResult> {
  const { method, isSearch = false, maxAttempts = DEFAULT_MAX_ATTEMPTS, maxRetryAfterMs = DEFAULT_MAX_RETRY_AFTER_MS } = policy;
  const sleep = policy.sleep ?? abortableSleep;
  const lastAttempt = isIdempotent(method, isSearch) ? Math.max(1, Math.floor(maxAttempts)) : 1;
  const lastTimeoutAttempt = Math.min(lastAttempt, Math.max(1, Math.floor(policy.maxTimeoutAttempts ?? DEFAULT_MAX_TIMEOUT_ATTEMPTS)));
  const retries: RetryRecord[] = [];
  let timeouts = 0;

  for (let attempt = 1; ; attempt++) {
    throwIfCancelled(signal);
    let response: HttpResponse;
    try {
      response = await send(attempt);
    } catch (error) {
      const code = error instanceof AppError ? error.code : undefined;
      if (code === 'timeout') timeouts++;
      if (attempt >= lastAttempt || code === undefined || !isRetryable({ method, isSearch, errorCode: code })) throw error;
      if (code === 'timeout' && timeouts >= lastTimeoutAttempt) throw error;
      const of = code === 'timeout' ? attempt - timeouts + lastTimeoutAttempt : lastAttempt;
      await pause({
        attempt: attempt + 1,
        of: Math.min(of, lastAttempt),
        delayMs: backoffDelay(attempt, policy.backoff),
        reason: `${code}: ${(error as AppError).message}`,
      });
      continue;
    }

    const retryAfterMs = parseRetryAfter(response.headers['retry-after'], Date.now(), Infinity);
    const done = (): RetryResult => ({ response, attempts: attempt, retries, ...(retryAfterMs !== undefined && { retryAfterMs }) });
    if (attempt >= lastAttempt || !isRetryable({ method, isSearch, status: response.status })) return done();
    // The server said how long it needs; if that is longer than we will wait, let the caller say so.
    if (retryAfterMs !== undefined && retryAfterMs > maxRetryAfterMs) return done();
    const delayMs = retryAfterMs ?? backoffDelay(attempt, policy.backoff);
    await pause({ attempt: attempt + 1, of: lastAttempt, delayMs, reason: `HTTP ${response.status}` });
  }

  async function pause(record: RetryRecord): Promise<void> {
    retries.push(record);
    policy.onRetry?.(record);
    await raceCancellation(sleep(record.delayMs, signal), signal);
  }
}
