import { lazy, type ComponentType, type ReactNode } from 'react';
import { ConnectionsScreen } from '../features/connections/ConnectionsScreen';
import { CreatePanel } from '../features/detail/CreatePanel';
import { DetailPanel } from '../features/detail/DetailPanel';
import { ExportDialog } from '../features/export';
import { FilterScreen } from '../features/filter/FilterScreen';
import { GroupsScreen } from '../features/browser/GroupsScreen';
import { InspectorScreen } from '../features/inspector/InspectorScreen';

import { JobsScreen } from '../features/jobs/JobsScreen';
import { GroupMembers } from '../features/membership/GroupMembers';
import { UserGroups } from '../features/membership/UserGroups';
import { PatchScreen } from '../features/patch/PatchScreen';
import { ServerScreen } from '../features/server/ServerScreen';
import { UsersScreen } from '../features/browser/UsersScreen';
import type { ScreenId } from '../stores';
import { DetailTabsContext, type DetailTabs } from '../ui/DetailTabs';
import { BulkIcon, ConnectionIcon, FilterIcon, GroupIcon, InspectorIcon, JobsIcon, PatchIcon, ServerIcon, UserIcon } from '../ui/icons';
import { ResourcePanelsContext, type ResourcePanels } from '../ui/ResourcePanels';

export interface ScreenEntry {
  id: ScreenId;
  label: string;
  Icon: ComponentType;
  Component: ComponentType;
  /** Alt+<digit> opens the screen. */
  shortcut: string;
  /** Stays mounted (hidden) after a first visit, so what was typed there survives switching screens. */
  keepAlive?: boolean;
}

// The Bulk screen (file parsing, mapping, plan review) loads on first visit: it is most of a chunk of its own.
const BulkScreen = lazy(() => import('../features/bulk/BulkScreen').then((module) => ({ default: module.BulkScreen })));

/** The left nav, in order; the position is also the Alt+digit shortcut. */
export const screens: readonly ScreenEntry[] = [
  { id: 'users', label: 'Users', Icon: UserIcon, Component: UsersScreen, shortcut: 'Alt+1' },
  { id: 'groups', label: 'Groups', Icon: GroupIcon, Component: GroupsScreen, shortcut: 'Alt+2' },
  { id: 'filter', label: 'Filter', Icon: FilterIcon, Component: FilterScreen, shortcut: 'Alt+3' },
  { id: 'patch', label: 'Patch', Icon: PatchIcon, Component: PatchScreen, shortcut: 'Alt+4' },
  { id: 'inspector', label: 'Inspector', Icon: InspectorIcon, Component: InspectorScreen, shortcut: 'Alt+5' },
  { id: 'connections', label: 'Connections', Icon: ConnectionIcon, Component: ConnectionsScreen, shortcut: 'Alt+6', keepAlive: true },
  // Added last, so the other screens keep their shortcuts.
  { id: 'jobs', label: 'Jobs', Icon: JobsIcon, Component: JobsScreen, shortcut: 'Alt+7' },
  { id: 'server', label: 'Server', Icon: ServerIcon, Component: ServerScreen, shortcut: 'Alt+8' },
  { id: 'bulk', label: 'Bulk', Icon: BulkIcon, Component: BulkScreen, shortcut: 'Alt+9' },
];

// What one feature shows inside another's screen. Features never import each other (lint-enforced):
// the browser and the detail panel show slots (ui/ResourcePanels, ui/DetailTabs), filled here.
const resourcePanels: ResourcePanels = { DetailPanel, CreatePanel, ExportDialog };
const detailTabs: DetailTabs = { GroupMembers, UserGroups };

export function FeatureSlots({ children }: { children: ReactNode }) {
  return (
    <ResourcePanelsContext value={resourcePanels}>
      <DetailTabsContext value={detailTabs}>{children}</DetailTabsContext>
    </ResourcePanelsContext>
  );
}
