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
 * RFC 7644 §3.5.2.1 (add) and §3.5.2.3 (replace): "If the target location specifies a complex attribute,
 * a set of sub-attributes SHALL be specified in the "value" parameter." A string, number, boolean or list
 * for a single-valued complex attribute (path "name", value "titi") is refused, not stored. The schema
 * decides when it knows the attribute. Without one, a current value that is an object shows it is complex;
 * a list is then let through, as the object might be the lone, unwrapped value of a multi-valued attribute.
 */
function refuseNonObjectForComplex(context: PatchContext, path: AttrPath, existing: unknown, value: unknown): void {
  if (value === null || isJsonObject(value)) return;
  const info = context.lookup?.(path);
  const complex =
    info !== undefined ? info.type === 'complex' && info.multiValued !== true : path.sub === undefined && isJsonObject(existing) && !Array.isArray(value);
  if (!complex) return;
  const name = path.sub === undefined ? path.name : `${path.name}.${path.sub}`;
  context.fail('invalidValue', `"${name}" is a complex attribute: its value must be an object of sub-attributes, not ${JSON.stringify(value)}`);
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
  refuseNonObjectForComplex(context, path, existing, value);
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
  refuseNonObjectForComplex(context, path, existing, value);
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

/**
 * RFC 7644 §3.5.2.2 remove at one attribute of `container`. The RFC's remove has no "value": its target is
 * the path, narrowed only by a value filter, and then "the values matched by the filter are removed" while
 * the others stay. A "value" sent anyway (Azure AD's {path: "members", value: [{value: id}]}) is read as that
 * same selection, for every kind of target: from a multi-valued attribute the listed values go; a
 * single-valued attribute or sub-attribute (name.givenName) is removed only when its value is one of those
 * given, and is left alone otherwise, as when a filter selects nothing. Deleting a different value than
 * the one the client named would do more than it asked (a stale "remove manager m1" wiping manager m2).
 */
export function removeAttribute(container: JsonObject, name: string, values: unknown): void {
  const key = findKey(container, name);
  if (key === undefined) return;
  const existing = container[key];
  if (values === undefined || values === null) {
    delete container[key];
    return;
  }
  const kept = removeByValues(Array.isArray(existing) ? existing : [existing], asList(values));
  if (kept.length === 0) delete container[key];
  else if (Array.isArray(existing)) container[key] = kept;
}
