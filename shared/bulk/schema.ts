/**
 * What bulk changes need from the server's schemas: attribute definitions by path (one resolver per
 * schema set, reused across thousands of targets), which schemas extend the resource type, and what
 * a path may be written as (a file column's mapping, a fixed value of an action).
 */
import { FilterParseError, type AttrPath } from '../filter/index';
import { isCoreSchemaUri } from '../filter/resource-access';
import { parsePatchPath } from '../patch/path';
import type { PatchPath } from '../patch/types';
import { createAttributeResolver, type AttributeResolver, type ScimAttribute, type ScimSchema } from '../scim/index';

const resolvers = new WeakMap<readonly ScimSchema[], Map<string, AttributeResolver>>();

/** The attribute resolver of a schema set and core schema, built once per pair. */
export function resolverFor(schemas: readonly ScimSchema[], coreSchemaUrn: string): AttributeResolver {
  let byCore = resolvers.get(schemas);
  if (byCore === undefined) {
    byCore = new Map();
    resolvers.set(schemas, byCore);
  }
  const key = coreSchemaUrn.toLowerCase();
  let resolver = byCore.get(key);
  if (resolver === undefined) {
    resolver = createAttributeResolver(schemas, coreSchemaUrn);
    byCore.set(key, resolver);
  }
  return resolver;
}

const lastSegment = (urn: string): string => urn.slice(urn.lastIndexOf(':') + 1).toLowerCase();

/**
 * The extension schemas of the resource type, when the caller does not know its schemaExtensions: schemas
 * that are not core schemas and end with the core schema's name (`…:enterprise:2.0:User` extends `…:core:2.0:User`).
 */
export function extensionUrnsOf(schemas: readonly ScimSchema[], coreSchemaUrn: string, extensionUrns?: readonly string[]): string[] {
  if (extensionUrns !== undefined) return [...extensionUrns];
  const core = coreSchemaUrn.toLowerCase();
  const name = lastSegment(coreSchemaUrn);
  return schemas.map((s) => s.id).filter((id) => id.toLowerCase() !== core && !isCoreSchemaUri(id) && lastSegment(id) === name);
}

/** "user", "group" or "resource": how messages name a target of this core schema. */
export function nounOf(coreSchemaUrn: string): string {
  const name = lastSegment(coreSchemaUrn);
  return name === 'user' ? 'user' : name === 'group' ? 'group' : 'resource';
}

export const isGroupSchema = (coreSchemaUrn: string): boolean => lastSegment(coreSchemaUrn) === 'group';

/** A path a bulk change can write, with the definitions that type and check its value. */
export interface WritablePath {
  parsed: PatchPath;
  /** The top-level attribute. */
  attribute: ScimAttribute;
  /** The definition the value is typed by: the sub-attribute, or the attribute itself. */
  target: ScimAttribute;
  /** `emails[type eq "work"].value`: the type ("work"). */
  type?: string;
  /** Set on a create only (immutable): a warning, not a problem. */
  immutable: boolean;
  /** Never read back (writeOnly, or returned "never", such as a password): not verified and not shown. */
  hidden: boolean;
}

export type PathCheck = { ok: true; path: WritablePath } | { ok: false; problem: string };

const COMMON_READ_ONLY = new Set(['id', 'meta', 'schemas']);

function subOf(attribute: ScimAttribute, name: string): ScimAttribute | undefined {
  const lower = name.toLowerCase();
  return attribute.subAttributes?.find((sub) => sub.name.toLowerCase() === lower);
}

/** The type of a `[type eq "…"]` filter, or undefined for any other filter. */
function typeOfFilter(parsed: PatchPath): string | undefined {
  const filter = parsed.filter;
  if (filter?.kind !== 'compare' || filter.op !== 'eq' || typeof filter.value !== 'string') return undefined;
  const { path } = filter;
  return path.uri === undefined && path.sub === undefined && path.name.toLowerCase() === 'type' ? filter.value : undefined;
}

/**
 * Whether a value of one cell (or a fixed value) can be written at `text`, and how it is typed. With
 * mode "remove" (a clear): whole complex and multi-valued attributes, and any value filter, can be named,
 * but required attributes cannot be removed.
 */
export function checkWritablePath(text: string, resolve: AttributeResolver, mode: 'write' | 'remove' = 'write'): PathCheck {
  let parsed: PatchPath;
  try {
    parsed = parsePatchPath(text);
  } catch (error) {
    if (error instanceof FilterParseError) return { ok: false, problem: `“${text}” is not an attribute path: ${error.message}` };
    throw error;
  }
  const { attr, filter, subAttr } = parsed;
  const top: AttrPath = attr.uri === undefined ? { name: attr.name } : { uri: attr.uri, name: attr.name };
  const attribute = resolve(top);
  const fail = (problem: string): PathCheck => ({ ok: false, problem: `“${text}”${problem}` });
  if (attribute === undefined) return fail(` is not an attribute the server's schemas define.`);
  const commonReadOnly = (attr.uri === undefined || isCoreSchemaUri(attr.uri)) && COMMON_READ_ONLY.has(attr.name.toLowerCase());
  if (commonReadOnly || attribute.mutability === 'readOnly') return fail(' is read-only: the server sets it.');
  const removing = mode === 'remove';
  let target = attribute;
  let type: string | undefined;
  if (filter !== undefined) {
    if (!attribute.multiValued) return fail(`: “${attribute.name}” has one value, so it takes no filter.`);
    if (attr.sub !== undefined) return fail(`: a filter selects values of “${attribute.name}”, not of “${attr.sub}”.`);
    type = typeOfFilter(parsed);
    if (type === undefined && !removing) return fail(`: only a filter of the form ${attribute.name}[type eq "…"] can be written.`);
    if (subAttr === undefined && !removing) return fail(` names whole values: add a sub-attribute, e.g. ${attribute.name}[type eq "${type}"].value.`);
    const sub = subAttr === undefined ? attribute : subOf(attribute, subAttr);
    if (sub === undefined) return fail(`: “${attribute.name}” has no sub-attribute “${subAttr}”.`);
    target = sub;
  } else if (attr.sub !== undefined) {
    const sub = subOf(attribute, attr.sub);
    if (sub === undefined) return fail(`: “${attribute.name}” has no sub-attribute “${attr.sub}”.`);
    if (attribute.multiValued && !removing)
      return fail(`: “${attribute.name}” has several values: choose one by type, e.g. ${attribute.name}[type eq "work"].${sub.name}.`);
    target = sub;
  } else if (attribute.type === 'complex' && !removing) {
    return fail(` is complex: choose a sub-attribute, e.g. ${attribute.name}.${attribute.subAttributes?.[0]?.name ?? 'value'}.`);
  }
  if (target.mutability === 'readOnly') return fail(' is read-only: the server sets it.');
  if (removing && target.required && (target === attribute || !attribute.multiValued)) return fail(' is required: it cannot be cleared.');
  const immutable = attribute.mutability === 'immutable' || target.mutability === 'immutable';
  const hidden = [attribute, target].some((a) => a.mutability === 'writeOnly' || a.returned === 'never');
  return { ok: true, path: { parsed, attribute, target, ...(type !== undefined ? { type } : {}), immutable, hidden } };
}

/** The warning for an immutable path: it can be written on a create, and refused on a change. */
export const immutableWarning = (text: string): string => `“${text}” is immutable: the server takes it when a resource is created, not on a change.`;
