/**
 * Attribute changes as PATCH operations, and the change and create records built from them: the
 * operations are applied to the resource as read (applyPatch, the same engine the demo server uses),
 * operations that change nothing are dropped, and what is left is diffed path by path.
 */
import type { BulkDiffEntry, BulkKeyAttribute, BulkPlanRecord } from '../contract/bulk';
import { hasValue } from '../filter/resource-access';
import { applyPatch, encodePatch, validateAgainstSchema, type PatchOperation } from '../patch/index';
import { jsonEquals } from '../patch/json';
import { printAttrPath } from '../filter/index';
import type { AttributeResolver } from '../scim/index';
import { changedPaths, valueAtPath } from './compare';
import {
  capDiff,
  PATHS_MAX,
  displayOf,
  endpointPath,
  messageOf,
  quietRecord,
  recordBase,
  resourcePath,
  type PlanContext,
  type PlanTargetInput,
} from './plan-common';
import { checkWritablePath, resolverFor, type WritablePath } from './schema';

/** Operations for one target, with the attribute paths (as the user named them) they write. */
export interface PlannedOps {
  ops: PatchOperation[];
  /** The user-level paths, for the diff and for conflict checks and verification. */
  paths: string[];
  /** Paths never read back (passwords): in the diff, masked, and left out of `paths`. */
  hidden: string[];
}

export class PlanProblem extends Error {}

const HIDDEN_VALUE = '(write-only value, not shown)';

function attributeText(path: WritablePath): string {
  const { attr } = path.parsed;
  return printAttrPath(attr.uri === undefined ? { name: attr.name } : { uri: attr.uri, name: attr.name });
}

/** A value as the attribute holds it: a multi-valued plain attribute takes a one-value list. */
const shaped = (path: WritablePath, value: unknown): unknown =>
  path.attribute.multiValued && path.type === undefined && !Array.isArray(value) ? [value] : value;

/**
 * set (replace) or add operations for `values` (path → value). A typed value (`emails[type eq "work"].value`)
 * is replaced where the resource has a value of that type, else added as a new element `{type, value}` (one
 * element per type, holding all its mapped sub-attributes); add always appends such elements. null clears.
 */
export function valueOps(kind: 'set' | 'add', values: Record<string, unknown>, before: Record<string, unknown>, resolve: AttributeResolver): PlannedOps {
  const ops: PatchOperation[] = [];
  const paths: string[] = [];
  const hidden: string[] = [];
  const elements = new Map<string, { attribute: string; element: Record<string, unknown> }>();
  for (const [path, value] of Object.entries(values)) {
    if (value === undefined) continue;
    if (value === null) {
      if (kind === 'set') {
        const cleared = clearOps([path], before, resolve);
        ops.push(...cleared.ops);
        paths.push(...cleared.paths);
      }
      continue;
    }
    const check = checkWritablePath(path, resolve);
    if (!check.ok) throw new PlanProblem(check.problem);
    const writable = check.path;
    (writable.hidden ? hidden : paths).push(path);
    if (writable.type !== undefined) {
      const attribute = attributeText(writable);
      const typed = `${attribute}[type eq ${JSON.stringify(writable.type)}]`;
      if (kind === 'set' && valueAtPath(before, typed) !== undefined) {
        ops.push({ op: 'replace', path, value });
        continue;
      }
      const group = `${attribute.toLowerCase()}\u0000${writable.type.toLowerCase()}`;
      const entry = elements.get(group) ?? { attribute, element: { type: writable.type } };
      entry.element[writable.parsed.subAttr as string] = value;
      elements.set(group, entry);
      continue;
    }
    ops.push({ op: kind === 'set' ? 'replace' : 'add', path, value: shaped(writable, value) });
  }
  for (const { attribute, element } of elements.values()) ops.push({ op: 'add', path: attribute, value: [element] });
  return { ops, paths, hidden };
}

/**
 * remove operations for the paths that have a value. Removing the `value` of typed or listed values removes
 * those values whole (`emails[type eq "work"].value` → `emails[type eq "work"]`), not a husk `{type: "work"}`.
 */
export function clearOps(paths: readonly string[], before: Record<string, unknown>, resolve: AttributeResolver): PlannedOps {
  const ops: PatchOperation[] = [];
  const touched: string[] = [];
  for (const path of paths) {
    const check = checkWritablePath(path, resolve, 'remove');
    if (!check.ok) throw new PlanProblem(check.problem);
    touched.push(path);
    if (!hasValue(valueAtPath(before, path))) continue;
    const { parsed, attribute } = check.path;
    const valueOfList = attribute.multiValued && (parsed.subAttr ?? parsed.attr.sub)?.toLowerCase() === 'value';
    if (!valueOfList) ops.push({ op: 'remove', path });
    else if (parsed.filter !== undefined) ops.push({ op: 'remove', path: path.slice(0, path.lastIndexOf('.')) });
    else ops.push({ op: 'remove', path: attributeText(check.path) });
  }
  return { ops, paths: touched, hidden: [] };
}

/** A user's deactivation: `active` goes from anything but false to false. */
export const deactivates = (before: Record<string, unknown> | null, after: Record<string, unknown> | null): boolean =>
  after !== null && valueAtPath(after, 'active') === false && (before === null || valueAtPath(before, 'active') !== false);

/** `after` without the values never read back (passwords): it is what verification compares, and it is exported. */
function withoutHidden(after: Record<string, unknown>, hidden: readonly string[], resolve: AttributeResolver): Record<string, unknown> {
  return hidden.length === 0
    ? after
    : applyPatch(
        after,
        hidden.map((path) => ({ op: 'remove' as const, path })),
        { lookup: resolve },
      );
}

/** The schema's objections to operations (errors only: unknown attributes are the server's call). */
function schemaErrors(ops: PatchOperation[], resolve: AttributeResolver, coreSchemaUrn: string, current: Record<string, unknown>): string[] {
  return validateAgainstSchema(ops, resolve, coreSchemaUrn, current)
    .filter((problem) => problem.severity === 'error')
    .map((problem) => problem.message);
}

/** Applies operations one by one, dropping those that change nothing; throws PatchError where one cannot apply. */
function effectiveOps(
  before: Record<string, unknown>,
  ops: PatchOperation[],
  resolve: AttributeResolver,
): { kept: PatchOperation[]; after: Record<string, unknown> } {
  const kept: PatchOperation[] = [];
  let current = before;
  for (const op of ops) {
    const next = applyPatch(current, [op], { lookup: resolve });
    if (jsonEquals(next, current)) continue;
    kept.push(op);
    current = next;
  }
  return { kept, after: current };
}

function diffOf(before: Record<string, unknown> | null, after: Record<string, unknown>, planned: PlannedOps, changed: readonly string[]): BulkDiffEntry[] {
  // A create's entries have no before (undefined, left out of JSON).
  const entries: BulkDiffEntry[] = changed.map((path) => ({ path, before: before ? valueAtPath(before, path) : undefined, after: valueAtPath(after, path) }));
  for (const path of planned.hidden) entries.push({ path, before: before ? HIDDEN_VALUE : undefined, after: HIDDEN_VALUE });
  return capDiff(entries, (rest) => ({ path: `… and ${rest.length} more attributes`, before: null, after: null }));
}

/**
 * The record of a change to an existing resource: `change` with the PATCH in the plan's dialect, `skip`
 * ("already as asked", or `skipReason`) when nothing would change, `bad` when the engine or the schema refuses.
 */
export function changeRecord(
  ctx: PlanContext,
  input: PlanTargetInput & { before: Record<string, unknown> },
  plan: (resolve: AttributeResolver) => PlannedOps,
  options: { skipReason?: string; reason?: string; resolve?: AttributeResolver; coreSchemaUrn?: string } = {},
): BulkPlanRecord {
  const base = recordBase(input);
  const resolve = options.resolve ?? resolverFor(ctx.schemas, ctx.coreSchemaUrn);
  const before = input.before;
  if (base.id === undefined) return quietRecord(base, 'bad', 'The server sent this resource without an id.');
  try {
    const planned = plan(resolve);
    const { kept, after } = effectiveOps(before, planned.ops, resolve);
    if (kept.length === 0) return quietRecord(base, 'skip', options.skipReason ?? 'already as asked');
    const errors = schemaErrors(kept, resolve, options.coreSchemaUrn ?? ctx.coreSchemaUrn, before);
    if (errors.length > 0) return quietRecord(base, 'bad', errors.join('; '));
    const changed = changedPaths(before, after, planned.paths);
    const hiddenChanged = planned.hidden.length > 0 && !jsonEquals(before, after);
    if (changed.length === 0 && !hiddenChanged) return quietRecord(base, 'skip', options.skipReason ?? 'already as asked');
    return {
      ...base,
      outcome: 'change',
      ...(options.reason ? { reason: options.reason } : {}),
      request: {
        method: 'PATCH',
        path: resourcePath(ctx.endpoint, base.id),
        body: encodePatch(kept, ctx.dialect, { lookup: resolve }),
        ...(input.etag !== undefined ? { ifMatch: input.etag } : {}),
      },
      diff: diffOf(before, after, planned, changed),
      destructive: deactivates(before, after),
      after: withoutHidden(after, planned.hidden, resolve),
      operations: kept,
      paths: changed.slice(0, PATHS_MAX),
    };
  } catch (error) {
    return quietRecord(base, 'bad', messageOf(error));
  }
}

/** Where a create puts the key: an email key becomes the work email; ids are the server's to give. */
const KEY_PATHS: Record<BulkKeyAttribute, string | undefined> = {
  userName: 'userName',
  externalId: 'externalId',
  displayName: 'displayName',
  'emails.value': 'emails[type eq "work"].value',
  id: undefined,
};

/**
 * The record of a create (upsert, or groupAdd with createMissing, of a row that matched nothing): a POST of
 * the row's values built into a resource (sub-attributes, typed values and extensions nested, extension
 * URNs listed in `schemas`), with the key set where it can be.
 */
export function createRecord(
  ctx: PlanContext,
  input: PlanTargetInput,
  values: Record<string, unknown>,
  keyAttribute: BulkKeyAttribute,
  extra: { bulkId?: string } = {},
): BulkPlanRecord {
  const base = recordBase({ ...input, before: null });
  const resolve = resolverFor(ctx.schemas, ctx.coreSchemaUrn);
  const keyPath = KEY_PATHS[keyAttribute];
  const named = new Set(Object.keys(values).map((path) => path.toLowerCase()));
  const all = keyPath !== undefined && !named.has(keyPath.toLowerCase()) ? { [keyPath]: input.key, ...values } : values;
  const skeleton: Record<string, unknown> = { schemas: [ctx.coreSchemaUrn] };
  try {
    const planned = valueOps('add', all, skeleton, resolve);
    const body = applyPatch(skeleton, planned.ops, { lookup: resolve });
    const errors = schemaErrors(planned.ops, resolve, ctx.coreSchemaUrn, skeleton);
    if (errors.length > 0) return quietRecord(base, 'bad', errors.join('; '));
    const written = planned.paths.filter((path) => hasValue(valueAtPath(body, path)));
    return {
      ...base,
      display: displayOf(body, input.key),
      outcome: 'create',
      ...(keyPath === undefined ? { reason: `The server gives ids: created without the key “${input.key}”.` } : {}),
      request: { method: 'POST', path: endpointPath(ctx.endpoint), body },
      diff: diffOf(null, body, planned, written),
      destructive: false,
      after: withoutHidden(body, planned.hidden, resolve),
      operations: planned.ops,
      paths: written.slice(0, PATHS_MAX),
      ...(extra.bulkId !== undefined ? { bulkId: extra.bulkId } : {}),
    };
  } catch (error) {
    return quietRecord(base, 'bad', messageOf(error));
  }
}
