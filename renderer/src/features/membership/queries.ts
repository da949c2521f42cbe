import { queryOptions } from '@tanstack/react-query';
import type { Bridge, ListPage } from '../../../../shared/contract';
import { isBridgeError } from '../../bridge/BridgeError';
import { formatCount } from '../../lib/format';
import { fallbackFilter, quickFilter, scimString } from '../browser/search';
import { scimKeys } from '../users/queries';
import { groupsWithMemberFilter, idText, listsMember, MEMBER_PAGE_SIZE, MEMBER_USER_ATTRIBUTES, membersAsUsersFilter, presenceFilter, refOf, refsIn, searchRefs, type MemberRef } from './model';

/** Everything the workbench read from one connection: invalidated after every membership change. */
export const membershipKey = (connectionId: string) => [...scimKeys.connection(connectionId), 'membership'] as const;

interface GroupScope {
  connectionId: string;
  groupId: string | number;
}

/** One page of a group's members as Users (`groups.value eq "<group>"`), paged and searched by the server. */
export const memberUsersPageQuery = (bridge: Bridge, scope: GroupScope & { usersEndpoint: string; query: string; page: number }) =>
  queryOptions({
    queryKey: [...membershipKey(scope.connectionId), 'group', String(scope.groupId), 'as-users', scope.query, scope.page] as const,
    queryFn: ({ signal }) =>
      bridge.call(
        'scim.list',
        {
          connectionId: scope.connectionId,
          endpoint: scope.usersEndpoint,
          filter: membersAsUsersFilter(scope.groupId, scope.query),
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
      const read = await bridge.call('scim.get', { connectionId: scope.connectionId, endpoint: scope.groupsEndpoint, id: scope.groupId, attributes: ['members'] }, { signal });
      return refsIn(read.resource, 'members') ?? [];
    },
    staleTime: 30_000,
  });

/** A display name for a member the group lists without one. */
export const memberNameQuery = (bridge: Bridge, scope: { connectionId: string; usersEndpoint: string; id: string }) =>
  queryOptions({
    queryKey: [...membershipKey(scope.connectionId), 'name', scope.id] as const,
    queryFn: async ({ signal }) => {
      const read = await bridge.call('scim.get', { connectionId: scope.connectionId, endpoint: scope.usersEndpoint, id: scope.id, attributes: ['userName', 'displayName'] }, { signal });
      return refOf(read.resource).display ?? null;
    },
    staleTime: 5 * 60_000,
    retry: false,
  });

/** Which of `ids` are members now, asked of the server in pages of 50 ids (the check after a change). */
export async function membersPresentAsUsers(bridge: Bridge, scope: GroupScope & { usersEndpoint: string }, ids: readonly string[]): Promise<Set<string>> {
  const present = new Set<string>();
  for (let i = 0; i < ids.length; i += 50) {
    const chunk = ids.slice(i, i + 50);
    const page = await bridge.call('scim.list', { connectionId: scope.connectionId, endpoint: scope.usersEndpoint, filter: presenceFilter(scope.groupId, chunk), count: chunk.length, attributes: ['groups'] });
    for (const r of page.resources) if (chunk.includes(idText(r))) present.add(idText(r));
  }
  return present;
}

export type UserGroupsSource = 'groups-attribute' | 'members-filter' | 'filtered-here';
export interface UserGroups {
  groups: MemberRef[];
  source: UserGroupsSource;
  /** How the groups were found when not as asked (a filter the server ignored or refused, an attribute it does not keep). */
  note?: string;
}

const MAX_GROUP_PAGES = 20;
const GROUP_PAGE = 200;

type GroupsOf = { connectionId: string; groupsEndpoint: string };

/** A refused filter: 400/501 from the server, or refused at once because the server refused it before (learned). */
const refusedFilter = (error: unknown) => isBridgeError(error) && (error.data.status === 400 || error.data.status === 501 || (error.code === 'unsupported' && !!error.data.learnedKeys?.length));

/**
 * Groups listing `memberId`, by searching Groups with `members.value eq`. A server that ignores the
 * filter sends every group: those carrying `members` are picked here. A server that refuses it has its
 * groups read with their members (bounded) and picked here. The note says which way was used.
 */
async function groupsListing(bridge: Bridge, scope: GroupsOf, memberId: string, signal: AbortSignal): Promise<UserGroups> {
  const filter = groupsWithMemberFilter(memberId);
  const found: MemberRef[] = [];
  let ignored = 0;
  let startIndex = 1;
  try {
    for (let n = 0; n < MAX_GROUP_PAGES; n++) {
      const page: ListPage = await bridge.call('scim.list', { connectionId: scope.connectionId, endpoint: scope.groupsEndpoint, filter, startIndex, count: GROUP_PAGE, excludedAttributes: ['members'] }, { signal });
      for (const group of page.resources) {
        // A group that came back with its members (the server ignored excludedAttributes) is checked here.
        const lists = listsMember(group, memberId);
        if (lists === false) ignored += 1;
        else found.push(refOf(group));
      }
      startIndex += page.resources.length;
      if (page.resources.length === 0 || page.totalResults === null || startIndex > page.totalResults) break;
    }
  } catch (error) {
    if (!refusedFilter(error)) throw error;
    return groupsReadWhole(bridge, scope, memberId, filter, signal);
  }
  return ignored > 0
    ? { groups: found, source: 'filtered-here', note: `The server ignored the filter ${filter} and sent ${ignored + found.length} groups; the ${found.length} that list this user were picked here.` }
    : { groups: found, source: 'members-filter' };
}

/** Every group with its members (at most MAX_GROUP_PAGES pages), the ones listing `memberId` picked here. */
async function groupsReadWhole(bridge: Bridge, scope: GroupsOf, memberId: string, refused: string, signal: AbortSignal): Promise<UserGroups> {
  const found: MemberRef[] = [];
  let read = 0;
  let total: number | null = null;
  let startIndex = 1;
  for (let n = 0; n < MAX_GROUP_PAGES; n++) {
    const page: ListPage = await bridge.call('scim.list', { connectionId: scope.connectionId, endpoint: scope.groupsEndpoint, startIndex, count: GROUP_PAGE }, { signal });
    for (const group of page.resources) if (listsMember(group, memberId)) found.push(refOf(group));
    read += page.resources.length;
    total = page.totalResults;
    startIndex += page.resources.length;
    if (page.resources.length === 0 || total === null || startIndex > total) break;
  }
  const bound = total !== null && read < total ? ` Only the first ${formatCount(read)} of ${formatCount(total)} groups were read.` : '';
  return {
    groups: found,
    source: 'filtered-here',
    note: `The server refuses the filter ${refused}; its ${formatCount(read)} groups were read with their members and the ${formatCount(found.length)} that list this user picked here.${bound}`,
  };
}

/**
 * The groups a user is in: its `groups` attribute where users carry one (RFC 7643 §4.1.2), cross-checked
 * by a search of Groups when that attribute is empty or missing (some servers do not maintain it), else
 * the search alone. Every way reaches the answer; the note says which was used and why.
 */
export const userGroupsQuery = (bridge: Bridge, scope: { connectionId: string; usersEndpoint: string; groupsEndpoint: string; userId: string | number; viaAttribute: boolean }) =>
  queryOptions({
    queryKey: [...membershipKey(scope.connectionId), 'user', String(scope.userId), 'groups'] as const,
    queryFn: async ({ signal }): Promise<UserGroups> => {
      const memberId = String(scope.userId);
      if (!scope.viaAttribute) return groupsListing(bridge, scope, memberId, signal);
      const read = await bridge.call('scim.get', { connectionId: scope.connectionId, endpoint: scope.usersEndpoint, id: scope.userId, attributes: ['groups'] }, { signal });
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

export interface PickerResults {
  refs: MemberRef[];
  total: number | null;
  /** How the search was done, when not as asked (a fallback filter, or matching done here). */
  note?: string;
}

/** "50 of 2,500 found": what a picker search shows of its total. */
export function foundText(results: PickerResults | undefined): string {
  if (!results) return '';
  const { refs, total } = results;
  return `${formatCount(refs.length)}${total !== null && total > refs.length ? ` of ${formatCount(total)}` : ''} found`;
}

const looksInvalidFilter = (error: unknown) => isBridgeError(error) && error.data.status === 400;

/**
 * Search for the member picker: the browsers' quick filter; `userName eq` where the server refuses
 * that; and, where the server ignores filters, matching here among the first results it sent.
 */
export const pickerQuery = (bridge: Bridge, scope: { connectionId: string; endpoint: string; kind: 'users' | 'groups'; query: string }) =>
  queryOptions({
    queryKey: [...membershipKey(scope.connectionId), 'picker', scope.endpoint, scope.query] as const,
    queryFn: async ({ signal }): Promise<PickerResults> => {
      const q = scope.query.trim();
      const list = (filter?: string) =>
        bridge.call(
          'scim.list',
          { connectionId: scope.connectionId, endpoint: scope.endpoint, count: q ? 200 : 50, ...(filter ? { filter } : {}), ...(scope.kind === 'groups' ? { excludedAttributes: ['members'] } : {}) },
          { signal },
        );
      if (!q) {
        const page = await list();
        return { refs: page.resources.map(refOf), total: page.totalResults };
      }
      const filter = scope.kind === 'users' ? quickFilter('users', q) : `displayName co ${scimString(q)}`;
      let page: ListPage;
      let note: string | undefined;
      try {
        page = await list(filter);
      } catch (error) {
        if (!(scope.kind === 'users' && looksInvalidFilter(error))) throw error;
        page = await list(fallbackFilter(q));
        note = `The server refused ${filter}; searched with ${fallbackFilter(q)} (exact user name).`;
      }
      if (page.filterCheck && page.filterCheck.mismatches > 0) {
        const matched = searchRefs(page.resources.map(refOf), q);
        return { refs: matched, total: matched.length, note: `The server ignored the filter; matched here among the ${page.resources.length} results it sent.` };
      }
      return { refs: page.resources.map(refOf), total: page.totalResults, ...(note ? { note } : {}) };
    },
    staleTime: 15_000,
  });

