import { request } from 'undici';
import { randomUUID } from 'node:crypto';
import { AppError, isCredentialHeaderName, type AppErrorData, type ConnectionSettings } from '../../../shared/contract';
import { authSecretMismatch, headerSecretMismatch, originOf } from '../secrets/origin-binding';
import type { OAuthTokenManager } from './auth';
import type { DispatcherCache } from './dispatchers';
import { TimeoutSignal, toTransportError } from './errors';
import { assertRequestAllowed } from './write-guard';

/** A secret extra header resolved for sending; `value` is undefined when none is saved (the request is refused). */
export interface ResolvedSecretHeader {
  name: string;
  value: string | undefined;
  /** The origin the value was saved for; the base URL's origin when absent. */
  origin?: string;
}

/** A connection resolved for sending: settings plus its secrets, which never leave the main side. */
export interface ResolvedConnection {
  /** Cache key for OAuth tokens; a draft under test gets a throwaway key. */
  key: string;
  settings: ConnectionSettings;
  secret?: string;
  /**
   * The origin `secret` was saved for (the token URL's for OAuth, the base URL's otherwise); the
   * client attaches it nowhere else. Absent: the origin the settings name (a secret just typed).
   */
  secretOrigin?: string;
  /** Extra headers whose values are secrets (named like credentials), each bound to its origin. */
  secretHeaders?: ResolvedSecretHeader[];
}

export interface HttpRequest {
  method: string;
  url: URL;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** 1 for the first try; the retry layer counts up. Recorded in the journal. */
  attempt?: number;
  /** Only the request console sets this, when the user ticked "allow method override". */
  allowMethodOverride?: boolean;
}

export interface HttpResponse {
  /** The journal's id for this exchange. */
  exchangeId: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  url: string;
  timings: { startedAt: number; ttfbMs: number; totalMs: number };
}

/**
 * One HTTP exchange exactly as it happened, credentials included: it never leaves the main side.
 * The journal redacts it (credential headers by name, secret values anywhere) before keeping it.
 */
export interface RawExchange {
  id: string;
  connectionKey: string;
  connectionName: string;
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody?: string;
  status?: number;
  responseHeaders?: Record<string, string>;
  responseBody?: string;
  /** The response body's size in bytes as received (measuring a large string again is not free). */
  responseBytes?: number;
  error?: AppErrorData;
  timings: { startedAt: number; ttfbMs?: number; totalMs: number };
  attempt: number;
  /** Header names that carried credentials on this request (lowercase). */
  credentialHeaderNames: string[];
  /** Secret values to scrub wherever they appear (URL, headers, bodies). */
  secretValues: string[];
}

export type ExchangeObserver = (exchange: RawExchange) => void;

/**
 * Bodies beyond this are refused rather than held in memory, whether declared (Content-Length) or
 * streamed: a page of 1,000 rich resources is a few MB, and each MB read costs several in the heap
 * (text, parsed JSON, the redacted copy, the serialized answer).
 */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

export class HttpClient {
  private readonly observers = new Set<ExchangeObserver>();

  constructor(
    private readonly dispatchers: DispatcherCache,
    private readonly oauth: OAuthTokenManager,
  ) {}

  /** Every exchange, success or failure, is reported here (the request journal listens). */
  observe(observer: ExchangeObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  async send(connection: ResolvedConnection, req: HttpRequest): Promise<HttpResponse> {
    assertWritable(connection, req);
    assertSecretOrigins(connection, req.url);
    const first = await this.sendOnce(connection, req, false);
    // An OAuth token may be revoked before it expires: fetch a fresh one once and try again.
    if (first.status === 401 && connection.settings.auth.type === 'oauth2') return this.sendOnce(connection, req, true);
    return first;
  }

  private notify(exchange: RawExchange): void {
    for (const observer of this.observers) observer(exchange);
  }

  /** The headers a request carries for this connection, including credentials. Main side only. */
  async credentialHeaders(connection: ResolvedConnection, forceRefresh = false): Promise<Record<string, string>> {
    const { auth } = connection.settings;
    const secret = connection.secret;
    const needSecret = (label: string) => {
      if (!secret) throw new AppError({ code: 'auth', field: 'secret', message: `This connection has no ${label}; enter one.` });
      return secret;
    };
    switch (auth.type) {
      case 'none':
        return {};
      case 'bearer':
        return { authorization: `Bearer ${needSecret('bearer token')}` };
      case 'basic':
        return { authorization: `Basic ${Buffer.from(`${auth.username}:${needSecret('password')}`).toString('base64')}` };
      case 'header':
        return { [auth.headerName.toLowerCase()]: needSecret('header value') };
      case 'oauth2': {
        const { settings } = connection;
        const value = await this.oauth.authorization(
          connection.key,
          auth,
          secret,
          this.dispatchers.get(settings),
          settings.timeoutMs,
          forceRefresh,
          (exchange) =>
            this.notify({
              id: randomUUID(),
              connectionKey: connection.key,
              connectionName: settings.name,
              method: 'POST',
              url: exchange.url,
              requestHeaders: exchange.requestHeaders,
              requestBody: exchange.requestBody,
              status: exchange.status,
              responseHeaders: exchange.responseHeaders,
              responseBody: exchange.responseBody,
              error: exchange.error?.data,
              timings: { startedAt: exchange.startedAt, totalMs: exchange.totalMs },
              attempt: 1,
              credentialHeaderNames: ['authorization'],
              secretValues: exchange.secretValues,
            }),
        );
        return { authorization: value };
      }
    }
  }

  private async sendOnce(connection: ResolvedConnection, req: HttpRequest, refreshToken: boolean): Promise<HttpResponse> {
    const { settings } = connection;
    const headers: Record<string, string> = { accept: 'application/scim+json, application/json;q=0.9, */*;q=0.1' };
    const secretHeaders = secretHeaderValues(connection);
    Object.assign(headers, connectionHeaders(connection));
    for (const [name, value] of Object.entries(req.headers ?? {})) headers[name.toLowerCase()] = value;
    const credentials = await this.credentialHeaders(connection, refreshToken);
    Object.assign(headers, credentials);

    const id = randomUUID();
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new TimeoutSignal('timeout')), settings.timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout.signal]) : timeout.signal;
    const startedAt = Date.now();
    const t0 = performance.now();
    let ttfbMs: number | undefined;
    const report = (outcome: Partial<RawExchange>) => {
      if (this.observers.size === 0) return;
      const exchange: RawExchange = {
        id,
        connectionKey: connection.key,
        connectionName: settings.name,
        method: req.method.toUpperCase(),
        url: req.url.toString(),
        requestHeaders: headers,
        requestBody: req.body,
        timings: { startedAt, ttfbMs, totalMs: performance.now() - t0 },
        attempt: req.attempt ?? 1,
        // Secret extra headers are credentials too: the journal redacts them by name and value, the outbound redactor by value.
        credentialHeaderNames: [...new Set([...Object.keys(credentials), ...Object.keys(secretHeaders)])],
        secretValues: [connection.secret, ...Object.values(credentials), ...Object.values(secretHeaders)].filter((v): v is string => Boolean(v)),
        ...outcome,
      };
      this.notify(exchange);
    };
    try {
      const response = await request(req.url, {
        method: req.method as 'GET',
        headers,
        body: req.body,
        dispatcher: this.dispatchers.get(settings),
        signal,
      });
      ttfbMs = performance.now() - t0;
      const responseHeaders = flattenHeaders(response.headers);
      const declared = Number(response.headers['content-length'] ?? 0);
      if (declared > MAX_RESPONSE_BYTES) {
        response.body.destroy();
        throw tooLarge(req.url.host, response.statusCode, `${declared.toLocaleString('en-US')} bytes`);
      }
      const { text: body, bytes } = await readCapped(response.body, req.url.host, response.statusCode);
      const result: HttpResponse = {
        exchangeId: id,
        status: response.statusCode,
        headers: responseHeaders,
        body,
        url: req.url.toString(),
        timings: { startedAt, ttfbMs, totalMs: performance.now() - t0 },
      };
      report({ status: result.status, responseHeaders, responseBody: body, responseBytes: bytes });
      return result;
    } catch (error) {
      const reason = timeout.signal.aborted ? new TimeoutSignal('timeout', { cause: error }) : error;
      const failure = toTransportError(reason, req.url, settings.timeoutMs, req.signal);
      report({ error: failure.data });
      throw failure;
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * Read-only mode (and the method-override rule) is enforced at the one door every SCIM request
 * passes, on the headers that will really be sent, so no screen, channel or saved extra header,
 * present or future, can write through a read-only connection.
 */
export function assertWritable(connection: ResolvedConnection, req: Pick<HttpRequest, 'method' | 'url' | 'headers' | 'body' | 'allowMethodOverride'>): void {
  const { settings } = connection;
  const headers = connectionHeaders(connection);
  for (const [name, value] of Object.entries(req.headers ?? {})) headers[name.toLowerCase()] = value;
  assertRequestAllowed(
    { name: settings.name, baseUrl: settings.baseUrl, readOnly: settings.readOnly },
    { method: req.method, url: req.url, headers, body: req.body, allowMethodOverride: req.allowMethodOverride },
  );
}

const tooLarge = (host: string, status: number, what: string) =>
  new AppError({
    code: 'http',
    status,
    message: `The response from ${host} is ${what}, over the ${MAX_RESPONSE_BYTES / 1024 / 1024} MB the app accepts; it was not read further.`,
  });

/** The body as text (UTF-8, a BOM dropped, as undici's text() does), refused past MAX_RESPONSE_BYTES while it streams. */
async function readCapped(body: AsyncIterable<Buffer> & { destroy(): unknown }, host: string, status: number): Promise<{ text: string; bytes: number }> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of body) {
    bytes += chunk.length;
    if (bytes > MAX_RESPONSE_BYTES) {
      body.destroy();
      throw tooLarge(host, status, `more than ${bytes.toLocaleString('en-US')} bytes`);
    }
    chunks.push(chunk);
  }
  // utf8Slice-backed toString is several times faster than TextDecoder on page-sized bodies.
  const text = Buffer.concat(chunks, bytes).toString('utf8');
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, bytes };
}

/** The connection's own extra headers as sent (lowercase names): plain ones, then secret ones. */
function connectionHeaders(connection: ResolvedConnection): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const header of connection.settings.extraHeaders) headers[header.name.toLowerCase()] = header.value;
  for (const header of connection.secretHeaders ?? []) if (header.value !== undefined) headers[header.name.toLowerCase()] = header.value;
  return headers;
}

/**
 * The secret extra headers a request carries, by lowercase name: the resolved secret headers, and
 * any extra header named like a credential (a draft's, typed for this test). Refuses one without a value.
 */
function secretHeaderValues(connection: ResolvedConnection): Record<string, string> {
  const values: Record<string, string> = {};
  for (const header of connection.settings.extraHeaders) if (isCredentialHeaderName(header.name)) values[header.name.toLowerCase()] = header.value;
  for (const header of connection.secretHeaders ?? []) {
    if (header.value === undefined) {
      throw new AppError({
        code: 'auth',
        field: 'secretHeaders',
        message: `This connection has no saved value for the header ${header.name}; enter it again.`,
      });
    }
    values[header.name.toLowerCase()] = header.value;
  }
  return values;
}

/**
 * The last check before anything leaves: no secret goes to an origin other than the one it was
 * saved for. The auth secret to its own (the token endpoint's for OAuth), the access token OAuth
 * buys and every secret header to the base URL's, and the request must be for that origin.
 */
export function assertSecretOrigins(connection: ResolvedConnection, url: URL): void {
  const { settings } = connection;
  const base = originOf(settings.baseUrl);
  const target = url.origin;
  const { auth } = settings;
  if (auth.type === 'oauth2') {
    const tokenOrigin = originOf(auth.tokenUrl);
    const savedFor = connection.secretOrigin ?? tokenOrigin;
    if (connection.secret && savedFor !== tokenOrigin) throw authSecretMismatch(auth.type, savedFor, tokenOrigin);
    if (target !== base) {
      throw new AppError({
        code: 'invalid_input',
        field: 'secret',
        message: `The OAuth access token of "${settings.name}" is sent only to ${base}, not to ${target}.`,
      });
    }
  } else if (auth.type !== 'none' && connection.secret) {
    const savedFor = connection.secretOrigin ?? base;
    if (savedFor !== target) throw authSecretMismatch(auth.type, savedFor, target);
  }
  for (const header of connection.secretHeaders ?? []) {
    const savedFor = header.origin ?? base;
    if (savedFor !== target) throw headerSecretMismatch(header.name, savedFor, target);
  }
  for (const header of settings.extraHeaders) if (isCredentialHeaderName(header.name) && target !== base) throw headerSecretMismatch(header.name, base, target);
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
