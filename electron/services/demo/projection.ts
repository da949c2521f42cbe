/**
 * `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5, §3.9) with the `returned` semantics of
 * RFC 7643 §7: `always` cannot be excluded, `never` is never returned (passwords), `request` only
 * when asked for. Projections share unchanged values with the stored resource (no deep copies),
 * so excluding `members` never touches a large group's member list.
 */
import { splitAttributePath, type AttributeResolver, type ScimAttribute } from '../../../shared/scim';
import { ScimError, type Rec } from './types';

type Wanted = true | Set<string>;
/** container ('' = core, else lowercased schema URN) → attribute (lowercased) → whole or sub-attributes. */
type Requests = Map<string, Map<string, Wanted> | true>;

export interface Projection {
  mode: 'default' | 'include' | 'exclude';
  requests: Requests;
}

export const DEFAULT_PROJECTION: Projection = { mode: 'default', requests: new Map() };

export interface ProjectionContext {
  resolve: AttributeResolver;
  coreUrn: string;
  schemaUrns: readonly string[];
}

/** Splits a comma-separated parameter value (or passes a SearchRequest array through). */
export function attributeList(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const parts = Array.isArray(value) ? value.map(String) : String(value).split(',');
  const list = parts.map((s) => s.trim()).filter(Boolean);
  return list.length ? list : undefined;
}

export function buildProjection(attributes: string[] | undefined, excluded: string[] | undefined, ctx: ProjectionContext): Projection {
  const list = attributes ?? excluded;
  if (!list) return DEFAULT_PROJECTION;
  const requests: Requests = new Map();
  const core = ctx.coreUrn.toLowerCase();
  for (const text of list) {
    let path;
    try {
      path = splitAttributePath(text, ctx.schemaUrns);
    } catch {
      throw new ScimError(400, `Invalid attribute path ${JSON.stringify(text)}`, 'invalidValue');
    }
    const container = !path.uri || path.uri.toLowerCase() === core ? '' : path.uri.toLowerCase();
    if (!path.name) {
      requests.set(container, true);
      continue;
    }
    let attrs = requests.get(container);
    if (attrs === true) continue;
    if (!attrs) requests.set(container, (attrs = new Map()));
    const name = path.name.toLowerCase();
    const prior = attrs.get(name);
    if (path.sub === undefined) attrs.set(name, true);
    else if (prior !== true) attrs.set(name, (prior ?? new Set()).add(path.sub.toLowerCase()));
  }
  return { mode: attributes ? 'include' : 'exclude', requests };
}

/** Whether the projection returns the top-level core attribute `name` at all (to skip computing it). */
export function projectsAttribute(p: Projection, name: string): boolean {
  if (p.mode === 'default') return true;
  const core = p.requests.get('');
  const wanted = core === true ? true : core?.get(name.toLowerCase());
  return p.mode === 'include' ? wanted !== undefined : wanted !== true;
}

function pickSubs(value: unknown, subs: Set<string>, keep: boolean): unknown {
  const one = (v: unknown) => {
    if (typeof v !== 'object' || v === null) return v;
    const out: Rec = {};
    for (const [k, x] of Object.entries(v as Rec)) if (subs.has(k.toLowerCase()) === keep) out[k] = x;
    return out;
  };
  return Array.isArray(value) ? value.map(one) : one(value);
}

/** Drops sub-attributes that are never returned (none in the core schemas, but schemas may add them). */
function dropNeverSubs(value: unknown, attr: ScimAttribute | undefined): unknown {
  const never = attr?.subAttributes?.filter((s) => s.returned === 'never' || s.returned === 'request');
  if (!never?.length) return value;
  return pickSubs(value, new Set(never.map((s) => s.name.toLowerCase())), false);
}

function decide(value: unknown, attr: ScimAttribute | undefined, wanted: Wanted | undefined, mode: Projection['mode']): unknown {
  const returned = attr?.returned ?? 'default';
  if (returned === 'never') return undefined;
  if (returned === 'always') return value;
  if (mode === 'include') {
    if (wanted === undefined) return undefined;
    return wanted === true ? dropNeverSubs(value, attr) : pickSubs(value, wanted, true);
  }
  if (mode === 'exclude') {
    if (wanted === true) return undefined;
    if (wanted) return pickSubs(dropNeverSubs(value, attr), wanted, false);
  }
  return returned === 'request' ? undefined : dropNeverSubs(value, attr);
}

/** `rec` as the projection returns it; unchanged values are shared, not copied. */
export function project(rec: Rec, p: Projection, ctx: ProjectionContext): Rec {
  const out: Rec = {};
  const core = p.requests.get('');
  for (const key in rec) {
    const value = rec[key];
    if (value === undefined) continue;
    if (key === 'schemas') {
      out.schemas = value;
      continue;
    }
    if (key.startsWith('urn:') && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const ext = projectExtension(key, value as Rec, p, ctx);
      if (ext !== undefined) out[key] = ext;
      continue;
    }
    const attr = ctx.resolve({ name: key });
    const wanted = core === true ? true : core?.get(key.toLowerCase());
    const v = decide(value, attr, wanted, p.mode);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

function projectExtension(urn: string, value: Rec, p: Projection, ctx: ProjectionContext): Rec | undefined {
  const container = p.requests.get(urn.toLowerCase());
  if (container === true) {
    if (p.mode === 'exclude') return undefined;
    return projectContainer(urn, value, { mode: 'default', requests: new Map() }, undefined, ctx);
  }
  return projectContainer(urn, value, p, container, ctx);
}

function projectContainer(urn: string, value: Rec, p: Projection, wantedMap: Map<string, Wanted> | undefined, ctx: ProjectionContext): Rec | undefined {
  const out: Rec = {};
  let any = false;
  for (const key in value) {
    const attr = ctx.resolve({ uri: urn, name: key });
    const v = decide(value[key], attr, wantedMap?.get(key.toLowerCase()), p.mode);
    if (v !== undefined) {
      out[key] = v;
      any = true;
    }
  }
  return any ? out : undefined;
}

/** Whether default-mode projection would change `rec` at all (only when it holds never/request attributes). */
export function needsDefaultProjection(rec: Rec, hidden: ReadonlySet<string>): boolean {
  for (const key in rec) if (hidden.has(key)) return true;
  return false;
}
