import { describe, expect, it } from 'vitest';
import { csvField } from './csv';

describe('csvField', () => {
  it('leaves ordinary text alone and quotes RFC 4180 specials', () => {
    expect(csvField('alice')).toBe('alice');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
  });

  it.each([
    ['=1+1', `"'=1+1"`],
    ['+1', `"'+1"`],
    ['-5', `"'-5"`], // negative numbers are escaped too, per OWASP
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\tx', `"'\tx"`],
    ['\rx', `"'\rx"`],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
  ])('escapes a cell starting like a formula: %j', (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });

  it('does not escape formula characters that are not leading', () => {
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField('x-5')).toBe('x-5');
  });
});
