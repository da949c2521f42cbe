import type { AttrPath } from '../filter/index';
import { findKey, isJsonObject, type JsonObject } from '../filter/resource-access';
import { deleteAttribute, setAttribute } from './attributes';
import type { PatchContext } from './context';
import { enforceSinglePrimary, removeByValues } from './multi-valued';

/** The key an AttrPath writes inside its container: the sub-attribute if it has one. */
export function leafName(path: AttrPath): string {
  return path.sub ?? path.name;
}

function childPath(path: AttrPath, sub: string): AttrPath {
  return path.uri === undefined ? { name: path.name, sub } : { uri: path.uri, name: path.name, sub };
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/** Stores a value where the attribute had none; a lone value for a multi-valued attribute becomes a list. */
function assignNew(context: PatchContext, container: JsonObject, path: AttrPath, value: unknown): void {
  const multiValued = context.lookup?.(path)?.multiValued === true;
  const stored = multiValued ? asList(value) : value;
  setAttribute(container, leafName(path), stored);
  if (Array.isArray(stored)) enforceSinglePrimary(stored, stored);
}

/**
 * RFC 7644 §3.5.2.1 add at one attribute of `container`: multi-valued attributes gain the values not
 * already present, complex attributes gain or overwrite the given sub-attributes, anything else is replaced.
 */
export function addValue(context: PatchContext, container: JsonObject, path: AttrPath, value: unknown): void {
  const name = leafName(path);
  if (value === null) return deleteAttribute(container, name); // null means unassigned (RFC 7643 §2.5)
  const key = findKey(container, name);
  const existing = key === undefined ? undefined : container[key];
  if (Array.isArray(existing)) {
    const appended = context.indexes.appendUnique(existing, asList(value));
    enforceSinglePrimary(existing, appended);
    return;
  }
  if (isJsonObject(existing) && isJsonObject(value) && path.sub === undefined) {
    for (const sub of Object.keys(value)) addValue(context, existing, childPath(path, sub), value[sub]);
    return;
  }
  if (existing === undefined || existing === null) return assignNew(context, container, path, value);
  setAttribute(container, name, value);
}

/**
 * RFC 7644 §3.5.2.3 replace at one attribute of `container`: a missing attribute is added, a multi-valued
 * one gets the new list, a complex one has the given sub-attributes replaced and keeps the others.
 */
export function replaceValue(context: PatchContext, container: JsonObject, path: AttrPath, value: unknown): void {
  const name = leafName(path);
  if (value === null) return deleteAttribute(container, name);
  const key = findKey(container, name);
  const existing = key === undefined ? undefined : container[key];
  if (existing === undefined || existing === null) return assignNew(context, container, path, value);
  if (Array.isArray(existing)) {
    const list = asList(value);
    setAttribute(container, name, list);
    enforceSinglePrimary(list, list);
    return;
  }
  if (isJsonObject(existing) && isJsonObject(value) && path.sub === undefined) {
    for (const sub of Object.keys(value)) replaceValue(context, existing, childPath(path, sub), value[sub]);
    return;
  }
  setAttribute(container, name, value);
}

/** Removes one attribute; with a value list on a multi-valued attribute only those values go (Azure AD style). */
export function removeAttribute(container: JsonObject, name: string, values: unknown): void {
  const key = findKey(container, name);
  if (key === undefined) return;
  const existing = container[key];
  if (values === undefined || values === null || !Array.isArray(existing)) {
    delete container[key];
    return;
  }
  const kept = removeByValues(existing, asList(values));
  if (kept.length === 0) delete container[key];
  else container[key] = kept;
}
