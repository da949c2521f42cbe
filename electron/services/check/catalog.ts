/**
 * Every check, in the order a run takes them: discovery first (later checks read what it found), then
 * authentication, the shape of answers, and what queries the server really applies (paging, filters,
 * sorting, projection, versions). A group of checks joins the run with one line here.
 */
import { authChecks } from './checks/auth';
import { discoveryChecks } from './checks/discovery';
import { filteringChecks } from './checks/filtering';
import { pagingChecks } from './checks/paging';
import { projectionChecks } from './checks/projection';
import { sortingChecks } from './checks/sorting';
import { versioningChecks } from './checks/versioning';
import { responseChecks } from './checks/responses';
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
];

/** Ids must stay unique and stable: reports, CI scripts and the UI refer to checks by id. */
export function duplicateIds(checks: readonly Check[]): string[] {
  const seen = new Set<string>();
  return checks.filter((c) => (seen.has(c.id) ? true : (seen.add(c.id), false))).map((c) => c.id);
}
