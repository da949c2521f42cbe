import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { errorMessage, useBridge } from '../../bridge';
import { groupsWithMemberFilter, userAndGroupTypes, usersHaveGroups, useUsersGroupsNotKept } from '../../scim';
import type { UserGroupsProps } from '../../ui/DetailTabs';
import { ServerText } from '../../ui/ServerText';
import { MembershipSteps } from './MembershipSteps';
import { MEMBER_PAGE_SIZE, searchRefs, type MemberRef } from './model';
import { userGroupsQuery } from './queries';
import { SelectableList } from './SelectableList';

/** The groups a user is in (its `groups`, or a search of Groups by member), with add-to-group and remove-from-group. */
export function UserGroups(props: UserGroupsProps) {
  const { groups: groupsType } = userAndGroupTypes(props.capabilities);
  if (!groupsType)
    return (
      <div className="membership empty-state" data-testid="user-groups" data-state="unsupported">
        <p>This server has no Groups: discovery found no Group resource type, so there are no memberships to show.</p>
      </div>
    );
  return <UserGroupsList {...props} groupsEndpoint={groupsType.endpoint} />;
}

function UserGroupsList({ usersEndpoint, user, ...scope }: UserGroupsProps & { groupsEndpoint: string }) {
  const { connection, capabilities, groupsEndpoint, readOnlyReason } = scope;
  const bridge = useBridge();
  // Users carry `groups` per their schema, unless the server was seen not to keep it up to date.
  const groupsNotKept = useUsersGroupsNotKept(connection.id, usersEndpoint);
  const viaAttribute = usersHaveGroups(capabilities) && !groupsNotKept;
  const options = userGroupsQuery(bridge, { connectionId: connection.id, usersEndpoint, groupsEndpoint, userId: user.value, viaAttribute });
  const groups = useQuery(options);
  const [text, setText] = useState('');
  const [page, setPage] = useState(0);
  const filtered = useMemo(() => searchRefs(groups.data?.groups ?? [], text), [groups.data, text]);
  const rows = filtered.slice(page * MEMBER_PAGE_SIZE, (page + 1) * MEMBER_PAGE_SIZE);
  const state = groups.isError ? 'error' : groups.isPending ? 'loading' : 'ready';
  // Indirect memberships come through a nested group: only that group's membership can change them.
  const locked = (row: MemberRef) => (row.type && /indirect/i.test(row.type) ? 'through a nested group' : null);

  return (
    <MembershipSteps
      {...scope}
      picker={{
        endpoint: groupsEndpoint,
        kind: 'groups',
        already: new Set((groups.data?.groups ?? []).map((g) => g.value)),
        toChanges: (picked) => picked.map((g) => ({ groupId: g.value, groupName: g.display ?? g.value, add: [user], remove: [] })),
      }}
      toRemoval={(refs) => refs.map((g) => ({ groupId: g.value, groupName: g.display ?? g.value, add: [], remove: [user] }))}
    >
      {(steps) => (
        <div className="membership" data-testid="user-groups" data-state={state} data-source={groups.data?.source ?? ''}>
          <p className="muted membership-source" data-testid="groups-source">
            {viaAttribute ? (
              'From the user’s groups attribute.'
            ) : (
              <>
                Groups found with the filter <ServerText value={groupsWithMemberFilter(user.value)} /> (this server’s users carry no groups attribute).
              </>
            )}
          </p>
          {groups.data?.note && (
            <p className="note-bar" role="note" data-testid="groups-note">
              <ServerText value={groups.data.note} />
            </p>
          )}
          <SelectableList
            rows={rows}
            total={groups.data ? filtered.length : null}
            page={page}
            onPage={setPage}
            searchText={text}
            onSearch={setText}
            searchLabel="Search groups"
            noun={{ one: 'group', many: 'groups' }}
            locked={locked}
            error={groups.isError ? errorMessage(groups.error) : null}
            onRetry={() => void groups.refetch()}
            readOnlyReason={readOnlyReason}
            addLabel="Add to groups…"
            removeLabel="Remove from selected"
            {...steps}
          />
        </div>
      )}
    </MembershipSteps>
  );
}
