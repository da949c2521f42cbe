import { FilterParseError, parseFilter, type AttributeEntry } from '../../../../shared/filter';
import type { LineCompletions, LineProblem } from '../../ui/code/lineTypes';
import type { FilterTextError } from './useFilterEditor';

/**
 * The parser's error as the text editor's problem: the offending token underlined (a point where the
 * filter ended too soon), with the offsets on the mark for whoever reads the page.
 */
export function filterProblem(error: FilterTextError | null, length: number): LineProblem | null {
  if (!error) return null;
  const from = Math.min(Math.max(0, error.span.start), length);
  const to = Math.min(Math.max(from, error.span.end), length);
  return {
    from,
    to,
    message: error.message,
    markClass: 'filter-error-mark',
    markAttributes: { 'data-testid': 'filter-error-mark', 'data-start': String(from), 'data-end': String(to) },
  };
}

/** An attribute path being typed: names, sub-attributes after a dot, URNs with their colons, $ref. */
const WORD = /[\w$.:-]*$/;

/** Whether `prefix` ends inside a string literal, and where the last `[` still open is. */
function scan(prefix: string): { inString: boolean; openBracket: number } {
  let inString = false;
  const open: number[] = [];
  for (let i = 0; i < prefix.length; i++) {
    const c = prefix[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[') open.push(i);
    else if (c === ']') open.pop();
  }
  return { inString, openBracket: open.at(-1) ?? -1 };
}

/** The parser decides: an attribute path may start here when the text so far ends asking for one. */
function expectsAttribute(prefix: string): boolean {
  if (prefix.trim() === '') return true;
  try {
    parseFilter(prefix);
    return false; // a whole filter: what follows is "and", "or" or the end
  } catch (error) {
    return error instanceof FilterParseError && error.found.startsWith('end of') && error.expected.includes('attribute path');
  }
}

const option = (entry: AttributeEntry) => ({
  label: entry.text,
  detail: `${entry.type}${entry.multiValued ? '[]' : ''}${entry.neverReturned ? ', never returned' : ''}`,
});

/**
 * Attribute names from the server's schema for the word at `pos`, where the grammar expects an
 * attribute path: top-level names (and URN-qualified extension ones), or inside `emails[…]` the
 * sub-attributes of emails. Null where an operator, a value or a keyword goes.
 */
export function attributeCompletions(text: string, pos: number, entries: readonly AttributeEntry[]): LineCompletions | null {
  const before = text.slice(0, pos);
  const from = pos - WORD.exec(before)![0].length;
  const prefix = text.slice(0, from);
  const { inString, openBracket } = scan(prefix);
  if (inString || !expectsAttribute(prefix)) return null;
  if (openBracket < 0) return { from, options: entries.map(option) };
  const parentName = /([\w$.:-]+)\s*$/.exec(prefix.slice(0, openBracket))?.[1]?.toLowerCase();
  const parent = entries.find((e) => e.text.toLowerCase() === parentName);
  const subs = parent?.subAttributes ?? [];
  return subs.length > 0 ? { from, options: subs.map(option) } : null;
}
