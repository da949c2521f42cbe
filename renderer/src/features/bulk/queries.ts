import { queryOptions, skipToken, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { Bridge, BulkMapping, BulkPlanOutcome, BulkSendOutcome, JobView } from '../../../../shared/contract';
import { useBridge } from '../../bridge';
import { jobsListQuery, startDownload } from '../../jobs';
import { useShowToast } from '../../stores';
import { BULK_PAGE_SIZE, latestJob } from './model';

/**
 * How far a job has got ("running 3 1200"): part of the keys of what is read of it, so each move of the
 * job (the jobs list, kept current by `jobs.progress`, says when) reads it afresh and nothing polls. A
 * read in flight when the job moves cannot be reused for the new moment: its answer may be older.
 */
export type JobMoment = string;
export const jobMoment = (job: Pick<JobView, 'state' | 'stepsDone' | 'progress'> | null | undefined): JobMoment =>
  job ? `${job.state} ${job.stepsDone} ${job.progress.done}` : '';

export const bulkKeys = {
  all: ['bulk'] as const,
  mapping: (connectionId: string, endpoint: string) => ['bulk', 'mapping', connectionId, endpoint] as const,
  plan: (jobId: string, moment: JobMoment) => ['bulk', 'plan', jobId, moment] as const,
  planItems: (jobId: string, outcome: BulkPlanOutcome | null, page: number, moment: JobMoment) => ['bulk', 'items', jobId, outcome, page, moment] as const,
  /** No moment: a stored record does not change as the job moves on. */
  planItem: (jobId: string, index: number) => ['bulk', 'item', jobId, index] as const,
  results: (jobId: string, outcome: BulkSendOutcome | null, page: number, moment: JobMoment) => ['bulk', 'results', jobId, outcome, page, moment] as const,
};

/** The mapping last saved for this connection and endpoint (null: none). */
export const savedMappingQuery = (bridge: Bridge, connectionId: string, endpoint: string) =>
  queryOptions({
    queryKey: bulkKeys.mapping(connectionId, endpoint),
    queryFn: ({ signal }) => bridge.call('bulk.mapping.get', { connectionId, endpoint }, { signal }),
    staleTime: Infinity,
  });

/** A plan job's summary at a moment of the job (complete once it succeeded); the one before stays shown while the next comes. */
export const planSummaryQuery = (bridge: Bridge, jobId: string | null | undefined, moment: JobMoment) =>
  queryOptions({
    queryKey: bulkKeys.plan(jobId ?? '', moment),
    queryFn: jobId ? ({ signal }) => bridge.call('bulk.plan', { jobId }, { signal }) : skipToken,
    staleTime: Infinity,
    gcTime: 60_000,
    placeholderData: (previous) => (previous?.jobId === jobId ? previous : undefined),
  });

/** One page of a plan's items (BULK_PAGE_SIZE), optionally of one outcome. */
export const planItemsPageQuery = (bridge: Bridge, jobId: string, outcome: BulkPlanOutcome | null, page: number, moment: JobMoment) =>
  queryOptions({
    queryKey: bulkKeys.planItems(jobId, outcome, page, moment),
    queryFn: ({ signal }) =>
      bridge.call('bulk.planItems', { jobId, offset: page * BULK_PAGE_SIZE, limit: BULK_PAGE_SIZE, ...(outcome ? { outcome } : {}) }, { signal }),
    staleTime: Infinity,
    // Pages leave the cache soon after they scroll away: memory stays bounded on a 100,000-target plan.
    gcTime: 15_000,
  });

/** One plan item with its request, before-state and expected after-state; a stored record does not change. */
export const planItemQuery = (bridge: Bridge, jobId: string, index: number | null) =>
  queryOptions({
    queryKey: bulkKeys.planItem(jobId, index ?? -1),
    queryFn: index !== null ? ({ signal }) => bridge.call('bulk.planItem', { jobId, index }, { signal }) : skipToken,
    staleTime: Infinity,
    gcTime: 60_000,
  });

/** One page of a send job's outcomes, with the counts per outcome. */
export const resultsPageQuery = (bridge: Bridge, jobId: string, outcome: BulkSendOutcome | null, page: number, moment: JobMoment) =>
  queryOptions({
    queryKey: bulkKeys.results(jobId, outcome, page, moment),
    queryFn: ({ signal }) =>
      bridge.call('bulk.results', { jobId, offset: page * BULK_PAGE_SIZE, limit: BULK_PAGE_SIZE, ...(outcome ? { outcome } : {}) }, { signal }),
    staleTime: Infinity,
    gcTime: 15_000,
  });

/** The newest plan and send jobs of a connection: what the screen shows when nothing else was chosen. */
export function useLatestBulkJobs(connectionId: string) {
  const bridge = useBridge();
  const select = useCallback(
    (jobs: JobView[]) => ({ plan: latestJob(jobs, connectionId, 'bulkPlan') ?? null, send: latestJob(jobs, connectionId, 'bulkSend') ?? null }),
    [connectionId],
  );
  return useQuery({ ...jobsListQuery(bridge), select });
}

/** The saved mapping of a connection and endpoint (undefined while it is read). */
export function useSavedMapping(connectionId: string, endpoint: string | undefined) {
  const bridge = useBridge();
  return useQuery({ ...savedMappingQuery(bridge, connectionId, endpoint ?? ''), enabled: Boolean(endpoint) });
}

/** Remembers a mapping for the connection and endpoint (when a plan starts from a file). */
export function useSaveMapping() {
  const bridge = useBridge();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { connectionId: string; endpoint: string; mapping: BulkMapping }) => bridge.call('bulk.mapping.save', input),
    onSuccess: (_answer, input) => queryClient.setQueryData(bulkKeys.mapping(input.connectionId, input.endpoint), { mapping: input.mapping }),
  });
}

/** The plan for sign-off, as CSV or JSON: Electron's save dialog, or a download in the web shell. */
export function useSavePlan() {
  const bridge = useBridge();
  const showToast = useShowToast();
  return useMutation({
    mutationFn: async ({ jobId, format }: { jobId: string; format: 'csv' | 'json' }) => {
      const answer = await bridge.call('bulk.savePlan', { jobId, format });
      if (answer.downloadUrl) startDownload(answer.downloadUrl, '');
      return answer;
    },
    onSuccess: (answer) => {
      if (answer.path) showToast('success', `Saved to ${answer.path}`);
    },
  });
}
