/**
 * Reading and comparing attribute paths of resources, for bulk changes: the plan's diff, the send's
 * conflict check (has the resource changed since it was planned?) and its verification (did the server
 * store what was asked?). Attribute names ignore case (RFC 7643 §2.1); values do not: a server storing
 * "False" for false, or "7" for 7, stored something else, and that is worth reporting.
 */
import { compileFilter, FilterParseError, type FilterNode } from '../filter/index';
import { findKey, hasValue, isCoreSchemaUri, isJsonObject, type JsonObject } from '../filter/resource-access';
import { parsePatchPath } from '../patch/path';
import type { PatchPath } from '../patch/types';

type Resource = Record<string, unknown>;

interface CompiledPath {
  path: PatchPath;
  matches?: (element: unknown) => boolean;
}

// A plan reads the same few paths of thousands of resources: parse and compile each path once.
const compiled = new Map<string, CompiledPath | null>();
const COMPILED_MAX = 2000;

function compilePath(text: string): CompiledPath | null {
  const known = compiled.get(text);
  if (known !== undefined) return known;
  let result: CompiledPath | null;
  try {
    const path = parsePatchPath(text);
    result = { path, ...(path.filter ? { matches: elementMatcher(path.filter) } : {}) };
  } catch (error) {
    if (!(error instanceof FilterParseError)) throw error;
    result = null; // not an attribute path ("(resource)", "member of …"): no value
  }
  if (compiled.size >= COMPILED_MAX) compiled.clear();
  compiled.set(text, result);
  return result;
}

function elementMatcher(filter: FilterNode): (element: unknown) => boolean {
  const predicate = compileFilter(filter);
  return (element) => (isJsonObject(element) ? predicate(element) : element !== null && element !== undefined && predicate({ value: element }));
}

function member(object: unknown, name: string): unknown {
  if (!isJsonObject(object)) return undefined;
  const key = findKey(object, name);
  return key === undefined ? undefined : object[key];
}

/** The values of a list (a filter's matches, a sub-attribute over a list): none → undefined, one → it, more → the list. */
function oneOrMany(values: unknown[]): unknown {
  const present = values.filter((value) => value !== undefined && value !== null);
  if (present.length === 0) return undefined;
  return present.length === 1 ? present[0] : present;
}

/**
 * The value at an attribute path of a resource: `userName`, `name.givenName`, `emails[type eq "work"].value`,
 * `emails.value` (the list of values), `urn:…:enterprise:2.0:User:department`, `urn:…:User:manager.value`.
 * Keys are matched ignoring case. undefined when absent (or null); a filter matching several values gives their list.
 */
export function valueAtPath(resource: Resource, path: string): unknown {
  const compiledPath = compilePath(path);
  if (compiledPath === null) return undefined;
  const { attr, subAttr } = compiledPath.path;
  const container: JsonObject | undefined = attr.uri === undefined || isCoreSchemaUri(attr.uri) ? resource : (member(resource, attr.uri) as JsonObject);
  if (!isJsonObject(container)) return undefined;
  const value = member(container, attr.name);
  if (value === undefined || value === null) return undefined;

  if (compiledPath.matches !== undefined) {
    const selected = (Array.isArray(value) ? value : [value]).filter(compiledPath.matches);
    if (subAttr === undefined) return oneOrMany(selected);
    // A list of plain values: its "value" is the element itself.
    return oneOrMany(selected.map((element) => (isJsonObject(element) ? member(element, subAttr) : subAttr.toLowerCase() === 'value' ? element : undefined)));
  }
  if (attr.sub === undefined) return value;
  if (Array.isArray(value)) {
    const values = value.map((element) => member(element, attr.sub as string)).filter((v) => v !== undefined && v !== null);
    return values.length > 0 ? values : undefined;
  }
  const sub = member(value, attr.sub);
  return sub === null ? undefined : sub;
}

/**
 * A string equal for equal values: names lowercased, keys sorted, unassigned sub-attributes dropped, lists
 * as sets (sorted, duplicates dropped). Strings, numbers and booleans keep their JSON form, so 7 ≠ "7".
 */
function canonical(value: unknown): string {
  if (Array.isArray(value)) {
    const elements = [...new Set(value.filter(hasValue).map(canonical))].sort();
    return `[${elements.join(',')}]`;
  }
  if (isJsonObject(value)) {
    const entries = Object.keys(value)
      .filter((key) => hasValue(value[key]))
      .map((key) => `${JSON.stringify(key.toLowerCase())}:${canonical(value[key])}`)
      .sort();
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** Whether two values are the same state (RFC 7643 §2.5: null, "", [] and {} all mean unassigned). */
export function sameValue(a: unknown, b: unknown): boolean {
  const aHas = hasValue(a);
  const bHas = hasValue(b);
  if (!aHas || !bHas) return aHas === bHas;
  return canonical(a) === canonical(b);
}

/** Paths (of `paths`) whose values differ between two states of a resource; meta is never among them unless asked. */
export function changedPaths(a: Resource, b: Resource, paths: readonly string[]): string[] {
  return paths.filter((path) => !sameValue(valueAtPath(a, path), valueAtPath(b, path)));
}

/**
 * Whether what the server stored is what was asked. Sub-attributes the server adds on its own (a member's
 * `display` and `$ref`, an email's `primary`) are not differences; missing or extra list elements are.
 */
export function storedAsAsked(asked: unknown, stored: unknown): boolean {
  const askedHas = hasValue(asked);
  if (!askedHas || !hasValue(stored)) return askedHas === hasValue(stored);
  if (Array.isArray(asked) || Array.isArray(stored)) {
    const askedList = (Array.isArray(asked) ? asked : [asked]).filter(hasValue);
    const storedList = (Array.isArray(stored) ? stored : [stored]).filter(hasValue);
    return askedList.every((a) => storedList.some((s) => storedAsAsked(a, s))) && storedList.every((s) => askedList.some((a) => storedAsAsked(a, s)));
  }
  if (isJsonObject(asked)) {
    if (!isJsonObject(stored)) return false;
    return Object.keys(asked).every((key) => !hasValue(asked[key]) || storedAsAsked(asked[key], member(stored, key)));
  }
  return canonical(asked) === canonical(stored);
}

const SHOWN_MAX = 300;

/** A value in a difference line: JSON, "absent" when unassigned, long values cut. */
function shown(value: unknown): string {
  if (!hasValue(value)) return 'absent';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > SHOWN_MAX ? `${text.slice(0, SHOWN_MAX)}…` : text;
}

/**
 * What the server stored differently from what was expected, one line per path:
 * `active: asked false, stored true`, `emails[type eq "work"].value: asked "a@x", stored absent`. Empty when equal.
 */
export function differences(expected: Resource, stored: Resource, paths: readonly string[]): string[] {
  const lines: string[] = [];
  for (const path of paths) {
    const asked = valueAtPath(expected, path);
    const got = valueAtPath(stored, path);
    if (!storedAsAsked(asked, got)) lines.push(`${path}: asked ${shown(asked)}, stored ${shown(got)}`);
  }
  return lines;
}
