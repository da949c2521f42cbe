import { describe, expect, it } from 'vitest';
import { statusText, toHar } from './har';
import { sampleEntry } from './test-fixtures';

/** HAR 1.2's required structure (softwareishard.com/blog/har-12-spec), checked field by field; returns the problems. */
export function harProblems(har: unknown): string[] {
  const problems: string[] = [];
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const need = (obj: unknown, path: string, fields: Record<string, 'string' | 'number' | 'array' | 'object'>) => {
    if (!isObj(obj)) return void problems.push(`${path} is not an object`);
    for (const [field, type] of Object.entries(fields)) {
      const value = obj[field];
      const ok = type === 'array' ? Array.isArray(value) : type === 'object' ? isObj(value) : typeof value === type;
      if (!ok) problems.push(`${path}.${field} should be ${type}`);
    }
  };
  const nameValues = (list: unknown, path: string) => {
    if (Array.isArray(list)) list.forEach((nv, i) => need(nv, `${path}[${i}]`, { name: 'string', value: 'string' }));
  };
  need(har, 'har', { log: 'object' });
  const log = (har as { log?: Record<string, unknown> }).log;
  need(log, 'log', { version: 'string', creator: 'object', entries: 'array' });
  if (!isObj(log)) return problems;
  if (log.version !== '1.2') problems.push('log.version should be "1.2"');
  need(log.creator, 'log.creator', { name: 'string', version: 'string' });
  (log.entries as unknown[]).forEach((entry, i) => {
    const p = `log.entries[${i}]`;
    need(entry, p, { startedDateTime: 'string', time: 'number', request: 'object', response: 'object', cache: 'object', timings: 'object' });
    const e = entry as Record<string, Record<string, unknown>>;
    if (Number.isNaN(Date.parse(e.startedDateTime as unknown as string))) problems.push(`${p}.startedDateTime is not ISO 8601`);
    need(e.request, `${p}.request`, {
      method: 'string',
      url: 'string',
      httpVersion: 'string',
      cookies: 'array',
      headers: 'array',
      queryString: 'array',
      headersSize: 'number',
      bodySize: 'number',
    });
    need(e.response, `${p}.response`, {
      status: 'number',
      statusText: 'string',
      httpVersion: 'string',
      cookies: 'array',
      headers: 'array',
      content: 'object',
      redirectURL: 'string',
      headersSize: 'number',
      bodySize: 'number',
    });
    nameValues(e.request?.headers, `${p}.request.headers`);
    nameValues(e.request?.queryString, `${p}.request.queryString`);
    nameValues(e.response?.headers, `${p}.response.headers`);
    if (e.request?.postData !== undefined) need(e.request.postData, `${p}.request.postData`, { mimeType: 'string', text: 'string' });
    need(e.response?.content, `${p}.response.content`, { size: 'number', mimeType: 'string' });
    need(e.timings, `${p}.timings`, { send: 'number', wait: 'number', receive: 'number' });
    for (const t of ['send', 'wait', 'receive'] as const)
      if (typeof e.timings?.[t] === 'number' && (e.timings[t] as number) < 0) problems.push(`${p}.timings.${t} < 0`);
  });
  return problems;
}

const creator = { name: 'SCIM Desk', version: '0.1.0' };

describe('toHar', () => {
  it('produces a structurally valid HAR 1.2 log, oldest entry first', () => {
    const later = sampleEntry({ id: 'ex-2', method: 'GET', requestBody: null, timings: { startedAt: '2026-12-01T10:00:05.000Z', ttfbMs: 10, totalMs: 12 } });
    const har = toHar([later, sampleEntry()], creator);
    expect(harProblems(JSON.parse(JSON.stringify(har)))).toEqual([]);
    expect(har.log.version).toBe('1.2');
    expect(har.log.entries.map((e) => e.request.method)).toEqual(['POST', 'GET']);
    expect(har.log.entries[1]!.request.postData).toBeUndefined();
  });

  it('maps the exchange: query string, bodies, timings, redirect, custom fields', () => {
    const [entry] = toHar([sampleEntry()], creator).log.entries;
    expect(entry!.request.queryString).toEqual([
      { name: 'attributes', value: 'userName' },
      { name: 'token', value: '[REDACTED]' },
    ]);
    expect(entry!.request.postData).toMatchObject({ mimeType: 'application/scim+json' });
    expect(entry!.request.headers).toContainEqual({ name: 'authorization', value: 'Bearer [REDACTED]' });
    expect(entry!.response).toMatchObject({ status: 201, statusText: 'Created', redirectURL: 'https://scim.example.com/scim/v2/Users/42', bodySize: 120 });
    expect(entry!.response.content).toEqual({ size: 120, mimeType: 'application/scim+json', text: '{"id":"42","userName":"o\'brien"}' });
    expect(entry!.time).toBe(52.25);
    expect(entry!.timings).toEqual({ send: 0, wait: 40.5, receive: 11.75 });
    expect(entry!._quirks).toEqual(['missing-schemas']);
  });

  it('represents a failed exchange with status 0 and its error, still valid', () => {
    const failed = sampleEntry({
      status: null,
      ok: false,
      error: { code: 'timeout', message: 'No answer in 1 s' },
      responseBody: null,
      responseHeaders: {},
      timings: { startedAt: '2026-12-01T10:00:00.000Z', ttfbMs: null, totalMs: 1000 },
    });
    const har = toHar([failed], creator);
    expect(harProblems(har)).toEqual([]);
    expect(har.log.entries[0]!.response).toMatchObject({ status: 0, statusText: '', bodySize: -1, _error: 'timeout: No answer in 1 s' });
    expect(har.log.entries[0]!.timings).toEqual({ send: 0, wait: 1000, receive: 0 });
  });

  it('notes a body the journal cut', () => {
    const cut = sampleEntry({ responseBody: { text: 'abc', truncated: true, size: 9_000_000, contentType: 'application/json' } });
    expect(toHar([cut], creator).log.entries[0]!.response.content.comment).toMatch(/Cut by the journal/);
  });

  it('the structural check catches what is missing', () => {
    expect(harProblems({ log: { version: '1.1', creator: {}, entries: [{}] } }).length).toBeGreaterThan(5);
    expect(statusText(418)).toBe('');
  });
});
