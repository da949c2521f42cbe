// We wrote our own parser: libraries such as scim2-parse-filter give no error positions or expected
// tokens and know nothing of SCIM's case rules for names, keywords and schema URNs.
import { FilterParseError } from './errors';
import { Lexer, type Token } from './lexer';
import { COMPARE_OPS, type AttrPath, type CompareOp, type FilterNode, type FilterValue } from './types';

// RFC 7644 ATTRNAME = ALPHA *(nameChar); "$ref" is the one sanctioned name with another first character.
const NAME = /^[A-Za-z$][A-Za-z0-9_$-]*$/;
const NAME_CHAR = /[A-Za-z0-9_$-]/;

const EXPRESSION_START = ['attribute path', '"("', 'not'];
const VALUE_START = ['string', 'number', 'true', 'false', 'null'];

export interface ParserOptions {
  endLabel: string;
  allowSingleQuotes?: boolean;
}

function isKeyword(token: Token, keyword: string): boolean {
  return token.kind === 'word' && token.text.toLowerCase() === keyword;
}

function compareOpOf(token: Token): CompareOp | undefined {
  if (token.kind !== 'word') return undefined;
  const lower = token.text.toLowerCase() as CompareOp;
  return COMPARE_OPS.includes(lower) ? lower : undefined;
}

/**
 * Recursive descent over RFC 7644 §3.4.2.2 with precedence not > and > or, both binary operators
 * left-associative. Shared with the PATCH path parser, which drives it token by token.
 */
export class FilterParser {
  readonly lexer: Lexer;

  constructor(text: string, options: ParserOptions) {
    this.lexer = new Lexer(text, options);
  }

  fail(token: Token, expected: string[]): never {
    throw new FilterParseError(token.start, expected, token.text);
  }

  expect(kind: Token['kind'], expected: string[]): Token {
    const token = this.lexer.next();
    if (token.kind !== kind) this.fail(token, expected);
    return token;
  }

  /** Parses or-expressions; `inBrackets` forbids nesting a value filter inside another (RFC valFilter). */
  parseExpression(inBrackets: boolean): FilterNode {
    let left = this.parseConjunction(inBrackets);
    while (isKeyword(this.lexer.peek(), 'or')) {
      this.lexer.next();
      left = { kind: 'or', left, right: this.parseConjunction(inBrackets) };
    }
    return left;
  }

  private parseConjunction(inBrackets: boolean): FilterNode {
    let left = this.parseUnary(inBrackets);
    while (isKeyword(this.lexer.peek(), 'and')) {
      this.lexer.next();
      left = { kind: 'and', left, right: this.parseUnary(inBrackets) };
    }
    return left;
  }

  private parseUnary(inBrackets: boolean): FilterNode {
    const token = this.lexer.peek();
    if (token.kind === '(') {
      this.lexer.next();
      return this.parseGroupRest(inBrackets);
    }
    if (token.kind !== 'word') this.fail(token, EXPRESSION_START);
    if (isKeyword(token, 'not')) {
      const after = this.lexer.peekSecond();
      if (after.kind === '(') {
        this.lexer.next();
        this.lexer.next();
        return { kind: 'not', expr: this.parseGroupRest(inBrackets) };
      }
      // "not" is only an attribute name when an operator follows; otherwise the user forgot the parentheses.
      const isPathUse = after.kind === '[' || isKeyword(after, 'pr') || compareOpOf(after) !== undefined;
      if (!isPathUse) this.fail(after, ['"("']);
    }
    return this.parseAttributeExpression(inBrackets);
  }

  private parseGroupRest(inBrackets: boolean): FilterNode {
    const inner = this.parseExpression(inBrackets);
    this.expect(')', ['and', 'or', '")"']);
    return inner;
  }

  private parseAttributeExpression(inBrackets: boolean): FilterNode {
    const path = this.parseAttrPathToken(this.lexer.next());
    const token = this.lexer.peek();
    if (token.kind === '[' && !inBrackets) {
      this.lexer.next();
      const filter = this.parseExpression(true);
      this.expect(']', ['and', 'or', '"]"']);
      return { kind: 'valuePath', path, filter };
    }
    if (isKeyword(token, 'pr')) {
      this.lexer.next();
      return { kind: 'present', path };
    }
    const op = compareOpOf(token);
    if (op === undefined) this.fail(token, inBrackets ? ['comparison operator', 'pr'] : ['comparison operator', 'pr', '"["']);
    this.lexer.next();
    return { kind: 'compare', path, op, value: this.parseValue() };
  }

  private parseValue(): FilterValue {
    const token = this.lexer.next();
    if (token.kind === 'string' || token.kind === 'number') return token.value as FilterValue;
    if (token.kind === 'word') {
      const lower = token.text.toLowerCase();
      if (lower === 'true') return true;
      if (lower === 'false') return false;
      if (lower === 'null') return null;
    }
    return this.fail(token, VALUE_START);
  }

  /** Splits one word token into URI, name and sub-attribute; the URI ends at the last colon. */
  parseAttrPathToken(token: Token): AttrPath {
    if (token.kind !== 'word') this.fail(token, ['attribute path']);
    const text = token.text;
    const lastColon = text.lastIndexOf(':');
    const uri = lastColon >= 0 ? text.slice(0, lastColon) : undefined;
    if (uri === '') this.failInWord(token, 0, ['schema URI']);
    const rest = text.slice(lastColon + 1);
    const dot = rest.indexOf('.');
    const name = dot < 0 ? rest : rest.slice(0, dot);
    this.checkName(token, lastColon + 1, name, 'attribute name');
    const path: AttrPath = uri === undefined ? { name } : { uri, name };
    if (dot >= 0) {
      const sub = rest.slice(dot + 1);
      this.checkName(token, lastColon + 2 + dot, sub, 'sub-attribute name');
      path.sub = sub;
    }
    return path;
  }

  /** A lone attribute name, such as the sub-attribute after "]." in a PATCH path. */
  parseNameToken(token: Token, label: string): string {
    if (token.kind !== 'word') this.fail(token, [label]);
    this.checkName(token, 0, token.text, label);
    return token.text;
  }

  private checkName(token: Token, offset: number, name: string, label: string): void {
    if (NAME.test(name)) return;
    let bad = 0;
    if (name !== '' && /[A-Za-z$]/.test(name[0])) {
      bad = 1;
      while (bad < name.length && NAME_CHAR.test(name[bad])) bad++;
    }
    // Past a valid start the only possible culprit is a second dot: SCIM paths nest one level deep.
    this.failInWord(token, offset + bad, bad > 0 ? ['end of attribute path'] : [label]);
  }

  private failInWord(token: Token, offset: number, expected: string[]): never {
    const found = offset < token.text.length ? token.text.slice(offset) : this.lexer.peek().text;
    throw new FilterParseError(token.start + offset, expected, found);
  }
}

/** Parses a SCIM filter (RFC 7644 §3.4.2.2). Throws FilterParseError with position and expected tokens. */
export function parseFilter(text: string): FilterNode {
  const parser = new FilterParser(text, { endLabel: 'end of filter' });
  const node = parser.parseExpression(false);
  parser.expect('eof', ['and', 'or', 'end of filter']);
  return node;
}

/** Parses a bare attribute path such as "name.givenName" or "urn:…:enterprise:2.0:User:manager.value". */
export function parseAttrPath(text: string): AttrPath {
  const parser = new FilterParser(text, { endLabel: 'end of attribute path' });
  const path = parser.parseAttrPathToken(parser.lexer.next());
  parser.expect('eof', ['end of attribute path']);
  return path;
}
