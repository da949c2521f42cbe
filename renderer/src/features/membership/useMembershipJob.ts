import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import type { JobResult, JobView, MembershipJobParams } from '../../../../shared/contract';
import { isDifferenceNote, retryLabel, stepStatuses, unfinishedRequests, type PlannedRequest, type Unfinished } from '../../../../shared/scim';
import { errorMessage, useBridge } from '../../bridge';
import { isJobFinished, jobQuery, useJob, useJobAction, useStartJob } from '../../jobs';
import { scimKeys } from '../../scim';

export type ReviewPhase = 'review' | 'sending' | 'verifying' | 'done';
export type ResultState = 'failed' | 'differences' | 'verified' | 'unverified';

export interface MembershipJobOutcome {
  job: JobView;
  result: JobResult | undefined;
  /** Requests that failed or were never sent: what Retry sends. */
  unfinished: Unfinished[];
  retryText: string | null;
  differences: number;
  state: ResultState;
}

/** A job's parameters but its requests (given per send: all of them, then those a Retry sends). */
type Start = Omit<MembershipJobParams, 'requests'>;

/**
 * A membership change as a main-side job, from this review's point of view: started with the requests
 * shown, followed live, cancelled, and read back when it ends (the job verifies what the server stored
 * itself, so a change keeps going and ends verified even when this tab is closed).
 */
export function useMembershipJob(connectionId: string) {
  const bridge = useBridge();
  const queryClient = useQueryClient();
  const start = useStartJob();
  const action = useJobAction();
  const [jobId, setJobId] = useState<string | null>(null);
  // The requests the current job was given: its step keys are their indexes.
  const [sent, setSent] = useState<PlannedRequest[]>([]);
  const job = useJob(jobId);
  const ended = job ? isJobFinished(job.state) || job.state === 'interrupted' : false;
  // The step log says which requests were confirmed done; read once the job has ended.
  const detail = useQuery({ ...jobQuery(bridge, jobId ?? ''), enabled: Boolean(jobId) && ended });
  const logRead = ended && (detail.isSuccess || detail.isError) && !detail.isFetching;

  const phase: ReviewPhase = !jobId
    ? start.isPending
      ? 'sending'
      : 'review'
    : logRead
      ? 'done'
      : job && (ended || (job.progress.total !== null && job.progress.done >= job.progress.total))
        ? 'verifying'
        : 'sending';

  useEffect(() => {
    // What the lists showed is stale once the server was changed.
    if (phase === 'done') void queryClient.invalidateQueries({ queryKey: scimKeys.membership(connectionId) });
  }, [phase, queryClient, connectionId]);

  const outcome = useMemo((): MembershipJobOutcome | null => {
    if (phase !== 'done' || !job) return null;
    const log = detail.data;
    const unfinished = log ? unfinishedRequests(sent, stepStatuses(log.steps), { logTruncated: log.stepsOmitted > 0 }) : [];
    const result = job.result;
    const differences = result?.notes.filter(isDifferenceNote).length ?? 0;
    const failed = !result || result.failures.length > 0 || job.state !== 'succeeded';
    const state: ResultState = failed ? 'failed' : result.outcome === 'differences' ? 'differences' : result.outcome === 'verified' ? 'verified' : 'unverified';
    return { job, result, unfinished, retryText: retryLabel(unfinished), differences, state };
  }, [phase, job, detail.data, sent]);

  const send = (requests: PlannedRequest[], params: Start) => {
    if (requests.length === 0) return;
    setJobId(null);
    setSent(requests);
    start.mutate({ kind: 'membership', params: { ...params, requests } }, { onSuccess: (view) => setJobId(view.id) });
  };

  return {
    phase,
    job,
    outcome,
    startError: start.isError ? errorMessage(start.error) : null,
    send,
    /** Requests given to the current job (its total grows by one per 413 split). */
    sentCount: sent.length,
    cancel: () => jobId && action.mutate({ id: jobId, action: 'cancel' }),
    cancelling: action.isPending,
  };
}
