import type { PeerFilterCase } from './types';

/**
 * SCIMMY's #match() fixtures (test/lib/types/filter.json, "match"), run by test/lib/types/filter.js.
 * SCIMMY writes filters as expression objects; each is translated to the SCIM text SCIMMY's own parser
 * turns into that object (its "expression" fixtures show the mapping: keys are joined with and, a list of
 * objects with or, nested objects give dotted paths). Two SCIMMY notations that RFC 7644 Figure 1 does not
 * have are written in RFC form: not without parentheses becomes not (...), and attr[filter] pr becomes
 * attr[filter]. Expected ids 1-4 are positions 0-3 of SCIMMY_USERS.
 */

const FILE = 'test/lib/types/filter.json';

/** The fixture's "source" records, verbatim. */
export const SCIMMY_USERS = [
  {
    id: 1,
    userName: 'AdeleV',
    date: '2021-07-25T12:37:58.132Z',
    number: 4,
    exists: true,
    name: {
      formatted: 'Adele Vance',
      givenName: 'Adele',
      familyName: 'Vance',
    },
    emails: [
      {
        type: 'work',
        value: 'AdeleV@example.net',
        primary: true,
      },
    ],
  },
  {
    id: 2,
    userName: 'GradyA',
    date: '2021-09-22T02:32:12.026Z',
    number: 6,
    name: {
      formatted: 'Grady Archie',
      givenName: 'Grady',
      familyName: 'Archie',
    },
    emails: [
      {
        type: 'home',
        value: 'GradyA@example.com',
        primary: true,
      },
    ],
  },
  {
    id: 3,
    userName: 'LynneR',
    date: '2021-08-05T10:11:57.910Z',
    number: 14,
    exists: false,
    name: {
      formatted: 'Lynne Robbins',
      givenName: 'Lynne',
      familyName: 'Robbins',
    },
    emails: [
      {
        type: 'work',
        value: 'LynneR@example.org',
        primary: true,
      },
    ],
  },
  {
    id: 4,
    userName: 'MeganB',
    date: '2021-09-08T23:02:28.986Z',
    number: 9,
    name: {
      formatted: 'Megan Bowen',
      givenName: 'Megan',
      familyName: 'Bowen',
    },
    emails: [
      {
        type: 'work',
        value: 'MeganB@example.org',
        primary: true,
      },
      {
        type: 'home',
        value: 'MeganB@example.net',
        primary: false,
      },
    ],
  },
];

function scimmy(group: string, n: number, peerExpression: unknown, filter: string, expected: number[], extra: Partial<PeerFilterCase> = {}): PeerFilterCase {
  const id = `scimmy › match.${group} #${n}`;
  return { id, source: { peer: 'scimmy', file: FILE, test: `#match() ${group} #${n}` }, filter, peerExpression, resources: SCIMMY_USERS, expected, ...extra };
}

const NP = { skip: { notApplicable: 'np (not present) is a SCIMMY extension, not an RFC 7644 operator; a conforming server refuses it' } };

export const SCIMMY_FILTER_CASES: PeerFilterCase[] = [
  scimmy('comparators', 1, { userName: ['eq', 'AdeleV'] }, 'userName eq "AdeleV"', [0]),
  scimmy('comparators', 2, { userName: ['ne', 'AdeleV'] }, 'userName ne "AdeleV"', [1, 2, 3]),
  scimmy('comparators', 3, { userName: ['co', 'A'] }, 'userName co "A"', [0, 1]),
  scimmy('comparators', 4, { userName: ['sw', 'A'] }, 'userName sw "A"', [0]),
  scimmy('comparators', 5, { userName: ['ew', 'A'] }, 'userName ew "A"', [1]),
  scimmy('comparators', 6, { number: ['gt', 9] }, 'number gt 9', [2]),
  scimmy('comparators', 7, { number: ['ge', 9] }, 'number ge 9', [2, 3]),
  scimmy('comparators', 8, { number: ['lt', 6] }, 'number lt 6', [0]),
  scimmy('comparators', 9, { number: ['le', 6] }, 'number le 6', [0, 1]),
  scimmy('comparators', 10, { userName: ['pr'] }, 'userName pr', [0, 1, 2, 3]),
  scimmy('comparators', 11, { exists: ['pr'] }, 'exists pr', [0, 2]),
  scimmy('comparators', 12, { userName: ['np'] }, 'userName np', [], NP),
  scimmy('comparators', 13, { exists: ['np'] }, 'exists np', [1, 3], NP),
  scimmy('comparators', 14, { exists: ['eq', null] }, 'exists eq null', [1, 3]),
  scimmy('comparators', 15, { exists: ['ne', null] }, 'exists ne null', [0, 2]),
  scimmy('comparators', 16, { exists: ['eq', true] }, 'exists eq true', [0]),
  scimmy('comparators', 17, { exists: ['eq', 'True'] }, 'exists eq "True"', [0]),
  scimmy('comparators', 18, { exists: ['eq', 'False'] }, 'exists eq "False"', [2]),
  scimmy('comparators', 19, { exists: ['eq', 'falsey'] }, 'exists eq "falsey"', []),
  scimmy('nesting', 1, { name: { formatted: ['co', 'a'] } }, 'name.formatted co "a"', [0, 1, 3]),
  scimmy('nesting', 2, { name: { formatted: ['ew', 'e'] } }, 'name.formatted ew "e"', [0, 1]),
  scimmy('nesting', 3, { userName: ['co', 'A'], name: { formatted: ['co', 'a'] } }, 'userName co "A" and name.formatted co "a"', [0, 1]),
  scimmy('nesting', 4, { emails: { type: ['eq', 'work'] } }, 'emails.type eq "work"', [0, 2, 3]),
  scimmy('nesting', 5, { emails: [{ type: ['eq', 'work'] }, ['pr']] }, 'emails[type eq "work"]', [0, 2, 3]),
  scimmy('nesting', 6, { emails: { value: ['ew', 'example.net'] } }, 'emails.value ew "example.net"', [0, 3]),
  scimmy('nesting', 7, { emails: { type: ['eq', 'work'], value: ['ew', 'example.net'] } }, 'emails.type eq "work" and emails.value ew "example.net"', [0]),
  scimmy('cases', 1, { username: ['sw', 'A'] }, 'username sw "A"', [0]),
  scimmy('cases', 2, { Name: { fOrmaTTed: ['co', 'a'] } }, 'Name.fOrmaTTed co "a"', [0, 1, 3]),
  scimmy(
    'cases',
    3,
    { Name: { fOrmaTTed: ['co', 'a'] }, emaILs: { VALUe: ['ew', 'example.net'] } },
    'Name.fOrmaTTed co "a" and emaILs.VALUe ew "example.net"',
    [0, 3],
  ),
  scimmy('numbers', 1, { number: ['eq', 6] }, 'number eq 6', [1]),
  scimmy('numbers', 2, { number: ['eq', '6'] }, 'number eq "6"', []),
  scimmy('numbers', 3, { number: ['ne', 6] }, 'number ne 6', [0, 2, 3]),
  scimmy('numbers', 4, { number: ['ne', '6'] }, 'number ne "6"', [0, 1, 2, 3]),
  scimmy('numbers', 5, { number: ['gt', 9] }, 'number gt 9', [2]),
  scimmy('numbers', 6, { number: ['gt', '9'] }, 'number gt "9"', []),
  scimmy('numbers', 7, { number: ['ge', 9] }, 'number ge 9', [2, 3]),
  scimmy('numbers', 8, { number: ['ge', '9'] }, 'number ge "9"', []),
  scimmy('numbers', 9, { number: ['lt', 6] }, 'number lt 6', [0]),
  scimmy('numbers', 10, { number: ['lt', '6'] }, 'number lt "6"', []),
  scimmy('numbers', 11, { number: ['le', 6] }, 'number le 6', [0, 1]),
  scimmy('numbers', 12, { number: ['le', '6'] }, 'number le "6"', []),
  scimmy('dates', 1, { date: ['gt', '2021-08-05'] }, 'date gt "2021-08-05"', [1, 2, 3]),
  scimmy('dates', 2, { date: ['lt', '2021-09'] }, 'date lt "2021-09"', [0, 2]),
  scimmy('dates', 3, { date: ['co', '2021-09'] }, 'date co "2021-09"', [1, 3]),
  scimmy('dates', 4, { date: ['gt', '2021-08-05T12:00:00Z'] }, 'date gt "2021-08-05T12:00:00Z"', [1, 3]),
  scimmy('dates', 5, { date: ['ge', '2021-09-08T23:02:28.986Z'] }, 'date ge "2021-09-08T23:02:28.986Z"', [1, 3]),
  scimmy('dates', 6, { date: ['le', '2021-09-08T23:02:28.986Z'] }, 'date le "2021-09-08T23:02:28.986Z"', [0, 2, 3]),
  scimmy('negations', 1, { userName: ['not', 'pr'] }, 'not (userName pr)', []),
  scimmy('negations', 2, { userName: ['nOt', 'sw', 'A'] }, 'not (userName sw "A")', [1, 2, 3]),
  scimmy('negations', 3, { exists: ['not', 'pr'] }, 'not (exists pr)', [1, 3]),
  scimmy('negations', 4, { date: ['not', 'co', '2021-09'] }, 'not (date co "2021-09")', [0, 2]),
  scimmy('negations', 5, { date: ['not', 'le', '2021-09-08T23:02:28.986Z'] }, 'not (date le "2021-09-08T23:02:28.986Z")', [1]),
  scimmy(
    'logicalAnd',
    1,
    {
      userName: [
        ['co', 'e'],
        ['ew', 'V'],
      ],
    },
    'userName co "e" and userName ew "V"',
    [0],
  ),
  scimmy(
    'logicalAnd',
    2,
    {
      userName: [
        ['eq', 'GradyA'],
        ['co', 'e'],
        ['ew', 'V'],
      ],
    },
    'userName eq "GradyA" and userName co "e" and userName ew "V"',
    [],
  ),
  scimmy(
    'logicalAnd',
    3,
    {
      number: [
        ['ge', 6],
        ['le', 9],
      ],
    },
    'number ge 6 and number le 9',
    [1, 3],
  ),
  scimmy(
    'logicalAnd',
    4,
    {
      date: [
        ['ge', '2021-09'],
        ['lt', '2021-09-20'],
      ],
    },
    'date ge "2021-09" and date lt "2021-09-20"',
    [3],
  ),
  scimmy('logicalOr', 1, [{ name: { formatted: ['co', 'an'] } }, { userName: ['co', 'ad'] }], 'name.formatted co "an" or userName co "ad"', [0, 1, 3]),
  scimmy('logicalOr', 2, [{ date: ['gt', '2021-09-08'] }, { userName: ['co', 'a'] }], 'date gt "2021-09-08" or userName co "a"', [1, 3]),
  scimmy('unknown', 1, { userName: ['un', 'AdeleV'] }, 'userName un "AdeleV"', []),
];
