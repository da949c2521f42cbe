import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { JobStartInput, JobView } from '../../../shared/contract';
import { useBridge } from '../bridge';
import { useShowToast } from '../stores';
import { addStartedJob, applyJobView, forgetJob, jobsListQuery } from './queries';

/**
 * The live view of one job (state, progress, result), or undefined until the list has it. Read from
 * the jobs list, which `jobs.progress` keeps current: no polling, no subscription of its own.
 */
export function useJob(id: string | null | undefined): JobView | undefined {
  const bridge = useBridge();
  const select = useCallback((jobs: JobView[]) => jobs.find((j) => j.id === id), [id]);
  return useQuery({ ...jobsListQuery(bridge), select, enabled: Boolean(id) }).data;
}

/** Starts a job on the main side; `data` is its first view (take `data.id` to follow it with useJob). */
export function useStartJob() {
  const bridge = useBridge();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: JobStartInput) => bridge.call('jobs.start', input),
    onSuccess: (view) => addStartedJob(queryClient, view),
  });
}

export type JobAction = 'cancel' | 'pause' | 'resume' | 'remove';

/**
 * Cancel, pause, resume (a paused or interrupted job) or remove (a job not running; its file goes too).
 * `mutate({ id, action })`; the answer is written to the cache, so every view of the job follows.
 * Errors are left to the caller (`mutate(vars, { onError })`).
 */
export function useJobAction() {
  const bridge = useBridge();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, action }: { id: string; action: JobAction }): Promise<JobView | null> => {
      switch (action) {
        case 'cancel':
          return bridge.call('jobs.cancel', { id });
        case 'pause':
          return bridge.call('jobs.pause', { id });
        case 'resume':
          return bridge.call('jobs.resume', { id });
        case 'remove':
          await bridge.call('jobs.remove', { id });
          return null;
      }
    },
    onSuccess: (view, { id }) => (view ? applyJobView(queryClient, view) : forgetJob(queryClient, id)),
  });
}

/**
 * Hands a finished job's file to the user: Electron's save dialog (then "Saved to …"), or in the web
 * shell a download of the same-origin URL main answers. `data.saved` is false when the user
 * dismissed the dialog. Errors are left to the caller.
 */
export function useSaveJobFile() {
  const bridge = useBridge();
  const showToast = useShowToast();
  return useMutation({
    mutationFn: async (job: Pick<JobView, 'id' | 'result'>) => {
      const answer = await bridge.call('jobs.saveFile', { id: job.id });
      if (answer.downloadUrl) startDownload(answer.downloadUrl, job.result?.file?.name ?? '');
      return answer;
    },
    onSuccess: (answer) => {
      if (answer.path) showToast('success', `Saved to ${answer.path}`);
    },
  });
}

/**
 * A click on a temporary `<a download>`: the browser's own download of a URL of this origin (nothing else is followed).
 * An empty `fileName` leaves the name to the server's Content-Disposition.
 */
export function startDownload(url: string, fileName: string): void {
  const target = new URL(url, location.href);
  if (target.origin !== location.origin) throw new Error('The download link does not point at this app.');
  const link = document.createElement('a');
  link.href = target.href;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
}
