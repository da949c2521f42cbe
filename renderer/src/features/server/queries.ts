import { queryOptions, skipToken, useMutation, useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { Bridge, JobView } from '../../../../shared/contract';
import { useBridge } from '../../bridge';
import { isJobFinished, jobsListQuery, startDownload } from '../../jobs';
import { useShowToast } from '../../stores';
import { lastCheckJob } from './model';

export type ReportFormat = 'markdown' | 'html' | 'json' | 'har';

export const checkKeys = {
  all: ['check'] as const,
  report: (jobId: string) => ['check', 'report', jobId] as const,
};

type CheckJobProgress = Pick<JobView, 'id' | 'state' | 'stepsDone' | 'progress'>;

/**
 * A check job's report so far (none without a job). Keyed on how far the job has got (its state,
 * steps and progress, kept current in the jobs list by `jobs.progress`), so each move of the job
 * fetches the report again and nothing polls; the report before stays on screen while the next comes.
 */
export const checkReportQuery = (bridge: Bridge, job: CheckJobProgress | null | undefined) =>
  queryOptions({
    queryKey: [...checkKeys.report(job?.id ?? ''), job?.state, job?.stepsDone, job?.progress.done] as const,
    queryFn: job ? ({ signal }) => bridge.call('check.report', { jobId: job.id }, { signal }) : skipToken,
    staleTime: Infinity,
    // Reports of steps already passed are never asked for again.
    gcTime: job && isJobFinished(job.state) ? 5 * 60_000 : 10_000,
    // The report of the step before, while this one comes; never another job's.
    placeholderData: (previous, previousQuery) => (job && previousQuery?.queryKey[2] === job.id ? previous : undefined),
  });

/** The report of a check job (none: nothing to read). */
export function useCheckReport(job: CheckJobProgress | null | undefined) {
  const bridge = useBridge();
  return useQuery(checkReportQuery(bridge, job));
}

/** The newest check job of a connection: the one the Server screen shows (started here, or earlier). */
export function useLastCheckJob(connectionId: string) {
  const bridge = useBridge();
  const select = useCallback((jobs: JobView[]) => lastCheckJob(jobs, connectionId) ?? null, [connectionId]);
  return useQuery({ ...jobsListQuery(bridge), select });
}

/**
 * Hands a check job's report to the user in one format: Electron's save dialog (then "Saved to …"),
 * or in the web shell a download of the same-origin URL main answers.
 */
export function useSaveReport() {
  const bridge = useBridge();
  const showToast = useShowToast();
  return useMutation({
    mutationFn: async ({ jobId, format }: { jobId: string; format: ReportFormat }) => {
      const answer = await bridge.call('check.saveReport', { jobId, format });
      if (answer.downloadUrl) startDownload(answer.downloadUrl, '');
      return answer;
    },
    onSuccess: (answer) => {
      if (answer.path) showToast('success', `Saved to ${answer.path}`);
    },
  });
}
