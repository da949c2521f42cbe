import type { MembershipJobParams } from '../../../../shared/contract';
import { changesByGroup, differenceNote, paramFactKey, refsIn, userAndGroupTypes, usersHaveGroups, verify, type GroupChange } from '../../../../shared/scim';
import type { ScimEngine } from '../../engine/engine';

/** Users read one by one at most, when groups come back without their members. */
export const MAX_USER_READS = 500;

export type ReadBack =
  { state: 'verified' | 'differences'; checked: number; differences: number; notes: string[] } | { state: 'unverified'; reason: string; notes: string[] };

/**
 * What the server stored against what the job asked, read back after the sends: each changed group
 * with `attributes=members`. A server that sends a group without `members` is asked its users'
 * `groups` instead (where users carry it and the server was not seen to leave it stale), one user at
 * a time and at most MAX_USER_READS of them.
 */
export async function readBack(engine: ScimEngine, params: MembershipJobParams, signal: AbortSignal): Promise<ReadBack> {
  const { connectionId } = params;
  const groups = changesByGroup(params.requests);
  const capabilities = await engine.capabilities(connectionId, { signal });
  const usersEndpoint = params.usersEndpoint ?? userAndGroupTypes(capabilities).users?.endpoint;
  const groupsKept = usersEndpoint !== undefined && engine.learned.get(connectionId, paramFactKey(usersEndpoint, 'groups'))?.state !== 'ignored';
  const viaUsers = usersEndpoint !== undefined && usersHaveGroups(capabilities) && groupsKept ? usersEndpoint : undefined;
  const notes: string[] = [];
  let checked = 0;
  let differences = 0;
  let userReads = 0;
  for (const group of groups) {
    const read = await engine.get({ connectionId, endpoint: params.groupsEndpoint, id: group.groupId, attributes: ['members'] }, signal);
    const members = refsIn(read.resource, 'members');
    let present: Set<string>;
    if (members) present = new Set(members.map((m) => m.value));
    else if (viaUsers) {
      const ids = [...new Set([...group.add, ...group.remove].map((m) => m.value))];
      userReads += ids.length;
      if (userReads > MAX_USER_READS) return { state: 'unverified', reason: 'too many members to read back one by one', notes };
      present = new Set();
      for (const id of ids) {
        const user = await engine.get({ connectionId, endpoint: viaUsers, id, attributes: ['groups'] }, signal);
        if ((refsIn(user.resource, 'groups') ?? []).some((g) => g.value === String(group.groupId))) present.add(id);
      }
    } else if (group.add.length > 0) {
      // Either the adds did not land or the server never sends members: nothing here tells which.
      return {
        state: 'unverified',
        reason: `the server sent ${describeGroup(group)} without its members, and its users carry no groups to ask instead`,
        notes,
      };
    } else {
      // RFC 7643 §2.5: an attribute without a value is left out. Asked for members and sent none, the group has none.
      present = new Set();
    }
    const result = verify(group.add, group.remove, present);
    checked += result.checked;
    const where = groups.length > 1 ? group : undefined;
    for (const m of result.missing) notes.push(differenceNote('missing', m, where));
    for (const m of result.remaining) notes.push(differenceNote('remaining', m, where));
    differences += result.missing.length + result.remaining.length;
  }
  return { state: differences ? 'differences' : 'verified', checked, differences, notes };
}

const describeGroup = (group: GroupChange) => `“${group.groupName}” (${String(group.groupId)})`;
