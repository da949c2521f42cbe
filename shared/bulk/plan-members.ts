/**
 * Group membership in a bulk change: adding each target user to a group or removing them (one PATCH of
 * the group per user, without If-Match: membership edits commute), creating missing users first, and
 * replacing a group's members with a list (one PATCH of the group, guarded by its ETag).
 */
import type { BulkAction, BulkDiffEntry, BulkPlanRecord } from '../contract/bulk';
import { applyPatch, encodePatch } from '../patch/index';
import { describeRef, memberOps, readOnlySubAttributes, refsIn, SCHEMA_GROUP, type MemberRef } from '../scim/index';
import {
  capDiff,
  defaultKeyAttribute,
  displayOf,
  idOf,
  messageOf,
  notFoundReason,
  quietRecord,
  recordBase,
  resourcePath,
  type PlanContext,
  type PlanTargetInput,
} from './plan-common';
import { createRecord } from './plan-ops';
import { resolverFor } from './schema';

export interface GroupPlanContext extends PlanContext {
  /** The groups' endpoint ("/Groups"). */
  groupsEndpoint: string;
  /** The Group resource type's schema, when it is not RFC 7643's. */
  groupSchemaUrn?: string;
}

type GroupAction = Extract<BulkAction, { kind: 'groupAdd' | 'groupRemove' }>;
type ReplaceMembersAction = Extract<BulkAction, { kind: 'replaceMembers' }>;

const groupResolver = (ctx: GroupPlanContext) => resolverFor(ctx.schemas, ctx.groupSchemaUrn ?? SCHEMA_GROUP);
const memberOf = (groupName: string): string => `member of “${groupName}”`;

function groupRequest(ctx: GroupPlanContext, groupId: string, ops: ReturnType<typeof memberOps>, etag?: string): BulkPlanRecord['request'] {
  return {
    method: 'PATCH',
    path: resourcePath(ctx.groupsEndpoint, groupId),
    body: encodePatch(ops, ctx.dialect, { lookup: groupResolver(ctx) }),
    ...(etag !== undefined ? { ifMatch: etag } : {}),
  };
}

/**
 * groupAdd / groupRemove of one target user: a PATCH of the group adding or removing the user. `memberIds`:
 * the values of the group's current members. Already a member (or not one, for a removal) → skip.
 * The record's before and after are the user (membership lives on the group); its `paths` are empty.
 */
export function planMembership(ctx: GroupPlanContext, action: GroupAction, input: PlanTargetInput, memberIds: ReadonlySet<string>): BulkPlanRecord {
  const base = recordBase(input);
  if (input.before === null) {
    const keyAttribute = input.keyAttribute ?? defaultKeyAttribute(ctx.coreSchemaUrn);
    return quietRecord(base, 'notFound', notFoundReason(ctx.coreSchemaUrn, keyAttribute, input.key));
  }
  if (base.id === undefined) return quietRecord(base, 'bad', 'The server sent this resource without an id.');
  const adding = action.kind === 'groupAdd';
  const isMember = memberIds.has(base.id);
  if (adding && isMember) return quietRecord(base, 'skip', `already a member of “${action.groupName}”`);
  if (!adding && !isMember) return quietRecord(base, 'skip', `not a member of “${action.groupName}”`);
  const ref: MemberRef = { value: base.id };
  const ops = adding ? memberOps([ref], []) : memberOps([], [ref]);
  return {
    ...base,
    outcome: 'change',
    request: groupRequest(ctx, action.groupId, ops),
    diff: [{ path: memberOf(action.groupName), before: isMember, after: !isMember }],
    destructive: false,
    after: input.before,
    operations: ops,
    paths: [],
  };
}

/** The bulkId of the create at plan index `index`: unique within a plan. */
export const bulkIdFor = (index: number): string => `create-${index}`;

/**
 * groupAdd with createMissing, for a row that matched no user: the create (with a bulkId) and the member add
 * (dependsOn the create's index) at the given indices. The add's member value is `bulkId:<bulkId>`: /Bulk
 * resolves it; sent as single requests, the send job puts the created id in its place.
 */
export function planCreateThenAdd(
  ctx: GroupPlanContext,
  action: Extract<BulkAction, { kind: 'groupAdd' }>,
  input: PlanTargetInput,
  indices: [number, number],
): [BulkPlanRecord, BulkPlanRecord] {
  const [createIndex, addIndex] = indices;
  const bulkId = bulkIdFor(createIndex);
  const keyAttribute = input.keyAttribute ?? defaultKeyAttribute(ctx.coreSchemaUrn);
  const create = createRecord(ctx, { ...input, index: createIndex }, input.row ?? {}, keyAttribute, { bulkId });
  const base = { ...recordBase({ ...input, index: addIndex, before: null }), display: create.display };
  if (create.outcome !== 'create') return [create, quietRecord(base, 'bad', `The user cannot be created (see #${createIndex + 1}), so it cannot be added.`)];
  const ops = memberOps([{ value: `bulkId:${bulkId}` }], []);
  return [
    create,
    {
      ...base,
      outcome: 'change',
      request: groupRequest(ctx, action.groupId, ops),
      diff: [{ path: memberOf(action.groupName), before: false, after: true }],
      destructive: false,
      after: create.after,
      operations: ops,
      paths: [],
      dependsOn: createIndex,
    },
  ];
}

/**
 * replaceMembers: the group's members become exactly `users`. One PATCH (removes and an add) with If-Match
 * the group's ETag; the diff lists each member added or removed (at most 500 entries, the rest summed up);
 * `after` is the group with the new members (added ones by value only: the server fills in display).
 */
export function planReplaceMembers(
  ctx: GroupPlanContext,
  action: ReplaceMembersAction,
  group: Record<string, unknown>,
  etag: string | undefined,
  users: ReadonlyArray<{ id: string; display: string }>,
  index: number,
): BulkPlanRecord {
  const groupId = idOf(group) ?? action.groupId;
  const base = {
    ...recordBase({ index, key: action.groupName || groupId, before: group, ...(etag !== undefined ? { etag } : {}) }),
    id: groupId,
    display: displayOf(group, action.groupName || groupId),
  };
  const current = refsIn(group, 'members') ?? [];
  const wanted = new Map<string, MemberRef>();
  for (const user of users) if (!wanted.has(user.id)) wanted.set(user.id, { value: user.id, ...(user.display ? { display: user.display } : {}) });
  const currentIds = new Set(current.map((m) => m.value));
  const add = [...wanted.values()].filter((m) => !currentIds.has(m.value));
  const remove = current.filter((m) => !wanted.has(m.value));
  if (add.length + remove.length === 0) return quietRecord(base, 'skip', 'already exactly these members');

  const readOnly = readOnlySubAttributes(ctx.schemas, ctx.groupSchemaUrn ?? SCHEMA_GROUP, 'members');
  const ops = memberOps(add, remove, readOnly);
  let after: Record<string, unknown>;
  try {
    after = applyPatch(
      group,
      memberOps(
        add.map((m) => ({ value: m.value })),
        remove,
      ),
      { lookup: groupResolver(ctx) },
    );
  } catch (error) {
    return quietRecord(base, 'bad', messageOf(error));
  }
  const entries: BulkDiffEntry[] = [
    ...remove.map((m) => ({ path: `member ${describeRef(m)}`, before: true, after: false })),
    ...add.map((m) => ({ path: `member ${describeRef(m)}`, before: false, after: true })),
  ];
  const diff = capDiff(entries, (rest) => {
    const removed = rest.filter((e) => e.before === true).length;
    return { path: `… and ${rest.length} more members`, before: `${removed} removed`, after: `${rest.length - removed} added` };
  });
  return {
    ...base,
    outcome: 'change',
    reason: `${add.length} to add, ${remove.length} to remove`,
    request: groupRequest(ctx, groupId, ops, etag),
    diff,
    destructive: false,
    after,
    operations: ops,
    paths: ['members'],
  };
}
