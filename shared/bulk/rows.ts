/**
 * Reading the file a bulk change starts from (issue #14): CSV with a header row (UTF-8, with or
 * without BOM; comma, semicolon or tab, detected and shown) or JSON lines. Parsing is papaparse's, a
 * maintained RFC 4180 parser; what is ours is the bookkeeping a reviewer needs: every row keeps the
 * line it came from, and rows that cannot be used are listed with why, never silently fixed.
 */
import Papa from 'papaparse';

export type Delimiter = ',' | ';' | '\t';
export const delimiterLabels: Record<Delimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };

export interface SourceRow {
  /** The line the row starts on in the file (1 = the header for CSV, the first line for JSON lines). */
  line: number;
  values: Record<string, string>;
}

export interface BadRow {
  line: number;
  reason: string;
}

export interface ReadRows {
  format: 'csv' | 'jsonl';
  /** The detected delimiter (CSV only). */
  delimiter?: Delimiter;
  /** Column names in file order (CSV header, or every key met in JSON lines). */
  columns: string[];
  rows: SourceRow[];
  bad: BadRow[];
}

/** Reads a CSV or JSON-lines text (JSON lines when the first non-blank character is `{`). */
export function readRows(text: string): ReadRows {
  const body = text.replace(/^\uFEFF/, '');
  return body.trimStart().startsWith('{') ? readJsonLines(body) : readCsv(body);
}

function readCsv(text: string): ReadRows {
  const delimiter = detectDelimiter(text);
  const parsed = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false });
  const bad: BadRow[] = [];
  // Papaparse counts records, not lines: a quoted value may span lines, so lines are counted here.
  const lines = recordStartLines(text, parsed.data);
  const [header = [], ...records] = parsed.data;
  const columns = header.map((name) => name.trim());
  const seen = new Set<string>();
  for (const name of columns) {
    if (name === '') bad.push({ line: 1, reason: 'The header has an empty column name.' });
    else if (seen.has(name.toLowerCase())) bad.push({ line: 1, reason: `The header names “${name}” twice.` });
    seen.add(name.toLowerCase());
  }
  for (const error of parsed.errors) {
    if (error.code === 'UndetectableDelimiter') continue;
    const line = error.row !== undefined ? (lines[error.row] ?? 1) : 1;
    bad.push({ line, reason: `${error.message}.` });
  }
  const badLines = new Set(bad.map((b) => b.line));
  const rows: SourceRow[] = [];
  records.forEach((record, i) => {
    const line = lines[i + 1] ?? i + 2;
    if (record.length === 1 && record[0]!.trim() === '') return; // a blank line
    if (badLines.has(line)) return;
    if (record.length !== columns.length) {
      bad.push({ line, reason: `${record.length} values where the header has ${columns.length} columns.` });
      return;
    }
    rows.push({ line, values: Object.fromEntries(columns.map((c, k) => [c, record[k]!])) });
  });
  return { format: 'csv', delimiter, columns, rows, bad: bad.sort((a, b) => a.line - b.line) };
}

function readJsonLines(text: string): ReadRows {
  const columns: string[] = [];
  const rows: SourceRow[] = [];
  const bad: BadRow[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      bad.push({ line, reason: `Not JSON: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      bad.push({ line, reason: 'Each line must be one JSON object.' });
      return;
    }
    const values: Record<string, string> = {};
    for (const [key, v] of Object.entries(value)) {
      if (!columns.includes(key)) columns.push(key);
      values[key] = typeof v === 'string' ? v : JSON.stringify(v);
    }
    rows.push({ line, values });
  });
  return { format: 'jsonl', columns, rows, bad };
}

/** The delimiter that splits the header into the most columns (ties: comma, then semicolon, then tab). */
export function detectDelimiter(text: string): Delimiter {
  const header = firstRecord(text);
  let best: Delimiter = ',';
  let most = 0;
  for (const delimiter of [',', ';', '\t'] as const) {
    const count = Papa.parse<string[]>(header, { delimiter }).data[0]?.length ?? 0;
    if (count > most) [best, most] = [delimiter, count];
  }
  return best;
}

/** The first record's text: up to the first line break outside quotes. */
function firstRecord(text: string): string {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) return text.slice(0, i);
  }
  return text;
}

/** The line each record starts on: 1 + line breaks in the records before it. */
function recordStartLines(text: string, records: string[][]): number[] {
  const starts: number[] = [];
  let line = 1;
  let i = 0;
  for (let r = 0; r < records.length; r++) {
    starts.push(line);
    // Walk one record: to the first line break outside quotes.
    let quoted = false;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '"') quoted = !quoted;
      else if (c === '\n' || c === '\r') {
        if (c === '\r' && text[i + 1] === '\n') i++;
        line++;
        if (!quoted) {
          i++;
          break;
        }
      }
    }
  }
  return starts;
}

/** Rows whose key is missing or repeated, listed and left out; the rest, in file order. */
export function keyedRows(read: ReadRows, keyColumn: string): { rows: SourceRow[]; bad: BadRow[] } {
  const bad: BadRow[] = [];
  const first = new Map<string, number>();
  const rows: SourceRow[] = [];
  const counts = new Map<string, number>();
  for (const row of read.rows) {
    const key = (row.values[keyColumn] ?? '').trim().toLowerCase();
    if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const row of read.rows) {
    const raw = (row.values[keyColumn] ?? '').trim();
    if (!raw) {
      bad.push({ line: row.line, reason: `No ${keyColumn}: the row cannot be matched to a resource.` });
      continue;
    }
    const key = raw.toLowerCase();
    if ((counts.get(key) ?? 0) > 1) {
      const at = first.get(key);
      if (at === undefined) first.set(key, row.line);
      bad.push({
        line: row.line,
        reason: `${keyColumn} “${raw}” is on ${counts.get(key)} rows${at !== undefined ? ` (first on line ${at})` : ''}: none of them is used.`,
      });
      continue;
    }
    rows.push(row);
  }
  return { rows, bad: [...read.bad, ...bad].sort((a, b) => a.line - b.line) };
}
