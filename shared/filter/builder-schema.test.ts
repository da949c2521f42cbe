import { describe, expect, it } from 'vitest';
import { CORE_SCHEMAS } from '../scim';
import { attributeCatalogue, filterWarnings, findAttribute, listRequestUrl, opsForType, parseFilter, valueKindForType, type WarningContext } from './index';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const usersType = { name: 'User', schema: USER, schemaExtensions: [{ schema: ENTERPRISE }] };

describe('operators per type', () => {
  it('offers no substring operators on booleans, numbers or dates, and only pr on complex', () => {
    expect(opsForType('boolean')).toEqual(['eq', 'ne', 'pr']);
    expect(opsForType('dateTime')).toEqual(['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'pr']);
    expect(opsForType('integer')).not.toContain('co');
    expect(opsForType('decimal')).toContain('gt');
    expect(opsForType('string')).toEqual(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'pr']);
    expect(opsForType('reference')).toContain('sw');
    expect(opsForType('complex')).toEqual(['pr']);
    expect(opsForType(undefined)).toHaveLength(10);
  });

  it('maps types to value inputs', () => {
    expect(valueKindForType('boolean')).toBe('boolean');
    expect(valueKindForType('integer')).toBe('number');
    expect(valueKindForType('decimal')).toBe('number');
    expect(valueKindForType('dateTime')).toBe('dateTime');
    expect(valueKindForType('reference')).toBe('string');
  });
});

describe('attributeCatalogue', () => {
  const catalogue = attributeCatalogue(usersType, CORE_SCHEMAS);

  it('lists common, core, sub- and extension attributes by URN', () => {
    const texts = catalogue.map((e) => e.text);
    expect(texts).toEqual(expect.arrayContaining(['id', 'externalId', 'meta.lastModified', 'userName', 'name.givenName', 'active', 'emails', 'emails.value', `${ENTERPRISE}:department`, `${ENTERPRISE}:manager.value`]));
    expect(new Set(texts).size).toBe(texts.length);
    expect(catalogue.find((e) => e.text === `${ENTERPRISE}:department`)?.label).toBe('department (enterprise)');
  });

  it('gives multi-valued complex attributes their sub-attributes for value paths', () => {
    const emails = catalogue.find((e) => e.text === 'emails')!;
    expect(emails.type).toBe('complex');
    expect(emails.subAttributes?.map((s) => s.text)).toEqual(expect.arrayContaining(['value', 'type', 'primary']));
    expect(catalogue.find((e) => e.text === 'name')?.subAttributes).toBeUndefined();
  });

  it('marks returned "never" attributes', () => {
    expect(catalogue.find((e) => e.text === 'password')?.neverReturned).toBe(true);
    expect(catalogue.find((e) => e.text === 'userName')?.neverReturned).toBe(false);
  });

  it('finds attributes case-insensitively, with the core URN or none, and inside value paths', () => {
    expect(findAttribute(catalogue, { name: 'USERNAME' })?.text).toBe('userName');
    expect(findAttribute(catalogue, { uri: USER, name: 'name', sub: 'givenName' }, { coreUri: USER })?.text).toBe('name.givenName');
    expect(findAttribute(catalogue, { uri: ENTERPRISE.toLowerCase(), name: 'Department' })?.type).toBe('string');
    expect(findAttribute(catalogue, { name: 'type' }, { parent: { name: 'emails' } })?.text).toBe('type');
    expect(findAttribute(catalogue, { name: 'nope' }, { parent: { name: 'emails' } })).toBeUndefined();
    expect(findAttribute(catalogue, { name: 'familyName' }, { parent: { name: 'name' } })?.text).toBe('name.familyName');
  });
});

describe('filterWarnings', () => {
  const context: WarningContext = { catalogue: attributeCatalogue(usersType, CORE_SCHEMAS), filterSupported: true, schemasKnown: true, coreUri: USER, typeName: 'User' };
  const warn = (text: string, over: Partial<WarningContext> = {}) => filterWarnings(parseFilter(text), { ...context, ...over }).map((w) => w.code);

  it('has nothing to say about a good filter', () => {
    expect(warn('userName sw "a" and active eq true and emails[type eq "work"] and meta.created gt "2024-01-01T00:00:00Z"')).toEqual([]);
  });

  it('warns when the server does not support filtering', () => {
    expect(warn('userName eq "a"', { filterSupported: false })).toEqual(['filter.unsupported']);
    expect(filterWarnings(null, { ...context, filterSupported: false })).toEqual([]);
  });

  it('warns about unknown and never-returned attributes', () => {
    expect(warn('password eq "x"')).toEqual(['attribute.never-returned']);
    expect(warn('shoeSize gt 3')).toEqual(['attribute.unknown']);
    expect(warn('emails[kind eq "x"]')).toEqual(['attribute.unknown']);
    expect(warn('shoeSize gt 3', { schemasKnown: false })).toEqual([]);
  });

  it('warns about operators and values that do not fit the type', () => {
    expect(warn('active co "t"')).toEqual(['operator.type']);
    expect(warn('active eq "true"')).toEqual(['value.type']);
    expect(warn('meta.created gt "yesterday"')).toEqual(['value.type']);
    expect(warn('active eq null')).toEqual([]);
  });
});

describe('listRequestUrl', () => {
  it('encodes the filter as the engine sends it', () => {
    expect(listRequestUrl('https://scim.example.com/v2/', '/Users', 'userName sw "a" and active eq true', 50)).toBe(
      'https://scim.example.com/v2/Users?startIndex=1&count=50&filter=userName+sw+%22a%22+and+active+eq+true',
    );
    expect(listRequestUrl('https://x.test/scim', 'Groups', '', 10)).toBe('https://x.test/scim/Groups?startIndex=1&count=10');
  });
});
