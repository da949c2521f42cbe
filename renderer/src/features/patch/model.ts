/**
 * The PatchOp composer's pure logic: the path builder (parts ⇄ path text via parsePatchPath), the
 * operation drafts the screen edits, and the glue to the schema check and the local preview
 * (applyPatch). Templates live in templates.ts, the comparison with what was stored in stored.ts.
 */
import type { Capabilities, ResourceTypeDef, ScimAttributeDef, ScimResource } from '../../../../shared/contract';
import { FilterParseError, printFilter } from '../../../../shared/filter';
import {
  applyPatch,
  parsePatchPath,
  PatchError,
  validateAgainstSchema,
  type PatchOpName,
  type PatchOperation,
  type SchemaProblem,
} from '../../../../shared/patch';
import { createAttributeResolver, type AttributeResolver } from '../../../../shared/scim';
import { isObject, keyOf, pretty } from '../../scim';

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
  return createAttributeResolver(capabilities.schemas, type.schema);
}

const subOf = (attr: ScimAttributeDef | undefined, name: string) => attr?.subAttributes?.find((s) => s.name.toLowerCase() === name.toLowerCase());

export function valueShape(resolve: AttributeResolver, parts: PathParts): ValueShape {
  if (!parts.attr.trim())
    return {
      kind: 'json',
      reason: parts.urn ? 'A whole extension takes an object of its attributes.' : 'Without a path the value is an object of attributes.',
    };
  const uri = parts.urn.trim() || undefined;
  const base = resolve({ ...(uri ? { uri } : {}), name: parts.attr.trim() });
  if (!base) return { kind: 'json', reason: 'The schema does not define this attribute.' };
  const sub = parts.sub.trim();
  if (sub) {
    const def = subOf(base, sub);
    if (!def) return { kind: 'json', reason: `"${base.name}" has no sub-attribute "${sub}" in the schema.` };
    return def.type === 'complex'
      ? { kind: 'complex', attr: def }
      : base.multiValued && !parts.filter.trim()
        ? { kind: 'json', reason: 'Every value of a multi-valued attribute: select one with a filter.' }
        : { kind: 'scalar', attr: def };
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
  for (const problem of validateAgainstSchema(operations, capabilities.schemas, type.schema, current ?? undefined)) {
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

/** Moves the draft at `from` by `delta` places (±1), or returns the list unchanged at an edge. */
export function moveDraft<T>(list: readonly T[], from: number, delta: number): T[] {
  const to = from + delta;
  if (from < 0 || from >= list.length || to < 0 || to >= list.length) return [...list];
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}
