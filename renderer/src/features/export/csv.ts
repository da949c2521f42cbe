import type { ScimResource } from '../../../../shared/contract';
import { cellText, type ColumnDef } from '../browser/columns';

/**
 * Cells a spreadsheet would run as a formula (OWASP "CSV injection"): a leading `=`, `+`, `-`, `@`,
 * tab or CR. A server's data is not ours to trust, so such a cell gets a leading `'`, which
 * spreadsheets show as text. This includes negative numbers such as `-5`: SCIM values are strings
 * here, and telling a number from `-2+3` safely is not worth the risk.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** RFC 4180: a field with a comma, a double quote, CR or LF is quoted, its quotes doubled; formulas are defused first. */
export function csvField(raw: string): string {
  const value = FORMULA_START.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A header row of the column labels, then one row per resource, as the table shows them; UTF-8 BOM first. */
export function toCsv(resources: readonly ScimResource[], columns: readonly ColumnDef[]): string {
  const lines = [columns.map((c) => csvField(c.label)).join(',')];
  for (const resource of resources) lines.push(columns.map((c) => csvField(cellText(resource, c.path))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
