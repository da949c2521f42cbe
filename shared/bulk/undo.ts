/**
 * Undoing a send job (issue #14): each confirmed change is planned in reverse, from the before-state the
 * job kept and the resource as read now, and then goes through the same plan, dry run and send. A
 * resource changed on the server since the job is still planned (the reason says so) and the send's
 * conflict check guards the write.
 */
import type { BulkAction, BulkDiffEntry, BulkPlanRecord, BulkSendOutcome } from '../contract/bulk';
import { hasValue, isCoreSchemaUri, isJsonObject } from '../filter/resource-access';
import { parsePatchPath, printPatchPath, type PatchOperation } from '../patch/index';
import { withoutReadOnlySubs } from '../patch/schema-source';
import { refsIn, type AttributeResolver, type ScimAttribute } from '../scim/index';
import { differences, valueAtPath } from './compare';
import { deleteRecord } from './plan';
import { capDiff, endpointPath, PATHS_MAX, quietRecord, recordBase } from './plan-common';
import { planMembership, planReplaceMembers, type GroupPlanContext } from './plan-members';
import { changeRecord, valueOps, type PlannedOps } from './plan-ops';
import { resolverFor } from './schema';

export interface UndoInput {
  index: number;
  original: BulkPlanRecord;
  originalAction: BulkAction;
  /** Only done and drifted targets are undone. */
  outcome: BulkSendOutcome;
  /** The id a create got. */
  createdId?: string;
  /** The target read fresh now (for group actions: the user; for replaceMembers: the group); null when gone. */
  current: Record<string, unknown> | null;
  currentEtag?: string;
  recreateDeleted: boolean;
  /** Group actions: the group's members now. */
  memberIds?: ReadonlySet<string>;
}

export const RECREATE_WARNING = 'recreated with a new id: references to the old id will not follow';

type Membership = { kind: 'member'; adding: boolean; groupId: string; groupName: string } | { kind: 'replace'; groupId: string; groupName: string } | undefined;

/** What group change a record made: from its action, or, for an undo's own records (action restore), from the record. */
function membershipOf(record: BulkPlanRecord, action: BulkAction): Membership {
  if (action.kind === 'groupAdd' || action.kind === 'groupRemove') {
    return { kind: 'member', adding: action.kind === 'groupAdd', groupId: action.groupId, groupName: action.groupName };
  }
  if (action.kind === 'replaceMembers') return { kind: 'replace', groupId: action.groupId, groupName: action.groupName };
  if (action.kind !== 'restore' || !record.operations?.length || !record.request) return undefined;
  const onMembers = record.operations.every((op) => /^members(\[|$)/i.test(op.path ?? ''));
  if (!onMembers) return undefined;
  const groupId = decodeURIComponent(record.request.path.slice(record.request.path.lastIndexOf('/') + 1));
  if (record.paths.some((p) => p.toLowerCase() === 'members')) return { kind: 'replace', groupId, groupName: record.display };
  const named = /^member of “(.*)”$/.exec(record.diff[0]?.path ?? '');
  return { kind: 'member', adding: record.operations[0]!.op === 'add', groupId, groupName: named?.[1] ?? groupId };
}

/**
 * The reverse change of one sent target, as a plan record:
 * - a change → the changed paths put back to their before-values (skip "already as before");
 * - a delete → a create of the before-state when recreateDeleted (ids will differ), else skip;
 * - a create → a delete of the created resource;
 * - groupAdd ↔ groupRemove; replaceMembers → the members as before.
 */
export function planRestore(ctx: GroupPlanContext, input: UndoInput): BulkPlanRecord {
  const { original, current } = input;
  const target = {
    index: input.index,
    key: original.key,
    ...(original.line !== undefined ? { line: original.line } : {}),
    before: current,
    ...(input.currentEtag !== undefined ? { etag: input.currentEtag } : {}),
  };
  const quiet = (outcome: 'skip' | 'notFound', reason: string) => quietRecord({ ...recordBase(target), display: original.display }, outcome, reason);
  if (input.outcome !== 'done' && input.outcome !== 'drifted') return quiet('skip', `nothing to undo: it was ${input.outcome}`);

  switch (original.outcome) {
    case 'create': {
      if (original.dependsOn !== undefined) return quiet('skip', 'undone with the create it depends on');
      if (current === null) return quiet('skip', 'already deleted');
      return deleteRecord(ctx, { ...target, before: current }, 'deletes what the job created');
    }
    case 'delete':
      if (current !== null) return quiet('skip', 'not deleted: it is on the server');
      if (!input.recreateDeleted || original.before === null) return quiet('skip', 'deleted; recreate not chosen');
      return recreateRecord(ctx, input.index, original);
    case 'change':
      return reverseChange(ctx, input, target, quiet);
    default:
      return quiet('skip', 'nothing was sent for it');
  }
}

function reverseChange(
  ctx: GroupPlanContext,
  input: UndoInput,
  target: { index: number; key: string; line?: number; before: Record<string, unknown> | null; etag?: string },
  quiet: (outcome: 'skip' | 'notFound', reason: string) => BulkPlanRecord,
): BulkPlanRecord {
  const { original, current } = input;
  if (original.dependsOn !== undefined) return quiet('skip', 'undone by deleting the user the job created');
  const membership = membershipOf(original, input.originalAction);
  if (current === null) return quiet('notFound', 'no longer on the server');
  if (membership?.kind === 'member') {
    if (input.memberIds === undefined) throw new TypeError('planRestore needs memberIds to undo a group membership change');
    const reverse = membership.adding
      ? ({ kind: 'groupRemove', groupId: membership.groupId, groupName: membership.groupName } as const)
      : ({ kind: 'groupAdd', groupId: membership.groupId, groupName: membership.groupName, createMissing: false } as const);
    return planMembership(ctx, reverse, { ...target, before: current }, input.memberIds);
  }
  const since = input.outcome === 'done' && original.after !== null ? changedSince(original.after, current, original.paths) : undefined;
  if (membership?.kind === 'replace') {
    const users = (original.before ? (refsIn(original.before, 'members') ?? []) : []).map((m) => ({ id: m.value, display: m.display ?? m.value }));
    const action = { kind: 'replaceMembers', groupId: membership.groupId, groupName: membership.groupName } as const;
    const record = planReplaceMembers(ctx, action, current, input.currentEtag, users, input.index);
    const reason = record.outcome === 'skip' ? 'already as before' : [record.reason, since].filter(Boolean).join('; ');
    return { ...record, key: original.key, ...(reason ? { reason } : {}) };
  }
  return changeRecord(ctx, { ...target, before: current }, (resolve) => restoreOps(original.paths, original.before ?? {}, current, resolve), {
    skipReason: 'already as before',
    ...(since ? { reason: since } : {}),
  });
}

/**
 * Operations putting `paths` back to their values in `before`. Typed values are put back value by value,
 * except where there were or are several of one type (an add appended a second home email): then the
 * elements of that type are removed and the ones `before` had added back whole.
 */
function restoreOps(paths: readonly string[], before: Record<string, unknown>, current: Record<string, unknown>, resolve: AttributeResolver): PlannedOps {
  const values: Record<string, unknown> = {};
  const wholeOps: PatchOperation[] = [];
  const wholePaths: string[] = [];
  for (const path of paths) {
    const was = valueAtPath(before, path);
    const typed = typedElements(path);
    if (typed !== undefined && (Array.isArray(was) || Array.isArray(valueAtPath(current, path)))) {
      const elements = valueAtPath(before, typed.elements);
      wholeOps.push({ op: 'remove', path: typed.elements });
      if (elements !== undefined) wholeOps.push({ op: 'add', path: typed.attribute, value: Array.isArray(elements) ? elements : [elements] });
      wholePaths.push(path);
    } else {
      values[path] = hasValue(was) ? was : null;
    }
  }
  const planned = valueOps('set', values, current, resolve);
  return { ops: [...planned.ops, ...wholeOps], paths: [...planned.paths, ...wholePaths], hidden: planned.hidden };
}

/** `emails[type eq "home"].value` → its elements `emails[type eq "home"]` and attribute `emails`; undefined for other paths. */
function typedElements(path: string): { elements: string; attribute: string } | undefined {
  let parsed;
  try {
    parsed = parsePatchPath(path);
  } catch {
    return undefined;
  }
  if (parsed.filter === undefined || parsed.subAttr === undefined) return undefined;
  return { elements: printPatchPath({ attr: parsed.attr, filter: parsed.filter }), attribute: printPatchPath({ attr: parsed.attr }) };
}

/** "changed on the server since the job: title, active", when the resource no longer holds what the job stored. */
function changedSince(after: Record<string, unknown>, current: Record<string, unknown>, paths: readonly string[]): string | undefined {
  const changed = differences(after, current, paths).map((line) => line.slice(0, line.indexOf(': asked ')));
  return changed.length > 0 ? `changed on the server since the job: ${changed.join(', ')}` : undefined;
}

/** The before-state as a create's body: without id, meta and what the schema marks readOnly (those named in `dropped`). */
function restorable(ctx: GroupPlanContext, before: Record<string, unknown>): { body: Record<string, unknown>; dropped: string[] } {
  const resolve = resolverFor(ctx.schemas, ctx.coreSchemaUrn);
  const dropped: string[] = [];
  /** The definition to strip sub-attributes by, or false to leave the attribute out. */
  const keep = (uri: string | undefined, name: string, value: unknown): ScimAttribute | undefined | false => {
    const lower = name.toLowerCase();
    if (uri === undefined && (lower === 'id' || lower === 'meta')) return false;
    const definition = resolve(uri === undefined ? { name } : { uri, name });
    if (definition?.mutability !== 'readOnly') return definition;
    if (hasValue(value)) dropped.push(uri === undefined ? name : `${uri}:${name}`);
    return false;
  };
  const body: Record<string, unknown> = {};
  for (const key of Object.keys(before)) {
    const value = before[key];
    if (key.includes(':') && !isCoreSchemaUri(key) && isJsonObject(value)) {
      const extension: Record<string, unknown> = {};
      for (const name of Object.keys(value)) {
        const definition = keep(key, name, value[name]);
        if (definition !== false) extension[name] = withoutReadOnlySubs(value[name], definition);
      }
      if (Object.keys(extension).length > 0) body[key] = extension;
      continue;
    }
    const definition = keep(undefined, key, value);
    if (definition !== false) body[key] = withoutReadOnlySubs(value, definition);
  }
  return { body, dropped };
}

/** The paths of a body, as diff and verification name them: top-level names and `urn:…:name` for extensions. */
function pathsOf(body: Record<string, unknown>): string[] {
  const paths: string[] = [];
  for (const key of Object.keys(body)) {
    if (key.toLowerCase() === 'schemas') continue;
    const value = body[key];
    if (key.includes(':') && !isCoreSchemaUri(key) && isJsonObject(value)) for (const name of Object.keys(value)) paths.push(`${key}:${name}`);
    else paths.push(key);
  }
  return paths;
}

/** A deleted resource created again from its before-state (POST; the server gives a new id). */
function recreateRecord(ctx: GroupPlanContext, index: number, original: BulkPlanRecord): BulkPlanRecord {
  const { body, dropped } = restorable(ctx, original.before as Record<string, unknown>);
  const paths = pathsOf(body);
  // A user's groups are the groups' to hold: recreating the user does not put it back in them.
  const lost = dropped.some((path) => path.toLowerCase() === 'groups') ? '; group memberships are not restored' : '';
  const readOnly = dropped.filter((path) => path.toLowerCase() !== 'groups');
  const diff: BulkDiffEntry[] = capDiff(
    paths.map((path) => ({ path, before: undefined, after: valueAtPath(body, path) })),
    (rest) => ({ path: `… and ${rest.length} more attributes`, before: null, after: null }),
  );
  return {
    index,
    ...(original.line !== undefined ? { line: original.line } : {}),
    key: original.key,
    display: original.display,
    outcome: 'create',
    reason: `${RECREATE_WARNING}${lost}${readOnly.length ? `; left out as read-only: ${readOnly.join(', ')}` : ''}`,
    request: { method: 'POST', path: endpointPath(ctx.endpoint), body },
    diff,
    destructive: false,
    before: null,
    after: body,
    paths: paths.slice(0, PATHS_MAX),
  };
}
