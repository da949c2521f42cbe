/**
 * The PatchOp composer's pure logic: the path builder (parts ⇄ path text via parsePatchPath), the
 * operation drafts the screen edits, the templates, and the glue to the schema check, the local
 * preview (applyPatch) and the comparison with what the server stored.
 */
import type { Capabilities, ResourceTypeDef, ScimAttributeDef, ScimResource } from '../../../../shared/contract';
import { FilterParseError, printFilter } from '../../../../shared/filter';
import { applyPatch, parsePatchPath, PatchError, validateAgainstSchema, type PatchOpName, type PatchOperation, type SchemaProblem } from '../../../../shared/patch';
import { CORE_SCHEMAS, createAttributeResolver, readOnlySubAttributes, SCHEMA_ENTERPRISE_USER, SCHEMA_GROUP, withoutKeys, type AttributeResolver, type ScimAttribute } from '../../../../shared/scim';
import { jsonEquals } from '../../../../shared/patch/json';
import { memberReadOnlySubAttributes } from '../../scim/capabilities';
import { isObject, keyOf, pretty, scimSchemas, storedDifferences } from '../detail/model';

/** A PATCH path in pieces: `urn:…:User:manager`, `emails[type eq "work"].value`, `name.givenName`. */
export interface PathParts {
  /** An extension's URN (or the core schema's), empty for core attributes. */
  urn: string;
  attr: string;
  /** A value filter without its brackets: `type eq "work"`. */
  filter: string;
  /** The sub-attribute: after the filter, or after a dot (name.givenName). */
  sub: string;
}

export const EMPTY_PARTS: PathParts = { urn: '', attr: '', filter: '', sub: '' };

export function pathFromParts(parts: PathParts): string {
  const urn = parts.urn.trim();
  const attr = parts.attr.trim();
  if (!attr) return urn; // a whole extension, or no path at all
  const filter = parts.filter.trim() ? `[${parts.filter.trim()}]` : '';
  const sub = parts.sub.trim() ? `.${parts.sub.trim()}` : '';
  return `${urn ? `${urn}:` : ''}${attr}${filter}${sub}`;
}

export type PartsResult = { ok: true; parts: PathParts } | { ok: false; message: string };

/** Path text back to its parts. `schemaIds` lets a bare URN (the whole extension) be told from urn:…:attr. */
export function partsFromPath(text: string, schemaIds: readonly string[] = []): PartsResult {
  const trimmed = text.trim();
  if (!trimmed) return { ok: true, parts: EMPTY_PARTS };
  if (schemaIds.some((id) => id.toLowerCase() === trimmed.toLowerCase())) return { ok: true, parts: { ...EMPTY_PARTS, urn: trimmed } };
  try {
    const { attr, filter, subAttr } = parsePatchPath(trimmed);
    if (filter && attr.sub) return { ok: false, message: `A value filter selects values of "${attr.name}", not of "${attr.name}.${attr.sub}"` };
    return { ok: true, parts: { urn: attr.uri ?? '', attr: attr.name, filter: filter ? printFilter(filter) : '', sub: subAttr ?? attr.sub ?? '' } };
  } catch (error) {
    if (error instanceof FilterParseError) return { ok: false, message: error.message };
    throw error;
  }
}

/** One operation as the composer edits it. The value is JSON text (the form writes it too); empty = no value. */
export interface DraftOp {
  key: string;
  op: PatchOpName;
  /** builder: the parts are edited and the text follows; raw: the text is typed. */
  pathMode: 'builder' | 'raw';
  parts: PathParts;
  pathText: string;
  valueMode: 'form' | 'json';
  valueText: string;
}

let keySeq = 0;
export const newKey = () => `op-${++keySeq}`;

export function blankDraft(op: PatchOpName = 'replace'): DraftOp {
  return { key: newKey(), op, pathMode: 'builder', parts: EMPTY_PARTS, pathText: '', valueMode: 'form', valueText: '' };
}

export const valueText = (value: unknown): string => (value === undefined ? '' : pretty(value));

/** An operation (a template's, or one typed elsewhere) as an editable draft. */
export function draftFromOperation(operation: PatchOperation, schemaIds: readonly string[] = []): DraftOp {
  const pathText = operation.path ?? '';
  const parsed = partsFromPath(pathText, schemaIds);
  return {
    key: newKey(),
    op: operation.op,
    pathMode: parsed.ok ? 'builder' : 'raw',
    parts: parsed.ok ? parsed.parts : EMPTY_PARTS,
    pathText,
    valueMode: 'form',
    valueText: valueText(operation.value),
  };
}

export type DraftResult = { ok: true; operation: PatchOperation } | { ok: false; message: string };

/** The operation a draft stands for, or why it cannot be built (a path or JSON that does not parse). */
export function operationOf(draft: DraftOp, schemaIds: readonly string[] = []): DraftResult {
  const path = draft.pathText.trim();
  if (path) {
    const parsed = partsFromPath(path, schemaIds);
    if (!parsed.ok) return { ok: false, message: `Invalid path "${path}": ${parsed.message}` };
  }
  const operation: PatchOperation = { op: draft.op, ...(path ? { path } : {}) };
  if (draft.valueText.trim()) {
    try {
      operation.value = JSON.parse(draft.valueText) as unknown;
    } catch (error) {
      return { ok: false, message: `The value is not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
    }
  } else if (draft.op !== 'remove') {
    return { ok: false, message: `${draft.op} needs a value` };
  }
  return { ok: true, operation };
}

/** The attribute a path's value must fit, as the value editor shapes its form. */
export type ValueShape =
  | { kind: 'json'; reason: string }
  | { kind: 'scalar'; attr: ScimAttributeDef }
  | { kind: 'complex'; attr: ScimAttributeDef }
  | { kind: 'list'; attr: ScimAttributeDef };

export function resolverFor(capabilities: Capabilities, type: ResourceTypeDef): AttributeResolver {
  return createAttributeResolver(scimSchemas(capabilities), type.schema);
}

const subOf = (attr: ScimAttributeDef | undefined, name: string) => attr?.subAttributes?.find((s) => s.name.toLowerCase() === name.toLowerCase());

export function valueShape(resolve: AttributeResolver, parts: PathParts): ValueShape {
  if (!parts.attr.trim()) return { kind: 'json', reason: parts.urn ? 'A whole extension takes an object of its attributes.' : 'Without a path the value is an object of attributes.' };
  const uri = parts.urn.trim() || undefined;
  const base = resolve({ ...(uri ? { uri } : {}), name: parts.attr.trim() }) as ScimAttributeDef | undefined;
  if (!base) return { kind: 'json', reason: 'The schema does not define this attribute.' };
  const sub = parts.sub.trim();
  if (sub) {
    const def = subOf(base, sub);
    if (!def) return { kind: 'json', reason: `"${base.name}" has no sub-attribute "${sub}" in the schema.` };
    return def.type === 'complex' ? { kind: 'complex', attr: def } : base.multiValued && !parts.filter.trim() ? { kind: 'json', reason: 'Every value of a multi-valued attribute: select one with a filter.' } : { kind: 'scalar', attr: def };
  }
  if (base.multiValued && !parts.filter.trim()) return { kind: 'list', attr: base };
  return base.type === 'complex' ? { kind: 'complex', attr: base } : { kind: 'scalar', attr: base };
}

/** An empty value of the right shape, for a path just chosen in the builder. */
export function emptyValue(shape: ValueShape): unknown {
  if (shape.kind === 'list') return shape.attr.type === 'complex' ? [{}] : [''];
  if (shape.kind === 'complex') return {};
  if (shape.kind === 'scalar') return shape.attr.type === 'boolean' ? false : shape.attr.type === 'integer' || shape.attr.type === 'decimal' ? 0 : '';
  return undefined;
}

/** Whether `value` already fits the shape (then choosing a path keeps it). */
export function fitsShape(value: unknown, shape: ValueShape): boolean {
  if (value === undefined) return false;
  if (shape.kind === 'json') return true;
  if (shape.kind === 'list') return Array.isArray(value);
  if (shape.kind === 'complex') return isObject(value);
  const t = shape.attr.type;
  if (t === 'boolean') return typeof value === 'boolean';
  if (t === 'integer' || t === 'decimal') return typeof value === 'number';
  return typeof value === 'string';
}

/** A form field's text converted to the attribute's type: "12" → 12 for integers; "" → undefined (unset). */
export function scalarFromText(text: string, type: string): unknown {
  if (text === '') return undefined;
  if (type === 'integer' || type === 'decimal') {
    const n = Number(text);
    return Number.isFinite(n) && (type === 'decimal' || Number.isInteger(n)) ? n : text;
  }
  return text;
}

/** An object with `key` set, or removed when the value is undefined. */
export function withKey(object: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...object };
  const existing = keyOf(copy, key);
  if (value === undefined) delete copy[existing];
  else copy[existing] = value;
  return copy;
}

export interface RowIssue {
  severity: 'error' | 'warning';
  message: string;
  kind: SchemaProblem['problem'] | 'draft' | 'apply';
}

export interface Composition {
  /** Every draft's operation, or null while one cannot be built. */
  operations: PatchOperation[] | null;
  /** Issues per draft, in order. */
  issues: RowIssue[][];
  /** The operations applied locally to the current resource; null when they cannot be (see issues). */
  preview: ScimResource | null;
}

export interface ComposeContext {
  capabilities: Capabilities;
  type: ResourceTypeDef;
  current: ScimResource | null;
}

export const schemaIdsOf = (capabilities: Capabilities): string[] => capabilities.schemas.map((s) => s.id);

/** Builds the operations, checks them against the schema and applies them locally, each finding on its row. */
export function compose(drafts: readonly DraftOp[], { capabilities, type, current }: ComposeContext): Composition {
  const schemaIds = schemaIdsOf(capabilities);
  const issues: RowIssue[][] = drafts.map(() => []);
  const built = drafts.map((d) => operationOf(d, schemaIds));
  const operations: PatchOperation[] = [];
  const rowOf: number[] = [];
  built.forEach((result, row) => {
    if (result.ok) {
      rowOf.push(row);
      operations.push(result.operation);
    } else issues[row]!.push({ severity: 'error', message: result.message, kind: 'draft' });
  });
  for (const problem of validateAgainstSchema(operations, scimSchemas(capabilities), type.schema, current ?? undefined)) {
    const row = rowOf[problem.opIndex];
    if (row !== undefined) issues[row]!.push({ severity: problem.severity, message: problem.message, kind: problem.problem });
  }
  const complete = operations.length === drafts.length && drafts.length > 0;
  let preview: ScimResource | null = null;
  if (complete && current) {
    try {
      preview = applyPatch(current, operations, { lookup: resolverFor(capabilities, type) });
    } catch (error) {
      if (!(error instanceof PatchError)) throw error;
      const row = rowOf[error.opIndex];
      const message = `Applying it locally fails (${error.scimType}): ${error.message.replace(/^Operation \d+: /, '')}`;
      if (row !== undefined) issues[row]!.push({ severity: 'error', message, kind: 'apply' });
    }
  }
  return { operations: complete ? operations : null, issues, preview };
}

/** A value the server set itself, which the preview could not know: not a difference from what was asked. */
export interface ComputedValue {
  /** Where it is: `meta.lastModified`, `members[value eq "u1"].$ref`. */
  path: string;
  value: unknown;
  /** Why it is the server's to set, from its schema. */
  why: 'readOnly' | 'returned always' | 'immutable, not sent';
}

export interface StoredComparison {
  /** What the server stored other than asked: the operations that would turn the preview into it (meta aside). */
  differences: PatchOperation[];
  /** Values the server computes (readOnly, `returned: always`, or immutable sub-attributes it filled in on a value sent without them). */
  computed: ComputedValue[];
  /** The preview with the computed values in: what the server's answer is judged against. */
  expected: ScimResource;
}

/** RFC 7643 §2.5: null, "", [] and {} are unassigned. */
const assigned = (value: unknown): boolean =>
  value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0) && !(isObject(value) && Object.keys(value).length === 0);

const readOnlyDef = (def: ScimAttribute | undefined) => def?.mutability?.toLowerCase() === 'readonly';
const alwaysReturned = (def: ScimAttribute | undefined) => def?.returned?.toLowerCase() === 'always';

/** Why the server may set a (sub-)attribute the request left without a value, or null when only the client sets it. */
function computedWhenAdded(def: ScimAttribute | undefined, inElement: boolean): ComputedValue['why'] | null {
  if (readOnlyDef(def)) return 'readOnly';
  if (alwaysReturned(def)) return 'returned always';
  // RFC 7643 §2.2: immutable sub-attributes are set when the value is added; sent without them, the server fills them in ($ref, type, display).
  if (inElement && def?.mutability?.toLowerCase() === 'immutable') return 'immutable, not sent';
  return null;
}

const sameIdentity = (a: unknown, b: unknown) =>
  (typeof a === 'string' || typeof a === 'number') && (typeof b === 'string' || typeof b === 'number') && String(a).toLowerCase() === String(b).toLowerCase();

const subDef = (def: ScimAttribute | undefined, name: string) => def?.subAttributes?.find((s) => s.name.toLowerCase() === name.toLowerCase());

/** Whether the server computed a stored value, given what was asked there (undefined: nothing). */
type Judge = (name: string, asked: unknown, stored: unknown) => ComputedValue['why'] | null;

/** A sub-attribute of `def`: readOnly ones whenever they differ, the others when the server filled in what was not sent. */
const subJudge =
  (def: ScimAttribute | undefined, inElement: boolean): Judge =>
  (name, asked, stored) => {
    const sdef = subDef(def, name);
    if (readOnlyDef(sdef)) return jsonEquals(asked, stored) ? null : 'readOnly';
    return assigned(asked) ? null : computedWhenAdded(sdef, inElement);
  };

/** Every sub-attribute of a readOnly complex attribute (meta) is the server's. */
const allServers: Judge = (_name, asked, stored) => (jsonEquals(asked, stored) ? null : 'readOnly');

/**
 * One complex value (meta, name, manager, or an element of members): the sub-attributes the server
 * computed are listed and copied into the expected value.
 */
function mergeComputedSubs(asked: Record<string, unknown>, stored: Record<string, unknown>, at: string, judge: Judge, out: ComputedValue[]): Record<string, unknown> {
  const merged = { ...asked };
  for (const [sub, value] of Object.entries(stored)) {
    const key = keyOf(asked, sub);
    const why = assigned(value) ? judge(sub, asked[key], value) : null;
    if (why === null) continue;
    out.push({ path: `${at}.${sub}`, value, why });
    delete merged[key];
    merged[sub] = value;
  }
  return merged;
}

function mergeContainer(resolve: AttributeResolver, uri: string | undefined, asked: Record<string, unknown>, stored: Record<string, unknown>, out: ComputedValue[]): Record<string, unknown> {
  const merged = { ...asked };
  for (const [name, value] of Object.entries(stored)) {
    if (name.toLowerCase() === 'schemas') continue;
    const key = keyOf(asked, name);
    const was = asked[key];
    if (uri === undefined && name.includes(':')) {
      // An extension: its attributes one by one, by URN.
      if (isObject(value)) merged[key] = mergeContainer(resolve, name, isObject(was) ? was : {}, value, out);
      continue;
    }
    const at = uri === undefined ? name : `${uri}:${name}`;
    const def = resolve(uri === undefined ? { name } : { uri, name }) as ScimAttribute | undefined;
    // RFC 7643 §3.1: id and meta are the server's whatever a schema says.
    if ((uri === undefined && /^(id|meta)$/i.test(name)) || readOnlyDef(def)) {
      if (isObject(value) && isObject(was)) merged[key] = mergeComputedSubs(was, value, at, allServers, out);
      else if (assigned(value) && !jsonEquals(was, value)) {
        out.push({ path: at, value, why: 'readOnly' });
        merged[key] = value;
      }
      continue;
    }
    if (!assigned(was)) {
      if (alwaysReturned(def) && assigned(value)) {
        out.push({ path: at, value, why: 'returned always' });
        merged[key] = value;
      }
      continue;
    }
    if (isObject(value) && isObject(was)) merged[key] = mergeComputedSubs(was, value, at, subJudge(def, false), out);
    else if (Array.isArray(value) && Array.isArray(was)) {
      // Elements told apart by their value (members, emails): what the server filled in on each.
      merged[key] = was.map((element) => {
        if (!isObject(element)) return element;
        const id = element[keyOf(element, 'value')];
        const match = value.find((s): s is Record<string, unknown> => isObject(s) && sameIdentity(s[keyOf(s, 'value')], id));
        return match ? mergeComputedSubs(element, match, `${at}[value eq ${JSON.stringify(String(id))}]`, subJudge(def, true), out) : element;
      });
    }
  }
  return merged;
}

/**
 * What the server stored compared with the preview: values it computes itself (its schema marks them
 * readOnly or `returned: always`, or they are immutable sub-attributes it filled in on a value sent
 * without them, such as `$ref`, `display` and `type` on new members; and meta) are told apart from
 * what it stored other than asked. Only the second are differences.
 */
export function compareStored(preview: ScimResource, stored: ScimResource, capabilities: Capabilities, type: ResourceTypeDef): StoredComparison {
  const computed: ComputedValue[] = [];
  const expected = mergeContainer(resolverFor(capabilities, type), undefined, preview, stored, computed) as ScimResource;
  return { differences: storedDifferences(expected, stored, capabilities), computed, expected };
}

// --- Templates ------------------------------------------------------------------------------------------

export type TemplateId = 'deactivate' | 'add-members' | 'remove-member' | 'replace-members' | 'rename-group' | 'set-manager' | 'replace-primary-email';

export interface TemplateDef {
  id: TemplateId;
  label: string;
  /** Which resources it is for. */
  for: 'user' | 'group';
  /** Users to pick first (members, a manager), or none. */
  pick?: 'users' | 'user';
}

export const TEMPLATES: readonly TemplateDef[] = [
  { id: 'deactivate', label: 'Deactivate user', for: 'user' },
  { id: 'replace-primary-email', label: 'Replace primary email', for: 'user' },
  { id: 'set-manager', label: 'Set enterprise manager', for: 'user', pick: 'user' },
  { id: 'add-members', label: 'Add members', for: 'group', pick: 'users' },
  { id: 'remove-member', label: 'Remove a member', for: 'group' },
  { id: 'replace-members', label: 'Replace members', for: 'group', pick: 'users' },
  { id: 'rename-group', label: 'Rename group', for: 'group' },
];

export interface PickedRef {
  value: string;
  display?: string;
}

const PLACEHOLDER_ID = 'member-id';

function primaryEmail(resource: ScimResource): string | undefined {
  const emails = resource[keyOf(resource, 'emails')];
  if (!Array.isArray(emails)) return undefined;
  const entries = emails.filter(isObject);
  const primary = entries.find((e) => e[keyOf(e, 'primary')] === true) ?? entries[0];
  const value = primary?.[keyOf(primary, 'value')];
  return typeof value === 'string' ? value : undefined;
}

function firstMember(resource: ScimResource): string | undefined {
  const members = resource[keyOf(resource, 'members')];
  if (!Array.isArray(members)) return undefined;
  const first = members.find(isObject);
  const value = first?.[keyOf(first, 'value')];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

const quoted = (text: string) => JSON.stringify(text);

/** Sub-attributes the server's schema marks readOnly (lowercase), left out of the values templates generate. */
export interface TemplateSchema {
  member: readonly string[];
  manager: readonly string[];
}

/** What the server's schemas forbid in generated member and manager values (the RFC's where it publishes none). */
export function templateSchemaOf(capabilities: Pick<Capabilities, 'resourceTypes' | 'schemas'>): TemplateSchema {
  return { member: memberReadOnlySubAttributes(capabilities), manager: readOnlySubAttributes(capabilities.schemas, SCHEMA_ENTERPRISE_USER, 'manager') };
}

const RFC_TEMPLATE_SCHEMA: TemplateSchema = {
  member: readOnlySubAttributes(CORE_SCHEMAS, SCHEMA_GROUP, 'members'),
  manager: readOnlySubAttributes(CORE_SCHEMAS, SCHEMA_ENTERPRISE_USER, 'manager'),
};

/**
 * A template's operations for a resource, with picked users where the template asks for them. Generated
 * values obey the server's schema: sub-attributes it marks readOnly (`members.display` on some servers,
 * `manager.displayName`) are left out; values typed later are checked on their row as any other.
 */
export function templateOperations(id: TemplateId, resource: ScimResource, picked: readonly PickedRef[] = [], schema: TemplateSchema = RFC_TEMPLATE_SCHEMA): PatchOperation[] {
  const refs = picked.map((p) => withoutKeys({ value: p.value, ...(p.display ? { display: p.display } : {}) }, schema.member));
  switch (id) {
    case 'deactivate':
      return [{ op: 'replace', path: 'active', value: false }];
    case 'replace-primary-email': {
      const now = primaryEmail(resource);
      const next = now ? now.replace(/^([^@]*)@/, '$1.new@') : 'new.address@example.com';
      return [{ op: 'replace', path: 'emails[primary eq true].value', value: next }];
    }
    case 'set-manager': {
      const manager = picked[0];
      const value = { value: manager?.value ?? 'manager-id', ...(manager?.display ? { displayName: manager.display } : {}) };
      return [{ op: 'replace', path: `${SCHEMA_ENTERPRISE_USER}:manager`, value: withoutKeys(value, schema.manager) }];
    }
    case 'add-members':
      return [{ op: 'add', path: 'members', value: refs.length ? refs : [{ value: PLACEHOLDER_ID }] }];
    case 'replace-members':
      return [{ op: 'replace', path: 'members', value: refs.length ? refs : [{ value: PLACEHOLDER_ID }] }];
    case 'remove-member':
      return [{ op: 'remove', path: `members[value eq ${quoted(firstMember(resource) ?? PLACEHOLDER_ID)}]` }];
    case 'rename-group': {
      const name = resource[keyOf(resource, 'displayName')];
      return [{ op: 'replace', path: 'displayName', value: `${typeof name === 'string' ? name : 'Group'} (renamed)` }];
    }
  }
}

/** Moves the draft at `from` by `delta` places (±1), or returns the list unchanged at an edge. */
export function moveDraft<T>(list: readonly T[], from: number, delta: number): T[] {
  const to = from + delta;
  if (from < 0 || from >= list.length || to < 0 || to >= list.length) return [...list];
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}
