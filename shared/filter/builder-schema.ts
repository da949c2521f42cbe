/**
 * The filter builder's schema side: the attributes a filter can name (from a resource type's
 * schemas, RFC 7643 §7), the operators that make sense for each type (RFC 7644 §3.4.2.2), and the
 * warnings worth showing before a filter is sent. Structural types, so shared/contract's
 * SchemaDef and ResourceTypeDef fit without importing them.
 */
import { printAttrPath } from './printer';
import type { AttrPath, FilterNode } from './types';
import type { BuilderOp } from './builder';

export interface SchemaAttributeLike {
  name: string;
  type: string;
  multiValued: boolean;
  returned?: string;
  caseExact?: boolean;
  subAttributes?: SchemaAttributeLike[];
}
export interface SchemaLike {
  id: string;
  name: string;
  attributes: SchemaAttributeLike[];
}
export interface ResourceTypeLike {
  name: string;
  schema: string;
  schemaExtensions: { schema: string }[];
}

export type ValueKind = 'string' | 'number' | 'boolean' | 'dateTime';

export interface AttributeEntry {
  path: AttrPath;
  /** The path as written in a filter (with the URN for extension attributes). */
  text: string;
  /** Short label: "department (enterprise)". */
  label: string;
  /** The schema's name, for grouping in the picker. */
  group: string;
  type: string;
  multiValued: boolean;
  /** returned "never" (e.g. password): servers do not filter on it. */
  neverReturned: boolean;
  /** For a multi-valued complex attribute: the sub-attributes a value path ([…]) can test. */
  subAttributes?: AttributeEntry[];
}

const ALL_OPS: readonly BuilderOp[] = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'pr'];
const ORDERED: readonly BuilderOp[] = ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'pr'];

/** Operators valid for an attribute type: no co/sw/ew on booleans, numbers or dates, no ordering on booleans. */
export function opsForType(type: string | undefined): readonly BuilderOp[] {
  switch (type?.toLowerCase()) {
    case 'boolean':
    case 'binary':
      return ['eq', 'ne', 'pr'];
    case 'integer':
    case 'decimal':
    case 'datetime':
      return ORDERED;
    case 'complex':
      return ['pr'];
    default:
      return ALL_OPS;
  }
}

export function valueKindForType(type: string | undefined): ValueKind {
  switch (type?.toLowerCase()) {
    case 'boolean':
      return 'boolean';
    case 'integer':
    case 'decimal':
      return 'number';
    case 'datetime':
      return 'dateTime';
    default:
      return 'string';
  }
}

export const OP_LABELS: Record<BuilderOp, string> = {
  eq: 'equals',
  ne: 'not equal',
  co: 'contains',
  sw: 'starts with',
  ew: 'ends with',
  gt: 'greater than',
  ge: 'greater or equal',
  lt: 'less than',
  le: 'less or equal',
  pr: 'is present',
};

const COMMON: SchemaAttributeLike[] = [
  { name: 'id', type: 'string', multiValued: false, caseExact: true },
  { name: 'externalId', type: 'string', multiValued: false, caseExact: true },
  {
    name: 'meta',
    type: 'complex',
    multiValued: false,
    subAttributes: [
      { name: 'resourceType', type: 'string', multiValued: false },
      { name: 'created', type: 'dateTime', multiValued: false },
      { name: 'lastModified', type: 'dateTime', multiValued: false },
      { name: 'version', type: 'string', multiValued: false },
    ],
  },
];

function labelFor(path: AttrPath): string {
  const local = path.sub === undefined ? path.name : `${path.name}.${path.sub}`;
  if (path.uri === undefined) return local;
  const ext = /:extension:([^:]+)/.exec(path.uri)?.[1];
  return ext ? `${local} (${ext})` : local;
}

function entry(path: AttrPath, attr: SchemaAttributeLike, group: string, parentNever = false): AttributeEntry {
  return {
    path,
    text: printAttrPath(path),
    label: labelFor(path),
    group,
    type: attr.type,
    multiValued: attr.multiValued,
    neverReturned: parentNever || attr.returned?.toLowerCase() === 'never',
  };
}

function walk(attrs: readonly SchemaAttributeLike[], uri: string | undefined, group: string, out: AttributeEntry[]): void {
  for (const attr of attrs) {
    const base: AttrPath = uri === undefined ? { name: attr.name } : { uri, name: attr.name };
    const own = entry(base, attr, group);
    const subs = attr.type.toLowerCase() === 'complex' ? (attr.subAttributes ?? []) : [];
    if (subs.length > 0 && attr.multiValued) own.subAttributes = subs.map((sub) => entry({ name: sub.name }, sub, group, own.neverReturned));
    out.push(own);
    for (const sub of subs) out.push(entry({ ...base, sub: sub.name }, sub, group, own.neverReturned));
  }
}

/** Every attribute a filter on this resource type can name: common ones, the core schema's, then each extension's by URN. */
export function attributeCatalogue(type: ResourceTypeLike, schemas: readonly SchemaLike[]): AttributeEntry[] {
  const out: AttributeEntry[] = [];
  walk(COMMON, undefined, 'Common', out);
  const byId = (id: string) => schemas.find((s) => s.id.toLowerCase() === id.toLowerCase());
  const core = byId(type.schema);
  const seen = new Set(out.map((e) => e.text.toLowerCase()));
  const coreEntries: AttributeEntry[] = [];
  if (core) walk(core.attributes, undefined, core.name || type.name, coreEntries);
  for (const ext of type.schemaExtensions) {
    const schema = byId(ext.schema);
    if (schema) walk(schema.attributes, schema.id, schema.name || ext.schema, coreEntries);
  }
  for (const e of coreEntries) {
    if (seen.has(e.text.toLowerCase())) continue;
    seen.add(e.text.toLowerCase());
    out.push(e);
  }
  return out;
}

/** Case-insensitive key; the core schema's URN is the same as none (RFC 7644 §3.10). */
function keyOf(path: AttrPath, coreUri: string | undefined): string {
  const uri = path.uri !== undefined && path.uri.toLowerCase() !== coreUri?.toLowerCase() ? path.uri.toLowerCase() : '';
  return `${uri}|${path.name.toLowerCase()}|${path.sub?.toLowerCase() ?? ''}`;
}

/** The catalogue entry for a path; inside a value path (`parent` set) the path is relative to it. */
export function findAttribute(
  catalogue: readonly AttributeEntry[],
  path: AttrPath,
  options: { parent?: AttrPath; coreUri?: string } = {},
): AttributeEntry | undefined {
  if (options.parent) {
    const parent = findAttribute(catalogue, options.parent, { coreUri: options.coreUri });
    if (!parent) return undefined;
    if (parent.subAttributes)
      return parent.subAttributes.find((s) => keyOf(s.path, undefined) === keyOf({ name: path.name }, undefined) && path.sub === undefined);
    return findAttribute(catalogue, { ...options.parent, sub: path.name }, { coreUri: options.coreUri });
  }
  const key = keyOf(path, options.coreUri);
  return catalogue.find((e) => keyOf(e.path, options.coreUri) === key);
}

export interface FilterWarning {
  code:
    | 'filter.unsupported'
    | 'attribute.unknown'
    | 'attribute.never-returned'
    | 'operator.type'
    | 'value.type'
    /** A term this server refused before: the filter is not sent (the main side refuses it too). */
    | 'learned.refused'
    /** A term this server silently ignored before: what it answers is checked here. */
    | 'learned.ignored'
    /** Terms not seen working on this server yet. */
    | 'learned.unseen';
  message: string;
  /** `blocks`: the filter will not be sent; `note`: worth knowing, nothing wrong. Absent: a warning. */
  severity?: 'blocks' | 'note';
  /** For learned facts: what the server did, in words, and the exchange that showed it. */
  detail?: string;
  exchangeId?: string;
}

/**
 * What the server was seen to do with one filter term (`userName sw`, `emails[]`, `or`).
 * Structural, so shared/contract's LearnedFact fits.
 */
export interface LearnedTermFact {
  state: string;
  message: string;
  exchangeId?: string;
  learnedAt: string;
}

/**
 * What was learned about this server's filters on one endpoint, as the builder reads it. The caller
 * names terms the way the learned facts do (shared/scim's `termAttribute`), so both sides judge a
 * filter by the same terms.
 */
export interface LearnedFilterLookup {
  /** A condition's attribute as a term names it: `name.familyname`, `emails.type` inside emails[…]. */
  attribute(path: AttrPath, parent?: AttrPath): string;
  /** The fact about a term (`username sw`, `emails[]`, `or`), if the server showed anything. */
  fact(term: string): LearnedTermFact | undefined;
  /** When a fact was learned, as a phrase: "at 12:03"; by default the UTC date and time. */
  when?(iso: string): string;
}

/** The term a comparison (or `pr`) is judged by. */
export function conditionTerm(lookup: LearnedFilterLookup, path: AttrPath, op: BuilderOp, parent?: AttrPath): string {
  return `${lookup.attribute(path, parent)} ${op}`;
}

/** What the server did with `op` on this attribute before, if anything. */
export function learnedForOp(lookup: LearnedFilterLookup | undefined, path: AttrPath, op: BuilderOp, parent?: AttrPath): LearnedTermFact | undefined {
  return lookup?.fact(conditionTerm(lookup, path, op, parent));
}

export const learnedWhen = (lookup: LearnedFilterLookup, iso: string): string => lookup.when?.(iso) ?? `on ${iso.slice(0, 10)} at ${iso.slice(11, 16)} UTC`;

export interface WarningContext {
  catalogue: readonly AttributeEntry[];
  /** ServiceProviderConfig filter.supported; null when the server did not say. */
  filterSupported: boolean | null;
  /** Whether the schemas came from the server (else missing attributes are not worth a warning). */
  schemasKnown: boolean;
  coreUri?: string;
  typeName: string;
  /** What this server was seen to do with filter terms on this endpoint; absent while unknown. */
  learned?: LearnedFilterLookup;
}

function valueWarning(name: string, kind: ValueKind, value: unknown): string | null {
  if (value === null) return null;
  if (kind === 'boolean' && typeof value !== 'boolean') return `"${name}" is a boolean, but the value is ${JSON.stringify(value)}: use true or false.`;
  if (kind === 'number' && typeof value !== 'number') return `"${name}" is a number, but the value is ${JSON.stringify(value)}.`;
  if (kind === 'dateTime' && (typeof value !== 'string' || Number.isNaN(Date.parse(value))))
    return `"${name}" is a dateTime, but ${JSON.stringify(value)} is not a date (e.g. "2024-01-31T00:00:00Z").`;
  return null;
}

/** What the server is likely to refuse or get wrong in this filter, before it is sent. */
export function filterWarnings(node: FilterNode | null, context: WarningContext): FilterWarning[] {
  const warnings: FilterWarning[] = [];
  const add = (warning: FilterWarning) => {
    if (!warnings.some((w) => w.message === warning.message)) warnings.push(warning);
  };
  if (node !== null && context.filterSupported === false) {
    add({
      code: 'filter.unsupported',
      message:
        'This server says it does not support filtering (ServiceProviderConfig filter.supported is false): it may refuse the filter or ignore it and return everything.',
    });
  }
  // The filter's terms as the learned facts name them, each with how it reads here (the filter's own spelling).
  const terms = new Map<string, string>();
  const term = (key: string | undefined, shown: string) => {
    if (key !== undefined && !terms.has(key)) terms.set(key, shown);
  };
  const learned = context.learned;
  const visit = (n: FilterNode, parent?: AttrPath) => {
    switch (n.kind) {
      case 'and':
      case 'or':
        term(n.kind, n.kind);
        visit(n.left, parent);
        visit(n.right, parent);
        return;
      case 'not':
        term('not', 'not');
        visit(n.expr, parent);
        return;
      case 'valuePath':
        term(learned && `${learned.attribute(n.path, parent)}[]`, `${printAttrPath(n.path)}[…]`);
        check(n.path, undefined, 'pr', undefined);
        visit(n.filter, n.path);
        return;
      case 'present':
      case 'compare': {
        const op = n.kind === 'present' ? 'pr' : n.op;
        term(learned && conditionTerm(learned, n.path, op, parent), `${parent ? `${printAttrPath(parent)}.` : ''}${printAttrPath(n.path)} ${op}`);
        check(n.path, parent, op, n.kind === 'compare' ? n.value : undefined);
        return;
      }
    }
  };
  const check = (path: AttrPath, parent: AttrPath | undefined, op: BuilderOp, value: unknown) => {
    const name = parent ? `${printAttrPath(parent)}[${printAttrPath(path)}]` : printAttrPath(path);
    const found = findAttribute(context.catalogue, path, { parent, coreUri: context.coreUri });
    if (!found) {
      if (context.schemasKnown)
        add({
          code: 'attribute.unknown',
          message: `"${name}" is not in the ${context.typeName} schema: the server may refuse the filter (invalidFilter) or match nothing.`,
        });
      return;
    }
    if (found.neverReturned)
      add({ code: 'attribute.never-returned', message: `"${name}" is never returned (returned: "never"), so servers do not filter on it.` });
    if (!opsForType(found.type).includes(op)) {
      add({ code: 'operator.type', message: `"${name}" is a ${found.type}: the operator "${op}" does not apply to it.` });
      return;
    }
    if (op !== 'pr') {
      const problem = valueWarning(name, valueKindForType(found.type), value);
      if (problem) add({ code: 'value.type', message: problem });
    }
  };
  if (node) visit(node);
  if (learned) {
    const unseen: string[] = [];
    for (const [key, shown] of terms) {
      const fact = learned.fact(key);
      const exchange = fact?.exchangeId ? { exchangeId: fact.exchangeId } : {};
      if (fact?.state === 'refused') {
        add({
          code: 'learned.refused',
          severity: 'blocks',
          message: `Will not be sent: the server refused "${shown}" ${learnedWhen(learned, fact.learnedAt)}.`,
          detail: fact.message,
          ...exchange,
        });
      } else if (fact?.state === 'ignored') {
        add({
          code: 'learned.ignored',
          message: `The server ignores "${shown}" (seen ${learnedWhen(learned, fact.learnedAt)}): what it answers is checked here.`,
          detail: fact.message,
          ...exchange,
        });
      } else if (fact?.state !== 'accepted') unseen.push(`"${shown}"`);
    }
    if (unseen.length > 0) add({ code: 'learned.unseen', severity: 'note', message: `Not seen working on this server yet: ${unseen.join(', ')}.` });
  }
  return warnings;
}

/** The GET a first page of results sends: base URL, endpoint, startIndex, count and the encoded filter (as the engine builds it). */
export function listRequestUrl(baseUrl: string, endpoint: string, filter: string, count: number): string {
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}/${endpoint.replace(/^\/+/, '')}`);
  url.searchParams.set('startIndex', '1');
  url.searchParams.set('count', String(count));
  if (filter !== '') url.searchParams.set('filter', filter);
  return url.href;
}
