import { describe, expect, it } from 'vitest';
import type { LearnedFact } from '../contract/learned';
import { parseFilter } from '../filter';
import { blameTerms, filterFactKey, filterTerms, predictFilter } from './learned';

const fact = (endpoint: string, term: string, state: LearnedFact['state']): LearnedFact => ({
  key: filterFactKey(endpoint, term),
  kind: 'filter',
  endpoint,
  subject: term,
  state,
  message: '',
  action: '',
  learnedAt: '2026-12-04T00:00:00.000Z',
});

describe('filterTerms', () => {
  it('names each comparison by attribute and operator, lowercase, core URNs dropped, and each logical operator', () => {
    expect(
      filterTerms(
        parseFilter('userName sw "a" or (emails[type eq "work" and value co "x"] and not (urn:ietf:params:scim:schemas:core:2.0:User:name.familyName pr))'),
      ),
    ).toEqual(['or', 'username sw', 'and', 'emails[]', 'emails.type eq', 'emails.value co', 'not', 'name.familyname pr']);
  });

  it('keeps extension URNs, which name a different attribute', () => {
    expect(filterTerms(parseFilter('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "x"'))).toEqual([
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:department eq',
    ]);
  });
});

describe('predictFilter', () => {
  const facts = [
    fact('users', 'username sw', 'refused'),
    fact('users', 'displayname co', 'ignored'),
    fact('users', 'username eq', 'accepted'),
    fact('groups', 'displayname co', 'accepted'),
  ];

  it('is refused when any term was refused, naming it', () => {
    const p = predictFilter(facts, '/Users', 'userName eq "a" or userName sw "b"');
    expect(p.verdict).toBe('refused');
    expect(p.because.map((f) => f.subject)).toEqual(['username sw']);
  });

  it('is ignored when a term was ignored, accepted when every term worked, unknown otherwise; per endpoint', () => {
    expect(predictFilter(facts, 'Users', 'displayName co "x"').verdict).toBe('ignored');
    expect(predictFilter(facts, 'Users', 'userName eq "x"').verdict).toBe('accepted');
    expect(predictFilter(facts, 'Users', 'userName eq "x" and active eq true').verdict).toBe('unknown');
    expect(predictFilter(facts, 'Groups', 'displayName co "x"').verdict).toBe('accepted');
    expect(predictFilter(facts, 'Users', 'userName eq').verdict).toBe('unknown');
  });
});

describe('blameTerms', () => {
  it('blames the one term not yet seen to work', () => {
    expect(blameTerms(['username eq', 'or', 'displayname co'], (t) => t !== 'displayname co')).toEqual(['displayname co']);
  });

  it('blames what the server named in its message', () => {
    expect(blameTerms(['username sw', 'displayname co', 'or'], () => false, 'filter attribute displayName is not supported')).toEqual(['displayname co']);
    expect(blameTerms(['username sw', 'displayname co', 'or'], () => false, '`co` not supported')).toEqual(['displayname co']);
  });

  it('without a name, blames the comparisons other than eq, then the logical operators', () => {
    expect(blameTerms(['or', 'username sw', 'displayname co', 'username eq'], () => false)).toEqual(['username sw', 'displayname co']);
    expect(blameTerms(['or', 'username eq', 'displayname eq'], () => false)).toEqual(['or']);
  });
});

describe('readOnlySubAttributes', () => {
  it('names the sub-attributes a schema marks readOnly, whatever the key case', async () => {
    const { readOnlySubAttributes } = await import('./writable');
    const schemas = [
      {
        id: 'urn:ietf:params:scim:schemas:core:2.0:Group',
        attributes: [
          {
            name: 'members',
            subAttributes: [
              { name: 'value', mutability: 'immutable' },
              { name: 'display', mutability: 'readOnly' },
              { name: '$ref', mutability: 'READONLY' },
            ],
          },
        ],
      },
    ];
    expect(readOnlySubAttributes(schemas, 'urn:ietf:params:scim:schemas:core:2.0:Group', 'Members')).toEqual(['display', '$ref']);
    expect(readOnlySubAttributes(schemas, 'urn:other', 'members')).toEqual([]);
  });
});
