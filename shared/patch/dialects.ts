import { FilterParseError, printAttrPath, type AttrPath, type AttributeLookup, type FilterNode, type FilterValue } from '../filter/index';
import { printFilterValue } from '../filter/printer';
import { findKey, isCoreSchemaUri, isJsonObject, type JsonObject } from '../filter/resource-access';
import { MESSAGE_PATCH_OP } from '../scim/index';
import { normalizeOpName } from './apply';
import { isSchemaId } from './attributes';
import { coerceValue } from './coerce';
import { cloneJson, defineKey, jsonEquals } from './json';
import { parsePatchPath, printPatchPath } from './path';
import { standardAttributeLookup } from './schema-source';
import type { PatchOpName, PatchOperation, PatchPath } from './types';

/**
 * How a PatchOp body is written on the wire:
 * - rfc: RFC 7644 §3.5.2 as is.
 * - entra: as Microsoft Entra ID provisioning sends it.
 * - okta: as Okta's SCIM 2.0 provisioning sends it.
 */
export type PatchDialect = 'rfc' | 'entra' | 'okta';

export interface WireOperation {
  op: string;
  path?: string;
  value?: unknown;
}

export interface PatchBody {
  schemas: string[];
  Operations: WireOperation[];
}

export interface EncodeOptions {
  /** Which attributes are multi-valued, complex or boolean; defaults to RFC 7643's User, Group and EnterpriseUser. */
  lookup?: AttributeLookup;
  /**
   * entra: multi-valued attributes addressed by their "type" (emails[type eq "work"].value). Defaults to the
   * RFC 7643 User attributes with canonical types: emails, phoneNumbers, ims, photos, addresses.
   */
  typedAttributes?: readonly string[];
}

const DEFAULT_TYPED_ATTRIBUTES = ['emails', 'phoneNumbers', 'ims', 'photos', 'addresses'];

export function encodePatch(ops: readonly PatchOperation[], dialect: PatchDialect, options: EncodeOptions = {}): PatchBody {
  const lookup = options.lookup ?? standardAttributeLookup();
  let operations: WireOperation[];
  if (dialect === 'entra') operations = encodeEntra(ops, lookup, options.typedAttributes ?? DEFAULT_TYPED_ATTRIBUTES);
  else if (dialect === 'okta') operations = encodeOkta(ops, lookup);
  else if (dialect === 'rfc') operations = ops.map((operation) => wire(opName(operation.op), operation.path, operation.value));
  else throw new TypeError(`Unknown PATCH dialect ${JSON.stringify(dialect)}`);
  return { schemas: [MESSAGE_PATCH_OP], Operations: operations };
}

function opName(op: string): string {
  return normalizeOpName(op) ?? String(op).toLowerCase();
}

function wire(op: string, path: string | undefined, value: unknown): WireOperation {
  const operation: WireOperation = { op };
  if (path !== undefined) operation.path = path;
  if (value !== undefined) operation.value = cloneJson(value);
  return operation;
}

function tryParsePath(text: string): PatchPath | undefined {
  try {
    return parsePatchPath(text);
  } catch (error) {
    if (error instanceof FilterParseError) return undefined;
    throw error;
  }
}

/** The values of a filter that is `value eq x` or an or-chain of those; else undefined. */
function valueEqualities(filter: FilterNode): FilterValue[] | undefined {
  if (filter.kind === 'compare') {
    return filter.op === 'eq' &&
      filter.path.uri === undefined &&
      filter.path.sub === undefined &&
      filter.path.name.toLowerCase() === 'value' &&
      filter.value !== null
      ? [filter.value]
      : undefined;
  }
  if (filter.kind !== 'or') return undefined;
  const left = valueEqualities(filter.left);
  const right = valueEqualities(filter.right);
  return left && right ? [...left, ...right] : undefined;
}

/** A path-less value key that names a whole extension (urn:…:enterprise:2.0:User) rather than an attribute in it. */
function isExtensionKey(key: string, value: unknown): boolean {
  return key.includes(':') && isJsonObject(value) && !isCoreSchemaUri(key) && isSchemaId({}, key, true);
}

function isMembers(attr: AttrPath): boolean {
  return attr.sub === undefined && attr.name.toLowerCase() === 'members' && (attr.uri === undefined || isCoreSchemaUri(attr.uri));
}

// ---------------------------------------------------------------------------------------------------------
// Microsoft Entra ID. Source: Microsoft Learn, "Tutorial: Develop and plan provisioning for a SCIM endpoint in
// Microsoft Entra ID" (request examples "Update User [Multi-valued properties]", "Disable User",
// "Update Group [Remove Members]") and "Known issues and resolutions with SCIM 2.0 protocol compliance of the
// Microsoft Entra user provisioning service". Entra:
// - capitalises op names: "Add", "Replace", "Remove";
// - sends booleans as the strings "True"/"False" (the default unless the aadOptscim062020 flag is set);
// - always sends a path: one operation per attribute, sub-attributes as name.givenName, extension attributes
//   as urn:…:User:department, typed multi-valued attributes as emails[type eq "work"].value;
// - adds and removes group members with path "members" and a value list [{value: id}].
// ---------------------------------------------------------------------------------------------------------

const ENTRA_OP_NAMES: Record<PatchOpName, string> = { add: 'Add', replace: 'Replace', remove: 'Remove' };

function entraScalar(value: unknown): unknown {
  // Only the operation's own value: booleans inside complex values (emails[…].primary) stay JSON booleans.
  return typeof value === 'boolean' ? (value ? 'True' : 'False') : value;
}

function encodeEntra(ops: readonly PatchOperation[], lookup: AttributeLookup, typedAttributes: readonly string[]): WireOperation[] {
  const typed = new Set(typedAttributes.map((name) => name.toLowerCase()));
  const result: WireOperation[] = [];
  let memberRemoval: { path: string; values: unknown[] } | undefined;

  for (const operation of ops) {
    const op = normalizeOpName(operation.op);
    const parsed = typeof operation.path === 'string' ? tryParsePath(operation.path) : undefined;
    if (op === 'remove' && parsed?.filter !== undefined && parsed.subAttr === undefined && isMembers(parsed.attr)) {
      const values = valueEqualities(parsed.filter);
      if (values !== undefined) {
        const path = printAttrPath(parsed.attr);
        // Consecutive member removals become one operation with a longer value list, as Entra batches them.
        if (memberRemoval !== undefined && memberRemoval.path === path && result[result.length - 1]?.value === memberRemoval.values) {
          memberRemoval.values.push(...values.map((value) => ({ value })));
        } else {
          memberRemoval = { path, values: values.map((value) => ({ value })) };
          result.push({ op: 'Remove', path, value: memberRemoval.values });
        }
        continue;
      }
    }
    if (op === undefined || op === 'remove') {
      result.push(wire(op === undefined ? String(operation.op) : 'Remove', operation.path, operation.value));
      continue;
    }
    for (const entry of entraEntries(operation.path, operation.value, lookup, typed)) {
      result.push(wire(ENTRA_OP_NAMES[op], entry.path, entraScalar(entry.value)));
    }
  }
  return result;
}

interface PathEntry {
  path: string | undefined;
  value: unknown;
}

function entraEntries(path: string | undefined, value: unknown, lookup: AttributeLookup, typed: Set<string>): PathEntry[] {
  if (path === undefined || path.trim() === '') {
    if (!isJsonObject(value)) return [{ path: undefined, value }];
    const entries: PathEntry[] = [];
    for (const key of Object.keys(value)) {
      const inner = value[key];
      if (isExtensionKey(key, inner)) {
        for (const name of Object.keys(inner as JsonObject)) {
          entries.push(...attributeEntries(`${key}:${name}`, { uri: key, name }, (inner as JsonObject)[name], lookup, typed));
        }
        continue;
      }
      const parsed = tryParsePath(key);
      if (parsed === undefined || parsed.filter !== undefined) entries.push({ path: key, value: inner });
      else entries.push(...attributeEntries(key, parsed.attr, inner, lookup, typed));
    }
    return entries;
  }
  const parsed = tryParsePath(path);
  if (parsed === undefined || parsed.filter !== undefined) return [{ path, value }];
  return attributeEntries(path, parsed.attr, value, lookup, typed);
}

function attributeEntries(text: string, attr: AttrPath, value: unknown, lookup: AttributeLookup, typed: Set<string>): PathEntry[] {
  const info = lookup(attr);
  const multiValued = info ? info.multiValued === true : Array.isArray(value);
  if (attr.sub === undefined && !multiValued && isJsonObject(value) && (info === undefined || info.type === 'complex')) {
    const keys = Object.keys(value);
    if (keys.length === 0) return [{ path: text, value }];
    return keys.map((sub) => ({ path: `${text}.${sub}`, value: value[sub] }));
  }
  if (attr.sub === undefined && multiValued && (attr.uri === undefined || isCoreSchemaUri(attr.uri)) && typed.has(attr.name.toLowerCase())) {
    const byType = typedEntries(text, value);
    if (byType !== undefined) return byType;
  }
  return [{ path: text, value }];
}

/**
 * emails: [{type: "work", value: "x"}] → emails[type eq "work"].value = "x". Only when every element has a
 * distinct string type; otherwise the list is sent as is. Like Entra's own requests, a replace sent this
 * way updates the typed values it names and leaves values of other types in place.
 */
function typedEntries(text: string, value: unknown): PathEntry[] | undefined {
  const elements = Array.isArray(value) ? value : [value];
  const seen = new Set<string>();
  const entries: PathEntry[] = [];
  for (const element of elements) {
    if (!isJsonObject(element)) return undefined;
    const typeKey = findKey(element, 'type');
    const type = typeKey === undefined ? undefined : element[typeKey];
    if (typeof type !== 'string' || seen.has(type.toLowerCase())) return undefined;
    seen.add(type.toLowerCase());
    for (const sub of Object.keys(element)) {
      if (sub === typeKey) continue;
      entries.push({ path: `${text}[type eq ${printFilterValue(type)}].${sub}`, value: element[sub] });
    }
  }
  return entries.length > 0 ? entries : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Okta. Source: Okta Developer, "SCIM 2.0 protocol reference" (Update a specific User (PATCH): a path-less
// {"op": "replace", "value": {"active": false}}; Update a specific Group membership: remove with path
// members[value eq "id"], add with path "members" and a value list). Okta writes lowercase op names and JSON
// booleans, and sends attribute changes as one path-less replace whose value holds the changed attributes.
// ---------------------------------------------------------------------------------------------------------

function encodeOkta(ops: readonly PatchOperation[], lookup: AttributeLookup): WireOperation[] {
  const result: WireOperation[] = [];
  let fragment: JsonObject | undefined;
  const flush = () => {
    if (fragment !== undefined) result.push({ op: 'replace', value: fragment });
    fragment = undefined;
  };

  for (const operation of ops) {
    const op = normalizeOpName(operation.op);
    const leaves = op === undefined ? undefined : mergeableLeaves(op, operation, lookup);
    if (leaves !== undefined) {
      if (fragment !== undefined && !leaves.every((leaf) => canPlace(fragment as JsonObject, leaf.keys))) flush();
      fragment ??= {};
      for (const leaf of leaves) place(fragment, leaf.keys, cloneJson(leaf.value));
      continue;
    }
    flush();
    const parsed = typeof operation.path === 'string' ? tryParsePath(operation.path) : undefined;
    if (op === 'remove' && parsed !== undefined && parsed.filter === undefined && isMembers(parsed.attr) && operation.value !== undefined) {
      // An Azure-style value list: Okta names each member with a value filter instead.
      for (const member of Array.isArray(operation.value) ? operation.value : [operation.value]) {
        const id = isJsonObject(member) ? member[findKey(member, 'value') ?? 'value'] : member;
        if (typeof id === 'string' || typeof id === 'number' || typeof id === 'boolean') {
          result.push({ op: 'remove', path: `${printAttrPath(parsed.attr)}[value eq ${printFilterValue(id)}]` });
        }
      }
      continue;
    }
    result.push(wire(op ?? String(operation.op), operation.path, operation.value));
  }
  flush();
  return result;
}

interface Leaf {
  keys: string[];
  value: unknown;
}

/**
 * Where in a path-less replace value an operation's change goes, or undefined when it cannot go there:
 * removes, filtered paths, path-less adds and adds to multi-valued attributes (which append) keep their own op.
 * An add to a single-valued attribute sets it just as replace does (RFC 7644 §3.5.2.1).
 */
function mergeableLeaves(op: PatchOpName, operation: PatchOperation, lookup: AttributeLookup): Leaf[] | undefined {
  if (op === 'remove' || operation.value === undefined) return undefined;
  const path = typeof operation.path === 'string' ? operation.path.trim() : undefined;
  if (path === undefined || path === '') {
    if (op !== 'replace' || !isJsonObject(operation.value)) return undefined;
    const value = operation.value;
    const leaves: Leaf[] = [];
    for (const key of Object.keys(value)) {
      if (isExtensionKey(key, value[key])) {
        for (const name of Object.keys(value[key] as JsonObject)) leaves.push({ keys: [key, name], value: (value[key] as JsonObject)[name] });
        continue;
      }
      const parsed = tryParsePath(key);
      if (parsed === undefined || parsed.filter !== undefined) return undefined;
      leaves.push({ keys: leafKeys(parsed.attr), value: value[key] });
    }
    return leaves;
  }
  const parsed = tryParsePath(path);
  if (parsed === undefined || parsed.filter !== undefined || isSchemaId({}, path, isJsonObject(operation.value))) return undefined;
  // An add appends to a multi-valued attribute; only where the schema says single-valued is it a replace.
  if (op === 'add' && (lookup(parsed.attr)?.multiValued ?? true)) return undefined;
  return [{ keys: leafKeys(parsed.attr), value: operation.value }];
}

function leafKeys(attr: AttrPath): string[] {
  const keys = attr.uri === undefined || isCoreSchemaUri(attr.uri) ? [] : [attr.uri];
  keys.push(attr.name);
  if (attr.sub !== undefined) keys.push(attr.sub);
  return keys;
}

/** Whether keys can be set without overwriting a value already in the fragment. */
function canPlace(fragment: JsonObject, keys: readonly string[]): boolean {
  let object = fragment;
  for (let index = 0; index < keys.length; index++) {
    const key = findKey(object, keys[index]);
    if (key === undefined) return true;
    const existing = object[key];
    if (index === keys.length - 1 || !isJsonObject(existing)) return false;
    object = existing;
  }
  return false;
}

function place(fragment: JsonObject, keys: readonly string[], value: unknown): void {
  let object = fragment;
  for (let index = 0; index < keys.length - 1; index++) {
    const key = findKey(object, keys[index]);
    let next = key === undefined ? undefined : object[key];
    if (!isJsonObject(next)) {
      next = {};
      defineKey(object, keys[index], next);
    }
    object = next as JsonObject;
  }
  defineKey(object, keys[keys.length - 1], value);
}

// ---------------------------------------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------------------------------------

export interface DecodeOptions {
  /** Which attributes are boolean, to read Entra's "True"/"False"; defaults to RFC 7643's User, Group and EnterpriseUser. */
  lookup?: AttributeLookup;
}

export interface DecodedPatch {
  ops: PatchOperation[];
  /** One line per deviation from RFC 7644 seen, e.g. 'op names capitalised (Entra style): "Replace"'. */
  notes: string[];
}

/**
 * Reads a PatchOp body whatever the client's dialect, into operations applyPatch and the validator take.
 * Never throws: what cannot be read is skipped and said in `notes`.
 */
export function decodePatchBody(body: unknown, options: DecodeOptions = {}): DecodedPatch {
  const lookup = options.lookup ?? standardAttributeLookup();
  const notes: string[] = [];
  const kinds = new Set<string>();
  // Each kind of deviation is told once, with its first example.
  const note: Note = (text, kind = text) => {
    if (kinds.has(kind)) return;
    kinds.add(kind);
    notes.push(text);
  };
  let operations: unknown;
  if (Array.isArray(body)) {
    note('body is a bare list of operations, not a PatchOp object');
    operations = body;
  } else if (!isJsonObject(body)) {
    note('body is not a JSON object');
    return { ops: [], notes };
  } else {
    const schemasKey = findKey(body, 'schemas');
    const schemas = schemasKey === undefined ? undefined : body[schemasKey];
    if (schemas === undefined) note(`no "schemas" (expected ["${MESSAGE_PATCH_OP}"])`);
    else if (!Array.isArray(schemas) || !schemas.some((entry) => typeof entry === 'string' && entry.toLowerCase() === MESSAGE_PATCH_OP.toLowerCase())) {
      note(`"schemas" does not list ${MESSAGE_PATCH_OP}`);
    }
    const key = findKey(body, 'Operations');
    if (key === undefined) {
      note('no "Operations"');
      return { ops: [], notes };
    }
    if (key !== 'Operations') note(`"${key}" instead of "Operations"`);
    operations = body[key];
  }
  if (isJsonObject(operations)) {
    note('"Operations" is a single object, not a list');
    operations = [operations];
  }
  if (!Array.isArray(operations)) {
    note('"Operations" is not a list');
    return { ops: [], notes };
  }
  const ops: PatchOperation[] = [];
  operations.forEach((raw, index) => {
    const operation = decodeOperation(raw, index, lookup, note);
    if (operation !== undefined) ops.push(operation);
  });
  return { ops, notes };
}

type Note = (text: string, kind?: string) => void;

function decodeOperation(raw: unknown, index: number, lookup: AttributeLookup, note: Note): PatchOperation | undefined {
  if (!isJsonObject(raw)) {
    note(`operation ${index} is not an object; skipped`);
    return undefined;
  }
  const member = (name: string) => {
    const key = findKey(raw, name);
    if (key !== undefined && key !== name) note(`operation member names not lowercase (e.g. "${key}")`, 'member case');
    return key === undefined ? undefined : raw[key];
  };
  const rawOp = member('op');
  const op = typeof rawOp === 'string' ? normalizeOpName(rawOp) : undefined;
  if (op === undefined) {
    note(`operation ${index} has unknown op ${JSON.stringify(rawOp) ?? 'undefined'}; skipped`);
    return undefined;
  }
  if (rawOp !== op) note(`op names capitalised (Entra style), e.g. "${rawOp as string}"`, 'op case');

  let path: string | undefined;
  const rawPath = member('path');
  if (typeof rawPath === 'string') {
    path = rawPath.trim() === '' ? undefined : rawPath;
    if (path === undefined) note(`operation ${index} has an empty "path", read as none`);
  } else if (rawPath !== undefined && rawPath !== null) {
    note(`operation ${index} has a "path" that is not a string; ignored`);
  }
  const parsed = path === undefined ? undefined : tryParsePath(path);
  if (path !== undefined && parsed === undefined) note(`operation ${index} has a path that does not parse: ${path}`);
  if (parsed?.filter !== undefined && /\[[^\]]*'/.test(path as string)) {
    note('single-quoted strings in path filters (Azure AD style)');
    path = printPatchPath(parsed);
  }

  let value = cloneJson(member('value'));
  if (op === 'remove' && value !== undefined && value !== null) note('remove with a value list (Azure AD style) instead of a value filter in the path');
  if (op !== 'remove' && value !== undefined) {
    const coerced = coerceBooleans(value, path, parsed, lookup, note);
    if (!jsonEquals(coerced, value)) note('boolean values sent as strings "True"/"False" (Entra style)');
    value = coerced;
  }
  const operation: PatchOperation = { op };
  if (path !== undefined) operation.path = path;
  if (value !== undefined) operation.value = value;
  return operation;
}

/** Mirrors what applyPatch converts, on a copy, so the decoded operations show real booleans. */
function coerceBooleans(value: unknown, path: string | undefined, parsed: PatchPath | undefined, lookup: AttributeLookup, note: Note): unknown {
  const copy = cloneJson(value);
  if (path === undefined) {
    if (!isJsonObject(copy)) return copy;
    for (const key of Object.keys(copy)) {
      if (isExtensionKey(key, copy[key])) {
        const extension = copy[key] as JsonObject;
        for (const name of Object.keys(extension)) extension[name] = coerceValue(extension[name], { uri: key, name }, lookup);
        continue;
      }
      if (/[.:[]/.test(key)) note('path-less value keys that are attribute paths (Entra style)');
      const keyPath = /[.:[]/.test(key) ? tryParsePath(key) : { attr: { name: key } };
      if (keyPath !== undefined) copy[key] = coerceValue(copy[key], coercionTarget(keyPath), lookup);
    }
    return copy;
  }
  if (parsed === undefined || isSchemaId({}, path, isJsonObject(copy))) return copy;
  return coerceValue(copy, coercionTarget(parsed), lookup);
}

/** The attribute whose type decides, as in applyPatch: emails[type eq "work"].primary → emails.primary. */
function coercionTarget(path: PatchPath): AttrPath {
  return path.subAttr === undefined ? path.attr : { ...path.attr, sub: path.subAttr };
}
