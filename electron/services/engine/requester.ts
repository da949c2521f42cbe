import { randomUUID } from 'node:crypto';
import { AppError, type Quirk, type RetryEndedEvent, type RetryingEvent } from '../../../shared/contract';
import type { HttpClient, HttpResponse, ResolvedConnection } from '../http/client';
import { ConnectionScheduler, parseRetryAfter, sendWithRetry, worstCaseWaitMs } from './reliability';
import { errorQuirks, httpError, parseScimBody } from './response';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface EngineRequest {
  method: HttpMethod;
  url: URL;
  body?: unknown;
  headers?: Record<string, string>;
  /** POST /.search is a read: retried like a GET. */
  isSearch?: boolean;
  /** For messages: "Reading user 42". */
  what: string;
  signal?: AbortSignal;
}

export interface EngineResponse {
  response: HttpResponse;
  /** The parsed body; null for an empty one. */
  json: unknown;
  quirks: Quirk[];
  attempts: number;
}

/** Who hears about retries: the engine forwards both to the shell as `scim.retrying` / `scim.retryEnded`. */
export interface RetryListener {
  retrying?(event: RetryingEvent): void;
  ended?(event: RetryEndedEvent): void;
}

/**
 * The one pipeline every SCIM request takes: the connection's scheduler (priority, concurrency and rate,
 * per attempt), retries for what is safe to retry (honouring Retry-After), and tolerant parsing that
 * records each deviation as a quirk.
 */
export class Requester {
  private readonly schedulers = new Map<string, ConnectionScheduler>();

  constructor(
    private readonly http: HttpClient,
    private readonly reportQuirks: (connectionKey: string, exchangeId: string, quirks: Quirk[]) => Quirk[],
    /**
     * Told before each retry's wait, so the UI can say "retrying 2 of 3 in 4 s" and offer Cancel, and
     * once when a request that was retried ends, however it ends, so no "retrying" outlives it.
     */
    private readonly retries: RetryListener = {},
  ) {}

  /** The connection's scheduler, shared by every job and interactive call on it. */
  scheduler(connectionKey: string): ConnectionScheduler {
    let scheduler = this.schedulers.get(connectionKey);
    if (!scheduler) this.schedulers.set(connectionKey, (scheduler = new ConnectionScheduler()));
    return scheduler;
  }

  /** Sends and returns whatever status came back; `expectOk` turns non-2xx into a typed AppError. */
  async send(connection: ResolvedConnection, req: EngineRequest): Promise<{ response: HttpResponse; attempts: number }> {
    const headers: Record<string, string> = { ...req.headers };
    let body: string | undefined;
    if (req.body !== undefined) {
      body = JSON.stringify(req.body);
      headers['content-type'] ??= 'application/scim+json';
    }
    const scheduler = this.scheduler(connection.key);
    let attempts = 0;
    // Set at the first retry: the id this request's "retrying" events share, and its end event names.
    let requestId: string | undefined;
    let outcome: RetryEndedEvent['outcome'] = 'failed';
    try {
      const result = await sendWithRetry(
        (attempt) => {
          attempts = attempt;
          // A slot per attempt, not per request: a retry's wait (below, in sendWithRetry) holds none.
          return scheduler.run(() => this.http.send(connection, { method: req.method, url: req.url, headers, body, signal: req.signal, attempt }), {
            signal: req.signal,
            limits: connection.settings,
          });
        },
        {
          method: req.method,
          isSearch: req.isSearch,
          onRetry: ({ attempt, of, delayMs, reason }) => {
            requestId ??= randomUUID();
            this.retries.retrying?.({ connectionId: connection.key, requestId, attempt, of, inMs: delayMs, reason, timeoutMs: connection.settings.timeoutMs });
          },
        },
        req.signal,
      );
      outcome = 'answered';
      return { response: result.response, attempts: result.attempts };
    } catch (error) {
      if ((error instanceof AppError && error.code === 'cancelled') || req.signal?.aborted) outcome = 'cancelled';
      throw error instanceof AppError && error.code === 'timeout' ? timedOut(connection, req, attempts) : error;
    } finally {
      if (requestId) this.retries.ended?.({ connectionId: connection.key, requestId, outcome });
    }
  }

  /** Sends, requires a 2xx, parses the JSON body and records its quirks. */
  async request(connection: ResolvedConnection, req: EngineRequest): Promise<EngineResponse> {
    const { response, attempts } = await this.send(connection, req);
    if (response.status < 200 || response.status > 299) throw this.failure(connection, response, req.what);
    const parsed = response.body.trim() === '' ? { json: null, quirks: [] as Quirk[] } : parseScimBody(response, req.what);
    return { response, json: parsed.json, quirks: parsed.quirks, attempts };
  }

  /** The AppError for a non-2xx answer, with the deviations of its error body recorded. */
  failure(connection: ResolvedConnection, response: HttpResponse, what: string): AppError {
    const quirks = errorQuirks(response);
    if (response.status === 401 && !response.headers['www-authenticate']) {
      quirks.push({ code: 'error.no-www-authenticate', message: '401 answers come without a WWW-Authenticate header (RFC 9110 §11.6.1 requires one).' });
    }
    this.reportQuirks(connection.key, response.exchangeId, quirks);
    const error = httpError(response, what);
    const retryAfterMs =
      response.status === 429 || response.status === 503 ? parseRetryAfter(response.headers['retry-after'], Date.now(), Infinity) : undefined;
    return new AppError({ ...error.data, exchangeId: response.exchangeId, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
  }

  record(connection: ResolvedConnection, exchangeId: string, quirks: Quirk[]): Quirk[] {
    return this.reportQuirks(connection.key, exchangeId, quirks);
  }
}

/** The timeout as the user meets it: which server, how long each try waited, how many tries. */
function timedOut(connection: ResolvedConnection, req: EngineRequest, attempts: number): AppError {
  const { timeoutMs } = connection.settings;
  const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
  return new AppError({
    code: 'timeout',
    message: `The server at ${req.url.host} did not answer within ${formatSeconds(timeoutMs)} after ${tries} (${req.what}; the app waits at most ${formatSeconds(worstCaseWaitMs(timeoutMs))} per request). Check that the server is up, or raise the connection's timeout.`,
  });
}

/** 1000 → "1 s", 2499 → "2.5 s", 800 → "0.8 s". */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1)).toLocaleString('en-US')} s`;
}

export function ensureObject(json: unknown, what: string): Record<string, unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new AppError({
      code: 'not_scim',
      message: `${what}: the server answered ${Array.isArray(json) ? 'an array' : json === null ? 'nothing' : `a ${typeof json}`} where a resource was expected.`,
    });
  }
  return json as Record<string, unknown>;
}
