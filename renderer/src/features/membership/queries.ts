import { queryOptions } from '@tanstack/react-query';
import type { Bridge, ListAllResult } from '../../../../shared/contract';
import { formatCount } from '../../lib/format';
import { groupsWithMemberFilter, isRefusedFilter, membersAsUsersFilter, refOf, scimKeys, searchInput, type SearchInput } from '../../scim';
import { listsMember, MEMBER_PAGE_SIZE, MEMBER_USER_ATTRIBUTES, refsIn, type MemberRef } from './model';

/** Everything the workbench read from one connection: invalidated after every membership change. */
const membershipKey = scimKeys.membership;

interface GroupScope {
  connectionId: string;
  groupId: string | number;
}

/**
 * The `scim.list` filter parameters of a page of a group's members as Users: `groups.value eq "<group>"`
 * alone (its fit is checked by the Members tab, which reads the group instead when the server ignores
 * or refuses it), or narrowed by a search, which must come back right: where the server refuses or
 * ignores the search's terms, the main side matches it over the users instead (bounded, with progress).
 */
export function memberUsersFilter(scope: GroupScope & { usersEndpoint: string; query: string }): SearchInput | { filter: string } {
  const filter = membersAsUsersFilter(scope.groupId, scope.query);
  return scope.query.trim() ? searchInput(scope.connectionId, scope.usersEndpoint, filter) : { filter };
}

/** One page of a group's members as Users (`groups.value eq "<group>"`), paged and searched by the server (or matched on the main side). */
export const memberUsersPageQuery = (bridge: Bridge, scope: GroupScope & { usersEndpoint: string; query: string; page: number }) =>
  queryOptions({
    queryKey: [...membershipKey(scope.connectionId), 'group', String(scope.groupId), 'as-users', scope.query, scope.page] as const,
    queryFn: ({ signal }) =>
      bridge.call(
        'scim.list',
        {
          connectionId: scope.connectionId,
          endpoint: scope.usersEndpoint,
          ...memberUsersFilter(scope),
          startIndex: scope.page * MEMBER_PAGE_SIZE + 1,
          count: MEMBER_PAGE_SIZE,
          attributes: MEMBER_USER_ATTRIBUTES,
        },
        { signal },
      ),
    staleTime: 30_000,
  });

/** Every member of a group, read with `attributes=members` only: for servers that cannot page them. */
export const groupMembersQuery = (bridge: Bridge, scope: GroupScope & { groupsEndpoint: string }) =>
  queryOptions({
    queryKey: [...membershipKey(scope.connectionId), 'group', String(scope.groupId), 'members'] as const,
    queryFn: async ({ signal }) => {
      const read = await bridge.call(
        'scim.get',
        { connectionId: scope.connectionId, endpoint: scope.groupsEndpoint, id: scope.groupId, attributes: ['members'] },
        { signal },
      );
      return refsIn(read.resource, 'members') ?? [];
    },
    staleTime: 30_000,
  });

/** A display name for a member the group lists without one. */
export const memberNameQuery = (bridge: Bridge, scope: { connectionId: string; usersEndpoint: string; id: string }) =>
  queryOptions({
    queryKey: [...membershipKey(scope.connectionId), 'name', scope.id] as const,
    queryFn: async ({ signal }) => {
      const read = await bridge.call(
        'scim.get',
        { connectionId: scope.connectionId, endpoint: scope.usersEndpoint, id: scope.id, attributes: ['userName', 'displayName'] },
        { signal },
      );
      return refOf(read.resource).display ?? null;
    },
    staleTime: 5 * 60_000,
    retry: false,
  });

export type UserGroupsSource = 'groups-attribute' | 'members-filter' | 'filtered-here';
export interface UserGroups {
  groups: MemberRef[];
  source: UserGroupsSource;
  /** How the groups were found when not as asked (a filter the server ignored or refused, an attribute it does not keep). */
  note?: string;
}

type GroupsOf = { connectionId: string; groupsEndpoint: string };

/**
 * What a note adds when the main side did not read every group (the listing's limit, or a server that
 * stops paging): how many were read, and why. Empty when the listing is complete.
 */
export function unreadGroupsNote(listing: Pick<ListAllResult, 'resources' | 'totalResults' | 'complete' | 'stoppedBecause'>): string {
  if (listing.complete) return '';
  const read = listing.resources.length;
  const of = listing.totalResults !== null && listing.totalResults > read ? ` of ${formatCount(listing.totalResults)}` : '';
  return `This list may be incomplete: ${formatCount(read)}${of} groups were read.${listing.stoppedBecause ? ` ${listing.stoppedBecause}` : ''}`;
}

const sentences = (...parts: string[]) => parts.filter(Boolean).join(' ');

/**
 * Groups listing `memberId`, by searching Groups with `members.value eq` (every page, read on the main
 * side). A server that ignores the filter sends every group: those carrying `members` are picked here.
 * A server that refuses it has its groups read with their members and picked here. The note says which
 * way was used, and when not every group could be read.
 */
async function groupsListing(bridge: Bridge, scope: GroupsOf, memberId: string, signal: AbortSignal): Promise<UserGroups> {
  const filter = groupsWithMemberFilter(memberId);
  let listing: ListAllResult;
  try {
    listing = await bridge.call(
      'scim.listAll',
      { connectionId: scope.connectionId, endpoint: scope.groupsEndpoint, filter, excludedAttributes: ['members'] },
      { signal },
    );
  } catch (error) {
    if (!isRefusedFilter(error)) throw error;
    return groupsReadWhole(bridge, scope, memberId, filter, signal, 'refuses');
  }
  // Groups that came back with their members (the server ignored excludedAttributes) are checked here;
  // then a group without `members` has none (RFC 7643 leaves an empty attribute out).
  const withMembers = listing.resources.some((group) => listsMember(group, memberId) !== undefined);
  const found: MemberRef[] = [];
  let ignored = 0;
  let unchecked = 0;
  for (const group of listing.resources) {
    const lists = listsMember(group, memberId) ?? (withMembers ? false : undefined);
    if (lists === false) ignored += 1;
    else found.push(refOf(group));
    if (lists === undefined) unchecked += 1;
  }
  // Groups sent without their members cannot be checked here: ask for a member no group has (one group,
  // with its members). A server that sends a group for it ignores the filter; read them instead.
  if (unchecked > 0 && ignored === 0) {
    const probe = await bridge.call(
      'scim.listAll',
      { connectionId: scope.connectionId, endpoint: scope.groupsEndpoint, filter: groupsWithMemberFilter(NO_SUCH_MEMBER), limit: 1 },
      { signal },
    );
    if (probe.resources.length > 0) return groupsReadWhole(bridge, scope, memberId, filter, signal, 'ignores');
  }
  const unread = unreadGroupsNote(listing);
  return ignored > 0
    ? {
        groups: found,
        source: 'filtered-here',
        note: sentences(
          `The server ignored the filter ${filter} and sent ${listing.resources.length} groups; the ${found.length} that list this user were picked here.`,
          unread,
        ),
      }
    : { groups: found, source: 'members-filter', ...(unread ? { note: unread } : {}) };
}

/** A member id no group lists: a server that applies `members.value eq` answers none for it. */
const NO_SUCH_MEMBER = 'scim-desk-no-such-member';

/** Every group with its members (up to the listing's limit, said when reached), the ones listing `memberId` picked here. */
async function groupsReadWhole(
  bridge: Bridge,
  scope: GroupsOf,
  memberId: string,
  refused: string,
  signal: AbortSignal,
  why: 'refuses' | 'ignores',
): Promise<UserGroups> {
  const listing = await bridge.call('scim.listAll', { connectionId: scope.connectionId, endpoint: scope.groupsEndpoint }, { signal });
  const found = listing.resources.filter((group) => listsMember(group, memberId)).map(refOf);
  const read = listing.resources.length;
  return {
    groups: found,
    source: 'filtered-here',
    note: sentences(
      `The server ${why} the filter ${refused}; its ${formatCount(read)} groups were read with their members and the ${formatCount(found.length)} that list this user picked here.`,
      unreadGroupsNote(listing),
    ),
  };
}

/**
 * The groups a user is in: its `groups` attribute where users carry one (RFC 7643 §4.1.2), cross-checked
 * by a search of Groups when that attribute is empty or missing (some servers do not maintain it), else
 * the search alone. Every way reaches the answer; the note says which was used and why.
 */
export const userGroupsQuery = (
  bridge: Bridge,
  scope: { connectionId: string; usersEndpoint: string; groupsEndpoint: string; userId: string | number; viaAttribute: boolean },
) =>
  queryOptions({
    queryKey: [...membershipKey(scope.connectionId), 'user', String(scope.userId), 'groups'] as const,
    queryFn: async ({ signal }): Promise<UserGroups> => {
      const memberId = String(scope.userId);
      if (!scope.viaAttribute) return groupsListing(bridge, scope, memberId, signal);
      const read = await bridge.call(
        'scim.get',
        { connectionId: scope.connectionId, endpoint: scope.usersEndpoint, id: scope.userId, attributes: ['groups'] },
        { signal },
      );
      const attribute = refsIn(read.resource, 'groups');
      if (attribute && attribute.length > 0) return { groups: attribute, source: 'groups-attribute' };
      const searched = await groupsListing(bridge, scope, memberId, signal);
      if (searched.groups.length === 0) return { groups: [], source: 'groups-attribute', ...(searched.note ? { note: searched.note } : {}) };
      const said = attribute ? 'is empty' : 'is missing';
      return {
        ...searched,
        note: `This user's groups attribute ${said}, but ${formatCount(searched.groups.length)} group${searched.groups.length === 1 ? ' lists' : 's list'} the user as a member: the server does not keep groups on users up to date.${searched.note ? ` ${searched.note}` : ''}`,
      };
    },
    staleTime: 30_000,
  });
