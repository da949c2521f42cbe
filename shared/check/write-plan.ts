/**
 * What a run's write checks create, named before the run starts: the confirmation shows exactly this
 * list, the checks create only these names, and the run removes every one of them at the end (also
 * after a failure or Cancel), reporting any it could not remove with its id.
 */
import type { CheckProfile } from './types';

export interface PlannedWrite {
  resourceType: 'User' | 'Group';
  /** `userName` for users, `displayName` for groups. */
  name: string;
  /** What the run does with it, in words. */
  purpose: string;
  /** The name a check gives it later (the rename check), when it changes. */
  renamedTo?: string;
}

/** Letters and digits: the run id goes into names servers may restrict (userName, displayName). */
export const checkRunIdPattern = /^[a-z0-9]{4,16}$/;

export const checkNamePrefix = 'scimdesk-check-';

/** What each name is for; letters only, so every name stays `scimdesk-check-<run id>-<letters>`. */
export type CheckRole = 'user' | 'member' | 'group' | 'renamed' | 'bulk' | 'bulkgroup' | 'entra' | 'okta';

/** The name of one thing a run creates: `scimdesk-check-<run id>-<role>`. */
export function checkResourceName(runId: string, role: CheckRole): string {
  return `${checkNamePrefix}${runId}-${role}`;
}

/** Whether a name was made by a check run (any run): what a leftover sweep may remove. */
export function isCheckResourceName(name: string): boolean {
  return name.startsWith(checkNamePrefix);
}

/** Everything a run with writes will create, for the chosen profiles, in the order the checks create them. */
export function writeCheckPlan(runId: string, profiles: readonly CheckProfile[]): PlannedWrite[] {
  const name = (role: CheckRole) => checkResourceName(runId, role);
  const plan: PlannedWrite[] = [
    { resourceType: 'User', name: name('user'), purpose: 'created, read, replaced, patched, deactivated and reactivated, then deleted' },
    { resourceType: 'User', name: name('member'), purpose: 'created to be added to and removed from the group, then deleted' },
    {
      resourceType: 'Group',
      name: name('group'),
      purpose: `created, members added, removed and replaced, renamed to ${name('renamed')}, then deleted`,
      renamedTo: name('renamed'),
    },
    { resourceType: 'User', name: name('bulk'), purpose: 'created through /Bulk where the server advertises it, then deleted' },
    { resourceType: 'Group', name: name('bulkgroup'), purpose: 'created through /Bulk with the bulk user as its member (a bulkId reference), then deleted' },
  ];
  if (profiles.includes('entra')) plan.push({ resourceType: 'User', name: name('entra'), purpose: 'created and changed the way Entra ID does, then deleted' });
  if (profiles.includes('okta')) plan.push({ resourceType: 'User', name: name('okta'), purpose: 'created and changed the way Okta does, then deleted' });
  return plan;
}

/** Every name a run may leave on a server (created or renamed to), by resource type: what a sweep looks for. */
export function plannedNames(runId: string, profiles: readonly CheckProfile[]): Array<{ resourceType: 'User' | 'Group'; name: string }> {
  return writeCheckPlan(runId, profiles).flatMap((p) => [
    { resourceType: p.resourceType, name: p.name },
    ...(p.renamedTo ? [{ resourceType: p.resourceType, name: p.renamedTo }] : []),
  ]);
}
