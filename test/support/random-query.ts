import type { AttrPath, FilterNode } from '../../shared/filter';
import type { Rec } from './random-data';

/**
 * How the random server reads a list request and orders its answer: the query (GET parameters or a
 * SearchRequest), the terms a filter is judged by against the profile, and sorting.
 */

export interface ListQuery {
  filter?: string;
  startIndex: number;
  count?: number;
  sortBy?: string;
  sortOrder?: string;
  attributes?: string[];
  excludedAttributes?: string[];
  /** Set when the filter had a term this server ignores: the matcher the answer was not filtered by. */
  ignoredFilter?: (r: Rec) => boolean;
}

export function readQuery(params: URLSearchParams): ListQuery {
  const int = (key: string) => (params.has(key) && /^\d+$/.test(params.get(key)!) ? Number(params.get(key)) : undefined);
  const split = (key: string) =>
    params
      .get(key)
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return {
    filter: params.get('filter') ?? undefined,
    startIndex: Math.max(1, int('startIndex') ?? 1),
    count: int('count'),
    sortBy: params.get('sortBy') ?? undefined,
    sortOrder: params.get('sortOrder') ?? undefined,
    attributes: split('attributes'),
    excludedAttributes: split('excludedAttributes'),
  };
}

/** The terms of a filter as the profile judges them: `name.familyname co`, `and`, `[]`. */
export function termsOf(node: FilterNode, parent?: AttrPath, into = new Set<string>()): string[] {
  const attribute = (path: AttrPath) => [parent?.name, path.name, path.sub].filter(Boolean).join('.').toLowerCase();
  switch (node.kind) {
    case 'compare':
      into.add(`${attribute(node.path)} ${node.op}`);
      break;
    case 'present':
      into.add(`${attribute(node.path)} pr`);
      break;
    case 'not':
      into.add('not');
      termsOf(node.expr, parent, into);
      break;
    case 'valuePath':
      into.add('[]');
      termsOf(node.filter, node.path, into);
      break;
    default:
      into.add(node.kind);
      termsOf(node.left, parent, into);
      termsOf(node.right, parent, into);
  }
  return [...into];
}

const valueAt = (resource: Rec, path: string): string | undefined => {
  let current: unknown = resource;
  for (const segment of path.replace(/^urn:.*:(?=[^:]+$)/i, '').split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = Object.entries(current as Rec).find(([k]) => k.toLowerCase() === segment.toLowerCase())?.[1];
  }
  return typeof current === 'string' || typeof current === 'number' ? String(current).toLowerCase() : undefined;
};

export function sortBy(resources: Rec[], path: string, descending: boolean): Rec[] {
  const sorted = [...resources].sort((a, b) => {
    const x = valueAt(a, path);
    const y = valueAt(b, path);
    if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? 1 : -1;
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return descending ? sorted.reverse() : sorted;
}

/** In order by either collation a client may accept (code points, or locale with numeric runs). */
export function isSorted(resources: Rec[], path: string): boolean {
  const values = resources.map((r) => valueAt(r, path)).filter((v): v is string => v !== undefined);
  const fits = (compare: (a: string, b: string) => number) => values.every((v, i) => i === 0 || compare(values[i - 1]!, v) <= 0);
  return fits((a, b) => a.localeCompare(b, 'en', { numeric: true })) || fits((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
