/**
 * Write-side checks shared by POST, PUT and PATCH: attribute names canonicalized against the
 * schemas, unknown and readOnly attributes dropped, values type-checked (400 invalidValue),
 * immutable attributes compared (400 mutability).
 */
import type { ScimAttribute, ScimSchema } from '../../../shared/scim';
import { ScimError, type Rec, type ResourceKind } from './types';

export interface SchemaSet {
  kind: ResourceKind;
  core: ScimSchema;
  /** Extension schemas a resource of this kind may carry. */
  extensions: readonly ScimSchema[];
}

const isObject = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const typeName = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Lowercased name → attribute, per attribute list (cached: bodies with 100k members look names up 400k times). */
const byName = new WeakMap<readonly ScimAttribute[], Map<string, ScimAttribute>>();
function findAttr(attrs: readonly ScimAttribute[], key: string): ScimAttribute | undefined {
  let map = byName.get(attrs);
  if (!map) byName.set(attrs, (map = new Map(attrs.map((a) => [a.name.toLowerCase(), a]))));
  return map.get(key) ?? map.get(key.toLowerCase());
}

function invalid(where: string, expected: string, v: unknown): ScimError {
  return new ScimError(400, `Attribute "${where}" must be ${expected}, got ${typeName(v)}`, 'invalidValue');
}

function checkScalar(attr: ScimAttribute, v: unknown, where: string): unknown {
  switch (attr.type) {
    case 'string':
    case 'reference':
    case 'binary':
      if (typeof v !== 'string') throw invalid(where, 'a string', v);
      return v;
    case 'dateTime':
      if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) throw invalid(where, 'an xsd:dateTime string', v);
      return v;
    case 'boolean':
      if (typeof v !== 'boolean') throw invalid(where, 'a boolean', v);
      return v;
    case 'integer':
      if (typeof v !== 'number' || !Number.isInteger(v)) throw invalid(where, 'an integer', v);
      return v;
    case 'decimal':
      if (typeof v !== 'number') throw invalid(where, 'a number', v);
      return v;
    case 'complex':
      return v;
  }
}

/** One value of `attr` (an element, for multi-valued ones), canonicalized; undefined = drop it. */
function cleanValue(attr: ScimAttribute, v: unknown, where: string): unknown {
  if (v === null || v === undefined) return undefined;
  if (attr.type !== 'complex') return checkScalar(attr, v, where);
  if (!isObject(v)) throw invalid(where, 'an object', v);
  const subs = attr.subAttributes ?? [];
  const out: Rec = {};
  let any = false;
  for (const k in v) {
    const sub = findAttr(subs, k);
    if (!sub || sub.mutability === 'readOnly') continue;
    const cleaned = cleanValue(sub, v[k], where);
    if (cleaned !== undefined) {
      out[sub.name] = cleaned;
      any = true;
    }
  }
  return any ? out : undefined;
}

function cleanAttr(attr: ScimAttribute, v: unknown, where: string): unknown {
  if (v === null || v === undefined) return undefined;
  if (attr.multiValued) {
    if (!Array.isArray(v)) throw new ScimError(400, `Attribute "${where}" is multi-valued and must be an array, got ${typeName(v)}`, 'invalidValue');
    const out: unknown[] = [];
    for (const e of v) {
      const c = cleanValue(attr, e, where);
      if (c !== undefined) out.push(c);
    }
    return out.length ? out : undefined;
  }
  if (Array.isArray(v)) throw new ScimError(400, `Attribute "${where}" is single-valued, got an array`, 'invalidValue');
  return cleanValue(attr, v, where);
}

function cleanContainer(attrs: readonly ScimAttribute[], body: Rec, prefix: string): Rec {
  const out: Rec = {};
  for (const key in body) {
    const attr = findAttr(attrs, key);
    if (!attr || attr.mutability === 'readOnly' || attr.mutability === 'writeOnly') continue;
    const cleaned = cleanAttr(attr, body[key], prefix + attr.name);
    if (cleaned !== undefined) out[attr.name] = cleaned;
  }
  return out;
}

/**
 * The writable part of a resource body: known attributes only, canonical names, type-checked;
 * `schemas` rebuilt from the extensions present. Drops readOnly attributes (id, meta, groups) and
 * writeOnly ones (password: the demo never stores it). With `requireSchemas`, the body's
 * `schemas` must name the core schema (RFC 7643 §3).
 */
export function sanitizeResource(body: unknown, set: SchemaSet, requireSchemas: boolean): Rec {
  if (!isObject(body)) throw new ScimError(400, 'The request body must be a JSON object', 'invalidSyntax');
  if (requireSchemas) {
    const schemas = body.schemas;
    const coreLower = set.core.id.toLowerCase();
    if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === coreLower)) {
      throw new ScimError(400, `"schemas" must include "${set.core.id}"`, 'invalidValue');
    }
  }
  const out: Rec = { schemas: [set.core.id] };
  const core = cleanContainer(set.core.attributes, body, '');
  if (isObject(body.externalId) || Array.isArray(body.externalId)) throw new ScimError(400, 'Attribute "externalId" must be a string', 'invalidValue');
  if (typeof body.externalId === 'string') out.externalId = body.externalId;
  Object.assign(out, core);
  for (const [key, v] of Object.entries(body)) {
    if (!key.toLowerCase().startsWith('urn:')) continue;
    const ext = set.extensions.find((e) => e.id.toLowerCase() === key.toLowerCase());
    if (!ext || v === null) continue;
    if (!isObject(v)) throw new ScimError(400, `Extension "${ext.id}" must be an object`, 'invalidValue');
    const cleaned = cleanContainer(ext.attributes, v, `${ext.id}:`);
    if (Object.keys(cleaned).length) {
      out[ext.id] = cleaned;
      (out.schemas as string[]).push(ext.id);
    }
  }
  return out;
}

/** 400 mutability when `next` changes an immutable attribute that `existing` has (RFC 7643 §2.2). */
export function checkImmutable(existing: Rec, next: Rec, set: SchemaSet): void {
  const containers: Array<[readonly ScimAttribute[], Rec, Rec, string]> = [[set.core.attributes, existing, next, '']];
  for (const ext of set.extensions) {
    const a = existing[ext.id];
    const b = next[ext.id];
    if (isObject(a) && isObject(b)) containers.push([ext.attributes, a, b, `${ext.id}:`]);
  }
  for (const [attrs, a, b, prefix] of containers) {
    for (const attr of attrs) {
      if (attr.multiValued) continue;
      const before = a[attr.name];
      const after = b[attr.name];
      if (attr.mutability === 'immutable' && before !== undefined && after !== undefined && JSON.stringify(before) !== JSON.stringify(after)) {
        throw new ScimError(400, `Attribute "${prefix}${attr.name}" is immutable`, 'mutability');
      }
      if (attr.type === 'complex' && isObject(before) && isObject(after)) {
        for (const sub of attr.subAttributes ?? []) {
          if (sub.mutability !== 'immutable') continue;
          const x = before[sub.name];
          const y = after[sub.name];
          if (x !== undefined && y !== undefined && JSON.stringify(x) !== JSON.stringify(y)) {
            throw new ScimError(400, `Attribute "${prefix}${attr.name}.${sub.name}" is immutable`, 'mutability');
          }
        }
      }
    }
  }
}
