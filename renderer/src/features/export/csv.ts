import type { ScimResource } from '../../../../shared/contract';
import { cellText, type ColumnDef } from '../browser/columns';

/** RFC 4180: a field with a comma, a double quote, CR or LF is quoted, its quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A header row of the column labels, then one row per resource, as the table shows them; UTF-8 BOM first. */
export function toCsv(resources: readonly ScimResource[], columns: readonly ColumnDef[]): string {
  const lines = [columns.map((c) => csvField(c.label)).join(',')];
  for (const resource of resources) lines.push(columns.map((c) => csvField(cellText(resource, c.path))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
