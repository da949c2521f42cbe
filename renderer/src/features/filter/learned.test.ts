import { describe, expect, it } from 'vitest';
import type { LearnedFact } from '../../../../shared/contract';
import { attributeCatalogue, filterWarnings, learnedForOp, parseFilter } from '../../../../shared/filter';
import { CORE_SCHEMAS, filterFactKey, predictFilter, SCHEMA_USER } from '../../../../shared/scim';
import { learnedFilterLookup, learnedWhen } from './learned';

const fact = (endpoint: string, subject: string, state: LearnedFact['state'], kind: LearnedFact['kind'] = 'filter'): LearnedFact => ({
  key: kind === 'filter' ? filterFactKey(endpoint, subject) : `${kind}|${endpoint}|${subject}`,
  kind,
  endpoint,
  subject,
  state,
  message: `${subject}: ${state}`,
  action: '',
  exchangeId: `x-${subject}`,
  learnedAt: '2025-05-03T12:03:00.000Z',
});

describe('learnedWhen', () => {
  it('says the time alone today, the day before, and the year when it is another one', () => {
    const at = new Date(2025, 4, 3, 9, 7);
    expect(learnedWhen(at.toISOString(), new Date(2025, 4, 3, 18, 0))).toBe('at 09:07');
    expect(learnedWhen(at.toISOString(), new Date(2025, 4, 4, 8, 0))).toBe('on 3 May at 09:07');
    expect(learnedWhen(at.toISOString(), new Date(2026, 0, 2))).toBe('on 3 May 2025 at 09:07');
    expect(learnedWhen('not a date')).toBe('on not a date');
  });
});

describe('learnedFilterLookup', () => {
  const facts = [
    fact('users', 'username sw', 'refused'),
    fact('groups', 'displayname co', 'ignored'),
    fact('users', 'startIndex', 'ignored', 'param'),
    fact('users', 'or', 'refused'),
  ];
  const catalogue = attributeCatalogue({ name: 'User', schema: SCHEMA_USER, schemaExtensions: [] }, CORE_SCHEMAS);
  const context = { catalogue, filterSupported: true, schemasKnown: true, coreUri: SCHEMA_USER, typeName: 'User' };

  it('reads filter facts of the endpoint the builder is on, whatever its spelling', () => {
    const users = learnedFilterLookup(facts, '/Users', () => 'at 12:03');
    expect(learnedForOp(users, { name: 'userName' }, 'sw')?.state).toBe('refused');
    expect(learnedForOp(users, { name: 'displayName' }, 'co')).toBeUndefined();
    expect(users.fact('or')?.state).toBe('refused');
    expect(users.fact('startIndex')).toBeUndefined();
    const groups = learnedFilterLookup(facts, 'Groups/', () => 'at 12:03');
    expect(learnedForOp(groups, { name: 'displayName' }, 'co')?.state).toBe('ignored');
    expect(learnedForOp(groups, { name: 'userName' }, 'sw')).toBeUndefined();
  });

  it('blocks in the builder exactly the filters the main side refuses to send', () => {
    const learned = learnedFilterLookup(facts, '/Users', () => 'at 12:03');
    for (const text of ['userName sw "a"', 'userName eq "a" or userName eq "b"', 'userName eq "a"', 'emails[value sw "a"]', 'not (userName sw "a")']) {
      const blocks = filterWarnings(parseFilter(text), { ...context, learned }).filter((w) => w.severity === 'blocks');
      expect(blocks.length > 0, text).toBe(predictFilter(facts, '/Users', text).verdict === 'refused');
    }
    const [refused] = filterWarnings(parseFilter('userName sw "a"'), { ...context, learned });
    expect(refused).toMatchObject({
      code: 'learned.refused',
      message: 'Will not be sent: the server refused "userName sw" at 12:03.',
      exchangeId: 'x-username sw',
    });
  });
});
