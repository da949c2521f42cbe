/**
 * A plan and a send's results as CSV, for sign-off and for the record: one row per target, UTF-8 with a
 * BOM (spreadsheets then read it as UTF-8), fields quoted and formula-escaped by csvLine. Resources carry
 * no credentials, so neither do these.
 */
import type { BulkDiffEntry, BulkPlanRecord, BulkResultItem } from '../contract/bulk';
import { hasValue } from '../filter/resource-access';
import { csvLine } from '../scim/cells';

const BOM = '\uFEFF';
const VALUE_MAX = 200;

function cut(text: string): string {
  return text.length > VALUE_MAX ? `${text.slice(0, VALUE_MAX)}…` : text;
}

/** A diff value in words: “text”, true, 42, (none), [“a”, “b”], or JSON for complex values. */
export function describeValue(value: unknown): string {
  if (!hasValue(value) && value !== false && value !== 0) return '(none)';
  if (typeof value === 'string') return `“${cut(value)}”`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) return cut(`[${value.map(describeValue).join(', ')}]`);
  return cut(JSON.stringify(value) ?? String(value));
}

/** "active: true → false; title: “a” → “b”". */
export function describeDiff(diff: readonly BulkDiffEntry[]): string {
  return diff.map((entry) => `${entry.path}: ${describeValue(entry.before)} → ${describeValue(entry.after)}`).join('; ');
}

const line = (value: number | undefined): string => (value === undefined ? '' : String(value));

/** The plan, one row per target: line,key,id,display,outcome,reason,method,path,changes. */
export function planCsv(records: Iterable<BulkPlanRecord>): string {
  let text = BOM + csvLine(['line', 'key', 'id', 'display', 'outcome', 'reason', 'method', 'path', 'changes']);
  for (const r of records) {
    text += csvLine([
      line(r.line),
      r.key,
      r.id ?? '',
      r.display,
      r.outcome,
      r.reason ?? '',
      r.request?.method ?? '',
      r.request?.path ?? '',
      describeDiff(r.diff),
    ]);
  }
  return text;
}

/** A send's results, one row per target: line,key,id,display,planned,outcome,error,differences. */
export function resultsCsv(items: Iterable<BulkResultItem>): string {
  let text = BOM + csvLine(['line', 'key', 'id', 'display', 'planned', 'outcome', 'error', 'differences']);
  for (const item of items) {
    text += csvLine([
      line(item.line),
      item.key,
      item.id ?? '',
      item.display,
      item.planned,
      item.outcome,
      item.error ?? '',
      (item.differences ?? []).join('; '),
    ]);
  }
  return text;
}
