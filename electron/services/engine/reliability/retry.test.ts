import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../../shared/contract';
import type { HttpResponse } from '../../http/client';
import { isRetryable, sendWithRetry, worstCaseWaitMs, type RetryPolicy } from './retry';

function response(status: number, headers: Record<string, string> = {}): HttpResponse {
  return { exchangeId: `x${status}`, status, headers, body: '', url: 'https://scim.example/Users', timings: { startedAt: 0, ttfbMs: 1, totalMs: 1 } };
}

/** A `send` that plays back a script of outcomes and records the attempt numbers it was given. */
function scripted(...outcomes: Array<HttpResponse | Error>) {
  const attempts: number[] = [];
  const send = vi.fn(async (attempt: number) => {
    attempts.push(attempt);
    const next = outcomes[Math.min(attempts.length, outcomes.length) - 1];
    if (next instanceof Error) throw next;
    return next;
  });
  return { send, attempts };
}

/** Records the requested delays instead of waiting. */
function recordingSleep() {
  const delays: number[] = [];
  const sleep = async (ms: number) => {
    delays.push(ms);
  };
  return { sleep, delays };
}

const network = () => new AppError({ code: 'network', message: 'Could not reach scim.example: the connection was reset by the server.' });
const noJitter: RetryPolicy['backoff'] = { random: () => 0.5 };

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected a failure');
}

afterEach(() => {
  vi.useRealTimers();
});

describe('isRetryable', () => {
  it('retries idempotent methods and searches on overload, gateway errors and transport failures', () => {
    for (const method of ['GET', 'get', 'PUT', 'DELETE', 'HEAD']) {
      for (const status of [429, 502, 503, 504]) expect(isRetryable({ method, status, isSearch: false })).toBe(true);
      expect(isRetryable({ method, errorCode: 'network', isSearch: false })).toBe(true);
      expect(isRetryable({ method, errorCode: 'timeout', isSearch: false })).toBe(true);
    }
    expect(isRetryable({ method: 'POST', status: 503, isSearch: true })).toBe(true);
  });

  it('never retries a create or a PATCH', () => {
    for (const method of ['POST', 'PATCH']) {
      expect(isRetryable({ method, status: 429, isSearch: false })).toBe(false);
      expect(isRetryable({ method, errorCode: 'network', isSearch: false })).toBe(false);
    }
    expect(isRetryable({ method: 'PATCH', status: 429, isSearch: true })).toBe(false);
  });

  it('does not retry other statuses or errors that would fail again', () => {
    for (const status of [200, 400, 401, 404, 409, 412, 500]) expect(isRetryable({ method: 'GET', status, isSearch: false })).toBe(false);
    for (const errorCode of ['tls', 'auth', 'cancelled', 'http']) expect(isRetryable({ method: 'GET', errorCode, isSearch: false })).toBe(false);
  });
});

describe('sendWithRetry', () => {
  it('retries a GET once after the Retry-After delay on 429, then returns the 200', async () => {
    vi.useFakeTimers();
    const { send, attempts } = scripted(response(429, { 'retry-after': '2' }), response(200));
    const onRetry = vi.fn();
    const pending = sendWithRetry(send, { method: 'GET', onRetry });

    await vi.advanceTimersByTimeAsync(1_999);
    expect(attempts).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1);
    const result = await pending;

    expect(attempts).toEqual([1, 2]);
    expect(result.response.status).toBe(200);
    expect(result.attempts).toBe(2);
    expect(result.retries).toEqual([{ attempt: 2, of: 4, delayMs: 2_000, reason: 'HTTP 429' }]);
    expect(onRetry).toHaveBeenCalledExactlyOnceWith({ attempt: 2, of: 4, delayMs: 2_000, reason: 'HTTP 429' });
  });

  it('honours an HTTP-date Retry-After', async () => {
    vi.useFakeTimers({ now: Date.UTC(2015, 9, 21, 7, 28, 0) });
    const { send } = scripted(response(503, { 'retry-after': 'Wed, 21 Oct 2015 07:28:05 GMT' }), response(200));
    const { sleep, delays } = recordingSleep();
    await sendWithRetry(send, { method: 'GET', sleep });
    expect(delays).toEqual([5_000]);
  });

  it('never retries a POST create or a PATCH: the 429 comes back as is', async () => {
    for (const method of ['POST', 'PATCH']) {
      const { send } = scripted(response(429, { 'retry-after': '1' }), response(201));
      const { sleep, delays } = recordingSleep();
      const result = await sendWithRetry(send, { method, sleep });
      expect(send).toHaveBeenCalledTimes(1);
      expect(result).toMatchObject({ attempts: 1, retries: [], retryAfterMs: 1_000 });
      expect(result.response.status).toBe(429);
      expect(delays).toEqual([]);
    }
  });

  it('never retries a POST create after a transport error either', async () => {
    const { send } = scripted(network(), response(201));
    const error = await failure(sendWithRetry(send, { method: 'POST', sleep: recordingSleep().sleep }));
    expect(error.code).toBe('network');
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('retries a POST .search', async () => {
    const { send, attempts } = scripted(response(429, { 'retry-after': '1' }), response(200));
    const { sleep, delays } = recordingSleep();
    const result = await sendWithRetry(send, { method: 'POST', isSearch: true, sleep });
    expect(attempts).toEqual([1, 2]);
    expect(delays).toEqual([1_000]);
    expect(result.response.status).toBe(200);
  });

  it('backs off exponentially on 503 without Retry-After, and returns the last response when attempts run out', async () => {
    const { send, attempts } = scripted(response(503));
    const { sleep, delays } = recordingSleep();
    const result = await sendWithRetry(send, { method: 'GET', sleep, backoff: noJitter });
    expect(attempts).toEqual([1, 2, 3, 4]);
    expect(delays).toEqual([250, 500, 1_000]);
    expect(result.response.status).toBe(503);
    expect(result.attempts).toBe(4);
    expect(result.retries.map((r) => r.attempt)).toEqual([2, 3, 4]);
  });

  it('retries 502 and 504 with backoff too', async () => {
    const { send } = scripted(response(502), response(504), response(200));
    const { sleep, delays } = recordingSleep();
    const result = await sendWithRetry(send, { method: 'DELETE', sleep, backoff: noJitter });
    expect(result.response.status).toBe(200);
    expect(delays).toEqual([250, 500]);
  });

  it('stops retrying when Retry-After asks for longer than the maximum, reporting the full wait', async () => {
    const { send } = scripted(response(429, { 'retry-after': '300' }), response(200));
    const { sleep, delays } = recordingSleep();
    const result = await sendWithRetry(send, { method: 'GET', sleep });
    expect(send).toHaveBeenCalledTimes(1);
    expect(delays).toEqual([]);
    expect(result.response.status).toBe(429);
    expect(result.retryAfterMs).toBe(300_000);

    const custom = scripted(response(429, { 'retry-after': '5' }), response(200));
    const short = await sendWithRetry(custom.send, { method: 'GET', sleep, maxRetryAfterMs: 4_000 });
    expect(short).toMatchObject({ attempts: 1, retryAfterMs: 5_000 });
  });

  it('retries a GET after a network error and succeeds', async () => {
    const { send, attempts } = scripted(network(), response(200));
    const { sleep, delays } = recordingSleep();
    const result = await sendWithRetry(send, { method: 'GET', sleep, backoff: noJitter });
    expect(attempts).toEqual([1, 2]);
    expect(delays).toEqual([250]);
    expect(result.response.status).toBe(200);
    expect(result.retries[0].reason).toMatch(/^network: Could not reach scim\.example/);
  });

  it('rethrows the last transport error once attempts run out', async () => {
    const { send } = scripted(network());
    const error = await failure(sendWithRetry(send, { method: 'GET', maxAttempts: 3, sleep: recordingSleep().sleep }));
    expect(error.code).toBe('network');
    expect(send).toHaveBeenCalledTimes(3);
  });

  it('retries a timed-out attempt once, not for every attempt: each costs a whole timeout', async () => {
    const { send } = scripted(new AppError({ code: 'timeout', message: 'scim.example did not answer within 30,000 ms.' }));
    const onRetry = vi.fn();
    const error = await failure(sendWithRetry(send, { method: 'GET', maxAttempts: 4, sleep: recordingSleep().sleep, onRetry }));
    expect(error.code).toBe('timeout');
    expect(send).toHaveBeenCalledTimes(2);
    expect(onRetry).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ attempt: 2, of: 2 }));
  });

  it('states the worst-case wait for a server that never answers: timeout × timed-out attempts + the longest backoff', () => {
    expect(worstCaseWaitMs(1_000)).toBe(2 * 1_000 + 499);
    expect(worstCaseWaitMs(5_000)).toBe(2 * 5_000 + 499);
    expect(worstCaseWaitMs(1_000, { maxTimeoutAttempts: 3, backoff: { baseMs: 100 } })).toBe(3 * 1_000 + 99 + 199);
    expect(worstCaseWaitMs(1_000, { maxAttempts: 1 })).toBe(1_000);
  });

  it('does not retry tls, auth or cancelled errors, nor anything that is not an AppError', async () => {
    for (const error of [
      new AppError({ code: 'tls', message: 'bad cert' }),
      new AppError({ code: 'cancelled', message: 'The request was cancelled.' }),
      new Error('bug'),
    ]) {
      const { send } = scripted(error, response(200));
      expect(await failure(sendWithRetry(send, { method: 'GET', sleep: recordingSleep().sleep }))).toBe(error);
      expect(send).toHaveBeenCalledTimes(1);
    }
  });

  it('rejects with cancelled at once when aborted during the sleep', async () => {
    vi.useFakeTimers();
    const { send } = scripted(response(429, { 'retry-after': '60' }), response(200));
    const controller = new AbortController();
    const pending = failure(sendWithRetry(send, { method: 'GET' }, controller.signal));
    await vi.advanceTimersByTimeAsync(1_000);
    controller.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(AppError);
    expect(error.data).toEqual({ code: 'cancelled', message: 'The request was cancelled.' });
    expect(send).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with cancelled at once even if an injected sleep ignores the signal', async () => {
    const { send } = scripted(response(503), response(200));
    const controller = new AbortController();
    const neverEnds = () => new Promise<void>(() => undefined);
    const pending = failure(sendWithRetry(send, { method: 'GET', sleep: neverEnds, onRetry: () => controller.abort() }, controller.signal));
    expect((await pending).code).toBe('cancelled');
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('does not send at all when already cancelled', async () => {
    const { send } = scripted(response(200));
    const controller = new AbortController();
    controller.abort();
    expect((await failure(sendWithRetry(send, { method: 'GET' }, controller.signal))).code).toBe('cancelled');
    expect(send).not.toHaveBeenCalled();
  });

  it('passes a success straight through on the first attempt', async () => {
    const { send } = scripted(response(200));
    expect(await sendWithRetry(send, { method: 'GET' })).toEqual({ response: response(200), attempts: 1, retries: [] });
  });
});
