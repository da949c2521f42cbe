/**
 * Every check, in the order a run takes them: discovery first (later checks read what it found), then
 * authentication, the shape of answers, and what queries the server really applies (paging, filters,
 * sorting, projection, versions). The opt-in write checks come last, in the order they build on each
 * other: the test user, its PATCHes and versions, the group and its members, bulk, the IdP-shaped
 * writes (which use the group), and the deletes. A group of checks joins the run with one line here.
 */
import { authChecks } from './checks/auth';
import { bulkChecks } from './checks/bulk';
import { discoveryChecks } from './checks/discovery';
import { filteringChecks } from './checks/filtering';
import { groupChecks, groupDeleteCheck } from './checks/groups';
import { entraWriteChecks, oktaWriteChecks } from './checks/idp-writes';
import { ifMatchCheck } from './checks/if-match';
import { pagingChecks } from './checks/paging';
import { projectionChecks } from './checks/projection';
import { sortingChecks } from './checks/sorting';
import { versioningChecks } from './checks/versioning';
import { responseChecks } from './checks/responses';
import { userPatchChecks } from './checks/user-patch';
import { userChecks, userDeactivateCheck, userDeleteCheck } from './checks/users';
import type { Check } from './types';

export const checkCatalog: readonly Check[] = [
  // Read-only.
  ...discoveryChecks,
  ...authChecks,
  ...responseChecks,
  ...pagingChecks,
  ...filteringChecks,
  ...sortingChecks,
  ...projectionChecks,
  ...versioningChecks,
  // Writes (opt-in).
  ...writeChecks(),
];

/** The write checks in run order (each uses what the ones before it created). */
export function writeChecks(): Check[] {
  return [
    ...userChecks,
    ...userPatchChecks,
    userDeactivateCheck,
    ifMatchCheck,
    ...groupChecks,
    ...bulkChecks,
    ...entraWriteChecks,
    ...oktaWriteChecks,
    groupDeleteCheck,
    userDeleteCheck,
  ];
}

/** Ids must stay unique and stable: reports, CI scripts and the UI refer to checks by id. */
export function duplicateIds(checks: readonly Check[]): string[] {
  const seen = new Set<string>();
  return checks.filter((c) => (seen.has(c.id) ? true : (seen.add(c.id), false))).map((c) => c.id);
}
