import { FilterParseError, type AttrPath } from '../filter/index';
import { findKey, isCoreSchemaUri, isJsonObject, type JsonObject } from '../filter/resource-access';
import { attributeContainer, deleteAttribute, isSchemaId, removeSchema, setAttribute } from './attributes';
import { addValue, removeAttribute, replaceValue } from './assign';
import { coerceValue } from './coerce';
import type { PatchContext } from './context';
import { PatchError } from './errors';
import { applyFiltered } from './filtered';
import { cloneJson, jsonEquals } from './json';
import { MultiValuedIndexes } from './multi-valued';
import { parsePatchPath } from './path';
import type { ApplyOptions, PatchOpName, PatchOperation, PatchPath } from './types';

const OP_NAMES: readonly string[] = ['add', 'replace', 'remove'];

/** 'Add', 'REPLACE' (Entra ID capitalises) -> lowercase; anything else -> undefined. */
export function normalizeOpName(op: string): PatchOpName | undefined {
  if (typeof op !== 'string') return undefined;
  const lower = op.toLowerCase();
  return OP_NAMES.includes(lower) ? (lower as PatchOpName) : undefined;
}

/**
 * Applies PatchOp operations (RFC 7644 §3.5.2) and returns a new resource; the input is never touched.
 * The resource is cloned once and then edited in place, so a 10,000-member group is not copied per
 * operation. All or nothing: the first failing operation throws PatchError and no result is returned.
 */
export function applyPatch<T extends Record<string, unknown>>(resource: T, ops: PatchOperation[], options: ApplyOptions = {}): T {
  if (!Array.isArray(ops)) throw new PatchError('invalidSyntax', 'Operations must be an array', -1);
  const root = cloneJson(resource) as JsonObject;
  const indexes = new MultiValuedIndexes();
  ops.forEach((operation, opIndex) => {
    const context: PatchContext = {
      root,
      lookup: options.lookup,
      isReadOnly: options.isReadOnly,
      indexes,
      fail: (scimType, message) => {
        throw new PatchError(scimType, message, opIndex);
      },
    };
    applyOperation(context, operation);
  });
  return root as T;
}

function applyOperation(context: PatchContext, operation: PatchOperation): void {
  if (!isJsonObject(operation)) context.fail('invalidSyntax', 'An operation must be an object with "op"');
  const op = normalizeOpName(operation.op);
  if (op === undefined) context.fail('invalidSyntax', `Unknown op ${JSON.stringify(operation.op)}: expected add, replace or remove`);
  const value = cloneJson(operation.value); // the result must not share objects with the caller's request
  const path: unknown = operation.path;

  if (path === undefined || path === null || (typeof path === 'string' && path.trim() === '')) {
    if (op === 'remove') context.fail('noTarget', 'remove needs a "path"');
    if (!isJsonObject(value)) context.fail('invalidValue', `${op} without a "path" needs an object of attributes as its "value"`);
    return applyWithoutPath(context, op, value);
  }
  if (typeof path !== 'string') context.fail('invalidPath', '"path" must be a string');
  if (op !== 'remove' && value === undefined) context.fail('invalidValue', `${op} needs a "value"`);
  const text = path.trim();
  if (isSchemaId(context.root, text, isJsonObject(value))) return applyToSchema(context, op, text, value);
  applyAtPath(context, op, parsePath(context, text), value);
}

function parsePath(context: PatchContext, text: string): PatchPath {
  try {
    return parsePatchPath(text);
  } catch (error) {
    if (error instanceof FilterParseError) context.fail('invalidPath', `Invalid path "${text}": ${error.message}`);
    throw error;
  }
}

/** Refuses readOnly/immutable targets, unless the "change" leaves the value as it is (clients echo whole resources). */
function checkWritable(context: PatchContext, path: AttrPath, current?: () => unknown, value?: unknown): void {
  if (!context.isReadOnly?.(path)) return;
  if (current !== undefined && jsonEquals(current(), value)) return;
  const where = path.sub === undefined ? path.name : `${path.name}.${path.sub}`;
  context.fail('mutability', `"${where}" is read-only`);
}

function applyAtPath(context: PatchContext, op: PatchOpName, path: PatchPath, value: unknown): void {
  const { attr, filter, subAttr } = path;
  const target: AttrPath = subAttr === undefined ? attr : { ...attr, sub: subAttr };
  checkWritable(context, target);
  const coerced = op === 'remove' ? value : coerceValue(value, filter !== undefined && subAttr === undefined ? attr : target, context.lookup);
  const container = attributeContainer(context.root, attr.uri, op !== 'remove');
  if (container === undefined) return; // removing from an extension the resource does not have
  if (filter !== undefined) applyFiltered(context, op, container, { attr, filter, subAttr }, coerced);
  else if (attr.sub !== undefined) applyToSubAttribute(context, op, container, attr, coerced);
  else if (op === 'add') addValue(context, container, attr, coerced);
  else if (op === 'replace') replaceValue(context, container, attr, coerced);
  else removeAttribute(container, attr.name, coerced);
  if (op === 'remove' && container !== context.root && Object.keys(container).length === 0) {
    // The extension's last attribute is gone: drop the empty object and its schemas entry too.
    applyToSchema(context, 'remove', attr.uri as string, undefined);
  }
}

/** name.givenName style targets: add and replace create the missing complex parent. */
function applyToSubAttribute(context: PatchContext, op: PatchOpName, container: JsonObject, attr: AttrPath, value: unknown): void {
  const sub = attr.sub as string;
  const key = findKey(container, attr.name);
  const parent = key === undefined ? undefined : container[key];
  if (op === 'remove') {
    // With a value, only a sub-attribute holding that value goes (see removeAttribute).
    if (Array.isArray(parent)) {
      context.indexes.forget(parent);
      for (const element of parent) if (isJsonObject(element)) removeAttribute(element, sub, value);
    } else if (isJsonObject(parent)) {
      removeAttribute(parent, sub, value);
    }
    return;
  }
  if (Array.isArray(parent)) {
    context.fail('invalidPath', `"${attr.name}" is multi-valued: select values with a filter, e.g. ${attr.name}[type eq "work"].${sub}`);
  }
  let object = parent;
  if (object === undefined || object === null) {
    object = {};
    setAttribute(container, attr.name, object);
  } else if (!isJsonObject(object)) {
    context.fail('invalidPath', `"${attr.name}" is not a complex attribute, so it has no "${sub}"`);
  }
  if (op === 'add') addValue(context, object as JsonObject, attr, value);
  else replaceValue(context, object as JsonObject, attr, value);
}

/**
 * add/replace without a path: the value is a resource fragment. Keys may be extension URNs (merged into
 * that extension) or, as Entra ID sends them, paths such as "name.givenName" or "urn:…:User:department".
 */
function applyWithoutPath(context: PatchContext, op: 'add' | 'replace', fragment: JsonObject): void {
  for (const key of Object.keys(fragment)) {
    if (key === '__proto__') continue;
    const value = fragment[key];
    if (key.includes(':') && isSchemaId(context.root, key, isJsonObject(value))) applyToSchema(context, op, key, value);
    else if (/[.:[]/.test(key)) applyAtPath(context, op, parsePath(context, key), value);
    else applyToTopLevel(context, op, context.root, { name: key }, value);
  }
}

function applyToTopLevel(context: PatchContext, op: 'add' | 'replace', container: JsonObject, path: AttrPath, value: unknown): void {
  const current = () => {
    const key = findKey(container, path.name);
    return key === undefined ? undefined : container[key];
  };
  checkWritable(context, path, current, value);
  const coerced = coerceValue(value, path, context.lookup);
  if (op === 'add') addValue(context, container, path, coerced);
  else replaceValue(context, container, path, coerced);
}

/** A path or key naming a whole schema: urn:…:enterprise:2.0:User with an object of its attributes. */
function applyToSchema(context: PatchContext, op: PatchOpName, uri: string, value: unknown): void {
  if (op === 'remove') {
    if (isCoreSchemaUri(uri)) context.fail('invalidPath', `The core schema "${uri}" cannot be removed`);
    deleteAttribute(context.root, uri);
    removeSchema(context.root, uri);
    return;
  }
  if (!isJsonObject(value)) context.fail('invalidValue', `The value for "${uri}" must be an object of its attributes`);
  const container = attributeContainer(context.root, uri, true) as JsonObject;
  for (const name of Object.keys(value)) {
    if (name === '__proto__') continue;
    applyToTopLevel(context, op, container, { uri, name }, value[name]);
  }
}
