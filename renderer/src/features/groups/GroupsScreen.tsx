import type { Capabilities } from '../../../../shared/contract';
import { BrowserScreen } from '../browser/BrowserScreen';
import { kindOf } from '../browser/columns';

const pickGroupType = (capabilities: Capabilities) => capabilities.resourceTypes.find((t) => kindOf(t) === 'groups');

/** Every group of the active connection in one virtualized table (see features/browser). */
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
