import { createContext, useContext, type ComponentType } from 'react';
import type { Capabilities, ConnectionView } from '../../../shared/contract';
import type { MemberRef } from '../../../shared/scim';

/**
 * The membership tabs of the resource detail panel. Features never import each other, so the detail
 * panel shows these slots and the app layer fills them with the membership feature's tabs
 * (DetailTabsContext, provided in app/App.tsx from app/screens.tsx).
 */

export interface GroupMembersProps {
  connection: ConnectionView;
  capabilities: Capabilities;
  groupsEndpoint: string;
  groupId: string | number;
  groupName: string;
  readOnlyReason: string | null;
}

export interface UserGroupsProps {
  connection: ConnectionView;
  capabilities: Capabilities;
  usersEndpoint: string;
  user: MemberRef;
  readOnlyReason: string | null;
}

export interface DetailTabs {
  GroupMembers: ComponentType<GroupMembersProps>;
  UserGroups: ComponentType<UserGroupsProps>;
}

export const DetailTabsContext = createContext<DetailTabs | null>(null);

function useDetailTabs(): DetailTabs {
  const tabs = useContext(DetailTabsContext);
  // A missing provider is a wiring mistake, not a state to show: say where the tabs come from.
  if (!tabs) throw new Error('DetailTabsContext is not provided: the app layer (app/App.tsx) provides the membership tabs.');
  return tabs;
}

/** A group's Members tab, as the app provides it. */
export function GroupMembers(props: GroupMembersProps) {
  const { GroupMembers: Tab } = useDetailTabs();
  return <Tab {...props} />;
}

/** A user's Groups tab, as the app provides it. */
export function UserGroups(props: UserGroupsProps) {
  const { UserGroups: Tab } = useDetailTabs();
  return <Tab {...props} />;
}
