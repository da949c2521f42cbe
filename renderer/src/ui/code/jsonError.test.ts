import { describe, expect, it } from 'vitest';
import { jsonSyntaxError } from './jsonError';

/** The text the error marks, and its message. */
function marked(text: string) {
  const error = jsonSyntaxError(text);
  if (!error) return null;
  return { span: text.slice(error.from, error.to), from: error.from, to: error.to, message: error.message };
}

describe('jsonSyntaxError', () => {
  it('is null for JSON that parses, whatever its shape', () => {
    for (const text of ['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"], "b": {}} ', '"s"', '0']) expect(jsonSyntaxError(text)).toBeNull();
  });

  it('marks an unexpected word where it is, not at the start (V8 gives no position for it)', () => {
    const text = '{\n  "userName": "maria",\n  "active": tru\n}';
    expect(marked(text)).toMatchObject({ span: 'tru', from: text.indexOf('tru') });
    expect(marked(text)!.message).toMatch(/^Expected a value .*, found "tru"$/);
  });

  it('marks a trailing comma at the brace that follows it, and a missing colon or comma', () => {
    expect(marked('{ "userName": "x", }')).toMatchObject({ span: '}', from: 19, message: 'Expected a property name in double quotes, found "}"' });
    expect(marked('[1, 2,]')).toMatchObject({ span: ']', from: 6 });
    expect(marked('{"a" 1}')).toMatchObject({ span: '1', message: 'Expected \':\' after the property name, found "1"' });
    expect(marked('{"a": 1 "b": 2}')).toMatchObject({ span: '"', from: 8, message: "Expected ',' or '}', found \"\\\"\"" });
    expect(marked("{'a': 1}")).toMatchObject({ span: "'", from: 1 });
  });

  it('marks strings: an unknown escape, a raw line break, one never closed', () => {
    expect(marked('{"a": "x\\qy"}')).toMatchObject({ span: '\\q', from: 8 });
    expect(marked('{"a": "x\ny"}')).toMatchObject({ span: '\n', from: 8 });
    expect(marked('{"a": "xyz')).toMatchObject({ from: 6, to: 10, message: "Expected the closing '\"' of the string, found the end of the text" });
  });

  it('is a point at the end when the text stops early (a body the journal cut), and marks text after the value', () => {
    const cut = '{"Resources": [{"id": "1"}, {"id": "2"';
    expect(marked(cut)).toMatchObject({ from: cut.length, to: cut.length, message: "Expected ',' or '}', found the end of the text" });
    expect(marked('')).toMatchObject({ from: 0, to: 0 });
    expect(marked('{} x')).toMatchObject({ span: 'x', message: 'Expected the end of the text after the JSON value, found "x"' });
    expect(marked('[01]')).toMatchObject({ span: '1', from: 2 });
  });

  it('survives nesting too deep for a recursive parser', () => {
    const deep = '['.repeat(200_000);
    expect(marked(deep)).toMatchObject({ from: deep.length, to: deep.length });
  });

  it('finds the cut in a 5 MB body the journal truncated in well under a second', () => {
    const users = Array.from({ length: 35_000 }, (_, i) => ({
      id: String(i),
      userName: `user${i}@example.com`,
      name: { givenName: 'G', familyName: `F${i}` },
      emails: [{ value: `u${i}@example.com`, primary: true }],
    }));
    const body = JSON.stringify({ Resources: users }).slice(0, 5 * 1024 * 1024);
    expect(body.length).toBe(5 * 1024 * 1024);
    const started = performance.now();
    expect(marked(body)).toMatchObject({ from: body.length, to: body.length });
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
