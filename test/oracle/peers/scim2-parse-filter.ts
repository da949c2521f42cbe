import type { PeerFilterCase } from './types';

/**
 * scim2-parse-filter's evaluation tests: test/filter.test.ts and the "filter" example of test/readme.test.ts,
 * i.e. every test that runs filter(parse(text)) on resources. One case per filter: the resources the test
 * asserts on, and the positions it expects to match (assert.isTrue / deepEqual of the kept users).
 * The parse, stringify, expand and flatten tests check the peer's own AST and have no counterpart here.
 */

const FILTER_TEST = 'test/filter.test.ts';
const CASE_TESTS = 'filter — case-insensitive comparisons (RFC 7643 §2.7)';

function parseFilterCase(test: string, filter: string, resources: PeerFilterCase['resources'], expected: number[], extra: Partial<PeerFilterCase> = {}) {
  const file = extra.source?.file ?? FILTER_TEST;
  const id = `scim2-parse-filter › ${test}`;
  return { id, source: { peer: 'scim2-parse-filter', file, test }, filter, resources, expected, ...extra } satisfies PeerFilterCase;
}

const users = (...userNames: string[]) => userNames.map((userName) => ({ userName }));

export const SCIM2_PARSE_FILTER_CASES: PeerFilterCase[] = [
  parseFilterCase(
    'filter › end to end or condition',
    'userName eq "test1@example.com" or userName eq "test2@example.com"',
    users('test1@example.com', 'test2@example.com'),
    [0, 1],
  ),
  parseFilterCase(
    'filter › end to end and condition',
    'userName eq "test1@example.com" and id eq "id_1"',
    [
      { userName: 'test1@example.com', id: 'id_1' },
      { userName: 'test2@example.com', id: 'id_2' },
    ],
    [0],
  ),
  // The test's template literal `userName eq "domain\\user.name"` is the filter text userName eq "domain\user.name".
  parseFilterCase('filter › end to end shielding backslash in quotes', 'userName eq "domain\\user.name"', users('domain\\user.name'), [0]),
  parseFilterCase(`${CASE_TESTS} › eq matches regardless of case by default`, 'userName eq "JohnDoe"', users('johndoe', 'JOHNDOE', 'JohnDoe'), [0, 1, 2]),
  parseFilterCase(`${CASE_TESTS} › ne is case-insensitive by default`, 'userName ne "JohnDoe"', users('johndoe', 'JOHNDOE', 'JaneDoe'), [2]),
  parseFilterCase(`${CASE_TESTS} › co is case-insensitive by default`, 'userName co "JOHN"', users('john.doe', 'John.Doe', 'jane.doe'), [0, 1]),
  parseFilterCase(`${CASE_TESTS} › sw is case-insensitive by default`, 'userName sw "JOHN"', users('john.doe', 'John.Doe', 'doe.john'), [0, 1]),
  parseFilterCase(`${CASE_TESTS} › ew is case-insensitive by default`, 'userName ew "DOE"', users('john.doe', 'John.Doe', 'doe.john'), [0, 1]),
  parseFilterCase(`${CASE_TESTS} › non-string values are unaffected by case normalization #1`, 'score eq 42', [{ score: 42 }, { score: 43 }], [0]),
  parseFilterCase(`${CASE_TESTS} › non-string values are unaffected by case normalization #2`, 'active eq true', [{ active: true }, { active: false }], [0]),
  parseFilterCase(
    `${CASE_TESTS} › caseExact: true restores case-sensitive behavior globally`,
    'userName eq "JohnDoe"',
    users('JohnDoe', 'johndoe', 'JOHNDOE'),
    [0],
    {
      caseExact: true,
    },
  ),
  parseFilterCase(`${CASE_TESTS} › CaseExactResolver provides per-attribute control #1`, 'userName eq "JohnDoe"', users('johndoe'), [0], {
    caseExact: ['externalId'],
  }),
  parseFilterCase(
    `${CASE_TESTS} › CaseExactResolver provides per-attribute control #2`,
    'externalId eq "ABC123"',
    [{ externalId: 'ABC123' }, { externalId: 'abc123' }],
    [0],
    { caseExact: ['externalId'] },
  ),
  parseFilterCase(
    `${CASE_TESTS} › Microsoft Entra ID use case — username differs only in case`,
    'userName eq "user@contoso.com"',
    users('User@Contoso.COM', 'user@contoso.com', 'other@contoso.com'),
    [0, 1],
  ),
  parseFilterCase('readme › filter', 'userName eq "test1@example.com"', users('test1@example.com', 'test2@example.com'), [0], {
    source: { peer: 'scim2-parse-filter', file: 'test/readme.test.ts', test: 'readme › filter' },
  }),
];
