import { describe, expect, it } from 'vitest';
import { hasControls, jsonWithVisibleControls, splitControls, visibleControls } from './visible-controls';

describe('visibleControls', () => {
  it('leaves ordinary names, including non-Latin and RTL text, alone', () => {
    for (const s of ['alice', 'Zoë Ñandú', 'محمد', 'שלום', '李雷', '👩‍💻'.replace('\u200D', '')]) {
      expect(visibleControls(s)).toBe(s);
      expect(hasControls(s)).toBe(false);
    }
  });

  it('shows a right-to-left override as a marker', () => {
    expect(visibleControls('\u202Egnp.exe')).toBe('⟨U+202E⟩gnp.exe');
    expect(hasControls('\u202Egnp.exe')).toBe(true);
  });

  it.each([
    '\u202A',
    '\u202B',
    '\u202C',
    '\u202D',
    '\u202E',
    '\u2066',
    '\u2067',
    '\u2068',
    '\u2069',
    '\u200E',
    '\u200F',
    '\u061C',
    '\u0000',
    '\u0007',
    '\u001B',
    '\u007F',
    '\u0085',
    '\u009F',
    '\u200B',
    '\u200C',
    '\u200D',
    '\uFEFF',
    '\u2060',
    '\u2061',
    '\u2062',
    '\u2063',
    '\u2064',
  ])('marks %j', (c) => {
    const code = `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    expect(visibleControls(`a${c}b`)).toBe(`a⟨${code}⟩b`);
  });

  it('splits into text and control parts', () => {
    expect(splitControls('x\u200By\u202E')).toEqual([
      { kind: 'text', text: 'x' },
      { kind: 'control', code: 'U+200B', marker: '⟨U+200B⟩' },
      { kind: 'text', text: 'y' },
      { kind: 'control', code: 'U+202E', marker: '⟨U+202E⟩' },
    ]);
  });
});

describe('jsonWithVisibleControls', () => {
  it('writes controls inside strings as JSON escapes, keeping the same JSON and its line breaks', () => {
    const body = { members: [{ value: '42', display: 'invoice\u202Egnp.exe\u0085' }], note: 'a\nb' };
    const pretty = JSON.stringify(body, null, 2);
    const shown = jsonWithVisibleControls(pretty);
    expect(shown).toContain('"display": "invoice\\u202Egnp.exe\\u0085"');
    expect(hasControls(shown.replaceAll('\n', ''))).toBe(false);
    expect(shown.split('\n')).toHaveLength(pretty.split('\n').length);
    expect(JSON.parse(shown)).toEqual(body);
  });
});
