import { describe, expect, it } from 'vitest';
import { looksJson, prettyJson } from './jsonBody';

describe('looksJson and prettyJson', () => {
  it('recognises JSON by type or shape, and indents only what parses', () => {
    expect(looksJson('x', 'application/scim+json; charset=utf-8')).toBe(true);
    expect(looksJson('  [1]')).toBe(true);
    expect(looksJson('<html>', 'text/html')).toBe(false);
    expect(prettyJson('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyJson('{"a":')).toBeNull();
  });
});

describe('prettyJson on the largest body the journal keeps', () => {
  it('indents 5 MB of SCIM list without blocking for seconds', () => {
    const users = Array.from({ length: 30_000 }, (_, i) => ({
      id: String(i),
      userName: `user${i}@example.com`,
      name: { givenName: 'Given', familyName: `Family${i}` },
      emails: [{ value: `user${i}@example.com`, primary: true }],
    }));
    const body = JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: users.length, Resources: users });
    expect(body.length).toBeGreaterThan(4_500_000);
    expect(body.length).toBeLessThan(5 * 1024 * 1024);
    const started = performance.now();
    const pretty = prettyJson(body);
    const took = performance.now() - started;
    expect(pretty?.split('\n').length).toBeGreaterThan(300_000);
    expect(took).toBeLessThan(1500);
  });
});
