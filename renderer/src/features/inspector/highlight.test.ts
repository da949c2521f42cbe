import { describe, expect, it } from 'vitest';
import { highlightJson, looksJson, prettyJson } from './highlight';

describe('highlightJson', () => {
  it('tells keys, strings, numbers and literals apart and loses no character', () => {
    const text = '{"id": "42", "n": -1.5e3, "ok": true, "x": null, "s": "a\\"b:"}';
    const { segments, cut } = highlightJson(text);
    expect(cut).toBe(false);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(segments.filter((s) => s.kind === 'key').map((s) => s.text)).toEqual(['"id"', '"n"', '"ok"', '"x"', '"s"']);
    expect(segments.filter((s) => s.kind === 'string').map((s) => s.text)).toEqual(['"42"', '"a\\"b:"']);
    expect(segments.filter((s) => s.kind === 'number').map((s) => s.text)).toEqual(['-1.5e3']);
    expect(segments.filter((s) => s.kind === 'literal').map((s) => s.text)).toEqual(['true', 'null']);
  });

  it('highlights only up to the limit on a multi-megabyte body, quickly, and keeps the rest as plain text', () => {
    const big = JSON.stringify(Array.from({ length: 60_000 }, (_, i) => ({ id: String(i), userName: `user${i}@example.com`, active: i % 2 === 0 })));
    expect(big.length).toBeGreaterThan(3_000_000);
    const started = performance.now();
    const { segments, cut } = highlightJson(big);
    expect(performance.now() - started).toBeLessThan(500);
    expect(cut).toBe(true);
    expect(segments.at(-1)!.kind).toBe('plain');
    expect(segments.at(-1)!.text.length).toBeGreaterThan(big.length - 210 * 1024);
    expect(segments.map((s) => s.text).join('')).toBe(big);
  });
});

describe('looksJson and prettyJson', () => {
  it('recognises JSON by type or shape, and indents only what parses', () => {
    expect(looksJson('x', 'application/scim+json; charset=utf-8')).toBe(true);
    expect(looksJson('  [1]')).toBe(true);
    expect(looksJson('<html>', 'text/html')).toBe(false);
    expect(prettyJson('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyJson('{"a":')).toBeNull();
  });
});
