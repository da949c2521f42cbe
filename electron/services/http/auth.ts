import { request, type Dispatcher } from 'undici';
import { AppError, type AuthConfig } from '../../../shared/contract';
import { toTransportError } from './errors';

type OAuthConfig = Extract<AuthConfig, { type: 'oauth2' }>;
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
  async authorization(key: string, config: OAuthConfig, clientSecret: string | undefined, dispatcher: Dispatcher, timeoutMs: number, forceRefresh = false): Promise<string> {
    const cacheKey = `${key}|${config.tokenUrl}|${config.clientId}|${config.scope ?? ''}`;
    const cached = this.tokens.get(cacheKey);
    if (!forceRefresh && cached && cached.expiresAt > Date.now()) return `${cached.tokenType} ${cached.accessToken}`;
    let pending = this.inFlight.get(cacheKey);
    if (!pending) {
      pending = this.fetchToken(config, clientSecret, dispatcher, timeoutMs).finally(() => this.inFlight.delete(cacheKey));
      this.inFlight.set(cacheKey, pending);
    }
    const token = await pending;
    this.tokens.set(cacheKey, token);
    return `${token.tokenType} ${token.accessToken}`;
  }

  forget(key: string): void {
    for (const k of this.tokens.keys()) if (k.startsWith(`${key}|`)) this.tokens.delete(k);
  }

  private async fetchToken(config: OAuthConfig, clientSecret: string | undefined, dispatcher: Dispatcher, timeoutMs: number): Promise<CachedToken> {
    if (!clientSecret) throw new AppError({ code: 'auth', message: 'This connection has no OAuth client secret; enter one.', field: 'secret' });
    const url = new URL(config.tokenUrl);
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (config.scope) form.set('scope', config.scope);
    const basic = Buffer.from(`${encodeURIComponent(config.clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');
    let status: number;
    let text: string;
    try {
      const response = await request(url, {
        method: 'POST',
        dispatcher,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', authorization: `Basic ${basic}` },
        body: form.toString(),
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      const failure = toTransportError(error, url, timeoutMs);
      throw new AppError({ ...failure.data, message: `OAuth token endpoint: ${failure.message}` });
    }
    let json: Record<string, unknown> | undefined;
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      json = undefined;
    }
    if (status < 200 || status > 299) {
      const reason = json && typeof json.error === 'string' ? `${json.error}${typeof json.error_description === 'string' ? `: ${json.error_description}` : ''}` : `HTTP ${status}`;
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
