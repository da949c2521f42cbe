import { request, type Dispatcher } from 'undici';
import { AppError, type AuthConfig } from '../../../shared/contract';
import { toTransportError } from './errors';

type OAuthConfig = Extract<AuthConfig, { type: 'oauth2' }>;
/** What the token endpoint was sent and answered, credentials included: for the journal, which redacts it. */
export interface TokenExchange {
  url: string;
  requestHeaders: Record<string, string>;
  requestBody: string;
  status?: number;
  responseHeaders?: Record<string, string>;
  responseBody?: string;
  error?: AppError;
  startedAt: number;
  totalMs: number;
  /** Values to scrub wherever they appear: the client secret and the access token issued. */
  secretValues: string[];
}

interface CachedToken {
  accessToken: string;
  tokenType: string;
  expiresAt: number;
}

/** Client-credentials tokens, fetched, cached until shortly before expiry and refreshed, all in main. */
export class OAuthTokenManager {
  private readonly tokens = new Map<string, CachedToken>();
  private readonly inFlight = new Map<string, Promise<CachedToken>>();

  /** Header value for the connection; `forceRefresh` after the resource server said 401. */
  async authorization(
    key: string,
    config: OAuthConfig,
    clientSecret: string | undefined,
    dispatcher: Dispatcher,
    timeoutMs: number,
    forceRefresh = false,
    report?: (exchange: TokenExchange) => void,
  ): Promise<string> {
    const cacheKey = `${key}|${config.tokenUrl}|${config.clientId}|${config.scope ?? ''}`;
    const cached = this.tokens.get(cacheKey);
    if (!forceRefresh && cached && cached.expiresAt > Date.now()) return `${cached.tokenType} ${cached.accessToken}`;
    let pending = this.inFlight.get(cacheKey);
    if (!pending) {
      pending = this.fetchToken(config, clientSecret, dispatcher, timeoutMs, report).finally(() => this.inFlight.delete(cacheKey));
      this.inFlight.set(cacheKey, pending);
    }
    const token = await pending;
    this.tokens.set(cacheKey, token);
    return `${token.tokenType} ${token.accessToken}`;
  }

  forget(key: string): void {
    for (const k of this.tokens.keys()) if (k.startsWith(`${key}|`)) this.tokens.delete(k);
  }

  private async fetchToken(
    config: OAuthConfig,
    clientSecret: string | undefined,
    dispatcher: Dispatcher,
    timeoutMs: number,
    report?: (exchange: TokenExchange) => void,
  ): Promise<CachedToken> {
    if (!clientSecret) throw new AppError({ code: 'auth', message: 'This connection has no OAuth client secret; enter one.', field: 'secret' });
    const url = new URL(config.tokenUrl);
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (config.scope) form.set('scope', config.scope);
    const basic = Buffer.from(`${encodeURIComponent(config.clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');
    let status: number;
    let text: string;
    const requestHeaders = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', authorization: `Basic ${basic}` };
    const startedAt = Date.now();
    const t0 = performance.now();
    const exchange = (outcome: Partial<TokenExchange>): TokenExchange => ({
      url: url.toString(),
      requestHeaders,
      requestBody: form.toString(),
      startedAt,
      totalMs: performance.now() - t0,
      secretValues: [clientSecret],
      ...outcome,
    });
    try {
      const response = await request(url, {
        method: 'POST',
        dispatcher,
        headers: requestHeaders,
        body: form.toString(),
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.statusCode;
      text = await response.body.text();
      const issued = /"access_token"\s*:\s*"([^"]+)"/.exec(text)?.[1];
      const headers = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v ?? '')]));
      report?.(exchange({ status, responseHeaders: headers, responseBody: text, secretValues: issued ? [clientSecret, issued] : [clientSecret] }));
    } catch (error) {
      const failure = toTransportError(error, url, timeoutMs);
      const wrapped = new AppError({ ...failure.data, message: `OAuth token endpoint: ${failure.message}` });
      report?.(exchange({ error: wrapped }));
      throw wrapped;
    }
    let json: Record<string, unknown> | undefined;
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      json = undefined;
    }
    if (status < 200 || status > 299) {
      const reason =
        json && typeof json.error === 'string'
          ? `${json.error}${typeof json.error_description === 'string' ? `: ${json.error_description}` : ''}`
          : `HTTP ${status}`;
      throw new AppError({ code: 'auth', status, message: `The OAuth token endpoint ${url.host} refused the client credentials (${reason}).` });
    }
    if (!json || typeof json.access_token !== 'string') {
      throw new AppError({ code: 'auth', message: `The OAuth token endpoint ${url.host} answered without an access_token.` });
    }
    const expiresIn = typeof json.expires_in === 'number' ? json.expires_in : Number(json.expires_in ?? 3600) || 3600;
    const tokenType = typeof json.token_type === 'string' && json.token_type.toLowerCase() !== 'bearer' ? json.token_type : 'Bearer';
    // Refresh a minute early (or at half-life for short tokens) so no request rides an expiring token.
    const margin = Math.min(60, expiresIn / 2) * 1000;
    return { accessToken: json.access_token, tokenType, expiresAt: Date.now() + expiresIn * 1000 - margin };
  }
}
