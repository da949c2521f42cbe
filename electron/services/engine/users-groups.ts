import type { ListPage } from '../../../shared/contract';
import { parseFilter } from '../../../shared/filter';
import { normalizeEndpoint, paramFactKey } from '../../../shared/scim';
import type { NewFact } from './learned-store';

/** Users remembered per connection; more than one session of browsing needs. */
const USERS_KEPT = 500;

/**
 * Whether a server keeps users' `groups` up to date (RFC 7643 §4.1.2 says it should): a user read with
 * an empty or missing `groups`, then listed as a member by `members.value eq "<id>"` on Groups, proves
 * it does not. The engine sees both requests, so it can learn this itself.
 */
export class UsersGroupsCheck {
  private readonly withoutGroups = new Map<string, Set<string>>();

  /** Notes a user read whose `groups` was empty or missing (a user that shows groups is forgotten). */
  readUser(connectionId: string, id: string, user: Record<string, unknown>): void {
    const key = Object.keys(user).find((k) => k.toLowerCase() === 'groups');
    const groups = key === undefined ? undefined : user[key];
    let ids = this.withoutGroups.get(connectionId);
    if (Array.isArray(groups) && groups.length > 0) {
      ids?.delete(id);
      return;
    }
    if (!ids) this.withoutGroups.set(connectionId, (ids = new Set()));
    ids.delete(id);
    ids.add(id);
    if (ids.size > USERS_KEPT) ids.delete(ids.values().next().value as string);
  }

  /** The fact to learn when a Groups listing by `members.value eq` found groups for a user that showed none. */
  listedGroups(connectionId: string, usersEndpoint: string, filter: string, page: ListPage): NewFact | undefined {
    const member = memberValueOf(filter);
    if (member === undefined || !this.withoutGroups.get(connectionId)?.has(member)) return undefined;
    if (page.resources.length === 0 || (page.filterCheck && page.filterCheck.mismatches > 0)) return undefined;
    const endpoint = normalizeEndpoint(usersEndpoint);
    const n = page.totalResults ?? page.resources.length;
    return {
      key: paramFactKey(endpoint, 'groups'),
      kind: 'param',
      endpoint,
      subject: 'groups',
      state: 'ignored',
      message: `User ${member} was read with no groups, yet ${n} group${n === 1 ? ' lists' : 's list'} it as a member: the server does not keep users' groups up to date.`,
      action: "A user's groups are found by searching Groups, and a group's members are not paged as Users by groups.value.",
      exchangeId: page.exchangeId,
    };
  }
}

/** The id in a filter that is exactly `members.value eq "<id>"`, else undefined. */
function memberValueOf(filter: string): string | undefined {
  try {
    const node = parseFilter(filter);
    if (node.kind !== 'compare' || node.op !== 'eq' || node.path.name.toLowerCase() !== 'members' || node.path.sub?.toLowerCase() !== 'value') return undefined;
    return node.value === null ? undefined : String(node.value);
  } catch {
    return undefined;
  }
}
