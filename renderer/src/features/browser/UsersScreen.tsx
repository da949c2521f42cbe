import type { Capabilities } from '../../../../shared/contract';
import { userAndGroupTypes } from '../../scim';
import { BrowserScreen } from './BrowserScreen';

const pickUserType = (capabilities: Capabilities) => userAndGroupTypes(capabilities).users;

/** Every user of the active connection in one virtualized table (see BrowserScreen). */
export function UsersScreen() {
  return (
    <BrowserScreen
      screenId="users"
      title="Users"
      pickType={pickUserType}
      missingType="This server offers no User resource type (neither its ResourceTypes nor a probe of /Users found one)."
      noun={{ one: 'user', many: 'users' }}
      testIds={{ table: 'users-table', row: 'user-row', range: 'users-range', quirks: 'users-quirks' }}
    />
  );
}
