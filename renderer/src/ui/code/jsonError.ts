/**
 * Where a JSON text stops being JSON, for the editors' lint marks. JSON.parse says whether it parses,
 * but Chromium's messages give no position for an unexpected token ("tru", a stray letter), so
 * @codemirror/lang-json's jsonParseLinter, which reads the position from the message, marks those at
 * the first character. This scanner finds the offending token itself. Iterative: no stack to overflow
 * on deeply nested input. Pure: no CodeMirror, so it is tested alone.
 */

export interface JsonSyntaxError {
  from: number;
  /** Equal to `from` at the end of the text (a point). */
  to: number;
  message: string;
}

type State = 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'after';

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORD = /[\w.+-]/;
const ESCAPE = /["\\/bfnrt]|u[0-9a-fA-F]{4}/y;

const EXPECTED: Record<Exclude<State, 'after'>, string> = {
  value: 'a value (string, number, object, array, true, false or null)',
  valueOrClose: "a value or ']'",
  key: 'a property name in double quotes',
  keyOrClose: "a property name in double quotes or '}'",
};

/** The first syntax error in `text`, or null when it parses. */
export function jsonSyntaxError(text: string): JsonSyntaxError | null {
  try {
    JSON.parse(text);
    return null;
  } catch {
    // Located below.
  }
  return locate(text) ?? { from: text.length, to: text.length, message: 'Not valid JSON' };
}

function locate(text: string): JsonSyntaxError | null {
  const n = text.length;
  const stack: string[] = [];
  let state: State = 'value';
  let i = 0;

  const skipSpace = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  };
  const tokenEnd = (from: number) => {
    if (!WORD.test(text[from] ?? '')) return Math.min(n, from + 1);
    let to = from;
    while (to < n && WORD.test(text[to]!)) to++;
    return to;
  };
  const fail = (expected: string, from = i): JsonSyntaxError => {
    if (from >= n) return { from: n, to: n, message: `Expected ${expected}, found the end of the text` };
    const to = tokenEnd(from);
    return { from, to, message: `Expected ${expected}, found ${JSON.stringify(text.slice(from, to))}` };
  };
  /** Moves past a string that starts at i; an error if it is not a valid one. */
  const string = (): JsonSyntaxError | null => {
    for (let j = i + 1; j < n; j++) {
      const c = text.charCodeAt(j);
      if (c === 0x22) {
        i = j + 1;
        return null;
      }
      if (c < 0x20) return { from: j, to: j + 1, message: "Expected the closing '\"' of the string, found a line break or control character" };
      if (c === 0x5c) {
        ESCAPE.lastIndex = j + 1;
        if (!ESCAPE.test(text)) return { from: j, to: Math.min(n, j + 2), message: 'Expected an escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)' };
        j = ESCAPE.lastIndex - 1;
      }
    }
    return { from: i, to: n, message: "Expected the closing '\"' of the string, found the end of the text" };
  };

  for (;;) {
    skipSpace();
    const c = text[i];
    if (state === 'after') {
      const top = stack.at(-1);
      if (top === undefined) return i < n ? fail('the end of the text after the JSON value') : null;
      const close = top === '{' ? '}' : ']';
      if (c === ',') {
        i++;
        state = top === '{' ? 'key' : 'value';
      } else if (c === close) {
        i++;
        stack.pop();
      } else return fail(`',' or '${close}'`);
      continue;
    }
    if (i >= n) return fail(EXPECTED[state]);
    if ((state === 'keyOrClose' && c === '}') || (state === 'valueOrClose' && c === ']')) {
      i++;
      stack.pop();
      state = 'after';
      continue;
    }
    if (state === 'key' || state === 'keyOrClose') {
      if (c !== '"') return fail(EXPECTED[state]);
      const error = string();
      if (error) return error;
      skipSpace();
      if (text[i] !== ':') return fail("':' after the property name");
      i++;
      state = 'value';
      continue;
    }
    // A value.
    if (c === '{' || c === '[') {
      stack.push(c);
      i++;
      state = c === '{' ? 'keyOrClose' : 'valueOrClose';
      continue;
    }
    if (c === '"') {
      const error = string();
      if (error) return error;
    } else if (text.startsWith('true', i) || text.startsWith('null', i)) i += 4;
    else if (text.startsWith('false', i)) i += 5;
    else {
      NUMBER.lastIndex = i;
      if (!NUMBER.test(text)) return fail(EXPECTED[state]);
      i = NUMBER.lastIndex;
    }
    state = 'after';
  }
}
