import { createContext, useContext, type ComponentType } from 'react';
import type { Capabilities, ConnectionView } from '../../../shared/contract';
import type { MemberRef } from '../../../shared/scim';

/**
 * The membership tabs of the resource detail panel. Features never import each other, so the detail
 * panel shows these slots and the app layer fills them with the membership feature's tabs
 * (DetailTabsContext, provided in app/App.tsx from app/screens.tsx).
 */

/** What every membership view works in: the connection, what its server offers, and why writes are off (when they are). */
export interface MembershipScope {
  connection: ConnectionView;
  capabilities: Capabilities;
  readOnlyReason: string | null;
}

export interface GroupMembersProps extends MembershipScope {
  groupsEndpoint: string;
  groupId: string | number;
  groupName: string;
}

export interface UserGroupsProps extends MembershipScope {
  usersEndpoint: string;
  user: MemberRef;
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
