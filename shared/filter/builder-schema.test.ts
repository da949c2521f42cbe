import { describe, expect, it } from 'vitest';
import type { LearnedFact } from '../contract/learned';
import { CORE_SCHEMAS, filterFactKey, predictFilter, termAttribute } from '../scim';
import {
  attributeCatalogue,
  filterWarnings,
  findAttribute,
  learnedForOp,
  listRequestUrl,
  opsForType,
  parseFilter,
  valueKindForType,
  type LearnedFilterLookup,
  type WarningContext,
} from './index';

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
    expect(texts).toEqual(
      expect.arrayContaining([
        'id',
        'externalId',
        'meta.lastModified',
        'userName',
        'name.givenName',
        'active',
        'emails',
        'emails.value',
        `${ENTERPRISE}:department`,
        `${ENTERPRISE}:manager.value`,
      ]),
    );
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
  const context: WarningContext = {
    catalogue: attributeCatalogue(usersType, CORE_SCHEMAS),
    filterSupported: true,
    schemasKnown: true,
    coreUri: USER,
    typeName: 'User',
  };
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

describe('filterWarnings with what the server was seen to do', () => {
  const context: WarningContext = {
    catalogue: attributeCatalogue(usersType, CORE_SCHEMAS),
    filterSupported: true,
    schemasKnown: true,
    coreUri: USER,
    typeName: 'User',
  };
  const fact = (subject: string, state: LearnedFact['state'], exchangeId = `x-${subject}`): LearnedFact => ({
    key: filterFactKey('users', subject),
    kind: 'filter',
    endpoint: 'users',
    subject,
    state,
    message: `The server did something with ${subject}.`,
    action: 'Something.',
    exchangeId,
    learnedAt: '2025-05-03T12:03:09.000Z',
  });
  // As the renderer builds it: terms named by shared/scim, facts by key.
  const lookupOf = (facts: LearnedFact[], endpoint = '/Users'): LearnedFilterLookup => {
    const byKey = new Map(facts.map((f) => [f.key, f]));
    return { attribute: termAttribute, fact: (term) => byKey.get(filterFactKey(endpoint, term)) };
  };
  const facts = [
    fact('username sw', 'refused'),
    fact('displayname co', 'ignored'),
    fact('username eq', 'accepted'),
    fact('and', 'accepted'),
    fact('emails[]', 'accepted'),
    fact('emails.type eq', 'accepted'),
  ];
  const warnings = (text: string, list = facts) => filterWarnings(parseFilter(text), { ...context, learned: lookupOf(list) });

  it('blocks a term the server refused, naming it as written, when, what it said and the exchange', () => {
    const [w, ...rest] = warnings('userName sw "a"');
    expect(rest).toEqual([]);
    expect(w).toEqual({
      code: 'learned.refused',
      severity: 'blocks',
      message: 'Will not be sent: the server refused "userName sw" on 2025-05-03 at 12:03 UTC.',
      detail: 'The server did something with username sw.',
      exchangeId: 'x-username sw',
    });
  });

  it('warns about a term the server ignored: its answers are checked here', () => {
    const found = warnings('displayName co "x" and userName eq "a"');
    expect(found.map((w) => w.code)).toEqual(['learned.ignored']);
    expect(found[0]!.message).toBe('The server ignores "displayName co" (seen on 2025-05-03 at 12:03 UTC): what it answers is checked here.');
    expect(found[0]!.exchangeId).toBe('x-displayname co');
  });

  it('notes the terms not seen working yet, logical operators and value filters included, once each', () => {
    const found = warnings('name.familyName ew "z" or (userName eq "a" or emails[type eq "work" and value co "@"])');
    expect(found.map((w) => [w.code, w.severity])).toEqual([['learned.unseen', 'note']]);
    expect(found[0]!.message).toBe('Not seen working on this server yet: "or", "name.familyName ew", "emails.value co".');
    expect(warnings('userName eq "a" and emails[type eq "work"]')).toEqual([]);
  });

  it('says nothing learned when nothing is known yet (no lookup), and keeps the schema warnings beside', () => {
    expect(filterWarnings(parseFilter('userName sw "a"'), context)).toEqual([]);
    expect(warnings('active co "t" and userName sw "a"').map((w) => w.code)).toEqual(['operator.type', 'learned.refused', 'learned.unseen']);
  });

  it('takes the time phrase from the caller', () => {
    const lookup = { ...lookupOf(facts), when: () => 'at 14:03' };
    expect(filterWarnings(parseFilter('userName sw "a"'), { ...context, learned: lookup })[0]!.message).toBe(
      'Will not be sent: the server refused "userName sw" at 14:03.',
    );
  });

  it('judges a filter as the main side does: refused exactly when predictFilter says so', () => {
    for (const text of [
      'userName sw "a"',
      'userName eq "a" and userName sw "b"',
      'emails[type eq "work" and value sw "x"]',
      'displayName co "x"',
      'userName eq "a"',
      'not (userName sw "q")',
    ]) {
      const blocked = warnings(text).some((w) => w.code === 'learned.refused');
      expect(blocked, text).toBe(predictFilter(facts, '/Users', text).verdict === 'refused');
    }
  });

  it('tells the operator picker what the server did with each operator on an attribute', () => {
    const lookup = lookupOf(facts);
    expect(learnedForOp(lookup, { name: 'userName' }, 'sw')?.state).toBe('refused');
    expect(learnedForOp(lookup, { uri: USER, name: 'userName' }, 'sw')?.state).toBe('refused');
    expect(learnedForOp(lookup, { name: 'userName' }, 'co')).toBeUndefined();
    expect(learnedForOp(lookup, { name: 'type' }, 'eq', { name: 'emails' })?.state).toBe('accepted');
    expect(learnedForOp(undefined, { name: 'userName' }, 'sw')).toBeUndefined();
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
