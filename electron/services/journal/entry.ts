import type { JournalBody, JournalEntry, JournalSummary } from '../../../shared/contract/journal';
import type { RawExchange } from '../http/client';
import { SecretScrubber, discoverSecretValues, redactBody, redactHeaders, redactUrl } from './redact';

/** Slack kept past the cap before redacting, so a secret straddling the cut is still whole when scrubbed. */
const REDACTION_WINDOW = 64 * 1024;

/**
 * Turns a raw exchange into a journal entry: redacted first (headers, URL, bodies, error text),
 * bodies then cut at `maxBodyBytes`. The raw exchange is not modified.
 */
export function toJournalEntry(raw: RawExchange, maxBodyBytes: number): JournalEntry {
  const requestType = headerValue(raw.requestHeaders, 'content-type');
  const responseType = headerValue(raw.responseHeaders, 'content-type');
  const secrets = new Set(raw.secretValues);
  // Credential values from the credential headers themselves, in case the client did not list them.
  for (const name of raw.credentialHeaderNames) {
    const value = headerValue(raw.requestHeaders, name);
    if (value) secrets.add(value);
  }
  const requestText = window(raw.requestBody, maxBodyBytes);
  const responseText = window(raw.responseBody, maxBodyBytes);
  discoverSecretValues(requestText, requestType, secrets);
  discoverSecretValues(responseText, responseType, secrets);
  const scrubber = new SecretScrubber(secrets);

  const url = redactUrl(raw.url, scrubber);
  const status = raw.status ?? null;
  const error = raw.error
    ? { code: raw.error.code, message: scrubber.scrub(raw.error.message), ...(raw.error.status !== undefined ? { status: raw.error.status } : {}) }
    : undefined;
  return {
    id: raw.id,
    connectionId: raw.connectionKey,
    connectionName: raw.connectionName,
    method: raw.method.toUpperCase(),
    url,
    path: displayPath(url),
    status,
    ok: !raw.error && status !== null && status >= 200 && status < 300,
    ...(error ? { error } : {}),
    requestHeaders: redactHeaders(raw.requestHeaders, raw.credentialHeaderNames, scrubber),
    responseHeaders: redactHeaders(raw.responseHeaders, raw.credentialHeaderNames, scrubber),
    requestBody: body(raw.requestBody, requestText, requestType, maxBodyBytes, scrubber),
    responseBody: body(raw.responseBody, responseText, responseType, maxBodyBytes, scrubber, raw.responseBytes),
    timings: {
      startedAt: new Date(raw.timings.startedAt).toISOString(),
      ttfbMs: raw.timings.ttfbMs ?? null,
      totalMs: raw.timings.totalMs,
    },
    sizes: { request: byteLength(raw.requestBody), response: raw.responseBytes ?? byteLength(raw.responseBody) },
    attempt: raw.attempt,
    quirks: [],
  };
}

export function toSummary(entry: JournalEntry): JournalSummary {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { requestHeaders, responseHeaders, requestBody, responseBody, ...rest } = entry;
  return { ...rest, quirks: [...entry.quirks], requestSize: entry.sizes.request, responseSize: entry.sizes.response };
}

/** Path and query of a (redacted) URL, for display. */
export function displayPath(url: string): string {
  const withoutOrigin = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
  const withoutHash = withoutOrigin.split('#')[0];
  return withoutHash.startsWith('/') ? withoutHash : `/${withoutHash}`;
}

/** Rough in-memory cost of an entry, for the journal's memory bound. */
export function entryCost(entry: JournalEntry): number {
  let cost = 1024 + entry.url.length * 2;
  for (const headers of [entry.requestHeaders, entry.responseHeaders]) for (const [k, v] of Object.entries(headers)) cost += (k.length + v.length) * 2;
  return cost + (entry.requestBody?.text.length ?? 0) * 2 + (entry.responseBody?.text.length ?? 0) * 2;
}

function body(
  raw: string | undefined,
  text: string | undefined,
  contentType: string | undefined,
  maxBytes: number,
  scrubber: SecretScrubber,
  knownSize?: number,
): JournalBody | null {
  if (raw === undefined || text === undefined) return null;
  const size = knownSize ?? byteLength(raw);
  const redacted = redactBody(text, contentType, scrubber);
  const cut = cutToBytes(redacted, maxBytes);
  return {
    text: cut,
    // Cut before redaction (only the cap plus slack is redacted) or after it.
    truncated: text.length < raw.length || cut.length < redacted.length,
    size,
    ...(contentType ? { contentType } : {}),
  };
}

/** The part of a body worth redacting: all of it, or the cap plus some slack. */
function window(text: string | undefined, maxBytes: number): string | undefined {
  if (text === undefined) return undefined;
  // The slack covers a secret field cut at the cap; a small cap (a job's) needs no more slack than itself.
  const limit = maxBytes + Math.min(REDACTION_WINDOW, Math.max(4096, maxBytes));
  return text.length > limit ? text.slice(0, limit) : text;
}

/** The longest prefix of `text` that fits in `maxBytes` of UTF-8, never splitting a character. */
export function cutToBytes(text: string, maxBytes: number): string {
  if (text.length <= maxBytes / 3 || Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let head = text.length > maxBytes ? text.slice(0, maxBytes) : text;
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  const buffer = Buffer.from(head, 'utf8');
  if (buffer.length <= maxBytes) return buffer.toString('utf8');
  let end = maxBytes;
  // Step back over UTF-8 continuation bytes to the start of the character that would be split.
  while (end > 0 && (buffer[end] & 0xc0) === 0x80) end--;
  return buffer.subarray(0, end).toString('utf8');
}

function byteLength(text: string | undefined): number {
  return text === undefined ? 0 : Buffer.byteLength(text, 'utf8');
}

function headerValue(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** Whether the entry's URL or either body contains `needle` (already lowercased). */
export function entryContains(entry: Pick<JournalEntry, 'url' | 'requestBody' | 'responseBody'>, needle: string): boolean {
  return [entry.url, entry.requestBody?.text, entry.responseBody?.text].some((text) => text !== undefined && text.toLowerCase().includes(needle));
}
