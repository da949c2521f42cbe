/** Listing mechanics: attribute values, sorting, filter compilation, index and cursor paging (RFC 7644 §3.4.2, RFC 9865). */
import { compileFilter, FilterParseError, parseFilter, type AttrPath, type AttributeLookup, type FilterNode } from '../../../shared/filter';
import type { AttributeResolver } from '../../../shared/scim';
import { ScimError, type Rec } from './types';

export const DEFAULT_COUNT = 100;
export const MAX_RESULTS = 1000;

/** `obj[name]`, matching the key case-insensitively when the exact spelling is absent. */
export function prop(obj: Rec, name: string): unknown {
  const v = obj[name];
  if (v !== undefined) return v;
  const lower = name.toLowerCase();
  for (const k in obj) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

const isObject = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The single value sortBy uses: multi-valued attributes sort by their primary (else first) value (RFC 7644 §3.4.2.3). */
export function sortValue(rec: Rec, path: AttrPath): unknown {
  let container: unknown = rec;
  if (path.uri) container = prop(rec, path.uri);
  if (!isObject(container)) return undefined;
  let v = prop(container, path.name);
  if (Array.isArray(v)) {
    if (!v.length) return undefined;
    v = v.find((e) => isObject(e) && e.primary === true) ?? v[0];
  }
  if (path.sub !== undefined) return isObject(v) ? prop(v, path.sub) : undefined;
  if (isObject(v)) return prop(v, 'value');
  return v;
}

type Key = string | number | undefined;

function keyOf(value: unknown, type: string | undefined, caseExact: boolean): Key {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') {
    if (type === 'dateTime') {
      const ms = Date.parse(value);
      return Number.isNaN(ms) ? value : ms;
    }
    return caseExact ? value : value.toLowerCase();
  }
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return JSON.stringify(value);
}

function compareKeys(a: Key, b: Key): number {
  if (typeof a === typeof b) return a! < b! ? -1 : a! > b! ? 1 : 0;
  return typeof a === 'number' ? -1 : 1; // numbers before strings when types mix
}

/**
 * `recs` sorted by the attribute at `path` (stable; resources without a value sort last in either
 * order). `view` supplies computed attributes (a user's `groups`) when the path needs them.
 */
export function sortRecords(recs: readonly Rec[], path: AttrPath, descending: boolean, resolve: AttributeResolver, view?: (r: Rec) => Rec): Rec[] {
  const attr = resolve(path);
  const type = attr?.type;
  const caseExact = attr?.caseExact ?? false;
  const decorated = new Array<{ k: Key; i: number; r: Rec }>(recs.length);
  for (let i = 0; i < recs.length; i++) {
    const r = recs[i];
    decorated[i] = { k: keyOf(sortValue(view ? view(r) : r, path), type, caseExact), i, r };
  }
  decorated.sort((x, y) => {
    if (x.k === undefined || y.k === undefined) {
      if (x.k === y.k) return x.i - y.i;
      return x.k === undefined ? 1 : -1;
    }
    const c = compareKeys(x.k, y.k);
    return c === 0 ? x.i - y.i : descending ? -c : c;
  });
  const out = new Array<Rec>(decorated.length);
  for (let i = 0; i < decorated.length; i++) out[i] = decorated[i].r;
  return out;
}

/** Parses a filter, answering 400 invalidFilter with the parser's message. */
export function parseFilterOr400(text: string): FilterNode {
  try {
    return parseFilter(text);
  } catch (err) {
    const detail = err instanceof FilterParseError || err instanceof Error ? err.message : String(err);
    throw new ScimError(400, `Invalid filter ${JSON.stringify(text)}: ${detail}`, 'invalidFilter');
  }
}

export function compileOr400(node: FilterNode, lookup: AttributeLookup): (r: Rec) => boolean {
  try {
    return compileFilter(node, lookup);
  } catch (err) {
    throw new ScimError(400, `Invalid filter: ${err instanceof Error ? err.message : String(err)}`, 'invalidFilter');
  }
}

/** Whether the filter reads the attribute `name` (core schema, any casing). */
export function filterMentions(node: FilterNode, name: string, coreUrn: string): boolean {
  const hit = (p: AttrPath) => p.name.toLowerCase() === name && (!p.uri || p.uri.toLowerCase() === coreUrn.toLowerCase());
  switch (node.kind) {
    case 'compare':
    case 'present':
      return hit(node.path);
    case 'and':
    case 'or':
      return filterMentions(node.left, name, coreUrn) || filterMentions(node.right, name, coreUrn);
    case 'not':
      return filterMentions(node.expr, name, coreUrn);
    case 'valuePath':
      return hit(node.path);
  }
}

/** Runs a compiled filter over `recs`, turning evaluation failures into 400 invalidFilter. */
export function applyFilter(recs: readonly Rec[], test: (r: Rec) => boolean, view?: (r: Rec) => Rec): Rec[] {
  const out: Rec[] = [];
  try {
    if (view) {
      for (const r of recs) if (test(view(r))) out.push(r);
    } else {
      for (const r of recs) if (test(r)) out.push(r);
    }
  } catch (err) {
    if (err instanceof ScimError) throw err;
    throw new ScimError(400, `Filter could not be evaluated: ${err instanceof Error ? err.message : String(err)}`, 'invalidFilter');
  }
  return out;
}

export interface PageRequest {
  startIndex?: number;
  count?: number;
  /** Present (possibly '') → cursor paging (RFC 9865). */
  cursor?: string;
  /** Identifies the query; a cursor is only valid for the query that issued it. */
  fingerprint: string;
  maxResults?: number;
  defaultCount?: number;
}

export interface Page {
  items: Rec[];
  totalResults: number;
  itemsPerPage: number;
  /** The effective page size asked for (after defaults and the cap). */
  pageSize: number;
  startIndex?: number;
  nextCursor?: string;
  previousCursor?: string;
}

export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

const toBase64Url = (s: string) => btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromBase64Url = (s: string) => atob(s.replace(/-/g, '+').replace(/_/g, '/'));

export function encodeCursor(offset: number, fingerprint: string): string {
  return toBase64Url(`c1.${offset}.${fingerprint}`);
}

function decodeCursor(cursor: string, fingerprint: string, total: number): number {
  const invalid = () => new ScimError(400, `Invalid cursor ${JSON.stringify(cursor)}: not issued for this query`, 'invalidCursor');
  let text: string;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
    text = fromBase64Url(cursor);
  } catch {
    throw invalid();
  }
  const m = /^c1\.(\d{1,9})\.([0-9a-z]+)$/.exec(text);
  if (!m || m[2] !== fingerprint) throw invalid();
  const offset = Number(m[1]);
  if (offset > total) throw invalid();
  return offset;
}

/** One page of `all`, by startIndex/count (RFC 7644 §3.4.2.4) or by cursor (RFC 9865). */
export function paginate(all: readonly Rec[], req: PageRequest): Page {
  const max = req.maxResults ?? MAX_RESULTS;
  const requested = req.count ?? req.defaultCount ?? DEFAULT_COUNT;
  const pageSize = Math.min(Math.max(0, requested), max);
  const total = all.length;
  if (req.cursor !== undefined) {
    const offset = req.cursor === '' ? 0 : decodeCursor(req.cursor, req.fingerprint, total);
    const items = all.slice(offset, offset + pageSize);
    const page: Page = { items, totalResults: total, itemsPerPage: items.length, pageSize };
    if (offset + pageSize < total && pageSize > 0) page.nextCursor = encodeCursor(offset + pageSize, req.fingerprint);
    if (offset > 0) page.previousCursor = encodeCursor(Math.max(0, offset - pageSize), req.fingerprint);
    return page;
  }
  const startIndex = Math.max(1, req.startIndex ?? 1);
  const items = all.slice(startIndex - 1, startIndex - 1 + pageSize);
  return { items, totalResults: total, itemsPerPage: items.length, pageSize, startIndex };
}
