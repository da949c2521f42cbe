import type { Capabilities } from '../../../../shared/contract';
import { userAndGroupTypes } from '../../scim';
import { BrowserScreen } from './BrowserScreen';

const pickGroupType = (capabilities: Capabilities) => userAndGroupTypes(capabilities).groups;

/** Every group of the active connection in one virtualized table (see BrowserScreen). */
export function GroupsScreen() {
  return (
    <BrowserScreen
      screenId="groups"
      title="Groups"
      pickType={pickGroupType}
      missingType="This server offers no Group resource type (neither its ResourceTypes nor a probe of /Groups found one)."
      noun={{ one: 'group', many: 'groups' }}
      testIds={{ table: 'groups-table', row: 'group-row', range: 'groups-range', quirks: 'groups-quirks' }}
    />
  );
}
