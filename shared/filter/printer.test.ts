import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filterArbitrary } from './filter-arbitraries';
import { FilterParseError, parseFilter, printAttrPath, printFilter, type FilterNode } from './index';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const pr = (name: string): FilterNode => ({ kind: 'present', path: { name } });

describe('printFilter', () => {
  it('prints canonical lowercase operators and keywords', () => {
    expect(printFilter(parseFilter('userName EQ "x" AND title PR OR NOT (active Eq TRUE)'))).toBe('userName eq "x" and title pr or not (active eq true)');
  });

  it('adds only the parentheses precedence requires', () => {
    expect(printFilter(parseFilter('((a pr) and (b pr)) or (c pr)'))).toBe('a pr and b pr or c pr');
    expect(printFilter(parseFilter('(a pr or b pr) and c pr'))).toBe('(a pr or b pr) and c pr');
    expect(printFilter(parseFilter('a pr and (b pr or c pr)'))).toBe('a pr and (b pr or c pr)');
  });

  it('parenthesises a right operand of the same operator, because both associate left', () => {
    const rightNested: FilterNode = { kind: 'or', left: pr('a'), right: { kind: 'or', left: pr('b'), right: pr('c') } };
    const leftNested: FilterNode = { kind: 'or', left: { kind: 'or', left: pr('a'), right: pr('b') }, right: pr('c') };
    expect(printFilter(rightNested)).toBe('a pr or (b pr or c pr)');
    expect(printFilter(leftNested)).toBe('a pr or b pr or c pr');
  });

  it('always keeps the parentheses that not requires', () => {
    expect(printFilter({ kind: 'not', expr: pr('a') })).toBe('not (a pr)');
    expect(printFilter({ kind: 'not', expr: { kind: 'or', left: pr('a'), right: pr('b') } })).toBe('not (a pr or b pr)');
  });

  it('prints value paths, URNs and sub-attributes', () => {
    const text = `emails[type eq "work" and value co "@example.com"] or ${ENTERPRISE}:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d"`;
    expect(printFilter(parseFilter(text))).toBe(text);
  });

  it('JSON-escapes strings', () => {
    const node: FilterNode = { kind: 'compare', path: { name: 'a' }, op: 'eq', value: 'quote " backslash \\ newline \n é' };
    expect(printFilter(node)).toBe('a eq "quote \\" backslash \\\\ newline \\n é"');
  });

  it('prints numbers, booleans and null, keeping negative zero', () => {
    const values: [unknown, string][] = [
      [1.5, '1.5'],
      [-2, '-2'],
      [1e21, '1e+21'],
      [-0, '-0'],
      [true, 'true'],
      [false, 'false'],
      [null, 'null'],
    ];
    for (const [value, text] of values) {
      expect(printFilter({ kind: 'compare', path: { name: 'a' }, op: 'eq', value } as FilterNode)).toBe(`a eq ${text}`);
    }
  });

  it('refuses numbers a filter cannot express', () => {
    expect(() => printFilter({ kind: 'compare', path: { name: 'a' }, op: 'gt', value: Number.NaN })).toThrow(RangeError);
  });

  it('prints attribute paths', () => {
    expect(printAttrPath({ name: 'userName' })).toBe('userName');
    expect(printAttrPath({ uri: USER, name: 'name', sub: 'givenName' })).toBe(`${USER}:name.givenName`);
  });
});

describe('printFilter / parseFilter round trip', () => {
  it('parseFilter(printFilter(ast)) deep-equals ast', () => {
    fc.assert(
      fc.property(filterArbitrary(true), (ast) => {
        expect(parseFilter(printFilter(ast))).toStrictEqual(ast);
      }),
      { numRuns: 2000 },
    );
  });

  it('printing is idempotent through a parse', () => {
    fc.assert(
      fc.property(filterArbitrary(true), (ast) => {
        const text = printFilter(ast);
        expect(printFilter(parseFilter(text))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('never fails with anything but a FilterParseError inside the text, whatever the input', () => {
    const noise = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: fc.constantFrom('a', ' ', '"', '(', ')', '[', ']', '.', ':', '\\', 'eq', 'pr', 'and', 'not', '1', '-'), maxLength: 30 }),
    );
    fc.assert(
      fc.property(noise, (text) => {
        try {
          parseFilter(text);
        } catch (error) {
          expect(error).toBeInstanceOf(FilterParseError);
          const { position, expected } = error as FilterParseError;
          expect(position).toBeGreaterThanOrEqual(0);
          expect(position).toBeLessThanOrEqual(text.length);
          expect(expected.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
