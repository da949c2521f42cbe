import { FilterParseError } from './errors';

export type TokenKind = 'word' | 'string' | 'number' | '(' | ')' | '[' | ']' | '.' | 'unknown' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Source text of the token; for eof the "end of …" label used in messages. */
  text: string;
  start: number;
  end: number;
  /** Decoded value of string and number tokens. */
  value?: string | number;
}

export interface LexerOptions {
  /** Label for the end of input in error messages: "end of filter", "end of path". */
  endLabel: string;
  /** Azure AD sends members[value eq 'id']; only patch paths opt in. */
  allowSingleQuotes?: boolean;
}

// Words cover attribute paths (with URN colons and version dots) and keywords; the parser decides which.
const WORD_START = /[A-Za-z$]/;
const WORD_CHAR = /[A-Za-z0-9_$:.-]/;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /\s/;
const PUNCTUATION = new Set(['(', ')', '[', ']', '.']);

const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};
const HEX4 = /^[0-9a-fA-F]{4}$/;

/** On-demand tokenizer, so errors surface in source order. */
export class Lexer {
  private position = 0;
  private peeked: Token | undefined;

  constructor(
    private readonly text: string,
    private readonly options: LexerOptions,
  ) {}

  peek(): Token {
    this.peeked ??= this.lexAt(this.position);
    return this.peeked;
  }

  /** The token after the next one, for the `not (` lookahead. */
  peekSecond(): Token {
    return this.lexAt(this.peek().end);
  }

  next(): Token {
    const token = this.peek();
    this.position = token.end;
    this.peeked = undefined;
    return token;
  }

  private lexAt(from: number): Token {
    const text = this.text;
    let start = from;
    while (start < text.length && WHITESPACE.test(text[start])) start++;
    if (start >= text.length) return { kind: 'eof', text: this.options.endLabel, start, end: start };

    const char = text[start];
    if (PUNCTUATION.has(char)) return { kind: char as TokenKind, text: char, start, end: start + 1 };
    if (char === '"' || (char === "'" && this.options.allowSingleQuotes)) return this.lexString(start, char);
    if (WORD_START.test(char)) {
      let end = start + 1;
      while (end < text.length && WORD_CHAR.test(text[end])) end++;
      return { kind: 'word', text: text.slice(start, end), start, end };
    }
    NUMBER.lastIndex = start;
    const number = NUMBER.exec(text);
    if (number) {
      const end = start + number[0].length;
      return { kind: 'number', text: number[0], start, end, value: Number(number[0]) };
    }
    // One code point, so the message shows a whole emoji rather than half a surrogate pair.
    const unknown = String.fromCodePoint(text.codePointAt(start) ?? 0);
    return { kind: 'unknown', text: unknown, start, end: start + unknown.length };
  }

  private lexString(start: number, quote: string): Token {
    const text = this.text;
    let decoded = '';
    let chunkStart = start + 1;
    let index = chunkStart;
    while (index < text.length) {
      const char = text[index];
      if (char === quote) {
        decoded += text.slice(chunkStart, index);
        return { kind: 'string', text: text.slice(start, index + 1), start, end: index + 1, value: decoded };
      }
      if (char !== '\\') {
        index++;
        continue;
      }
      decoded += text.slice(chunkStart, index) + this.decodeEscape(index, quote);
      index += text[index + 1] === 'u' ? 6 : 2;
      chunkStart = index;
    }
    throw new FilterParseError(text.length, ['closing quote'], this.options.endLabel);
  }

  /** JSON escapes (RFC 8259 §7); inside single quotes \' too. */
  private decodeEscape(backslash: number, quote: string): string {
    const escaped = this.text[backslash + 1];
    if (escaped === undefined) throw new FilterParseError(backslash + 1, ['escape sequence'], this.options.endLabel);
    if (escaped === "'" && quote === "'") return "'";
    const simple = SIMPLE_ESCAPES[escaped];
    if (simple !== undefined) return simple;
    if (escaped === 'u') {
      const hex = this.text.slice(backslash + 2, backslash + 6);
      if (HEX4.test(hex)) return String.fromCharCode(parseInt(hex, 16));
      throw new FilterParseError(backslash, ['four hex digits after \\u'], this.text.slice(backslash, backslash + 6));
    }
    throw new FilterParseError(backslash, ['escape sequence'], `\\${escaped}`);
  }
}
