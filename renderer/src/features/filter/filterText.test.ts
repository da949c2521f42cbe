import { describe, expect, it } from 'vitest';
import { textToTree, type AttributeEntry } from '../../../../shared/filter';
import { attributeCompletions, filterProblem } from './filterText';
import type { FilterTextError } from './useFilterEditor';

const entry = (text: string, type = 'string', extra: Partial<AttributeEntry> = {}): AttributeEntry => ({
  path: { name: text },
  text,
  label: text,
  group: 'User',
  type,
  multiValued: false,
  neverReturned: false,
  ...extra,
});
const emails = entry('emails', 'complex', { multiValued: true, subAttributes: [entry('value'), entry('type'), entry('primary', 'boolean')] });
const entries = [entry('userName'), entry('active', 'boolean'), emails, entry('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department')];

/** The editor's error for a text, as useFilterEditor makes it. */
function errorOf(text: string): FilterTextError {
  const result = textToTree(text);
  if (result.ok) throw new Error(`"${text}" parses`);
  const { message, position, expected } = result.error;
  return { message, position, expected, span: result.span };
}

describe('filterProblem', () => {
  it('underlines the offending token, with its offsets on the mark', () => {
    const text = 'userName sw "a" and active zz true';
    const problem = filterProblem(errorOf(text), text.length)!;
    expect(text.slice(problem.from, problem.to)).toBe('zz');
    expect(problem.message).toContain('Expected comparison operator');
    expect(problem.markAttributes).toEqual({ 'data-testid': 'filter-error-mark', 'data-start': '27', 'data-end': '29' });
  });

  it('is a point at the end when the filter stops too soon, and never reaches past the text', () => {
    const text = 'userName sw';
    const problem = filterProblem(errorOf(text), text.length)!;
    expect([problem.from, problem.to]).toEqual([text.length, text.length]);
    // An error from a longer text than the one now shown is clamped to it.
    expect(filterProblem({ message: 'x', position: 40, expected: [], span: { start: 40, end: 44 } }, 10)).toMatchObject({ from: 10, to: 10 });
    expect(filterProblem(null, 10)).toBeNull();
  });
});

describe('attributeCompletions', () => {
  const labels = (text: string, pos = text.length) => attributeCompletions(text, pos, entries)?.options.map((o) => o.label) ?? null;

  it('offers the schema’s attributes where the grammar expects one, from the start of the word', () => {
    expect(labels('')).toContain('userName');
    expect(attributeCompletions('user', 4, entries)).toMatchObject({ from: 0 });
    expect(attributeCompletions('userName sw "a" and act', 23, entries)).toMatchObject({ from: 20 });
    expect(labels('not (')).toContain('active');
    expect(labels('userName pr or urn:ietf')).toContain('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department');
  });

  it('offers nothing where an operator, a value or a keyword goes, or inside a string', () => {
    expect(labels('userName ')).toBeNull();
    expect(labels('userName s')).toBeNull();
    expect(labels('userName sw "a" an')).toBeNull();
    expect(labels('userName eq "and ')).toBeNull();
  });

  it('offers the sub-attributes inside a value path', () => {
    expect(labels('emails[')).toEqual(['value', 'type', 'primary']);
    expect(labels('emails[type eq "work" and pri')).toEqual(['value', 'type', 'primary']);
    expect(labels('emails[type eq "work"] and ')).toContain('userName');
    expect(attributeCompletions('emails[ty', 9, entries)).toMatchObject({ from: 7 });
  });

  it('completes at the cursor, not at the end of the text', () => {
    expect(attributeCompletions('us sw "a"', 2, entries)).toMatchObject({ from: 0 });
  });
});
