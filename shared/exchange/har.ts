import type { JournalBody, JournalEntry } from '../contract/journal';

/**
 * HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) from journal entries, for browsers'
 * devtools and HAR viewers. Entries are already redacted; nothing here can add a secret back.
 */

export interface HarNameValue {
  name: string;
  value: string;
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    queryString: HarNameValue[];
    postData?: { mimeType: string; text: string; comment?: string };
    headersSize: number;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    content: { size: number; mimeType: string; text?: string; comment?: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
    _error?: string;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  /** Custom fields (HAR allows `_`-prefixed ones): the journal's exchange id (a check's evidence names it), which connection, which try, what the app noticed. */
  _id: string;
  _connection: string;
  _attempt: number;
  _quirks: string[];
}

export interface Har {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    pages: [];
    entries: HarEntry[];
    comment?: string;
  };
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export const statusText = (status: number | null): string => (status === null ? '' : (STATUS_TEXT[status] ?? ''));

const headerList = (headers: Record<string, string>): HarNameValue[] => Object.entries(headers).map(([name, value]) => ({ name, value }));

function queryString(url: string): HarNameValue[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

const truncationNote = (body: JournalBody): string | undefined =>
  body.truncated ? `Cut by the journal at ${body.text.length} characters of ${body.size} bytes.` : undefined;

const round = (ms: number): number => Math.max(0, Math.round(ms * 1000) / 1000);

export function toHarEntry(entry: JournalEntry): HarEntry {
  const total = round(entry.timings.totalMs);
  // Only time-to-headers and total are measured: send is folded into wait, receive is the rest.
  const wait = round(entry.timings.ttfbMs ?? entry.timings.totalMs);
  const request = entry.requestBody;
  const response = entry.responseBody;
  const requestNote = request ? truncationNote(request) : undefined;
  const responseNote = response ? truncationNote(response) : undefined;
  return {
    startedDateTime: entry.timings.startedAt,
    time: total,
    request: {
      method: entry.method,
      url: entry.url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: headerList(entry.requestHeaders),
      queryString: queryString(entry.url),
      ...(request
        ? {
            postData: {
              mimeType: request.contentType ?? entry.requestHeaders['content-type'] ?? '',
              text: request.text,
              ...(requestNote ? { comment: requestNote } : {}),
            },
          }
        : {}),
      headersSize: -1,
      bodySize: entry.sizes.request,
    },
    response: {
      // HAR's convention for "no response": status 0.
      status: entry.status ?? 0,
      statusText: statusText(entry.status),
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: headerList(entry.responseHeaders),
      content: {
        size: entry.sizes.response,
        mimeType: response?.contentType ?? entry.responseHeaders['content-type'] ?? '',
        ...(response ? { text: response.text } : {}),
        ...(responseNote ? { comment: responseNote } : {}),
      },
      redirectURL: entry.responseHeaders.location ?? '',
      headersSize: -1,
      bodySize: entry.status === null ? -1 : entry.sizes.response,
      ...(entry.error ? { _error: `${entry.error.code}: ${entry.error.message}` } : {}),
    },
    cache: {},
    timings: { send: 0, wait, receive: round(Math.max(0, total - wait)) },
    _id: entry.id,
    _connection: entry.connectionName,
    _attempt: entry.attempt,
    _quirks: entry.quirks.map((q) => q.code),
  };
}

/** A HAR log of the entries, oldest first (as HAR viewers expect). */
export function toHar(entries: readonly JournalEntry[], creator: { name: string; version: string }, comment?: string): Har {
  const sorted = [...entries].sort((a, b) => Date.parse(a.timings.startedAt) - Date.parse(b.timings.startedAt));
  return { log: { version: '1.2', creator, pages: [], entries: sorted.map(toHarEntry), ...(comment ? { comment } : {}) } };
}
