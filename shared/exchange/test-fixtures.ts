import type { JournalEntry, JournalSummary } from '../contract/journal';

/** A journaled exchange as main keeps it: credentials already redacted. */
export function sampleEntry(overrides: Partial<JournalEntry> = {}): JournalEntry {
  return {
    id: 'ex-1',
    connectionId: 'c1',
    connectionName: 'Demo',
    method: 'POST',
    url: 'https://scim.example.com/scim/v2/Users?attributes=userName&token=[REDACTED]',
    path: '/scim/v2/Users?attributes=userName&token=[REDACTED]',
    status: 201,
    ok: true,
    timings: { startedAt: '2026-12-01T10:00:00.000Z', ttfbMs: 40.5, totalMs: 52.25 },
    sizes: { request: 64, response: 120 },
    attempt: 1,
    quirks: [{ code: 'missing-schemas', message: 'No schemas in the response' }],
    requestHeaders: {
      accept: 'application/scim+json',
      'content-type': 'application/scim+json',
      authorization: 'Bearer [REDACTED]',
      'x-api-key': '[REDACTED]',
      'content-length': '64',
    },
    responseHeaders: { 'content-type': 'application/scim+json', location: 'https://scim.example.com/scim/v2/Users/42', etag: 'W/"1"' },
    requestBody: { text: `{"userName":"o'brien $HOME \`x\`","password":"[REDACTED]"}`, truncated: false, size: 64, contentType: 'application/scim+json' },
    responseBody: { text: '{"id":"42","userName":"o\'brien"}', truncated: false, size: 120, contentType: 'application/scim+json' },
    ...overrides,
  };
}

/** A plain successful GET as the live list shows it (no headers or bodies). */
export function sampleSummary(overrides: Partial<JournalSummary> = {}): JournalSummary {
  return {
    id: 'a',
    connectionId: 'c1',
    connectionName: 'Demo',
    method: 'GET',
    url: 'http://127.0.0.1/scim/v2/Users?count=100',
    path: '/scim/v2/Users?count=100',
    status: 200,
    ok: true,
    timings: { startedAt: '2026-12-01T10:00:00.000Z', ttfbMs: 1, totalMs: 2 },
    sizes: { request: 0, response: 10 },
    attempt: 1,
    quirks: [],
    requestSize: 0,
    responseSize: 10,
    ...overrides,
  };
}
