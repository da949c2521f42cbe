import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attrPathArbitrary, filterArbitrary } from '../filter/filter-arbitraries';
import { FilterParseError } from '../filter/index';
import { parsePatchPath, printPatchPath, type PatchPath } from './index';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

function pathError(text: string): FilterParseError {
  try {
    parsePatchPath(text);
  } catch (error) {
    expect(error).toBeInstanceOf(FilterParseError);
    return error as FilterParseError;
  }
  throw new Error(`expected ${JSON.stringify(text)} to fail`);
}

describe('parsePatchPath', () => {
  it.each<[string, PatchPath]>([
    ['members', { attr: { name: 'members' } }],
    ['name.familyName', { attr: { name: 'name', sub: 'familyName' } }],
    ['addresses[type eq "work"]', { attr: { name: 'addresses' }, filter: { kind: 'compare', path: { name: 'type' }, op: 'eq', value: 'work' } }],
    [
      'members[value eq "2819c223-7f76-453a-919d-413861904646"]',
      { attr: { name: 'members' }, filter: { kind: 'compare', path: { name: 'value' }, op: 'eq', value: '2819c223-7f76-453a-919d-413861904646' } },
    ],
    [
      'members[value eq "2819c223-7f76-453a-919d-413861904646"].displayName',
      {
        attr: { name: 'members' },
        filter: { kind: 'compare', path: { name: 'value' }, op: 'eq', value: '2819c223-7f76-453a-919d-413861904646' },
        subAttr: 'displayName',
      },
    ],
    [
      'emails[type eq "work" and value ew "example.com"]',
      {
        attr: { name: 'emails' },
        filter: {
          kind: 'and',
          left: { kind: 'compare', path: { name: 'type' }, op: 'eq', value: 'work' },
          right: { kind: 'compare', path: { name: 'value' }, op: 'ew', value: 'example.com' },
        },
      },
    ],
    [`${ENTERPRISE}:manager`, { attr: { uri: ENTERPRISE, name: 'manager' } }],
    [`${ENTERPRISE}:manager.value`, { attr: { uri: ENTERPRISE, name: 'manager', sub: 'value' } }],
    [
      'urn:ietf:params:scim:schemas:core:2.0:User:emails[type eq "work"].value',
      {
        attr: { uri: 'urn:ietf:params:scim:schemas:core:2.0:User', name: 'emails' },
        filter: { kind: 'compare', path: { name: 'type' }, op: 'eq', value: 'work' },
        subAttr: 'value',
      },
    ],
    ['x509Certificates[value pr]', { attr: { name: 'x509Certificates' }, filter: { kind: 'present', path: { name: 'value' } } }],
  ])('%s', (text, expected) => {
    expect(parsePatchPath(text)).toStrictEqual(expected);
  });

  it("accepts Azure AD's single-quoted strings, with \\' escapes", () => {
    expect(parsePatchPath("members[value eq '2819c223']")).toStrictEqual({
      attr: { name: 'members' },
      filter: { kind: 'compare', path: { name: 'value' }, op: 'eq', value: '2819c223' },
    });
    expect(parsePatchPath("emails[value eq 'o\\'malley@x.org'].primary").filter).toMatchObject({ value: "o'malley@x.org" });
  });

  it('tolerates whitespace around brackets and keeps keyword case rules', () => {
    expect(parsePatchPath(' emails[ type EQ "work" ] .value ')).toStrictEqual({
      attr: { name: 'emails' },
      filter: { kind: 'compare', path: { name: 'type' }, op: 'eq', value: 'work' },
      subAttr: 'value',
    });
  });

  it.each<[string, number, string[], string]>([
    ['', 0, ['attribute path'], 'end of path'],
    ['members[value eq "x"', 20, ['and', 'or', '"]"'], 'end of path'],
    ['members[value eqq "x"]', 14, ['comparison operator', 'pr'], 'eqq'],
    ['members[value eq "x"]value', 21, ['"."', 'end of path'], 'value'],
    ['members[value eq "x"].', 22, ['sub-attribute name'], 'end of path'],
    ['members[value eq "x"].a.b', 23, ['end of attribute path'], '.b'],
    ['members value', 8, ['"["', 'end of path'], 'value'],
    ['members[]', 8, ['attribute path', '"("', 'not'], ']'],
    ['emails[type eq "work"][value pr]', 22, ['"."', 'end of path'], '['],
    ['name.', 5, ['sub-attribute name'], 'end of path'],
    ["members[value eq 'x]", 20, ['closing quote'], 'end of path'],
  ])('%j fails at %i', (text, position, expected, found) => {
    const error = pathError(text);
    expect({ position: error.position, expected: error.expected, found: error.found }).toEqual({ position, expected, found });
  });
});

describe('printPatchPath', () => {
  it.each([
    'members',
    'name.familyName',
    'members[value eq "2819c223"]',
    'emails[type eq "work" and value ew "example.com"].value',
    `${ENTERPRISE}:manager.value`,
    'addresses[type eq "work" or not (primary eq true)].streetAddress',
  ])('round-trips %s', (text) => {
    expect(printPatchPath(parsePatchPath(text))).toBe(text);
  });

  it('normalises Azure single quotes to JSON strings', () => {
    expect(printPatchPath(parsePatchPath("members[value eq 'a\"b']"))).toBe('members[value eq "a\\"b"]');
  });
});

describe('printPatchPath / parsePatchPath round trip', () => {
  const nameArbitrary = fc.stringMatching(/^[A-Za-z$][A-Za-z0-9_-]{0,7}$/);
  const patchPathArbitrary: fc.Arbitrary<PatchPath> = fc.oneof(
    attrPathArbitrary(true).map((attr) => ({ attr })),
    fc
      .record({
        attr: attrPathArbitrary(true).map(({ sub: _sub, ...attr }) => attr),
        filter: filterArbitrary(false),
        subAttr: fc.option(nameArbitrary, { nil: undefined }),
      })
      .map(({ attr, filter, subAttr }) => (subAttr === undefined ? { attr, filter } : { attr, filter, subAttr })),
  );

  it('parsePatchPath(printPatchPath(path)) deep-equals path', () => {
    fc.assert(
      fc.property(patchPathArbitrary, (path) => {
        expect(parsePatchPath(printPatchPath(path))).toStrictEqual(path);
      }),
      { numRuns: 1000 },
    );
  });
});
