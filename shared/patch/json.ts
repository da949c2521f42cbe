import { isJsonObject, type JsonObject } from '../filter/resource-access';

/** Writes a key even when it is "__proto__", which plain assignment would turn into a prototype change. */
export function defineKey(object: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

/** Deep copy of JSON data. Done once per applyPatch (and once per operation value), never per element access. */
export function cloneJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const copy = new Array<unknown>(value.length);
    for (let index = 0; index < value.length; index++) copy[index] = cloneJson(value[index]);
    return copy as T;
  }
  const copy: JsonObject = {};
  for (const key of Object.keys(value)) defineKey(copy, key, cloneJson((value as JsonObject)[key]));
  return copy as T;
}

/** Structural equality of JSON data; object key order does not matter. */
export function jsonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((element, index) => jsonEquals(element, b[index]));
  }
  if (!isJsonObject(a) || !isJsonObject(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && jsonEquals(a[key], b[key]));
}

/** A string equal for equal JSON values (sorted keys, names lowercased as SCIM ignores their case), for Set lookups. */
export function canonicalKey(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalKey).join(',')}]`;
  if (isJsonObject(value)) {
    const entries = Object.keys(value)
      .map((key) => [key.toLowerCase(), canonicalKey(value[key])] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, text]) => `${JSON.stringify(key)}:${text}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
