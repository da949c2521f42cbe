import { describe, expect, it } from 'vitest';
import type { AppError } from '../../../shared/contract';
import { assertRequestAllowed, findMethodOverride, isSearchRequest } from './write-guard';

const BASE = 'https://scim.example/scim/v2';
const readOnly = { name: 'Prod', baseUrl: BASE, readOnly: true };
const writable = { ...readOnly, readOnly: false };
const SEARCH = JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: 'userName eq "a"', count: 10 });
const refusal = (fn: () => void): AppError | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error as AppError;
  }
};

describe('isSearchRequest', () => {
  it('accepts POST {base}/.search and {base}/{endpoint}/.search with a SearchRequest body', () => {
    expect(isSearchRequest(BASE, new URL(`${BASE}/.search`), SEARCH)).toBe(true);
    expect(isSearchRequest(BASE, new URL(`${BASE}/Users/.search`), SEARCH)).toBe(true);
    expect(isSearchRequest(BASE, new URL(`${BASE}/Groups/.search`), '{}')).toBe(true);
  });

  it('refuses other .search paths and bodies that are not a SearchRequest', () => {
    expect(isSearchRequest(BASE, new URL(`${BASE}/Users/123/.search`), SEARCH)).toBe(false);
    expect(isSearchRequest(BASE, new URL(`${BASE}/Bulk/.search`), SEARCH)).toBe(false);
    expect(isSearchRequest(BASE, new URL('https://scim.example/other/Users/.search'), SEARCH)).toBe(false);
    expect(isSearchRequest(BASE, new URL('https://evil.example/scim/v2/.search'), SEARCH)).toBe(false);
    expect(
      isSearchRequest(BASE, new URL(`${BASE}/Users/.search`), JSON.stringify({ userName: 'x', schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'] })),
    ).toBe(false);
    expect(isSearchRequest(BASE, new URL(`${BASE}/Users/.search`), JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'] }))).toBe(
      false,
    );
    expect(isSearchRequest(BASE, new URL(`${BASE}/Users/.search`), 'not json')).toBe(false);
    expect(isSearchRequest(BASE, new URL(`${BASE}/Users/.search`), '[]')).toBe(false);
  });
});

describe('findMethodOverride', () => {
  it('finds the override headers in any case and the _method parameter', () => {
    expect(findMethodOverride({ 'X-HTTP-Method-Override': 'delete' }, new URL(BASE))?.method).toBe('DELETE');
    expect(findMethodOverride({ 'x-http-method': 'PATCH' }, new URL(BASE))?.method).toBe('PATCH');
    expect(findMethodOverride({ 'X-Method-Override': 'PUT' }, new URL(BASE))?.method).toBe('PUT');
    expect(findMethodOverride({}, new URL(`${BASE}/Users?_method=DELETE`))?.source).toContain('_method');
    expect(findMethodOverride({ 'x-trace': '1' }, new URL(`${BASE}/Users?count=1`))).toBeUndefined();
  });
});

describe('assertRequestAllowed', () => {
  const get = (url: string, headers: Record<string, string> = {}) => ({ method: 'GET', url: new URL(url), headers });

  it('lets a read-only connection GET, HEAD and search, and nothing else', () => {
    expect(refusal(() => assertRequestAllowed(readOnly, get(`${BASE}/Users`)))).toBeUndefined();
    expect(refusal(() => assertRequestAllowed(readOnly, { ...get(`${BASE}/Users`), method: 'HEAD' }))).toBeUndefined();
    expect(refusal(() => assertRequestAllowed(readOnly, { method: 'POST', url: new URL(`${BASE}/Users/.search`), headers: {}, body: SEARCH }))).toBeUndefined();
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'PROPPATCH']) {
      expect(refusal(() => assertRequestAllowed(readOnly, { method, url: new URL(`${BASE}/Users/1`), headers: {}, body: '{}' }))?.code).toBe('read_only');
    }
    expect(refusal(() => assertRequestAllowed(readOnly, { method: 'POST', url: new URL(`${BASE}/Users/1/.search`), headers: {}, body: SEARCH }))?.code).toBe(
      'read_only',
    );
    expect(refusal(() => assertRequestAllowed(readOnly, { method: 'POST', url: new URL(`${BASE}/Bulk/.search`), headers: {}, body: SEARCH }))?.code).toBe(
      'read_only',
    );
  });

  it('refuses a GET that overrides its method on a read-only connection, even when the override is allowed', () => {
    const viaHeader = refusal(() =>
      assertRequestAllowed(readOnly, { ...get(`${BASE}/Users`, { 'X-HTTP-Method-Override': 'DELETE' }), allowMethodOverride: true }),
    );
    expect(viaHeader?.code).toBe('read_only');
    expect(viaHeader?.message).toContain('X-HTTP-Method-Override');
    expect(refusal(() => assertRequestAllowed(readOnly, get(`${BASE}/Users?_method=DELETE`)))?.message).toContain('_method');
  });

  it('refuses a method override on every connection unless the user allowed it', () => {
    const error = refusal(() => assertRequestAllowed(writable, get(`${BASE}/Users/1`, { 'x-method-override': 'DELETE' })));
    expect(error?.code).toBe('invalid_input');
    expect(error?.message).toMatch(/run DELETE instead of GET/);
    expect(
      refusal(() => assertRequestAllowed(writable, { ...get(`${BASE}/Users/1`, { 'x-method-override': 'DELETE' }), allowMethodOverride: true })),
    ).toBeUndefined();
    expect(refusal(() => assertRequestAllowed(writable, { method: 'DELETE', url: new URL(`${BASE}/Users/1`), headers: {} }))).toBeUndefined();
  });
});
