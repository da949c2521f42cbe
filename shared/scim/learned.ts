import type { LearnedFact } from '../contract/learned';
import { parseFilter, printAttrPath, type AttrPath, type FilterNode } from '../filter';

/**
 * Reading learned facts, the same way on both sides: the engine before it sends a filter, the
 * renderer before it offers one. A filter is judged by its terms (`userName sw`, `emails.type eq`,
 * `or`), because servers refuse operators and attributes, not whole expressions.
 */

/** `/Users/` and `users` are the same endpoint. */
export function normalizeEndpoint(endpoint: string): string {
  return endpoint.replace(/^\/+|\/+$/g, '').toLowerCase();
}

const CORE_URN = /^urn:ietf:params:scim:schemas:core:2\.0:(user|group)$/i;

/** `name.familyName` for core attributes (URN dropped), `urn:…:enterprise:2.0:User:department` for extensions; lowercase. */
export function termAttribute(path: AttrPath, parent?: AttrPath): string {
  const own = { ...path, uri: path.uri && CORE_URN.test(path.uri) ? undefined : path.uri };
  const printed = parent ? `${termAttribute(parent)}.${printAttrPath({ name: own.name, ...(own.sub ? { sub: own.sub } : {}) })}` : printAttrPath(own);
  return printed.toLowerCase();
}

/** The distinct terms of a filter: `attribute op` per comparison or presence test, and each logical operator used. */
export function filterTerms(node: FilterNode, parent?: AttrPath, into: Set<string> = new Set()): string[] {
  switch (node.kind) {
    case 'compare':
      into.add(`${termAttribute(node.path, parent)} ${node.op}`);
      break;
    case 'present':
      into.add(`${termAttribute(node.path, parent)} pr`);
      break;
    case 'and':
    case 'or':
      into.add(node.kind);
      filterTerms(node.left, parent, into);
      filterTerms(node.right, parent, into);
      break;
    case 'not':
      into.add('not');
      filterTerms(node.expr, parent, into);
      break;
    case 'valuePath':
      into.add(`${termAttribute(node.path, parent)}[]`);
      filterTerms(node.filter, node.path, into);
      break;
  }
  return [...into];
}

export const filterFactKey = (endpoint: string, term: string) => `filter|${normalizeEndpoint(endpoint)}|${term}`;
export const paramFactKey = (endpoint: string, param: string) => `param|${normalizeEndpoint(endpoint)}|${param}`;
export const pageCapKey = (endpoint: string) => `page-cap|${normalizeEndpoint(endpoint)}|count`;
export const searchFactKey = (endpoint: string) => `search|${normalizeEndpoint(endpoint)}|paging`;
export const methodFactKey = (endpoint: string, method: string) => `method|${normalizeEndpoint(endpoint)}|${method.toUpperCase()}`;

/** The learned refusal of a method on an endpoint (405/501), if any: e.g. PATCH, so edits go as PUT. */
export function refusedMethod(facts: ReadonlyMap<string, LearnedFact> | readonly LearnedFact[], endpoint: string, method: string): LearnedFact | undefined {
  const key = methodFactKey(endpoint, method);
  const fact = Array.isArray(facts) ? facts.find((f) => f.key === key) : (facts as ReadonlyMap<string, LearnedFact>).get(key);
  return fact?.state === 'refused' ? fact : undefined;
}

export type FilterVerdict = 'refused' | 'ignored' | 'accepted' | 'unknown';

export interface FilterPrediction {
  verdict: FilterVerdict;
  /** The terms of the filter, when it parses. */
  terms: string[];
  /** The facts the verdict rests on (for refused and ignored: the ones that refused or ignored). */
  because: LearnedFact[];
}

/**
 * What the server will do with a filter, from what it did before: refused when any term was
 * refused, ignored when any was ignored, accepted when every term was seen to work.
 */
export function predictFilter(facts: ReadonlyMap<string, LearnedFact> | readonly LearnedFact[], endpoint: string, filter: string): FilterPrediction {
  const byKey = Array.isArray(facts) ? new Map(facts.map((f) => [f.key, f])) : (facts as ReadonlyMap<string, LearnedFact>);
  let terms: string[];
  try {
    terms = filterTerms(parseFilter(filter));
  } catch {
    return { verdict: 'unknown', terms: [], because: [] };
  }
  const known = terms.map((term) => byKey.get(filterFactKey(endpoint, term)));
  const refused = known.filter((f): f is LearnedFact => f?.state === 'refused');
  if (refused.length > 0) return { verdict: 'refused', terms, because: refused };
  const ignored = known.filter((f): f is LearnedFact => f?.state === 'ignored');
  if (ignored.length > 0) return { verdict: 'ignored', terms, because: ignored };
  if (known.every((f) => f?.state === 'accepted')) return { verdict: 'accepted', terms, because: known as LearnedFact[] };
  return { verdict: 'unknown', terms, because: [] };
}

/**
 * Which terms a refusal or an ignored answer should be blamed on: the one term not yet seen to work,
 * or a term the server's message names; with several candidates and no name, the comparisons that
 * are not plain `eq` (servers that refuse anything usually refuse the richer operators).
 */
export function blameTerms(terms: readonly string[], acceptedBefore: (term: string) => boolean, serverText = ''): string[] {
  const candidates = terms.filter((t) => !acceptedBefore(t));
  if (candidates.length <= 1) return candidates;
  const text = serverText.toLowerCase();
  const named = candidates.filter((term) => {
    const [attribute, op] = term.split(' ');
    const attrNamed = attribute !== undefined && text.includes(attribute.replace(/\[\]$/, ''));
    const opNamed = op !== undefined && new RegExp(`(^|[^a-z])${op}([^a-z]|$)`).test(text);
    return op === undefined ? new RegExp(`(^|[^a-z])${attribute}([^a-z]|$)`).test(text) : attrNamed || opNamed;
  });
  if (named.length > 0) return named;
  // Comparisons other than eq first, then the logical operators, before blaming everything.
  const rich = candidates.filter((t) => t.includes(' ') && !/ (eq|pr)$/.test(t));
  if (rich.length > 0) return rich;
  const logical = candidates.filter((t) => !t.includes(' ') && !t.endsWith('[]'));
  return logical.length > 0 ? logical : candidates;
}
