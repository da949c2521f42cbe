import { describe, expect, it } from 'vitest';
import type { ConnectionView, JournalEntry } from '../../../../shared/contract';
import { seedFromEntry } from './consoleSeed';

const connection = (id: string, baseUrl: string) => ({ id, name: id, baseUrl }) as ConnectionView;
const entry = {
  connectionId: 'c1',
  connectionName: 'Old',
  method: 'PATCH',
  url: 'https://h.example/scim/v2/Users/42?attributes=userName&token=[REDACTED]',
  requestHeaders: {
    accept: 'application/scim+json',
    authorization: 'Bearer [REDACTED]',
    'content-type': 'application/scim+json',
    'x-tenant': 't1',
    'content-length': '10',
  },
  requestBody: { text: '{"Operations":[]}', truncated: false, size: 17 },
} as unknown as JournalEntry;

describe('seedFromEntry', () => {
  it('takes the path under the base URL, the query, chosen headers (no credentials) and the body', () => {
    expect(seedFromEntry(entry, [connection('c1', 'https://h.example/scim/v2/')], null)).toEqual({
      connectionId: 'c1',
      method: 'PATCH',
      path: '/Users/42',
      query: [
        { name: 'attributes', value: 'userName' },
        { name: 'token', value: '[REDACTED]' },
      ],
      headers: [
        { name: 'content-type', value: 'application/scim+json' },
        { name: 'x-tenant', value: 't1' },
      ],
      body: '{"Operations":[]}',
    });
  });

  it('falls back to the active connection, saying so, when the exchange’s connection is gone', () => {
    const seed = seedFromEntry(entry, [connection('a', 'https://other.example/'), connection('b', 'https://h.example/scim/v2')], 'b')!;
    expect(seed.connectionId).toBe('b');
    expect(seed.note).toMatch(/no longer a saved connection/);
    expect(seedFromEntry(entry, [], null)).toBeNull();
  });
});
