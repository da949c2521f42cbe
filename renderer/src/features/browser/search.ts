import { printFilter, type FilterNode } from '../../../../shared/filter';
import type { BrowserKind } from './columns';

/** A SCIM string literal: JSON's escaping is what RFC 7644 §3.4.2.2 filters use. */
export const scimString = (text: string): string => JSON.stringify(text);

const compare = (name: string, op: 'eq' | 'sw' | 'co', value: string, sub?: string): FilterNode => ({ kind: 'compare', path: sub ? { name, sub } : { name }, op, value });

/**
 * The quick search's filter, suited to the resource type, printed from the filter AST (so quoting and
 * escaping are the printer's, never string concatenation).
 */
export function quickFilter(kind: BrowserKind, query: string): string {
  if (kind !== 'users') return printFilter(compare('displayName', 'co', query));
  return printFilter({
    kind: 'or',
    left: { kind: 'or', left: compare('userName', 'sw', query), right: compare('displayName', 'co', query) },
    right: compare('emails', 'co', query, 'value'),
  });
}

/** For servers that only accept `userName eq "…"` (they answer 400 invalidFilter to anything else). */
export const fallbackFilter = (query: string): string => printFilter(compare('userName', 'eq', query));
