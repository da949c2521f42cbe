import { AppError, type Quirk } from '../../../shared/contract';
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
    throw new AppError({
      code: 'not_scim',
      status: response.status,
      message: `${what} answered ${describeBody(type, text)} instead of SCIM JSON.`,
    });
  }
  if (!SCIM_TYPES.includes(type)) {
    quirks.push({
      code: 'content-type',
      message: type ? `The server labels SCIM responses "${type}" instead of application/scim+json.` : 'The server sends SCIM responses without a Content-Type.',
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
  if (status === 403) return new AppError({ ...base, code: 'auth', message: `${what} was refused with 403 Forbidden: the credentials lack permission${suffix}` });
  if (status === 429) {
    const retry = response.headers['retry-after'];
    return new AppError({ ...base, code: 'rate_limited', message: `${what} was rate-limited (429)${retry ? `; the server asks to retry after ${retry}` : ''}${suffix}` });
  }
  return new AppError({ ...base, code: 'http', message: `${what} failed with HTTP ${status}${scimType ? ` (${scimType})` : ''}${suffix}` });
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
