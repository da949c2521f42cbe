import { parseIsoDate } from '../filter/compare';
import { compileFilter, FilterParseError, printAttrPath, type AttrPath, type FilterNode } from '../filter/index';
import { findKey, hasValue, isCoreSchemaUri, isJsonObject, type JsonObject } from '../filter/resource-access';
import { createAttributeResolver, type AttributeResolver, type ScimAttribute, type ScimSchema } from '../scim/index';
import { normalizeOpName } from './apply';
import { isSchemaId } from './attributes';
import { jsonEquals } from './json';
import { parsePatchPath } from './path';
import { isReadOnly, subAttributeOf } from './schema-source';
import type { PatchOpName, PatchOperation } from './types';

/**
 * What the schema (RFC 7643 §2.2, §7) forbids: readOnly and immutable attributes, attributes it does not
 * define (a warning: servers may have custom ones), value filters or lists on single-valued attributes and
 * values of the wrong type. invalidSyntax and invalidPath cover operations that are not well-formed at all.
 */
export type SchemaProblemKind = 'readOnly' | 'immutable' | 'unknownAttribute' | 'notMultiValued' | 'typeMismatch' | 'invalidPath' | 'invalidSyntax';

export interface SchemaProblem {
  /** The operation's index in the list. */
  opIndex: number;
  /** The attribute concerned, as written (name.givenName, urn:…:User:department), or the op's path. */
  path: string;
  problem: SchemaProblemKind;
  /** error: a conforming server rejects it; warning: it may or may not. */
  severity: 'error' | 'warning';
  message: string;
}

type Report = (problem: SchemaProblemKind, severity: SchemaProblem['severity'], path: string, message: string) => void;

interface ValidateContext {
  resolve: AttributeResolver;
  schemaIds: Set<string>;
  coreSchemaUrn: string;
  current: JsonObject | undefined;
  op: PatchOpName;
  report: Report;
}

/**
 * Checks operations against the schema before they are sent. `current`, the resource as the server has it,
 * lets immutable attributes be judged (an error only when they already have a value; without it, a warning).
 */
export function validateAgainstSchema(
  ops: readonly PatchOperation[],
  schema: AttributeResolver | readonly ScimSchema[],
  resourceCoreUrn: string,
  current?: Record<string, unknown>,
): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const resolve = typeof schema === 'function' ? schema : createAttributeResolver(schema, resourceCoreUrn);
  const schemaIds = new Set([resourceCoreUrn, ...(typeof schema === 'function' ? [] : schema.map((entry) => entry.id))].map((id) => id.toLowerCase()));
  ops.forEach((operation, opIndex) => {
    const report: Report = (problem, severity, path, message) => problems.push({ opIndex, path, problem, severity, message });
    if (!isJsonObject(operation)) return report('invalidSyntax', 'error', '', 'An operation must be an object with "op"');
    const op = typeof operation.op === 'string' ? normalizeOpName(operation.op) : undefined;
    const path = typeof operation.path === 'string' ? operation.path.trim() : '';
    if (op === undefined)
      return report('invalidSyntax', 'error', path, `Unknown op ${JSON.stringify(operation.op) ?? 'undefined'}: expected add, replace or remove`);
    const context: ValidateContext = { resolve, schemaIds, coreSchemaUrn: resourceCoreUrn, current, op, report };
    if (path === '') return validatePathless(context, operation.value);
    if (op !== 'remove' && operation.value === undefined) return report('invalidSyntax', 'error', path, `${op} at "${path}" needs a "value"`);
    validateWithPath(context, path, operation.value);
  });
  return problems;
}

function quoted(path: AttrPath | string): string {
  return `\`${typeof path === 'string' ? path : printAttrPath(path)}\``;
}

function isSchemaPath(context: ValidateContext, text: string, value: unknown): boolean {
  if (text.includes('[')) return false;
  return context.schemaIds.has(text.toLowerCase()) || isSchemaId(context.current ?? {}, text, isJsonObject(value));
}

function validatePathless(context: ValidateContext, value: unknown): void {
  if (context.op === 'remove') return context.report('invalidSyntax', 'error', '', 'remove needs a "path"');
  if (!isJsonObject(value)) return context.report('invalidSyntax', 'error', '', `${context.op} without a "path" needs an object of attributes as its "value"`);
  for (const key of Object.keys(value)) {
    if (key.includes(':') && isSchemaPath(context, key, value[key])) {
      validateSchemaValue(context, key, value[key], true);
    } else if (/[.:[]/.test(key)) {
      validateWithPath(context, key, value[key], true); // Entra-style keys: "name.givenName"
    } else {
      validateTarget(context, { name: key }, undefined, value[key], true);
    }
  }
}

/** An object of one schema's attributes, under its URN (a path-less key or a path naming the schema). */
function validateSchemaValue(context: ValidateContext, uri: string, value: unknown, echoAllowed: boolean): void {
  if (context.op === 'remove') return; // removing a whole extension is always allowed
  if (!isJsonObject(value)) return context.report('typeMismatch', 'error', uri, `${quoted(uri)} takes an object of its attributes`);
  const base = isCoreSchemaUri(uri) && uri.toLowerCase() === context.coreSchemaUrn.toLowerCase() ? undefined : uri;
  for (const name of Object.keys(value)) validateTarget(context, base === undefined ? { name } : { uri: base, name }, undefined, value[name], echoAllowed);
}

function validateWithPath(context: ValidateContext, text: string, value: unknown, echoAllowed = false): void {
  if (isSchemaPath(context, text, value)) return validateSchemaValue(context, text, value, echoAllowed);
  let parsed;
  try {
    parsed = parsePatchPath(text);
  } catch (error) {
    if (error instanceof FilterParseError) return context.report('invalidPath', 'error', text, `Invalid path "${text}": ${error.message}`);
    throw error;
  }
  const { attr, filter, subAttr } = parsed;
  if (filter === undefined) return validateTarget(context, attr, undefined, value, echoAllowed);
  if (attr.sub !== undefined) {
    return context.report(
      'invalidPath',
      'error',
      text,
      `A value filter selects values of ${quoted({ ...attr, sub: undefined })}, not of its sub-attribute "${attr.sub}"`,
    );
  }
  validateTarget(context, subAttr === undefined ? attr : { ...attr, sub: subAttr }, filter, value, echoAllowed);
}

/** The attribute's current value(s): for a sub-attribute, one per matching element of a list. */
function currentValues(context: ValidateContext, path: AttrPath, filter: FilterNode | undefined): unknown[] | undefined {
  const root = context.current;
  if (root === undefined) return undefined;
  let container: unknown = root;
  if (path.uri !== undefined && !isCoreSchemaUri(path.uri)) {
    const key = findKey(root, path.uri);
    container = key === undefined ? undefined : root[key];
  }
  if (!isJsonObject(container)) return [];
  const key = findKey(container, path.name);
  const value = key === undefined ? undefined : container[key];
  let elements = Array.isArray(value) ? value : [value];
  if (filter !== undefined) {
    const matches = compileFilter(filter);
    elements = elements.filter((element) => element !== undefined && element !== null && matches(isJsonObject(element) ? element : { value: element }));
  }
  if (path.sub === undefined) return filter === undefined ? [value] : elements;
  const sub = path.sub;
  return elements.map((element) => {
    if (!isJsonObject(element)) return undefined;
    const subKey = findKey(element, sub);
    return subKey === undefined ? undefined : element[subKey];
  });
}

/**
 * One attribute an operation writes or removes. `filter` is set when the path selects values of a
 * multi-valued attribute (then `path.sub` is the sub-attribute after the filter, if any).
 */
function validateTarget(context: ValidateContext, path: AttrPath, filter: FilterNode | undefined, value: unknown, echoAllowed: boolean): void {
  const { report, op } = context;
  const parentPath: AttrPath = path.uri === undefined ? { name: path.name } : { uri: path.uri, name: path.name };
  const parent = context.resolve(parentPath);
  const text = printAttrPath(path);
  if (parent === undefined) {
    const schema = path.uri ?? context.coreSchemaUrn;
    return report(
      'unknownAttribute',
      'warning',
      text,
      `${quoted(parentPath)} is not defined in schema ${schema}; the server may reject it or keep it as a custom attribute`,
    );
  }
  const definition = path.sub === undefined ? parent : subAttributeOf(parent, path.sub);
  if (definition === undefined) {
    return report(
      'unknownAttribute',
      'warning',
      text,
      `${quoted(path)} is not a sub-attribute of ${quoted(parentPath)} in the schema; the server may reject it`,
    );
  }
  const current = () => currentValues(context, path, filter);
  const isEcho = () => {
    const values = current();
    return values !== undefined && values.length > 0 && values.every((existing) => jsonEquals(existing, value));
  };

  if (isReadOnly(parentPath, parent) || definition.mutability === 'readOnly') {
    // A path-less replace may echo a readOnly attribute unchanged (Okta sends the group's id), as applyPatch allows.
    if (!(echoAllowed && op !== 'remove' && isEcho())) report('readOnly', 'error', text, `${quoted(path)} is readOnly and cannot be changed`);
    return;
  }
  if (filter !== undefined && !parent.multiValued) {
    report('notMultiValued', 'error', text, `${quoted(parentPath)} is single-valued, so a value filter cannot select its values`);
    return;
  }
  if (filter === undefined && path.sub !== undefined && parent.multiValued && op !== 'remove') {
    report(
      'invalidPath',
      'error',
      text,
      `${quoted(parentPath)} is multi-valued: select the values to change with a filter, e.g. ${path.name}[type eq "work"].${path.sub}`,
    );
    return;
  }
  if (definition.mutability === 'immutable' && !(filter !== undefined && path.sub === undefined)) checkImmutable(context, path, text, value, current);

  if (op === 'remove') {
    if (value !== undefined && value !== null && !definition.multiValued) {
      report('notMultiValued', 'error', text, `${quoted(path)} is single-valued: remove takes no value list for it`);
    }
    return;
  }
  // Whole elements selected by a filter (members[value eq "x"]) are written with an object of sub-attributes.
  const elementLevel = filter !== undefined && path.sub === undefined;
  if (isJsonObject(value) && path.sub === undefined && (elementLevel || !parent.multiValued)) {
    // Sub-attributes written into a value that exists already (name, or the selected elements): immutable ones
    // may not change. New elements added to a list (add members [...]) are not checked: they have no value yet.
    for (const key of Object.keys(value)) {
      if (subAttributeOf(parent, key)?.mutability !== 'immutable') continue;
      const subPath: AttrPath = { ...parentPath, sub: key };
      checkImmutable(context, subPath, printAttrPath(subPath), value[key], () => currentValues(context, subPath, filter));
    }
  }
  checkValue(context, path, definition, value, elementLevel ? 'element' : 'attribute', current);
}

function checkImmutable(context: ValidateContext, path: AttrPath, text: string, value: unknown, current: () => unknown[] | undefined): void {
  const values = current();
  if (values === undefined) {
    context.report('immutable', 'warning', text, `${quoted(path)} is immutable: the server rejects this if it already has a value`);
    return;
  }
  const assigned = values.filter(hasValue);
  if (assigned.length === 0) return;
  if (context.op !== 'remove' && assigned.every((existing) => jsonEquals(existing, value))) return; // unchanged
  context.report(
    'immutable',
    'error',
    text,
    `${quoted(path)} is immutable and already has a value, so it cannot be ${context.op === 'remove' ? 'removed' : 'changed'}`,
  );
}

const TYPE_NAMES: Record<ScimAttribute['type'], string> = {
  string: 'a string',
  boolean: 'a boolean',
  decimal: 'a number',
  integer: 'an integer',
  dateTime: 'an ISO 8601 date-time string',
  reference: 'a URI string',
  binary: 'a base64 string',
  complex: 'an object of sub-attributes',
};

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/**
 * `level` "attribute": the value for the whole attribute (a list or one value for a multi-valued one);
 * "element": one value of a multi-valued attribute.
 */
function checkValue(
  context: ValidateContext,
  path: AttrPath,
  definition: ScimAttribute,
  value: unknown,
  level: 'attribute' | 'element',
  current: () => unknown[] | undefined,
): void {
  if (value === null) return; // null unassigns (RFC 7643 §2.5)
  const text = printAttrPath(path);
  if (Array.isArray(value)) {
    if (level === 'element' || !definition.multiValued) {
      context.report('notMultiValued', 'error', text, `${quoted(path)} is single-valued but the value is a list`);
      return;
    }
    value.forEach((element) => checkScalarOrComplex(context, path, definition, element, current));
    return;
  }
  checkScalarOrComplex(context, path, definition, value, current);
}

function checkScalarOrComplex(context: ValidateContext, path: AttrPath, definition: ScimAttribute, value: unknown, current: () => unknown[] | undefined): void {
  const text = printAttrPath(path);
  const mismatch = (severity: SchemaProblem['severity'] = 'error', extra = '') =>
    context.report('typeMismatch', severity, text, `${quoted(path)} expects ${TYPE_NAMES[definition.type]}, got ${describe(value)}${extra}`);
  if (value === null || value === undefined) return;
  switch (definition.type) {
    case 'string':
    case 'reference':
    case 'binary':
      if (typeof value !== 'string') mismatch();
      return;
    case 'boolean':
      if (typeof value === 'string' && /^(?:true|false)$/i.test(value)) mismatch('warning', ' (Entra ID sends booleans so; lenient servers accept it)');
      else if (typeof value !== 'boolean') mismatch();
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) mismatch();
      return;
    case 'decimal':
      if (typeof value !== 'number' || !Number.isFinite(value)) mismatch();
      return;
    case 'dateTime':
      if (typeof value !== 'string' || parseIsoDate(value) === undefined) mismatch();
      return;
    case 'complex':
      if (!isJsonObject(value)) return mismatch();
      checkSubAttributes(context, path, definition, value, current);
      return;
  }
}

/** The sub-attributes inside a complex value: unknown ones warn, readOnly ones fail unless echoed unchanged. */
function checkSubAttributes(
  context: ValidateContext,
  path: AttrPath,
  definition: ScimAttribute,
  value: JsonObject,
  current: () => unknown[] | undefined,
): void {
  const base: AttrPath = path.uri === undefined ? { name: path.name } : { uri: path.uri, name: path.name };
  for (const key of Object.keys(value)) {
    const subPath: AttrPath = { ...base, sub: key };
    const text = printAttrPath(subPath);
    const sub = subAttributeOf(definition, key);
    if (sub === undefined) {
      context.report(
        'unknownAttribute',
        'warning',
        text,
        `${quoted(subPath)} is not a sub-attribute of ${quoted(base)} in the schema; the server may reject it`,
      );
      continue;
    }
    if (sub.mutability === 'readOnly') {
      const existing = current()
        ?.flatMap((element) => (Array.isArray(element) ? element : [element]))
        .map((element) => (isJsonObject(element) ? element[findKey(element, key) ?? key] : undefined));
      if (!(existing !== undefined && existing.some((item) => jsonEquals(item, value[key])))) {
        context.report('readOnly', 'error', text, `${quoted(subPath)} is readOnly and cannot be changed`);
      }
      continue;
    }
    if (Array.isArray(value[key]) && !sub.multiValued) {
      context.report('notMultiValued', 'error', text, `${quoted(subPath)} is single-valued but the value is a list`);
      continue;
    }
    checkScalarOrComplex(context, subPath, sub, value[key], () => undefined);
  }
}
