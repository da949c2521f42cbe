import { findKey, isCoreSchemaUri, isJsonObject, type JsonObject } from '../filter/resource-access';
import { defineKey } from './json';

/** Sets an attribute keeping the spelling of an existing key (names ignore case, RFC 7643 §2.1). */
export function setAttribute(object: JsonObject, name: string, value: unknown): void {
  defineKey(object, findKey(object, name) ?? name, value);
}

export function deleteAttribute(object: JsonObject, name: string): void {
  const key = findKey(object, name);
  if (key !== undefined) delete object[key];
}

function schemaList(root: JsonObject): unknown[] | undefined {
  const schemas = root[findKey(root, 'schemas') ?? 'schemas'];
  return Array.isArray(schemas) ? schemas : undefined;
}

function sameUri(entry: unknown, uri: string): boolean {
  return typeof entry === 'string' && entry.toLowerCase() === uri.toLowerCase();
}

/** Lists an extension in resource.schemas once it has attributes (RFC 7643 §3). */
export function addSchema(root: JsonObject, uri: string): void {
  const schemas = schemaList(root);
  if (schemas === undefined) setAttribute(root, 'schemas', [uri]);
  else if (!schemas.some((entry) => sameUri(entry, uri))) schemas.push(uri);
}

export function removeSchema(root: JsonObject, uri: string): void {
  const schemas = schemaList(root);
  if (schemas === undefined) return;
  setAttribute(
    root,
    'schemas',
    schemas.filter((entry) => !sameUri(entry, uri)),
  );
}

/**
 * The object that holds attributes qualified by `uri`: the resource itself for core schemas, else
 * resource[uri] (found ignoring case). With `create`, a missing extension object is added and listed in schemas.
 */
export function attributeContainer(root: JsonObject, uri: string | undefined, create: boolean): JsonObject | undefined {
  if (uri === undefined || isCoreSchemaUri(uri)) return root;
  const key = findKey(root, uri);
  const existing = key === undefined ? undefined : root[key];
  if (isJsonObject(existing)) {
    if (create) addSchema(root, uri);
    return existing;
  }
  if (!create) return undefined;
  const created: JsonObject = {};
  defineKey(root, key ?? uri, created);
  addSchema(root, uri);
  return created;
}

const VERSION_SEGMENT = /:\d+(?:\.\d+)*$/;

/**
 * Whether a path names a whole schema (urn:…:enterprise:2.0:User) rather than an attribute in it.
 * Both parse the same way, so decide by what the resource already has, by the usual ":2.0:" version
 * segment before the last name, or, for an object value, by the capitalised resource-type name.
 */
export function isSchemaId(root: JsonObject, text: string, valueIsObject: boolean): boolean {
  const lastColon = text.lastIndexOf(':');
  if (lastColon < 0 || text.includes('[')) return false;
  const key = findKey(root, text);
  if (key !== undefined && isJsonObject(root[key])) return true;
  if (schemaList(root)?.some((entry) => sameUri(entry, text))) return true;
  if (text.slice(lastColon + 1).includes('.')) return false;
  return VERSION_SEGMENT.test(text.slice(0, lastColon)) || (valueIsObject && /^[A-Z]/.test(text.slice(lastColon + 1)));
}
