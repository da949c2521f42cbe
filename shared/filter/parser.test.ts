import { describe, expect, it } from 'vitest';
import { FilterParseError, parseAttrPath, parseFilter, type FilterNode } from './index';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const cmp = (name: string, op: string, value: unknown, sub?: string): FilterNode =>
  ({ kind: 'compare', path: sub === undefined ? { name } : { name, sub }, op, value }) as FilterNode;
const pr = (name: string): FilterNode => ({ kind: 'present', path: { name } });

function parseError(text: string): FilterParseError {
  try {
    parseFilter(text);
  } catch (error) {
    expect(error).toBeInstanceOf(FilterParseError);
    return error as FilterParseError;
  }
  throw new Error(`expected ${JSON.stringify(text)} to fail`);
}

describe('parseFilter: RFC 7644 §3.4.2.2 examples', () => {
  it.each<[string, FilterNode]>([
    ['userName eq "bjensen"', cmp('userName', 'eq', 'bjensen')],
    ['name.familyName co "O\'Malley"', cmp('name', 'co', "O'Malley", 'familyName')],
    ['userName sw "J"', cmp('userName', 'sw', 'J')],
    [`${USER}:userName sw "J"`, { kind: 'compare', path: { uri: USER, name: 'userName' }, op: 'sw', value: 'J' }],
    ['title pr', pr('title')],
    ['meta.lastModified gt "2011-05-13T04:42:34Z"', cmp('meta', 'gt', '2011-05-13T04:42:34Z', 'lastModified')],
    ['meta.lastModified ge "2011-05-13T04:42:34Z"', cmp('meta', 'ge', '2011-05-13T04:42:34Z', 'lastModified')],
    ['meta.lastModified lt "2011-05-13T04:42:34Z"', cmp('meta', 'lt', '2011-05-13T04:42:34Z', 'lastModified')],
    ['meta.lastModified le "2011-05-13T04:42:34Z"', cmp('meta', 'le', '2011-05-13T04:42:34Z', 'lastModified')],
    ['title pr and userType eq "Employee"', { kind: 'and', left: pr('title'), right: cmp('userType', 'eq', 'Employee') }],
    ['title pr or userType eq "Intern"', { kind: 'or', left: pr('title'), right: cmp('userType', 'eq', 'Intern') }],
    [`schemas eq "${ENTERPRISE}"`, cmp('schemas', 'eq', ENTERPRISE)],
    [
      'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
      {
        kind: 'and',
        left: cmp('userType', 'eq', 'Employee'),
        right: { kind: 'or', left: cmp('emails', 'co', 'example.com'), right: cmp('emails', 'co', 'example.org', 'value') },
      },
    ],
    [
      'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
      {
        kind: 'and',
        left: cmp('userType', 'ne', 'Employee'),
        right: {
          kind: 'not',
          expr: { kind: 'or', left: cmp('emails', 'co', 'example.com'), right: cmp('emails', 'co', 'example.org', 'value') },
        },
      },
    ],
    [
      'userType eq "Employee" and (emails.type eq "work")',
      { kind: 'and', left: cmp('userType', 'eq', 'Employee'), right: cmp('emails', 'eq', 'work', 'type') },
    ],
    [
      'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
      {
        kind: 'and',
        left: cmp('userType', 'eq', 'Employee'),
        right: {
          kind: 'valuePath',
          path: { name: 'emails' },
          filter: { kind: 'and', left: cmp('type', 'eq', 'work'), right: cmp('value', 'co', '@example.com') },
        },
      },
    ],
    [
      'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
      {
        kind: 'or',
        left: {
          kind: 'valuePath',
          path: { name: 'emails' },
          filter: { kind: 'and', left: cmp('type', 'eq', 'work'), right: cmp('value', 'co', '@example.com') },
        },
        right: {
          kind: 'valuePath',
          path: { name: 'ims' },
          filter: { kind: 'and', left: cmp('type', 'eq', 'xmpp'), right: cmp('value', 'co', '@foo.com') },
        },
      },
    ],
  ])('%s', (text, expected) => {
    expect(parseFilter(text)).toStrictEqual(expected);
  });
});

describe('parseFilter: attribute paths', () => {
  it('splits a core URN path with a sub-attribute at the last colon', () => {
    expect(parseFilter(`${USER}:name.givenName eq "Barbara"`)).toStrictEqual({
      kind: 'compare',
      path: { uri: USER, name: 'name', sub: 'givenName' },
      op: 'eq',
      value: 'Barbara',
    });
  });

  it('keeps the version dots of an extension URN inside the URI', () => {
    expect(parseAttrPath(`${ENTERPRISE}:department`)).toStrictEqual({ uri: ENTERPRISE, name: 'department' });
    expect(parseAttrPath(`${ENTERPRISE}:manager.value`)).toStrictEqual({ uri: ENTERPRISE, name: 'manager', sub: 'value' });
  });

  it('accepts $ref and names with digits, dashes and underscores', () => {
    expect(parseAttrPath('members.$ref')).toStrictEqual({ name: 'members', sub: '$ref' });
    expect(parseAttrPath('x509Certificates')).toStrictEqual({ name: 'x509Certificates' });
    expect(parseAttrPath('my-attr_2')).toStrictEqual({ name: 'my-attr_2' });
  });

  it('preserves the spelling of names', () => {
    expect(parseAttrPath('USERNAME')).toStrictEqual({ name: 'USERNAME' });
  });

  it('rejects malformed paths with positions', () => {
    expect(() => parseAttrPath('a.b.c')).toThrow(expect.objectContaining({ position: 3, expected: ['end of attribute path'] }));
    expect(() => parseAttrPath('name.')).toThrow(expect.objectContaining({ position: 5, expected: ['sub-attribute name'] }));
    expect(() => parseAttrPath('urn:x:')).toThrow(expect.objectContaining({ position: 6, expected: ['attribute name'] }));
    expect(() => parseAttrPath('urn:x:2fa')).toThrow(expect.objectContaining({ position: 6 }));
    expect(() => parseAttrPath('a b')).toThrow(expect.objectContaining({ position: 2, expected: ['end of attribute path'], found: 'b' }));
    expect(() => parseAttrPath('')).toThrow(expect.objectContaining({ position: 0, expected: ['attribute path'] }));
  });
});

describe('parseFilter: keywords, values and whitespace', () => {
  it('treats operators and logical keywords case-insensitively and emits lowercase', () => {
    expect(parseFilter('userName EQ "x" AND title Pr OR NOT (active Eq TRUE)')).toStrictEqual({
      kind: 'or',
      left: { kind: 'and', left: cmp('userName', 'eq', 'x'), right: pr('title') },
      right: { kind: 'not', expr: cmp('active', 'eq', true) },
    });
  });

  it.each<[string, unknown]>([
    ['a eq true', true],
    ['a eq False', false],
    ['a eq NULL', null],
    ['a eq 42', 42],
    ['a eq -7', -7],
    ['a eq 3.25', 3.25],
    ['a eq 1e3', 1000],
    ['a eq -2.5E-2', -0.025],
    ['a eq 0', 0],
    ['a eq ""', ''],
    ['a eq "say \\"hi\\""', 'say "hi"'],
    ['a eq "back\\\\slash"', 'back\\slash'],
    ['a eq "caf\\u00e9"', 'café'],
    ['a eq "tab\\there\\nnew\\/line"', 'tab\there\nnew/line'],
    ['a eq "raw ünïcödé 😀"', 'raw ünïcödé 😀'],
  ])('%s', (text, value) => {
    expect(parseFilter(text)).toStrictEqual(cmp('a', 'eq', value));
  });

  it('tolerates extra whitespace, tabs and newlines, and none around parentheses', () => {
    expect(parseFilter('  (a   pr)\tand\n(b pr)  ')).toStrictEqual({ kind: 'and', left: pr('a'), right: pr('b') });
    expect(parseFilter('not(a pr)')).toStrictEqual({ kind: 'not', expr: pr('a') });
  });

  it('lets keywords serve as attribute names where an attribute is expected', () => {
    expect(parseFilter('not eq 1')).toStrictEqual(cmp('not', 'eq', 1));
    expect(parseFilter('pr pr and and pr')).toStrictEqual({ kind: 'and', left: pr('pr'), right: pr('and') });
  });

  it('parses a valuePath filter with not and parentheses inside', () => {
    expect(parseFilter('emails[not (type eq "work") and (value ew ".org" or primary eq true)]')).toStrictEqual({
      kind: 'valuePath',
      path: { name: 'emails' },
      filter: {
        kind: 'and',
        left: { kind: 'not', expr: cmp('type', 'eq', 'work') },
        right: { kind: 'or', left: cmp('value', 'ew', '.org'), right: cmp('primary', 'eq', true) },
      },
    });
  });
});

describe('parseFilter: precedence', () => {
  it('binds and tighter than or', () => {
    expect(parseFilter('a pr or b pr and c pr')).toStrictEqual({
      kind: 'or',
      left: pr('a'),
      right: { kind: 'and', left: pr('b'), right: pr('c') },
    });
    expect(parseFilter('a pr and b pr or c pr')).toStrictEqual({
      kind: 'or',
      left: { kind: 'and', left: pr('a'), right: pr('b') },
      right: pr('c'),
    });
  });

  it('is left-associative', () => {
    expect(parseFilter('a pr or b pr or c pr')).toStrictEqual({
      kind: 'or',
      left: { kind: 'or', left: pr('a'), right: pr('b') },
      right: pr('c'),
    });
    expect(parseFilter('a pr and b pr and c pr')).toStrictEqual({
      kind: 'and',
      left: { kind: 'and', left: pr('a'), right: pr('b') },
      right: pr('c'),
    });
  });

  it('lets parentheses override precedence', () => {
    expect(parseFilter('(a pr or b pr) and c pr')).toStrictEqual({
      kind: 'and',
      left: { kind: 'or', left: pr('a'), right: pr('b') },
      right: pr('c'),
    });
  });

  it('binds not to its parenthesised group only', () => {
    expect(parseFilter('not (a pr) and b pr')).toStrictEqual({ kind: 'and', left: { kind: 'not', expr: pr('a') }, right: pr('b') });
  });
});

describe('parseFilter: errors', () => {
  it('reports the example from the API notes', () => {
    const error = parseError('userName eqq "bjensen"');
    expect(error.position).toBe(9);
    expect(error.found).toBe('eqq');
    expect(error.expected).toEqual(['comparison operator', 'pr', '"["']);
    expect(error.message).toBe('Expected comparison operator, "pr" or "[" at position 9, found "eqq"');
  });

  it.each<[string, number, string[], string]>([
    ['', 0, ['attribute path', '"("', 'not'], 'end of filter'],
    ['   ', 3, ['attribute path', '"("', 'not'], 'end of filter'],
    ['"bjensen" eq userName', 0, ['attribute path', '"("', 'not'], '"bjensen"'],
    ['userName', 8, ['comparison operator', 'pr', '"["'], 'end of filter'],
    ['userName eq', 11, ['string', 'number', 'true', 'false', 'null'], 'end of filter'],
    ['userName eq bjensen', 12, ['string', 'number', 'true', 'false', 'null'], 'bjensen'],
    ['userName eq "a" "b"', 16, ['and', 'or', 'end of filter'], '"b"'],
    ['userName eq "a" and', 19, ['attribute path', '"("', 'not'], 'end of filter'],
    ['(title pr', 9, ['and', 'or', '")"'], 'end of filter'],
    ['title pr)', 8, ['and', 'or', 'end of filter'], ')'],
    ['not title pr', 4, ['"("'], 'title'],
    ['emails[type eq "work"', 21, ['and', 'or', '"]"'], 'end of filter'],
    ['emails[type[value pr]]', 11, ['comparison operator', 'pr'], '['],
    ['emails[]', 7, ['attribute path', '"("', 'not'], ']'],
    ['userName eq "unterminated', 25, ['closing quote'], 'end of filter'],
    ['userName eq "bad \\q escape"', 17, ['escape sequence'], '\\q'],
    ['userName eq "\\u12"', 13, ['four hex digits after \\u'], '\\u12"'],
    ['userName eq @', 12, ['string', 'number', 'true', 'false', 'null'], '@'],
    ["userName eq 'single'", 12, ['string', 'number', 'true', 'false', 'null'], "'"],
    ['name. eq "x"', 5, ['sub-attribute name'], 'eq'],
    ['userName eq "x" and or', 22, ['comparison operator', 'pr', '"["'], 'end of filter'],
  ])('%j fails at %i', (text, position, expected, found) => {
    const error = parseError(text);
    expect({ position: error.position, expected: error.expected, found: error.found }).toEqual({ position, expected, found });
  });

  it('writes messages a user can act on', () => {
    expect(parseError('').message).toBe('Expected attribute path, "(" or "not" at position 0, found end of filter');
    expect(parseError('a eq "x" "y"').message).toBe('Expected "and", "or" or end of filter at position 9, found "y"');
    expect(parseError('(a pr').message).toBe('Expected "and", "or" or ")" at position 5, found end of filter');
  });

  it('is an Error subclass with a name', () => {
    const error = parseError('x');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('FilterParseError');
  });
});
