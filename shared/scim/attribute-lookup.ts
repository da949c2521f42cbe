/**
 * Resolves SCIM attribute paths (`userName`, `name.givenName`, `emails.value`,
 * `urn:…:enterprise:2.0:User:manager.value`) against schema definitions, case-insensitively.
 */
import type { AttrPath, AttributeLookup } from '../filter';
import { COMMON_ATTRIBUTES } from './core-schemas';
import type { ScimAttribute, ScimSchema } from './types';

/** Like an AttributeLookup, but answers the full attribute definition (mutability, returned, …). */
export type AttributeResolver = (path: AttrPath, parent?: AttrPath) => ScimAttribute | undefined;

interface IndexedAttribute {
  attr: ScimAttribute;
  subs: Map<string, ScimAttribute>;
}

function indexAttributes(attributes: readonly ScimAttribute[]): Map<string, IndexedAttribute> {
  const map = new Map<string, IndexedAttribute>();
  for (const attr of attributes) {
    const subs = new Map<string, ScimAttribute>();
    for (const sub of attr.subAttributes ?? []) subs.set(sub.name.toLowerCase(), sub);
    map.set(attr.name.toLowerCase(), { attr, subs });
  }
  return map;
}

/**
 * A resolver over `schemas`. Paths without a URN resolve in the schema `coreSchemaUrn` and in the
 * common attributes (`id`, `externalId`, `meta`, `schemas`); paths with a URN resolve in that schema
 * (the core schema's URN also reaches the common attributes). With `parent`, `path.name` is a
 * sub-attribute of `parent` (as inside a value filter: `emails[type eq "work"]`).
 */
export function createAttributeResolver(schemas: readonly ScimSchema[], coreSchemaUrn: string): AttributeResolver {
  const bySchema = new Map<string, Map<string, IndexedAttribute>>();
  for (const schema of schemas) bySchema.set(schema.id.toLowerCase(), indexAttributes(schema.attributes));
  const coreKey = coreSchemaUrn.toLowerCase();
  const core = new Map<string, IndexedAttribute>([...indexAttributes(COMMON_ATTRIBUTES), ...(bySchema.get(coreKey) ?? [])]);
  bySchema.set(coreKey, core);

  const top = (uri: string | undefined, name: string): IndexedAttribute | undefined => {
    const attrs = uri ? bySchema.get(uri.toLowerCase()) : core;
    return attrs?.get(name.toLowerCase());
  };

  return (path, parent) => {
    if (parent) {
      const p = top(parent.uri, parent.name);
      if (!p) return undefined;
      if (parent.sub) return undefined; // a sub-attribute has no sub-attributes
      const child = p.subs.get(path.name.toLowerCase());
      return path.sub ? undefined : child;
    }
    const found = top(path.uri, path.name);
    if (!found) return undefined;
    return path.sub ? found.subs.get(path.sub.toLowerCase()) : found.attr;
  };
}

/** The AttributeLookup that `compileFilter` and `applyPatch` take, built from schema definitions. */
export function createAttributeLookup(schemas: ScimSchema[], coreSchemaUrn: string): AttributeLookup {
  return createAttributeResolver(schemas, coreSchemaUrn);
}

const ATTR_NAME = /^(?:\$ref|[A-Za-z][A-Za-z0-9_-]*)$/;

/**
 * Splits an attribute path as used by `attributes`, `excludedAttributes` and `sortBy`
 * (RFC 7644 §3.10) into `{ uri, name, sub }`. A known schema URN prefix is matched
 * case-insensitively and returned in its canonical spelling; a path that names a whole schema
 * (`urn:…:enterprise:2.0:User`) comes back with `name: ''`. Throws on a malformed path.
 */
export function splitAttributePath(text: string, schemaUrns: Iterable<string> = []): AttrPath {
  const trimmed = text.trim();
  const lower = trimmed.toLowerCase();
  let uri: string | undefined;
  let rest = trimmed;
  let best = '';
  for (const urn of schemaUrns) {
    const u = urn.toLowerCase();
    if (u.length > best.length && (lower === u || lower.startsWith(`${u}:`))) {
      best = urn;
    }
  }
  if (best) {
    uri = best;
    rest = trimmed.slice(best.length + 1);
    if (!rest) return { uri, name: '' };
  } else if (lower.startsWith('urn:')) {
    const at = trimmed.lastIndexOf(':');
    uri = trimmed.slice(0, at);
    rest = trimmed.slice(at + 1);
  }
  const dot = rest.indexOf('.');
  const name = dot < 0 ? rest : rest.slice(0, dot);
  const sub = dot < 0 ? undefined : rest.slice(dot + 1);
  if (!ATTR_NAME.test(name) || (sub !== undefined && !ATTR_NAME.test(sub))) {
    throw new Error(`Invalid attribute path "${text}"`);
  }
  const path: AttrPath = { name };
  if (uri) path.uri = uri;
  if (sub !== undefined) path.sub = sub;
  return path;
}
