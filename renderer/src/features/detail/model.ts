import type { Capabilities, ResourceTypeDef, ScimAttributeDef, ScimResource } from '../../../../shared/contract';
import { applyPatch, diffResources, encodePatch, type PatchBody, type PatchDialect, type PatchOperation } from '../../../../shared/patch';
import { isObject, keyOf, withoutMeta } from '../../scim';
import { jsonSyntaxError } from '../../ui/code/jsonError';

// Editing one resource: the form's paths, the JSON text, the review of a write. Reading and showing a
// resource (its name, id, schema sections, what the server stored) is shared: renderer/src/scim/resource.ts.

export type EditTab = 'form' | 'json';

export function getIn(object: Record<string, unknown>, path: readonly string[]): unknown {
  let current: unknown = object;
  for (const part of path) {
    if (!isObject(current)) return undefined;
    current = current[keyOf(current, part)];
  }
  return current;
}

/** A copy with the value at `path` set; undefined removes it (and an emptied container). */
export function setIn(object: Record<string, unknown>, path: readonly string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = path;
  if (head === undefined) return object;
  const key = keyOf(object, head);
  const copy = { ...object };
  if (rest.length === 0) {
    if (value === undefined) delete copy[key];
    else copy[key] = value;
    return copy;
  }
  const child = isObject(object[key]) ? (object[key] as Record<string, unknown>) : {};
  const next = setIn(child, rest, value);
  if (Object.keys(next).length === 0) delete copy[key];
  else copy[key] = next;
  return copy;
}

export const isWritable = (attr: ScimAttributeDef) => attr.mutability === 'readWrite' || attr.mutability === 'immutable' || attr.mutability === 'writeOnly';
export const isReadOnlyAttr = (attr: ScimAttributeDef) => attr.mutability === 'readOnly';

/** A resource typed as JSON: the object, or why it is not one (where its syntax breaks, or that it is another JSON value). */
export function readResourceJson(text: string): { ok: true; value: ScimResource } | { ok: false; problem: string } {
  const error = jsonSyntaxError(text);
  if (error) {
    const lines = text.slice(0, error.from).split('\n');
    return { ok: false, problem: `Invalid JSON at line ${lines.length}, column ${lines.at(-1)!.length + 1}: ${error.message}.` };
  }
  const value: unknown = JSON.parse(text);
  return isObject(value) ? { ok: true, value } : { ok: false, problem: 'A SCIM resource is a JSON object ({…}).' };
}

export interface Review {
  kind: 'patch' | 'put';
  /** The resource the edit started from, and the ETag it was read with. */
  original: ScimResource;
  etag: string | null;
  edited: ScimResource;
  ops: PatchOperation[];
}

export function makeReview(original: ScimResource, edited: ScimResource, etag: string | null, capabilities: Capabilities, kind: Review['kind']): Review {
  const ops = diffResources(original, edited, { schemas: capabilities.schemas });
  return { kind, original, etag, edited, ops };
}

/** What goes on the wire for a review: a PatchOp body in the dialect, or the full resource for PUT. */
export function wireBody(review: Review, dialect: PatchDialect): PatchBody | ScimResource {
  return review.kind === 'put' ? withoutMeta(review.edited) : encodePatch(review.ops, dialect);
}

/** What the server should have stored: the ops applied locally to the original (or the PUT body). */
export function askedFor(review: Review): ScimResource {
  if (review.kind === 'put') return review.edited;
  try {
    return applyPatch(review.original, review.ops);
  } catch {
    return review.edited;
  }
}

/** The user's changes re-applied on top of the server's current version. */
export function reapply(review: Review, current: ScimResource): ScimResource {
  try {
    return applyPatch(current, review.ops);
  } catch {
    return { ...review.edited, meta: current.meta, id: current.id };
  }
}

export function newResourceTemplate(type: ResourceTypeDef, kind: 'users' | 'groups'): ScimResource {
  const suffix = Math.random().toString(36).slice(2, 8);
  if (kind === 'groups') return { schemas: [type.schema], displayName: `New group ${suffix}` };
  return {
    schemas: [type.schema],
    userName: `new.user.${suffix}@example.com`,
    name: { givenName: 'New', familyName: `User ${suffix}` },
    emails: [{ value: `new.user.${suffix}@example.com`, type: 'work', primary: true }],
  };
}

/** A difference between asked and stored (an op turning one into the other) in words. */
export function describeDifference(op: PatchOperation): string {
  const path = op.path ?? '(resource)';
  const value = JSON.stringify(op.value);
  if (op.op === 'remove') return `${path}: asked for, not stored`;
  if (op.op === 'add') return `${path}: the server also stored ${value}`;
  return `${path}: the server stored ${value}`;
}

/** Entries added in the form and left empty ({} or "") are not sent. */
export function pruneEmptyEntries(resource: ScimResource): ScimResource {
  const prune = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.filter((v) => !(v === '' || (isObject(v) && Object.keys(v).length === 0))).map(prune);
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, prune(v)]));
    return value;
  };
  return prune(resource) as ScimResource;
}
