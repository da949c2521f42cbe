import { AppError } from '../../../shared/contract';

/**
 * What a request *does*, judged from everything that goes on the wire, not from its method name:
 * servers that honour a method-override header or `_method` parameter run a DELETE sent as a GET.
 * The HTTP client calls this once per request with the final headers (connection extra headers
 * included), so no screen, channel or saved setting can slip a write past a read-only connection.
 */

export const METHOD_OVERRIDE_HEADERS = ['x-http-method-override', 'x-http-method', 'x-method-override'] as const;
export const METHOD_OVERRIDE_PARAM = '_method';

const READ_METHODS = new Set(['GET', 'HEAD']);
/** RFC 7644 §3.4.3: the only attributes a SearchRequest carries (compared case-insensitively). */
const SEARCH_REQUEST_KEYS = new Set(['schemas', 'attributes', 'excludedattributes', 'filter', 'sortby', 'sortorder', 'startindex', 'count', 'cursor']);
const SEARCH_REQUEST_URN = 'urn:ietf:params:scim:api:messages:2.0:searchrequest';
/** Endpoints under the base that are not resource types, so `X/.search` there is no query. */
const NON_RESOURCE_ENDPOINTS = new Set(['bulk', 'me', 'schemas', 'resourcetypes', 'serviceproviderconfig', 'serviceproviderconfigs', '.search']);

export interface GuardedRequest {
  method: string;
  url: URL;
  /** Every header that will be sent, any case (credentials may be left out: they cannot override). */
  headers: Record<string, string>;
  body?: string;
  /** Ticked by the user in the request console, with a warning; never set by any other feature. */
  allowMethodOverride?: boolean;
}

export interface GuardedConnection {
  name: string;
  baseUrl: string;
  readOnly: boolean;
}

/** The method-override a request carries, as `header: value` or `_method=value`, if any. */
export function findMethodOverride(headers: Record<string, string>, url: URL): { source: string; method: string } | undefined {
  for (const [name, value] of Object.entries(headers)) {
    if ((METHOD_OVERRIDE_HEADERS as readonly string[]).includes(name.toLowerCase()))
      return { source: `the ${name} header`, method: value.trim().toUpperCase() };
  }
  for (const [name, value] of url.searchParams) {
    if (name.toLowerCase() === METHOD_OVERRIDE_PARAM) return { source: `the ${name} query parameter`, method: value.trim().toUpperCase() };
  }
  return undefined;
}

/**
 * `POST {base}/.search` or `POST {base}/{resource endpoint}/.search` with a SearchRequest body
 * (RFC 7644 §3.4.3): a query, so a read-only connection may send it. Any other `.search` path, or
 * a body with attributes a SearchRequest does not have, is treated as the write a POST is.
 */
export function isSearchRequest(baseUrl: string, url: URL, body: string | undefined): boolean {
  const base = new URL(baseUrl);
  if (url.origin !== base.origin) return false;
  const basePath = base.pathname.replace(/\/+$/, '');
  const path = url.pathname.replace(/\/+$/, '');
  if (!path.toLowerCase().startsWith(`${basePath.toLowerCase()}/`)) return false;
  const segments = path.slice(basePath.length + 1).split('/');
  const last = segments.at(-1)?.toLowerCase();
  if (last !== '.search' || segments.length > 2) return false;
  if (segments.length === 2 && (segments[0] === '' || NON_RESOURCE_ENDPOINTS.has(decodeSegment(segments[0]).toLowerCase()))) return false;
  return isSearchRequestBody(body);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function isSearchRequestBody(body: string | undefined): boolean {
  if (body === undefined || body.trim() === '') return true;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return false;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return false;
  for (const [key, value] of Object.entries(parsed)) {
    const lower = key.toLowerCase();
    if (!SEARCH_REQUEST_KEYS.has(lower)) return false;
    if (lower === 'schemas' && !(Array.isArray(value) && value.some((s) => typeof s === 'string' && s.toLowerCase() === SEARCH_REQUEST_URN))) return false;
  }
  return true;
}

/** Throws when the request would write on a read-only connection, or override its method unasked. */
export function assertRequestAllowed(connection: GuardedConnection, req: GuardedRequest): void {
  const method = req.method.toUpperCase();
  const override = findMethodOverride(req.headers, req.url);
  if (override && (connection.readOnly || !req.allowMethodOverride)) {
    throw new AppError({
      code: connection.readOnly ? 'read_only' : 'invalid_input',
      message: connection.readOnly
        ? `"${connection.name}" is read-only: the request carries ${override.source} (${override.method || 'empty'}), which servers may run as a different method, so it is refused.`
        : `The request carries ${override.source} (${override.method || 'empty'}), which makes a server run ${override.method || 'another method'} instead of ${method}. It is refused; remove it (check the connection's extra headers), or allow method override in the request console.`,
    });
  }
  if (!connection.readOnly || READ_METHODS.has(method)) return;
  if (method === 'POST' && isSearchRequest(connection.baseUrl, req.url, req.body)) return;
  throw new AppError({
    code: 'read_only',
    message: `"${connection.name}" is read-only: ${method} requests are refused. Turn off read-only mode in the connection's settings to make changes.`,
  });
}
