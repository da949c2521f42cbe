/**
 * The renderer's one SCIM layer: what features ask of a server lives here, and every feature uses it
 * instead of its own copy. Capabilities (discovery) and learned facts (what the main side has seen the
 * server do), resource kinds (the one user/group detection), query keys, and every filter the app
 * builds, printed from the shared filter AST. Its counterpart on the main side is the engine's
 * capability record (electron/services/engine).
 * Also what the main side serves that several features read: the connections and the active one, app
 * info and settings, listing pages and their columns, a resource's name, id and schema sections, the
 * users/groups picker's search, and a write sent and read back. Features never import each other
 * (lint-enforced): they meet here.
 */
export { appInfoQuery, settingsQuery, useUpdateSettings } from './app';
export { browseKey, browsePageQuery, PAGE_SIZE, scanKey, type BrowseView } from './browse';
export { capabilitiesQuery, ifMatchFor, ifMatchNote, memberReadOnlySubAttributes, usersHaveGroups, writeMethod } from './capabilities';
export { cellText, columnFor, columnLabel, COUNT_SUFFIX, defaultColumns, type ColumnDef } from './columns';
export { connectionKeys, connectionsListQuery, useActiveCapabilities, useActiveConnection, useSwitchConnection } from './connections';
export { groupsWithMemberFilter, membersAsUsersFilter, memberValuePath, quickSearchFilter, quickSearchHint } from './filters';
export { resourceKind, resourceKindOf, resourceTypeOf, typeOfKind, userAndGroupTypes, type ResourceKind } from './kinds';
export { scanProgressKey, scimKeys } from './keys';
export { learnedFactsQuery, learnedKeys, quirkReportQuery, useForgetLearned, usePatchRefused, useUsersGroupsNotKept } from './learned';
export { foundText, pickerQuery, pickerSearch } from './picker';
export { describeOp, dialectLabels, idOf, nameOf, pretty, refOf, sectionsFor, storedDifferences, withoutMeta, type SchemaSection } from './resource';
export { isRefusedFilter, scanNote, searchInput, type SearchInput } from './search';
export { sendAndReadBack, useSendAndReadBack, type ResourceScope, type StoredWrite, type Versioned, type WriteRequest } from './write';
// Reading a resource as RFC 7643 §2.1 asks (names ignore case) is shared code: main reads resources the same way.
export { isJsonObject as isObject, keyOf } from '../../../shared/filter/resource-access';
