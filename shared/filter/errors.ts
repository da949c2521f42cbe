/** Keywords are quoted in messages so "Expected "and", "or" or end of filter" stays readable. */
const KEYWORDS = new Set(['and', 'or', 'not', 'pr', 'true', 'false', 'null']);

function describeExpected(expected: readonly string[]): string {
  const items = expected.map((item) => (KEYWORDS.has(item) ? `"${item}"` : item));
  if (items.length <= 1) return items[0] ?? 'nothing';
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** Found tokens are quoted unless they are a string literal (already quoted) or a phrase like "end of filter". */
function describeFound(found: string): string {
  if (found.startsWith('end of ')) return found;
  if (found.startsWith('"') || found.startsWith("'")) return found;
  return `"${found}"`;
}

/**
 * A filter or path that does not follow the grammar. `position` is a 0-based offset into the text,
 * `expected` lists what would have been valid there, `found` is the offending source text
 * (or "end of filter" / "end of path" / "end of attribute path").
 */
export class FilterParseError extends Error {
  readonly position: number;
  readonly expected: string[];
  readonly found: string;

  constructor(position: number, expected: string[], found: string) {
    super(`Expected ${describeExpected(expected)} at position ${position}, found ${describeFound(found)}`);
    this.name = 'FilterParseError';
    this.position = position;
    this.expected = expected;
    this.found = found;
  }
}

/**
 * A filter that parses but that RFC 7644 §3.4.2.2 says to refuse with 400 and scimType "invalidFilter":
 * gt, ge, lt or le on a boolean (or binary) attribute. Thrown by compileFilter when the schema or the
 * filter's own literal shows it, otherwise by the compiled predicate when it meets a boolean value.
 */
export class FilterEvaluationError extends Error {
  readonly scimType = 'invalidFilter' as const;

  constructor(message: string) {
    super(message);
    this.name = 'FilterEvaluationError';
  }
}
