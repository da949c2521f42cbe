/**
 * The plan of a bulk change (issue #14): one target, read fresh, becomes one BulkPlanRecord holding the
 * exact request in the plan's dialect, the attribute-level diff, and what the send needs to check for
 * conflicts and verify. Pure: the plan job reads the resources and hands them in.
 */
import type { BulkAction, BulkPlanRecord, BulkTotals } from '../contract/bulk';
import { defaultKeyAttribute, notFoundReason, quietRecord, recordBase, resourcePath, type PlanContext, type PlanTargetInput } from './plan-common';
import { changeRecord, clearOps, createRecord, valueOps } from './plan-ops';

export { notFoundReason, type PlanContext, type PlanTargetInput } from './plan-common';
export { planCreateThenAdd, planMembership, planReplaceMembers, type GroupPlanContext } from './plan-members';

/** The values a target gets: its row's, with the action's fixed values over them (a fixed value wins). */
function valuesFor(action: { values: Record<string, unknown> }, input: PlanTargetInput): Record<string, unknown> {
  return { ...(input.row ?? {}), ...action.values };
}

/**
 * The record of set, add, clear, deactivate, reactivate, delete or upsert on one target. A target that
 * matched nothing is `notFound`, except for upsert, which creates it. groupAdd, groupRemove and
 * replaceMembers are planned by planMembership / planReplaceMembers, restore by planRestore.
 */
export function planTarget(ctx: PlanContext, action: BulkAction, input: PlanTargetInput): BulkPlanRecord {
  const keyAttribute = input.keyAttribute ?? defaultKeyAttribute(ctx.coreSchemaUrn);
  const before = input.before;
  if (before === null) {
    if (action.kind === 'upsert') return createRecord(ctx, input, valuesFor(action, input), keyAttribute);
    return quietRecord(recordBase(input), 'notFound', notFoundReason(ctx.coreSchemaUrn, keyAttribute, input.key));
  }
  const target = { ...input, before };
  switch (action.kind) {
    case 'set':
    case 'upsert':
      return changeRecord(ctx, target, (resolve) => valueOps('set', valuesFor(action, input), before, resolve));
    case 'add':
      return changeRecord(ctx, target, (resolve) => valueOps('add', valuesFor(action, input), before, resolve));
    case 'clear':
      return changeRecord(ctx, target, (resolve) => clearOps(action.paths, before, resolve));
    case 'deactivate':
      return changeRecord(ctx, target, (resolve) => valueOps('set', { active: false }, before, resolve), { skipReason: 'already inactive' });
    case 'reactivate':
      return changeRecord(ctx, target, (resolve) => valueOps('set', { active: true }, before, resolve), { skipReason: 'already active' });
    case 'delete':
      return deleteRecord(ctx, target);
    default:
      throw new TypeError(`planTarget does not plan “${action.kind}”: see planMembership, planReplaceMembers and planRestore`);
  }
}

/** A DELETE of the resource as read (If-Match its ETag). */
export function deleteRecord(ctx: PlanContext, input: PlanTargetInput & { before: Record<string, unknown> }, reason?: string): BulkPlanRecord {
  const base = recordBase(input);
  if (base.id === undefined) return quietRecord(base, 'bad', 'The server sent this resource without an id.');
  return {
    ...base,
    outcome: 'delete',
    ...(reason ? { reason } : {}),
    request: { method: 'DELETE', path: resourcePath(ctx.endpoint, base.id), ...(input.etag !== undefined ? { ifMatch: input.etag } : {}) },
    diff: [{ path: '(resource)', before: base.display, after: null }],
    destructive: true,
    after: null,
    paths: [],
  };
}

/** Counts per outcome, and the destructive ones (deletes and deactivations) that BULK_CONFIRM_THRESHOLD applies to. */
export function totalsOf(records: Iterable<Pick<BulkPlanRecord, 'outcome' | 'destructive'>>): BulkTotals {
  const totals: BulkTotals = { change: 0, create: 0, delete: 0, skip: 0, notFound: 0, bad: 0, destructive: 0 };
  for (const record of records) {
    totals[record.outcome]++;
    if (record.destructive) totals.destructive++;
  }
  return totals;
}
