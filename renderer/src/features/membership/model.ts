/**
 * Group membership as the workbench lists it: which requests list a group's members without one
 * 10,000-member response, and how members are searched and shown. Planning a change (its PATCH or PUT
 * requests, their halves after a 413, the read-back) is shared with the main side's membership job:
 * shared/scim/membership.ts.
 */
import type { Capabilities, ScimResource } from '../../../../shared/contract';
import { refsIn, type MemberRef } from '../../../../shared/scim';
import { usersHaveGroups } from '../../scim/capabilities';

// Re-exported for this feature's readers of members (queries.ts, the tabs and the change review).
export { refsIn, type MemberRef, type MembershipChange } from '../../../../shared/scim';

/** Without a limit stated by the server, members per request; editable before sending, halved on a 413. */
export const DEFAULT_CHUNK_SIZE = 1000;
export const MEMBER_PAGE_SIZE = 50;

/** Attributes asked for when members are listed as Users: `groups` is there so the local filter check can run. */
export const MEMBER_USER_ATTRIBUTES = ['userName', 'displayName', 'name', 'emails', 'active', 'groups'];

/**
 * A group's members can be paged by the server by searching Users with `groups.value eq "<id>"`
 * when users carry `groups` and the server filters; otherwise the group is read with only its members.
 */
export function canPageMembersAsUsers(capabilities: Capabilities): boolean {
  return capabilities.filter.supported !== false && usersHaveGroups(capabilities);
}

/** Case-insensitive search over display names and ids, for member lists held in memory. */
export function searchRefs(refs: readonly MemberRef[], query: string): MemberRef[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...refs];
  return refs.filter((r) => r.value.toLowerCase().includes(q) || (r.display?.toLowerCase().includes(q) ?? false));
}

/** Whether a group resource lists `memberId` in `members` (undefined when it carries no members at all). */
export function listsMember(group: ScimResource, memberId: string): boolean | undefined {
  const members = refsIn(group, 'members');
  return members ? members.some((m) => m.value === memberId) : undefined;
}
