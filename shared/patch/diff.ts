import { parseIsoDate } from '../filter/compare';
import { printFilterValue } from '../filter/printer';
import { findKey, hasValue, isCoreSchemaUri, isJsonObject, type JsonObject } from '../filter/resource-access';
import type { AttrPath } from '../filter/index';
import type { AttributeResolver, ScimAttribute } from '../scim/index';
import { canonicalKey, cloneJson, jsonEquals } from './json';
import { isReadOnly, resolverFrom, subAttributeOf, withoutReadOnlySubs, type SchemaSource } from './schema-source';
import type { PatchOperation } from './types';

export interface DiffOptions extends SchemaSource {
  /**
   * true (default): removed and changed values of a multi-valued attribute with a "value" sub-attribute
   * (members, emails, roles) are addressed with value filters, members[value eq "…"]. false, for servers
   * that take no filters in PATCH paths: such a list is replaced as a whole instead (pure additions are
   * still one add).
   */
  preferValueFilters?: boolean;
}

interface DiffContext {
  resolve: AttributeResolver;
  preferValueFilters: boolean;
  ops: PatchOperation[];
}

// RFC 7644 ATTRNAME; anything else cannot be written in a PATCH path, so such keys are left out of the diff.
const ATTRNAME = /^(?:\$ref|[A-Za-z][A-Za-z0-9_-]*)$/;

/**
 * A PatchOp (RFC 7644 §3.5.2) that turns `before` into `after`:
 * - readOnly attributes (id, meta, groups, manager.displayName: from the schema) and "schemas" are not diffed;
 * - single-valued: changed → replace, gone → remove, new → add, each with a path; complex ones per sub-attribute
 *   (name.givenName); extension attributes by URN path (urn:…:enterprise:2.0:User:department);
 * - multi-valued with a "value" sub-attribute: element-wise by value (see diffIdentifiedList);
 *   other multi-valued attributes: replace of the whole list.
 * null, "", [] and {} count as unassigned (RFC 7643 §2.5); multi-valued attributes are compared without regard
 * to order, so applying the result may reorder list elements. Keys are matched ignoring case (RFC 7643 §2.1).
 */
export function diffResources(before: Record<string, unknown>, after: Record<string, unknown>, options: DiffOptions = {}): PatchOperation[] {
  const context: DiffContext = {
    resolve: resolverFrom(options, [after, before]),
    preferValueFilters: options.preferValueFilters ?? true,
    ops: [],
  };
  const isExtension = (key: string, object: JsonObject) => key.includes(':') && !isCoreSchemaUri(key) && isJsonObject(object[key]);
  // Core attributes; URN keys are extensions (below) or, when not objects, nothing a path can address.
  diffContainer(context, undefined, before, after, (name) => name.includes(':') || name.toLowerCase() === 'schemas');

  for (const uri of unionKeys(before, after)) {
    if (!isExtension(uri, before) && !isExtension(uri, after)) continue; // a non-object URN key is no extension
    const beforeKey = findKey(before, uri);
    const afterKey = findKey(after, uri);
    const beforeExtension = beforeKey === undefined ? undefined : before[beforeKey];
    const afterExtension = afterKey === undefined ? undefined : after[afterKey];
    // Attribute by attribute with URN paths, as Entra ID sends them: removing the whole schema by its URN
    // is legal but fewer servers support it, and an empty extension disappears anyway.
    const empty: JsonObject = {};
    diffContainer(
      context,
      afterKey ?? beforeKey,
      isJsonObject(beforeExtension) ? beforeExtension : empty,
      isJsonObject(afterExtension) ? afterExtension : empty,
    );
  }
  return context.ops;
}

/** Keys of `after` then those only in `before`, each once ignoring case, in `after`'s spelling where it has one. */
function unionKeys(before: JsonObject, after: JsonObject): string[] {
  const seen = new Set<string>();
  const keys: string[] = [];
  for (const key of [...Object.keys(after), ...Object.keys(before)]) {
    const lower = key.toLowerCase();
    if (seen.has(lower)) continue;
    seen.add(lower);
    keys.push(key);
  }
  return keys;
}

function read(object: JsonObject, name: string): unknown {
  const key = findKey(object, name);
  return key === undefined ? undefined : object[key];
}

function pathText(uri: string | undefined, name: string, sub?: string): string {
  const local = sub === undefined ? name : `${name}.${sub}`;
  return uri === undefined ? local : `${uri}:${local}`;
}

function diffContainer(context: DiffContext, uri: string | undefined, before: JsonObject, after: JsonObject, skip?: (name: string) => boolean): void {
  for (const name of unionKeys(before, after)) {
    if (skip?.(name) || !ATTRNAME.test(name)) continue;
    const path: AttrPath = uri === undefined ? { name } : { uri, name };
    const definition = context.resolve(path);
    if (isReadOnly(path, definition)) continue;
    diffAttribute(context, path, definition, read(before, name), read(after, name));
  }
}

function diffAttribute(context: DiffContext, path: AttrPath, definition: ScimAttribute | undefined, rawBefore: unknown, rawAfter: unknown): void {
  const text = pathText(path.uri, path.name);
  const before = withoutReadOnlySubs(rawBefore, definition);
  const after = withoutReadOnlySubs(rawAfter, definition);
  const hadValue = hasValue(before);
  if (!hasValue(after)) {
    if (hadValue) context.ops.push({ op: 'remove', path: text });
    return;
  }
  if (!hadValue) {
    context.ops.push(...newValueOps(path, rawBefore, after, definition));
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) return diffList(context, text, definition, before, after);
  if (Array.isArray(before) || Array.isArray(after)) {
    // A list became a single value or the reverse: replace would wrap the value in a list, so start afresh.
    context.ops.push({ op: 'remove', path: text }, { op: 'add', path: text, value: cloneJson(after) });
    return;
  }
  if (isJsonObject(before) && isJsonObject(after)) return diffComplex(context, path, definition, before, after);
  if (!jsonEquals(before, after)) context.ops.push({ op: 'replace', path: text, value: cloneJson(after) });
}

/**
 * add where the attribute is absent or null; replace where it holds an unassigned value ("", [], {}), since
 * add would append to an empty-looking list such as [{}] rather than set it.
 */
function newValueOps(path: AttrPath, rawBefore: unknown, value: unknown, definition: ScimAttribute | undefined): PatchOperation[] {
  const op = rawBefore === undefined || rawBefore === null ? 'add' : 'replace';
  // A complex extension attribute whose name starts with a capital, with an object value, reads as a schema
  // URN to servers that guess (urn:…:Ext:Address); its sub-attribute paths cannot be mistaken.
  if (path.uri !== undefined && /^[A-Z]/.test(path.name) && isJsonObject(value) && !definition?.multiValued) {
    const ops: PatchOperation[] = [];
    for (const sub of Object.keys(value)) {
      if (hasValue(value[sub]) && ATTRNAME.test(sub)) ops.push({ op, path: pathText(path.uri, path.name, sub), value: cloneJson(value[sub]) });
    }
    if (ops.length > 0) return ops;
  }
  return [{ op, path: pathText(path.uri, path.name), value: cloneJson(value) }];
}

/** A single-valued complex attribute (name, manager), sub-attribute by sub-attribute. */
function diffComplex(context: DiffContext, path: AttrPath, definition: ScimAttribute | undefined, before: JsonObject, after: JsonObject): void {
  for (const sub of unionKeys(before, after)) {
    if (!ATTRNAME.test(sub)) continue;
    const subDefinition = subAttributeOf(definition, sub);
    if (subDefinition?.mutability === 'readOnly') continue;
    const text = pathText(path.uri, path.name, sub);
    const was = read(before, sub);
    const is = read(after, sub);
    if (!hasValue(is)) {
      if (hasValue(was)) context.ops.push({ op: 'remove', path: text });
    } else if (!hasValue(was)) {
      context.ops.push({ op: was === undefined || was === null ? 'add' : 'replace', path: text, value: cloneJson(is) });
    } else if (!jsonEquals(was, is)) {
      if (Array.isArray(was) !== Array.isArray(is)) context.ops.push({ op: 'remove', path: text }, { op: 'add', path: text, value: cloneJson(is) });
      else context.ops.push({ op: 'replace', path: text, value: cloneJson(is) });
    }
  }
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/**
 * Which elements a filter `value eq <this value>` may match. Without schema knowledge the filter
 * evaluator (and many servers) compare strings ignoring case, numeric strings as numbers and ISO dates
 * as instants, so values equal under any of these share a key. Two elements of one list with the same
 * key cannot be told apart by a value filter.
 */
function identityKey(value: string | number | boolean): string {
  if (typeof value === 'number') return `n:${value}`;
  if (typeof value === 'boolean') return `s:${value}`;
  if (value.trim() !== '' && Number.isFinite(Number(value))) return `n:${Number(value)}`;
  const instant = parseIsoDate(value);
  if (instant !== undefined) return `d:${instant}`;
  return `s:${value.toLowerCase()}`;
}

type ValueIndex = Map<string, { element: JsonObject; value: string | number | boolean }>;

/** The elements by identity key, or undefined when some element has no scalar "value" or two share a key. */
function indexByValue(list: readonly unknown[]): ValueIndex | undefined {
  const index: ValueIndex = new Map();
  for (const element of list) {
    if (!isJsonObject(element)) return undefined;
    const value = read(element, 'value');
    if (!isScalar(value)) return undefined;
    const key = identityKey(value);
    if (index.has(key)) return undefined;
    index.set(key, { element, value });
  }
  return index;
}

function hasValueSubAttribute(definition: ScimAttribute | undefined): boolean {
  if (definition === undefined) return true; // unknown attribute: judged by its elements alone
  return definition.type === 'complex' && subAttributeOf(definition, 'value') !== undefined;
}

function diffList(context: DiffContext, text: string, definition: ScimAttribute | undefined, before: unknown[], after: unknown[]): void {
  const beforeIndex = hasValueSubAttribute(definition) ? indexByValue(before) : undefined;
  const afterIndex = beforeIndex === undefined ? undefined : indexByValue(after);
  if (beforeIndex === undefined || afterIndex === undefined) {
    if (!sameMultiset(before, after)) context.ops.push({ op: 'replace', path: text, value: cloneJson(after) });
    return;
  }
  diffIdentifiedList(context, text, definition, after, beforeIndex, afterIndex);
}

function sameMultiset(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  const keys = a.map(canonicalKey).sort();
  const others = b.map(canonicalKey).sort();
  return keys.every((key, index) => key === others[index]);
}

/**
 * Element-wise by "value": removed elements → one remove each, members[value eq "id"]; new elements → one add
 * of all of them as a list; elements whose other sub-attributes changed → replace at emails[value eq "x"].type
 * (or at the element, with an object, when several changed) and remove of the sub-attributes that went.
 *
 * Removal is one operation per value rather than one filter `members[value eq "a" or value eq "b"]` or an
 * Azure-style value list: single-equality value filters are what RFC 7644 §3.5.2.2 shows and what servers
 * implement most reliably, many reject "or" inside a path, and a value list on remove is an Azure AD extension.
 */
function diffIdentifiedList(
  context: DiffContext,
  text: string,
  definition: ScimAttribute | undefined,
  after: readonly unknown[],
  beforeIndex: ValueIndex,
  afterIndex: ValueIndex,
): void {
  const removals: PatchOperation[] = [];
  const changes: PatchOperation[] = [];
  const additions: unknown[] = [];
  const selector = (value: string | number | boolean) => `${text}[value eq ${printFilterValue(value)}]`;

  for (const [key, { value }] of beforeIndex) {
    if (!afterIndex.has(key)) removals.push({ op: 'remove', path: selector(value) });
  }
  for (const [key, { element }] of afterIndex) {
    const old = beforeIndex.get(key);
    if (old === undefined) {
      additions.push(element);
      continue;
    }
    if (canonicalKey(old.element) === canonicalKey(element)) continue;
    const subChanges = elementChanges(definition, old.element, element);
    if (subChanges.immutable) {
      // RFC 7643 §2.2: an immutable sub-attribute (members.display) cannot be updated, only the element replaced.
      removals.push({ op: 'remove', path: selector(old.value) });
      additions.push(element);
      continue;
    }
    for (const sub of subChanges.removed) changes.push({ op: 'remove', path: `${selector(old.value)}.${sub}` });
    const written = Object.keys(subChanges.written);
    if (written.length === 1) changes.push({ op: 'replace', path: `${selector(old.value)}.${written[0]}`, value: cloneJson(subChanges.written[written[0]]) });
    else if (written.length > 1) changes.push({ op: 'replace', path: selector(old.value), value: cloneJson(subChanges.written) });
  }
  if (!context.preferValueFilters && (removals.length > 0 || changes.length > 0)) {
    context.ops.push({ op: 'replace', path: text, value: cloneJson([...after]) });
    return;
  }
  context.ops.push(...removals, ...changes);
  if (additions.length > 0) context.ops.push({ op: 'add', path: text, value: cloneJson(additions) });
}

function elementChanges(definition: ScimAttribute | undefined, before: JsonObject, after: JsonObject) {
  const written: JsonObject = {};
  const removed: string[] = [];
  let immutable = false;
  for (const sub of unionKeys(before, after)) {
    const was = read(before, sub);
    const is = read(after, sub);
    const changed = hasValue(is) ? !jsonEquals(was, is) : hasValue(was);
    if (!changed) continue;
    if (!ATTRNAME.test(sub) || subAttributeOf(definition, sub)?.mutability === 'immutable') immutable = true;
    if (hasValue(is)) written[sub] = is;
    else removed.push(sub);
  }
  return { written, removed, immutable };
}
