/**
 * The renderer's one SCIM layer: what features ask of a server lives here, and every feature uses it
 * instead of its own copy. Capabilities (discovery) and learned facts (what the main side has seen the
 * server do), resource kinds (the one user/group detection), query keys, and every filter the app
 * builds, printed from the shared filter AST. Its counterpart on the main side is the engine's
 * capability record (electron/services/engine).
 */
export { capabilitiesQuery, ifMatchFor, ifMatchNote, memberReadOnlySubAttributes, usersHaveGroups, writeMethod } from './capabilities';
export { groupsWithMemberFilter, membersAsUsersFilter, memberValuePath, presenceFilter, quickSearchFilter, quickSearchHint } from './filters';
export { resourceKind, resourceKindOf, resourceTypeOf, typeOfKind, userAndGroupTypes, type ResourceKind } from './kinds';
export { scanProgressKey, scimKeys } from './keys';
export { learnedFactsQuery, learnedKeys, quirkReportQuery, useForgetLearned, usePatchRefused, useUsersGroupsNotKept } from './learned';
export { isRefusedFilter, scanNote, searchInput, type SearchInput } from './search';
