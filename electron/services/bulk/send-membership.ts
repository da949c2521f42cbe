/**
 * Group membership records (add to / remove from a group, replace its members) are verified together
 * at the end, by one read of each group's members, rather than a read of a possibly huge group after
 * every record (as the membership job does).
 */
import type { BulkPlanRecord } from '../../../shared/contract';
import type { PatchOperation } from '../../../shared/patch';
import { parsePatchPath } from '../../../shared/patch';
import { refsIn } from '../../../shared/scim';
import { messageOf, targetOf, type Resource } from './send-wire';
import type { ReadContext, Verdict } from './send-checks';

interface Expectation {
  add: string[];
  remove: string[];
  /** A replace of `members`: the group holds exactly `add`. */
  exact: boolean;
}

/** The members a record asks for and against, from its RFC operations (refs to creates already resolved). */
export function memberExpectation(operations: readonly PatchOperation[]): Expectation {
  const expectation: Expectation = { add: [], remove: [], exact: false };
  for (const operation of operations) {
    const path = operation.path ?? '';
    if (path.toLowerCase() === 'members' && (operation.op === 'add' || operation.op === 'replace')) {
      expectation.add.push(...valuesOf(operation.value));
      if (operation.op === 'replace') expectation.exact = true;
    } else if (operation.op === 'remove') {
      const value = removedValue(path);
      if (value !== undefined) expectation.remove.push(value);
      else if (path.toLowerCase() === 'members') expectation.exact = true; // every member removed
    }
  }
  return expectation;
}

function valuesOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.flatMap((entry) => {
    const v = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>).value : undefined;
    return typeof v === 'string' || typeof v === 'number' ? [String(v)] : [];
  });
}

/** `members[value eq "42"]` → "42". */
function removedValue(path: string): string | undefined {
  try {
    const parsed = parsePatchPath(path);
    const filter = parsed.filter;
    if (parsed.attr.name.toLowerCase() !== 'members' || filter?.kind !== 'compare' || filter.op !== 'eq') return undefined;
    return filter.path.name.toLowerCase() === 'value' && filter.value !== null ? String(filter.value) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads each group once (attributes=members) and judges each record of it: done when every member it
 * adds is there and every one it removes is not, drifted with the differences otherwise. A group that
 * comes back without members cannot show an add landed: those records are done, unverified.
 */
export async function verifyMemberships(
  ctx: ReadContext,
  items: ReadonlyArray<{ record: BulkPlanRecord; operations: readonly PatchOperation[]; exchangeId?: string }>,
): Promise<Map<number, Verdict>> {
  const byGroup = new Map<string, typeof items>();
  for (const item of items) {
    const key = item.record.request!.path;
    byGroup.set(key, [...(byGroup.get(key) ?? []), item]);
  }
  const verdicts = new Map<number, Verdict>();
  for (const [path, group] of byGroup) {
    const { endpoint, id } = targetOf(path);
    let members: Set<string> | undefined;
    let unverified: string | undefined;
    try {
      const read = await ctx.engine.get({ connectionId: ctx.connectionId, endpoint, id: id!, attributes: ['members'] }, ctx.signal);
      members = membersOf(read.resource);
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      unverified = `Written, but the group could not be read back to verify: ${messageOf(error)}`;
    }
    for (const { record, operations, exchangeId } of group) {
      const expectation = memberExpectation(operations);
      // RFC 7643 §2.5: asked for members and sent none, a group has none; but that cannot prove an add.
      const present = members ?? (unverified === undefined && expectation.add.length === 0 ? new Set<string>() : undefined);
      if (!present) {
        verdicts.set(record.index, {
          outcome: 'done',
          exchangeId,
          error: unverified ?? 'Written; the server sends the group without its members, so not verified.',
        });
        continue;
      }
      const differing = [
        ...expectation.add.filter((v) => !present.has(v)).map((v) => `members: asked to add ${v}, not a member`),
        ...expectation.remove.filter((v) => present.has(v)).map((v) => `members: asked to remove ${v}, still a member`),
        ...(expectation.exact ? [...present].filter((v) => !expectation.add.includes(v)).map((v) => `members: ${v} is a member, not asked`) : []),
      ];
      verdicts.set(record.index, differing.length ? { outcome: 'drifted', differences: differing, exchangeId } : { outcome: 'done', exchangeId });
    }
  }
  return verdicts;
}

/** The group's member ids; undefined when it came back without `members`. */
function membersOf(group: Resource): Set<string> | undefined {
  const refs = refsIn(group, 'members');
  return refs ? new Set(refs.map((m) => m.value)) : undefined;
}
