import type { Bridge, JobDetail } from '../../shared/contract';
import type { PlannedRequest } from '../../shared/scim';

const FINISHED = new Set(['succeeded', 'failed', 'cancelled', 'interrupted']);

/**
 * A membership change sent as the review sends it: a main-side job (`jobs.start`), which also reads back
 * what the server stored, followed through `jobs.get` until it ends.
 */
export async function sendMembershipJob(
  bridge: Bridge,
  params: { connectionId: string; groupsEndpoint: string; usersEndpoint?: string; requests: PlannedRequest[] },
): Promise<JobDetail> {
  const view = await bridge.call('jobs.start', { kind: 'membership', params: { ...params, dialect: 'rfc', title: 'Membership change' } });
  for (;;) {
    const detail = await bridge.call('jobs.get', { id: view.id });
    if (FINISHED.has(detail.state)) return detail;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** What went wrong with a job that should have sent everything: its failures, or why it ended otherwise. */
export function jobProblems(detail: JobDetail): string[] {
  if (detail.state !== 'succeeded') return [`the job ${detail.state}: ${detail.message ?? 'no message'}`];
  return (detail.result?.failures ?? []).map((f) => `${f.item}: ${f.message}`);
}
