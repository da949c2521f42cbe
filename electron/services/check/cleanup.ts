/**
 * Removing what write checks created. After every run with writes, however it ended (done, failed,
 * cancelled), each resource the run still holds is deleted with a signal of its own (the run's may
 * be aborted), groups first so no user is deleted while a group still lists it, newest first; each
 * DELETE is confirmed by a GET. Whatever stays is the report's leftovers, with its id.
 */
import { plannedNames, type CheckProfile } from '../../../shared/check';
import { endpointFor } from './checks/sample';
import { deleteConfirmed, idsNamed } from './checks/write-kit';
import type { CheckRun } from './context';

const bare = (endpoint: string) => endpoint.replace(/^\/+|\/+$/g, '');

export async function removeLeftovers(run: CheckRun): Promise<void> {
  if (run.leftovers.size === 0) return;
  const { ctx } = run.contextFor({ signal: new AbortController().signal });
  const groups = endpointFor(ctx, 'Group')?.toLowerCase();
  const newestFirst = [...run.leftovers.values()].reverse();
  const isGroup = (endpoint: string) => groups !== undefined && bare(endpoint).toLowerCase() === groups;
  const ordered = [...newestFirst.filter((l) => isGroup(l.endpoint)), ...newestFirst.filter((l) => !isGroup(l.endpoint))];
  for (const leftover of ordered) {
    try {
      if ((await deleteConfirmed(ctx, `${bare(leftover.endpoint)}/${encodeURIComponent(leftover.id)}`)).gone) ctx.removed(leftover.endpoint, leftover.id);
    } catch {
      // Unreachable or refused: it stays a leftover, reported with its id for removal by hand.
    }
  }
}

/**
 * Before a resumed run with writes: what an interrupted run with the same run id may have left
 * (names from the plan, matched exactly here whatever the filter gave back) is taken over and removed,
 * so the checks can create those names again.
 */
export async function sweepPlanned(run: CheckRun, profiles: readonly CheckProfile[]): Promise<void> {
  const { ctx } = run.contextFor({ signal: new AbortController().signal });
  for (const { resourceType, name } of plannedNames(run.runId, profiles)) {
    const endpoint = endpointFor(ctx, resourceType);
    if (!endpoint) continue;
    try {
      for (const id of await idsNamed(ctx, resourceType, endpoint, name)) ctx.created({ endpoint: `/${endpoint}`, id, name });
    } catch {
      // Unreachable: nothing is taken over, and the checks meet what is there.
    }
  }
  await removeLeftovers(run);
}
