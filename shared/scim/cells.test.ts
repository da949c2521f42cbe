import { describe, expect, it } from 'vitest';
import { cellText, csvField, csvLine } from './cells';

describe('csvField', () => {
  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('defuses cells a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('+1')).toBe('"\'+1"');
    expect(csvField('@SUM(A1)')).toBe('"\'@SUM(A1)"');
    expect(csvField('-5')).toBe('"\'-5"');
  });

  it('writes a CRLF-terminated line', () => {
    expect(csvLine(['a', 'b,c'])).toBe('a,"b,c"\r\n');
  });
});

describe('cellText', () => {
  it('reads case-insensitively and shows the primary of many', () => {
    expect(cellText({ UserName: 'ann' }, 'userName')).toBe('ann');
    expect(cellText({ emails: [{ value: 'a' }, { value: 'b', primary: true }] }, 'emails')).toBe('b +1');
  });
});
