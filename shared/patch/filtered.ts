import { compileFilter, FilterEvaluationError, printAttrPath, type AttrPath, type FilterNode } from '../filter/index';
import { findKey, isJsonObject, type JsonObject } from '../filter/resource-access';
import { deleteAttribute, setAttribute } from './attributes';
import { addValue, replaceValue } from './assign';
import type { PatchContext } from './context';
import { enforceSinglePrimary } from './multi-valued';
import type { PatchOpName, PatchPath } from './types';

/** Matches one element of a multi-valued attribute; scalar elements are seen as {value: element}. */
function elementMatcher(context: PatchContext, attr: AttrPath, filter: FilterNode): (element: unknown) => boolean {
  const lookup = context.lookup;
  const matches = refusingBadFilters(context, () => compileFilter(filter, lookup === undefined ? undefined : (path) => lookup(path, attr)));
  return (element) => {
    if (element === undefined || element === null) return false;
    try {
      return isJsonObject(element) ? matches(element) : matches({ value: element });
    } catch (error) {
      return refuseBadFilter(context, error);
    }
  };
}

/** A path filter the RFC refuses (emails[primary gt true]) fails the operation with invalidFilter (RFC 7644 §3.12). */
function refusingBadFilters<T>(context: PatchContext, run: () => T): T {
  try {
    return run();
  } catch (error) {
    return refuseBadFilter(context, error);
  }
}

function refuseBadFilter(context: PatchContext, error: unknown): never {
  if (error instanceof FilterEvaluationError) context.fail('invalidFilter', error.message);
  throw error;
}

/**
 * The element a filter of plain equalities describes: emails[type eq "work"] -> {type: "work"}.
 * Lets add create the value Entra ID addresses as addresses[type eq "work"].streetAddress when none exists yet.
 */
function templateFrom(filter: FilterNode): JsonObject | undefined {
  if (filter.kind === 'compare' && filter.op === 'eq' && filter.value !== null && filter.path.uri === undefined && filter.path.sub === undefined) {
    return { [filter.path.name]: filter.value };
  }
  if (filter.kind !== 'and') return undefined;
  const left = templateFrom(filter.left);
  const right = templateFrom(filter.right);
  return left && right ? { ...left, ...right } : undefined;
}

/** Writes `value` into one selected element: its sub-attribute, or its sub-attributes from an object value. */
function writeElement(context: PatchContext, op: 'add' | 'replace', element: JsonObject, attr: AttrPath, subAttr: string | undefined, value: unknown): void {
  const write = op === 'add' ? addValue : replaceValue;
  const base: AttrPath = attr.uri === undefined ? { name: attr.name } : { uri: attr.uri, name: attr.name };
  if (subAttr !== undefined) return write(context, element, { ...base, sub: subAttr }, value);
  if (!isJsonObject(value)) context.fail('invalidValue', `A value selected by a filter in "${attr.name}" takes an object of sub-attributes`);
  for (const sub of Object.keys(value)) write(context, element, { ...base, sub }, value[sub]);
}

/**
 * Operations on a valuePath target (RFC 7644 §3.5.2): members[value eq "…"], emails[type eq "work"].value.
 * Remove drops the selected elements (or their sub-attribute) and is a no-op when none match; replace
 * needs a match (else noTarget); add updates matches or creates the element the filter describes.
 */
export function applyFiltered(context: PatchContext, op: PatchOpName, container: JsonObject, path: PatchPath & { filter: FilterNode }, value: unknown): void {
  const { attr, filter, subAttr } = path;
  if (attr.sub !== undefined) context.fail('invalidPath', `A value filter selects values of "${attr.name}", not of its sub-attribute "${attr.sub}"`);
  const key = findKey(container, attr.name);
  const current = key === undefined ? undefined : container[key];
  const matches = elementMatcher(context, attr, filter);

  if (!Array.isArray(current)) return applyToSingleValue(context, op, container, path, current, matches, value);
  context.indexes.forget(current); // elements are edited in place below

  if (op === 'remove') {
    if (subAttr !== undefined) {
      for (const element of current) if (isJsonObject(element) && matches(element)) deleteAttribute(element, subAttr);
      return;
    }
    const kept = current.filter((element) => !matches(element));
    if (kept.length === current.length) return;
    if (kept.length === 0)
      delete container[key as string]; // no values left: unassigned (RFC 7644 §3.5.2.2)
    else container[key as string] = kept;
    return;
  }

  const written: unknown[] = [];
  let matched = 0;
  for (let index = 0; index < current.length; index++) {
    const element = current[index];
    if (!matches(element)) continue;
    matched++;
    if (isJsonObject(element)) {
      writeElement(context, op, element, attr, subAttr, value);
      written.push(element);
    } else if (subAttr === undefined || subAttr.toLowerCase() === 'value') {
      current[index] = value; // a scalar list: the "value" is the element itself
    } else {
      context.fail('invalidPath', `"${attr.name}" holds plain values, which have no sub-attribute "${subAttr}"`);
    }
  }
  if (matched === 0) {
    if (op === 'replace') noTarget(context, path);
    written.push(appendFromTemplate(context, current, path, value));
  }
  enforceSinglePrimary(current, written);
}

function noTarget(context: PatchContext, path: PatchPath & { filter: FilterNode }): never {
  return context.fail('noTarget', `No value of "${printAttrPath(path.attr)}" matches the filter`);
}

function appendFromTemplate(context: PatchContext, list: unknown[], path: PatchPath & { filter: FilterNode }, value: unknown): JsonObject {
  const element = templateFrom(path.filter);
  if (element === undefined) noTarget(context, path);
  writeElement(context, 'add', element, path.attr, path.subAttr, value);
  list.push(element);
  return element;
}

/** A filter over an absent or single-valued attribute: treat the value, if any, as a one-element list. */
function applyToSingleValue(
  context: PatchContext,
  op: PatchOpName,
  container: JsonObject,
  path: PatchPath & { filter: FilterNode },
  current: unknown,
  matches: (element: unknown) => boolean,
  value: unknown,
): void {
  const { attr, subAttr } = path;
  const isMatch = matches(current);
  if (op === 'remove') {
    if (!isMatch) return;
    if (subAttr !== undefined && isJsonObject(current)) deleteAttribute(current, subAttr);
    else deleteAttribute(container, attr.name);
    return;
  }
  if (isMatch && isJsonObject(current)) return writeElement(context, op, current, attr, subAttr, value);
  if (isMatch) return setAttribute(container, attr.name, value);
  if (op === 'replace' || (current !== undefined && current !== null)) noTarget(context, path);
  const list: unknown[] = [];
  const element = appendFromTemplate(context, list, path, value);
  setAttribute(container, attr.name, list);
  enforceSinglePrimary(list, [element]);
}
