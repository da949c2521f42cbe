/** Reading SCIM resources the way RFC 7643 §2.1 and §3.3 ask: names ignore case, extensions live under their URN. */

export type JsonObject = Record<string, unknown>;

const CORE_SCHEMA_PREFIX = 'urn:ietf:params:scim:schemas:core:2.0:';

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Core schema URNs (…:core:2.0:User, …:Group) qualify top-level attributes rather than naming a sub-object. */
export function isCoreSchemaUri(uri: string): boolean {
  return uri.length > CORE_SCHEMA_PREFIX.length && uri.slice(0, CORE_SCHEMA_PREFIX.length).toLowerCase() === CORE_SCHEMA_PREFIX;
}

/** The object's own key equal to `name` ignoring case, or undefined. Exact spelling is tried first because it is the common case. */
export function findKey(object: JsonObject, name: string): string | undefined {
  if (Object.hasOwn(object, name)) return name;
  const lower = name.toLowerCase();
  // for-in rather than Object.keys: a miss (absent attribute) must not allocate on the hot path.
  for (const key in object) {
    if (key.length === name.length && key.toLowerCase() === lower && Object.hasOwn(object, key)) return key;
  }
  return undefined;
}

/** The key to read or write `name` under: the object's own spelling when it has one, else `name` itself. */
export function keyOf(object: JsonObject, name: string): string {
  return findKey(object, name) ?? name;
}

/**
 * A getter for one attribute name that remembers the spelling it last found: resources from one
 * server share their key case, so over a list the scan in findKey runs once.
 */
export function keyReader(name: string): (object: JsonObject) => unknown {
  let lastKey = name;
  return (object) => {
    if (Object.hasOwn(object, lastKey)) return object[lastKey];
    const key = findKey(object, name);
    if (key === undefined) return undefined;
    lastKey = key;
    return object[key];
  };
}

/** SCIM's notion of "has a value" (RFC 7643 §2.5): null, "", [] and {} are all unassigned. */
export function hasValue(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.length > 0;
  if (Array.isArray(value)) return value.some(hasValue);
  if (typeof value === 'object') return Object.values(value).some(hasValue);
  return true;
}
