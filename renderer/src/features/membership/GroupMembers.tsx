import { keepPreviousData, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { errorMessage, useBridge } from '../../bridge';
import { isRefusedFilter, membersAsUsersFilter, refOf, scanNote, userAndGroupTypes, useUsersGroupsNotKept } from '../../scim';
import type { GroupMembersProps } from '../../ui/DetailTabs';
import { ServerText } from '../../ui/ServerText';
import { useDebounced } from '../../lib/useDebounced';
import { MembershipSteps } from './MembershipSteps';
import { canPageMembersAsUsers, MEMBER_PAGE_SIZE, searchRefs, type MemberRef } from './model';
import { groupMembersQuery, memberNameQuery, memberUsersFilter, memberUsersPageQuery } from './queries';
import { ScanNote } from '../../ui/ScanNote';
import { SelectableList } from './SelectableList';

/**
 * A group's members, paged by the server where it can (Users filtered by `groups.value`), else read
 * once with `attributes=members` and paged here; add through a picker, remove the selected.
 */
export function GroupMembers({ groupId, groupName, ...tab }: GroupMembersProps) {
  const { connection, capabilities, groupsEndpoint, readOnlyReason } = tab;
  const bridge = useBridge();
  const queryClient = useQueryClient();
  const { users } = userAndGroupTypes(capabilities);
  const usersEndpoint = users?.endpoint ?? 'Users';
  const [fallback, setFallback] = useState<string | null>(null);
  // Paging members as Users by groups.value needs a server that keeps users' groups up to date.
  const groupsNotKept = useUsersGroupsNotKept(connection.id, usersEndpoint);
  const asUsers = canPageMembersAsUsers(capabilities) && !fallback && !groupsNotKept;
  const [text, setText] = useState('');
  const query = useDebounced(text, 250);
  const [page, setPage] = useState(0);
  const scope = { connectionId: connection.id, groupId };

  const usersPageQuery = memberUsersPageQuery(bridge, { ...scope, usersEndpoint, query, page });
  const usersPage = useQuery({ ...usersPageQuery, enabled: asUsers, placeholderData: keepPreviousData });
  const search = memberUsersFilter({ ...scope, usersEndpoint, query });
  const allMembers = useQuery({ ...groupMembersQuery(bridge, { ...scope, groupsEndpoint }), enabled: !asUsers });

  // A server that ignores (or refuses) the membership filter is caught here and the group is read instead.
  const check = usersPage.data?.filterCheck;
  const refusal = asUsers && usersPage.isError && isRefusedFilter(usersPage.error) ? errorMessage(usersPage.error) : null;
  const filter = membersAsUsersFilter(groupId, query);
  const detected =
    asUsers && check && check.mismatches > 0
      ? `The server ignored the filter ${filter}: ${check.mismatches} of the ${check.checked} users it sent are not in this group. Members are read from the group instead (one response).`
      : refusal
        ? `The server refused the filter ${filter} (${refusal}). Members are read from the group instead (one response).`
        : null;
  // Sticky once seen (React's "adjust state while rendering"): the group read replaces the paged search for good.
  if (detected && fallback === null) {
    setFallback(detected);
    setPage(0);
  }

  const filtered = useMemo(() => (allMembers.data ? searchRefs(allMembers.data, query) : []), [allMembers.data, query]);
  const rows: MemberRef[] = asUsers ? (usersPage.data?.resources.map(refOf) ?? []) : filtered.slice(page * MEMBER_PAGE_SIZE, (page + 1) * MEMBER_PAGE_SIZE);
  const total = asUsers ? (usersPage.data?.totalResults ?? null) : allMembers.data ? filtered.length : null;
  const active = asUsers ? usersPage : allMembers;
  const state = active.isError ? 'error' : active.isPending || (asUsers && usersPage.isPlaceholderData) || text !== query ? 'loading' : 'ready';

  // Members listed without a display name get one from their user resource (this page only).
  const unnamed = asUsers ? [] : rows.filter((r) => !r.display && (r.type === undefined || /user/i.test(r.type)));
  const names = useQueries({ queries: unnamed.map((r) => memberNameQuery(bridge, { connectionId: connection.id, usersEndpoint, id: r.value })) });
  const nameOf = new Map(unnamed.map((r, i) => [r.value, names[i]?.data ?? undefined]));
  const shown = rows.map((r) => (r.display || !nameOf.get(r.value) ? r : { ...r, display: nameOf.get(r.value) ?? undefined }));

  return (
    <MembershipSteps
      {...tab}
      picker={{
        endpoint: usersEndpoint,
        kind: 'users',
        already: new Set(asUsers ? rows.map((r) => r.value) : (allMembers.data ?? []).map((m) => m.value)),
        toChanges: (refs) => [{ groupId, groupName, add: refs, remove: [] }],
      }}
      toRemoval={(refs) => [{ groupId, groupName, add: [], remove: refs }]}
    >
      {(steps) => (
        <div className="membership" data-testid="group-members" data-state={state} data-source={asUsers ? 'users-filter' : 'group-read'}>
          <p className="muted membership-source" data-testid="members-source">
            {asUsers ? (
              <>
                Users whose groups include this group, paged by the server (filter <ServerText value={membersAsUsersFilter(groupId)} />
                ); the group itself is read without its members.
              </>
            ) : (
              'Members read from the group with attributes=members and paged here.'
            )}
          </p>
          {asUsers && (
            <ScanNote
              progressKey={'progressKey' in search ? search.progressKey : undefined}
              searching={usersPage.isFetching}
              note={usersPage.isPlaceholderData ? undefined : scanNote(usersPage.data)}
              onCancel={() => void queryClient.cancelQueries({ queryKey: usersPageQuery.queryKey })}
              testId="members-matched-here"
            />
          )}
          {fallback && (
            <p className="note-bar" role="note" data-testid="members-fallback">
              {/* Quotes the group id and the server's own refusal. */}
              <ServerText value={fallback} />
            </p>
          )}
          <SelectableList
            rows={shown}
            total={total}
            page={page}
            onPage={setPage}
            searchText={text}
            onSearch={setText}
            searchLabel="Search members"
            noun={{ one: 'member', many: 'members' }}
            error={active.isError ? errorMessage(active.error) : null}
            onRetry={() => void active.refetch()}
            readOnlyReason={readOnlyReason}
            addLabel="Add members…"
            removeLabel="Remove selected"
            {...steps}
          />
        </div>
      )}
    </MembershipSteps>
  );
}
