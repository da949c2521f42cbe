import { describe, expect, it } from 'vitest';
import { detectDelimiter, keyedRows, readRows } from './rows';

describe('readRows: CSV', () => {
  it('detects comma, semicolon and tab, and reads the same rows from each', () => {
    for (const [delimiter, name] of [
      [',', 'comma'],
      [';', 'semicolon'],
      ['\t', 'tab'],
    ] as const) {
      const text = ['userName', 'active', 'title'].join(delimiter) + '\n' + ['ada', 'false', 'Engineer'].join(delimiter) + '\n';
      const read = readRows(text);
      expect(read.delimiter, name).toBe(delimiter);
      expect(read.columns).toEqual(['userName', 'active', 'title']);
      expect(read.rows).toEqual([{ line: 2, values: { userName: 'ada', active: 'false', title: 'Engineer' } }]);
      expect(read.bad).toEqual([]);
    }
  });

  it('strips a BOM, keeps quoted delimiters, quotes and line breaks, and counts lines across a multi-line value', () => {
    const text = '\uFEFFuserName,title\r\n"ada","Head, ""R&D"""\r\n"bob","two\nlines"\r\ncyd,Ops\r\n';
    const read = readRows(text);
    expect(read.columns).toEqual(['userName', 'title']);
    expect(read.rows).toEqual([
      { line: 2, values: { userName: 'ada', title: 'Head, "R&D"' } },
      { line: 3, values: { userName: 'bob', title: 'two\nlines' } },
      { line: 5, values: { userName: 'cyd', title: 'Ops' } },
    ]);
  });

  it('lists rows with the wrong number of values by their line, and skips blank lines', () => {
    const read = readRows('userName;title\nada;Eng\n\nbob\ncyd;Ops;extra\ndee;Sales\n');
    expect(read.rows.map((r) => [r.line, r.values.userName])).toEqual([
      [2, 'ada'],
      [6, 'dee'],
    ]);
    expect(read.bad).toEqual([
      { line: 4, reason: '1 values where the header has 2 columns.' },
      { line: 5, reason: '3 values where the header has 2 columns.' },
    ]);
  });

  it('says when the header names a column twice or has an empty name', () => {
    const read = readRows('userName,UserName,\nada,ada2,x\n');
    expect(read.bad).toEqual([
      { line: 1, reason: 'The header names “UserName” twice.' },
      { line: 1, reason: 'The header has an empty column name.' },
    ]);
  });

  it('picks the delimiter that splits the header most, ignoring delimiters inside quotes', () => {
    expect(detectDelimiter('"a,b";c;d\n1;2;3')).toBe(';');
    expect(detectDelimiter('a\tb\tc,d\n')).toBe('\t');
    expect(detectDelimiter('a\tb,c\n')).toBe(','); // a tie goes to the comma
    expect(detectDelimiter('userName\n')).toBe(',');
  });
});

describe('readRows: JSON lines', () => {
  it('reads one object per line, values as text, and lists lines that are not objects', () => {
    const read = readRows('{"userName":"ada","active":false}\n\n{"userName":"bob","emails":[{"value":"b@x"}]}\n[1]\n{oops\n');
    expect(read.format).toBe('jsonl');
    expect(read.columns).toEqual(['userName', 'active', 'emails']);
    expect(read.rows).toEqual([
      { line: 1, values: { userName: 'ada', active: 'false' } },
      { line: 3, values: { userName: 'bob', emails: '[{"value":"b@x"}]' } },
    ]);
    expect(read.bad.map((b) => b.line)).toEqual([4, 5]);
    expect(read.bad[0]!.reason).toBe('Each line must be one JSON object.');
    expect(read.bad[1]!.reason).toMatch(/^Not JSON: /);
  });
});

describe('keyedRows', () => {
  it('leaves out rows without the key and every row of a repeated key (case-insensitive), naming the lines', () => {
    const read = readRows('userName,title\nada,Eng\n,Ops\nBob,Sales\nbob,Legal\ncyd,HR\n');
    const { rows, bad } = keyedRows(read, 'userName');
    expect(rows.map((r) => r.values.userName)).toEqual(['ada', 'cyd']);
    expect(bad).toEqual([
      { line: 3, reason: 'No userName: the row cannot be matched to a resource.' },
      { line: 4, reason: 'userName “Bob” is on 2 rows: none of them is used.' },
      { line: 5, reason: 'userName “bob” is on 2 rows (first on line 4): none of them is used.' },
    ]);
  });
});
