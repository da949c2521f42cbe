import { AppError, MAX_JSON_DEPTH, nestsDeeperThan, type Quirk } from '../../../shared/contract';
import type { HttpResponse } from '../http/client';

/** A parsed SCIM answer plus the deviations noticed while parsing it; the raw response is never rewritten. */
export interface ParsedBody {
  json: unknown;
  quirks: Quirk[];
}

const SCIM_TYPES = ['application/scim+json'];

export function contentTypeOf(response: HttpResponse): string {
  return (response.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

/** Parses a 2xx body as JSON, tolerating a non-SCIM content type (recorded as a quirk). */
export function parseScimBody(response: HttpResponse, what: string): ParsedBody {
  const quirks: Quirk[] = [];
  const type = contentTypeOf(response);
  const text = response.body;
  let json: unknown;
  try {
    json = text.length === 0 ? null : JSON.parse(text);
  } catch {
    const malformed = /^\s*[{[]/.test(text) || (type.includes('json') && !/^\s*</.test(text));
    throw new AppError({
      code: 'not_scim',
      status: response.status,
      message: malformed
        ? `${what} answered malformed JSON that cannot be read (${text.length.toLocaleString('en-US')} characters, beginning ${JSON.stringify(text.trim().slice(0, 80))}${text.length > 80 ? '…' : ''}).`
        : `${what} answered ${describeBody(type, text)} instead of SCIM JSON.`,
    });
  }
  if (nestsDeeperThan(json, MAX_JSON_DEPTH)) {
    // The raw text stays in the journal; re-serialising or walking it would overflow the stack.
    throw new AppError({
      code: 'not_scim',
      status: response.status,
      exchangeId: response.exchangeId || undefined,
      message: `The server's answer is too deeply nested to display (over ${MAX_JSON_DEPTH} levels). ${what}: the raw answer is kept in the request journal.`,
    });
  }
  if (!SCIM_TYPES.includes(type)) {
    quirks.push({
      code: 'content-type',
      message: type
        ? `The server labels SCIM responses "${type}" instead of application/scim+json.`
        : 'The server sends SCIM responses without a Content-Type.',
    });
  }
  return { json, quirks };
}

/** The AppError for a non-2xx answer, reading SCIM, problem+json, vendor, plain-text and HTML error bodies. */
export function httpError(response: HttpResponse, what: string): AppError {
  const { status } = response;
  const type = contentTypeOf(response);
  let scimType: string | undefined;
  let detail: string | undefined;
  try {
    const body = JSON.parse(response.body) as Record<string, unknown>;
    if (nestsDeeperThan(body, MAX_JSON_DEPTH)) throw new Error('too deeply nested');
    const pick = (key: string) => {
      const found = Object.keys(body).find((k) => k.toLowerCase() === key);
      const value = found ? body[found] : undefined;
      return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
    };
    scimType = pick('scimtype');
    detail = pick('detail') ?? pick('title') ?? pick('message') ?? pick('error_description') ?? pick('error');
  } catch {
    if (response.body.trim()) detail = describeBody(type, response.body);
  }
  const base = { status, scimType, detail };
  const suffix = detail ? `: ${detail}` : '';
  if (status === 401) return new AppError({ ...base, code: 'auth', message: `${what} was refused with 401 Unauthorized: check the credentials${suffix}` });
  if (status === 403)
    return new AppError({ ...base, code: 'auth', message: `${what} was refused with 403 Forbidden: the credentials lack permission${suffix}` });
  if (status >= 300 && status < 400) return redirectError(response, what, base);
  if (status === 429) {
    const retry = response.headers['retry-after'];
    return new AppError({
      ...base,
      code: 'rate_limited',
      message: `${what} was rate-limited (429)${retry ? `; the server asks to retry after ${retry}` : ''}${suffix}`,
    });
  }
  return new AppError({ ...base, code: 'http', message: `${what} failed with HTTP ${status}${scimType ? ` (${scimType})` : ''}${suffix}` });
}

/**
 * SCIM Desk never follows redirects: a redirect could carry the credentials to another origin, and a
 * SCIM API that redirects is usually a base URL in need of correcting. Say where it pointed.
 */
function redirectError(response: HttpResponse, what: string, base: { status: number; scimType?: string; detail?: string }): AppError {
  const location = response.headers.location?.trim();
  let target = location ? `to ${location.slice(0, 300)}` : 'without a Location';
  if (location) {
    try {
      const to = new URL(location, response.url);
      const from = new URL(response.url);
      if (to.origin !== from.origin) target += ` (another origin: credentials were not sent there)`;
      else if (to.pathname === from.pathname) target += ' (the same address: a redirect loop)';
    } catch {
      target += ' (not a valid URL)';
    }
  }
  return new AppError({
    ...base,
    code: 'http',
    message: `${what} got a redirect (HTTP ${response.status}) ${target}. SCIM Desk does not follow redirects; if the API has moved, change the connection's base URL.`,
  });
}

function describeBody(type: string, text: string): string {
  if (!text.trim()) return 'an empty body';
  if (type.includes('html') || /^\s*<(!doctype|html)/i.test(text)) {
    const title = /<title>([^<]{0,120})<\/title>/i.exec(text)?.[1]?.trim();
    return `an HTML page${title ? ` ("${title}")` : ''}`;
  }
  const snippet = text.trim().slice(0, 120).replace(/\s+/g, ' ');
  return `${type || 'untyped'} text ("${snippet}${text.length > 120 ? '…' : ''}")`;
}

/** Finds a key regardless of case (RFC 7643 §2.1 says attribute names are case-insensitive). */
export function getCaseInsensitive(object: Record<string, unknown>, key: string): { key: string; value: unknown } | undefined {
  if (key in object) return { key, value: object[key] };
  const lower = key.toLowerCase();
  for (const k of Object.keys(object)) if (k.toLowerCase() === lower) return { key: k, value: object[k] };
  return undefined;
}

const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';
const ERROR_FIELDS = new Set(['schemas', 'status', 'scimtype', 'detail']);

/** Deviations of an error body from RFC 7644 §3.12. */
export function errorQuirks(response: HttpResponse): Quirk[] {
  const quirks: Quirk[] = [];
  const type = contentTypeOf(response);
  if (response.body.trim() === '') {
    if (response.status >= 400)
      quirks.push({ code: 'error.empty-body', message: `The server answers HTTP ${response.status} with an empty body instead of a SCIM Error.` });
    return quirks;
  }
  let body: unknown;
  try {
    body = JSON.parse(response.body);
    if (nestsDeeperThan(body, MAX_JSON_DEPTH)) throw new Error('too deeply nested');
  } catch {
    quirks.push({ code: 'error.not-json', message: `The server answers errors with ${type || 'untyped'} text instead of a SCIM Error body.` });
    return quirks;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return quirks;
  const record = body as Record<string, unknown>;
  if (type === 'application/problem+json') {
    quirks.push({ code: 'error.problem-json', message: 'The server answers some errors as application/problem+json (RFC 9457) instead of a SCIM Error.' });
    return quirks;
  }
  const schemas = getCaseInsensitive(record, 'schemas')?.value;
  if (!Array.isArray(schemas) || !schemas.includes(ERROR_URN))
    quirks.push({ code: 'error.no-schemas', message: 'SCIM Error bodies lack the Error schema URN.' });
  const status = getCaseInsensitive(record, 'status')?.value;
  if (typeof status === 'number')
    quirks.push({ code: 'error.status-number', message: 'Error bodies carry "status" as a number; RFC 7644 §3.12 makes it a string.' });
  const extra = Object.keys(record).filter((k) => !ERROR_FIELDS.has(k.toLowerCase()));
  if (extra.length > 0)
    quirks.push({ code: 'error.extra-fields', message: `Error bodies carry fields outside RFC 7644 §3.12: ${extra.slice(0, 5).join(', ')}.` });
  return quirks;
}

/** Deviations seen in a single resource. The resource itself is never rewritten. */
/** `projected`: the request named `attributes`, so leaving out meta (returned "default") is the server obeying it. */
export function resourceQuirks(resource: Record<string, unknown>, options: { projected?: boolean } = {}): Quirk[] {
  const quirks: Quirk[] = [];
  if (typeof resource.id === 'number')
    quirks.push({
      code: 'resource.integer-id',
      message: 'Resource ids are JSON numbers, not strings; the app shows them as text and sends them back as numbers.',
    });
  if (!Array.isArray(getCaseInsensitive(resource, 'schemas')?.value))
    quirks.push({ code: 'resource.no-schemas', message: 'Resources come without a "schemas" array.' });
  const active = getCaseInsensitive(resource, 'active')?.value;
  if (typeof active === 'string') quirks.push({ code: 'resource.string-boolean', message: `Booleans come as strings (active: "${active}").` });
  const meta = getCaseInsensitive(resource, 'meta')?.value;
  if (meta === undefined && !options.projected)
    quirks.push({ code: 'resource.no-meta', message: 'Resources come without "meta" (no resourceType, created, lastModified or version).' });
  const members = getCaseInsensitive(resource, 'members')?.value;
  if (Array.isArray(members)) {
    const odd = members.find(
      (m) =>
        typeof m === 'object' &&
        m !== null &&
        typeof (m as Record<string, unknown>).type === 'string' &&
        !['User', 'Group'].includes((m as Record<string, string>).type),
    );
    if (odd)
      quirks.push({
        code: 'resource.member-type',
        message: `Group members carry type "${(odd as Record<string, string>).type}"; RFC 7643 §4.2 uses "User" or "Group".`,
      });
  }
  for (const key of Object.keys(resource)) {
    if (['id', 'schemas', 'meta', 'username', 'displayname', 'active', 'members', 'emails', 'name'].includes(key.toLowerCase()) && !CANONICAL_KEYS.has(key)) {
      quirks.push({ code: 'resource.attribute-case', message: `Attribute names differ in case from the RFC (e.g. "${key}").` });
      break;
    }
  }
  return quirks;
}
const CANONICAL_KEYS = new Set(['id', 'schemas', 'meta', 'userName', 'displayName', 'active', 'members', 'emails', 'name']);
