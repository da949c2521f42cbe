import { SCHEMA_GROUP, SCHEMA_USER } from './urns';

/**
 * A resource's attributes as one-line text: what the browser's table cells show and what an export's
 * CSV holds, on both sides (the export runs on the main side). Servers differ in what they send: every
 * reader here takes whatever is there and never throws.
 */

/** Shown instead of an attribute: the number of entries of a multi-valued attribute. */
export const COUNT_SUFFIX = '#count';

/** Any JSON value as text: strings as they are, objects as JSON. */
export function textOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** An object's member by name, case-insensitively (RFC 7643 §2.1). */
function member(value: unknown, name: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  if (name in record) return record[name];
  const lower = name.toLowerCase();
  const key = Object.keys(record).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : record[key];
}

const isPrimary = (entry: unknown): boolean => {
  const primary = member(entry, 'primary');
  return primary === true || primary === 'true';
};

/** The raw value at a column's path: the extension object for "urn:…:attr", dotted sub-attributes. */
export function valueAt(resource: Record<string, unknown>, path: string): unknown {
  let base: unknown = resource;
  let rest = path;
  if (path.startsWith('urn:')) {
    const cut = path.lastIndexOf(':');
    const urn = path.slice(0, cut);
    rest = path.slice(cut + 1);
    // Core attributes may be written with their schema's URN; extensions live under theirs.
    if (urn !== SCHEMA_USER && urn !== SCHEMA_GROUP) base = member(resource, urn);
  }
  const [head, ...subs] = rest.split('.');
  let value = member(base, head ?? '');
  for (const sub of subs) {
    if (Array.isArray(value)) value = value.find(isPrimary) ?? value[0];
    value = member(value, sub);
  }
  return value;
}

/** A compact, one-line rendering: multi-valued as the primary (else first) value and "+N". */
export function cellText(resource: Record<string, unknown>, path: string): string {
  if (path.endsWith(COUNT_SUFFIX)) {
    const value = valueAt(resource, path.slice(0, -COUNT_SUFFIX.length));
    return Array.isArray(value) ? String(value.length) : '—';
  }
  const value = valueAt(resource, path);
  if (Array.isArray(value)) {
    if (value.length === 0) return '';
    const first = value.find(isPrimary) ?? value[0];
    const shown = typeof first === 'object' && first !== null ? textOf(member(first, 'value') ?? member(first, 'display') ?? first) : textOf(first);
    return value.length > 1 ? `${shown} +${value.length - 1}` : shown;
  }
  if (typeof value === 'object' && value !== null) {
    const inner = member(value, 'value') ?? member(value, 'formatted') ?? member(value, 'display');
    return inner !== undefined ? textOf(inner) : textOf(value);
  }
  return textOf(value);
}

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

/** One CSV line (CRLF-terminated) of fields. */
export const csvLine = (fields: readonly string[]): string => `${fields.map(csvField).join(',')}\r\n`;
