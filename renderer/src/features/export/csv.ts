import type { ScimResource } from '../../../../shared/contract';
import { cellText, type ColumnDef } from '../browser/columns';

/**
 * Characters a spreadsheet treats as the start of a formula (CSV injection). Per OWASP, a cell
 * starting with one of them is prefixed with a single quote. This deliberately includes `-`, so an
 * ordinary negative number such as `-5` is exported as `'-5` too: a value like `-2+3` or `-cmd|…`
 * is indistinguishable from a number by its first character, and OWASP recommends escaping all.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * RFC 4180: a field with a comma, a double quote, CR or LF is quoted, its quotes doubled.
 * A field starting like a formula is prefixed with `'` first (and then quoted, as OWASP advises).
 */
export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  const mustQuote = safe !== value || /[",\r\n]/.test(safe);
  return mustQuote ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A header row of the column labels, then one row per resource, as the table shows them; UTF-8 BOM first. */
export function toCsv(resources: readonly ScimResource[], columns: readonly ColumnDef[]): string {
  const lines = [columns.map((c) => csvField(c.label)).join(',')];
  for (const resource of resources) lines.push(columns.map((c) => csvField(cellText(resource, c.path))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
