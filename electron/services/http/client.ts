import { request } from 'undici';
import { AppError, type ConnectionSettings } from '../../../shared/contract';
import type { OAuthTokenManager } from './auth';
import type { DispatcherCache } from './dispatchers';
import { TimeoutSignal, toTransportError } from './errors';

/** A connection resolved for sending: settings plus its secret, which never leaves the main side. */
export interface ResolvedConnection {
  /** Cache key for OAuth tokens; a draft under test gets a throwaway key. */
  key: string;
  settings: ConnectionSettings;
  secret?: string;
}

export interface HttpRequest {
  method: string;
  url: URL;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  url: string;
  timings: { startedAt: number; ttfbMs: number; totalMs: number };
}

/** Bodies beyond this are refused rather than held in memory. */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export class HttpClient {
  constructor(private readonly dispatchers: DispatcherCache, private readonly oauth: OAuthTokenManager) {}

  async send(connection: ResolvedConnection, req: HttpRequest): Promise<HttpResponse> {
    assertWritable(connection, req.method, req.url);
    const first = await this.sendOnce(connection, req, false);
    // An OAuth token may be revoked before it expires: fetch a fresh one once and try again.
    if (first.status === 401 && connection.settings.auth.type === 'oauth2') return this.sendOnce(connection, req, true);
    return first;
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
        const value = await this.oauth.authorization(connection.key, auth, secret, this.dispatchers.get(settings), settings.timeoutMs, forceRefresh);
        return { authorization: value };
      }
    }
  }

  private async sendOnce(connection: ResolvedConnection, req: HttpRequest, refreshToken: boolean): Promise<HttpResponse> {
    const { settings } = connection;
    const headers: Record<string, string> = { accept: 'application/scim+json, application/json;q=0.9, */*;q=0.1' };
    for (const header of settings.extraHeaders) headers[header.name.toLowerCase()] = header.value;
    for (const [name, value] of Object.entries(req.headers ?? {})) headers[name.toLowerCase()] = value;
    Object.assign(headers, await this.credentialHeaders(connection, refreshToken));

    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new TimeoutSignal('timeout')), settings.timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout.signal]) : timeout.signal;
    const startedAt = Date.now();
    const t0 = performance.now();
    try {
      const response = await request(req.url, {
        method: req.method as 'GET',
        headers,
        body: req.body,
        dispatcher: this.dispatchers.get(settings),
        signal,
      });
      const ttfbMs = performance.now() - t0;
      const declared = Number(response.headers['content-length'] ?? 0);
      if (declared > MAX_RESPONSE_BYTES) {
        response.body.destroy();
        throw new AppError({ code: 'http', status: response.statusCode, message: `The response from ${req.url.host} is ${declared.toLocaleString('en-US')} bytes, over the ${MAX_RESPONSE_BYTES / 1024 / 1024} MB the app accepts.` });
      }
      const body = await response.body.text();
      return {
        status: response.statusCode,
        headers: flattenHeaders(response.headers),
        body,
        url: req.url.toString(),
        timings: { startedAt, ttfbMs, totalMs: performance.now() - t0 },
      };
    } catch (error) {
      const reason = timeout.signal.aborted ? new TimeoutSignal('timeout', { cause: error }) : error;
      throw toTransportError(reason, req.url, settings.timeoutMs, req.signal);
    } finally {
      clearTimeout(timer);
    }
  }
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Read-only mode is enforced at the one door every SCIM request passes, so no screen or channel,
 * present or future, can write through a read-only connection. (`POST /.search` is a read.)
 */
export function assertWritable(connection: ResolvedConnection, method: string, url?: URL): void {
  const upper = method.toUpperCase();
  if (!connection.settings.readOnly || !WRITE_METHODS.has(upper)) return;
  if (upper === 'POST' && url && /\/\.search$/i.test(url.pathname)) return;
  throw new AppError({
    code: 'read_only',
    message: `"${connection.settings.name}" is read-only: ${upper} requests are refused. Turn off read-only mode in the connection's settings to make changes.`,
  });
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
