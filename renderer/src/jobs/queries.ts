import { queryOptions, replaceEqualDeep, type QueryClient } from '@tanstack/react-query';
import type { Bridge, JobDetail, JobView } from '../../../shared/contract';

export const jobKeys = {
  all: ['jobs'] as const,
  list: ['jobs', 'list'] as const,
  detail: (id: string) => ['jobs', 'detail', id] as const,
};

const createdMs = (job: JobView) => Date.parse(job.createdAt) || 0;
/** Newest first; the sort is stable, so jobs created in the same millisecond keep the main side's order. */
const newestFirst = (jobs: readonly JobView[]): JobView[] => [...jobs].sort((a, b) => createdMs(b) - createdMs(a));

const finished = (view: JobView) => view.state === 'succeeded' || view.state === 'failed' || view.state === 'cancelled';
/**
 * Events and call answers travel separately (SSE and HTTP in the web shell), so a view can arrive after
 * a newer one. A finished job never runs again (resume takes only paused or interrupted jobs), so a
 * view that would take it back is stale; other stale views are overtaken by the next event.
 */
const isStale = (incoming: JobView, cached: JobView | undefined) => cached !== undefined && finished(cached) && !finished(incoming);

function keepFinished(old: readonly JobView[], fresh: JobView[]): JobView[] {
  const before = new Map(old.map((j) => [j.id, j]));
  return fresh.map((j) => {
    const cached = before.get(j.id);
    return cached && isStale(j, cached) ? cached : j;
  });
}

/** Every job the main side knows, newest first. Kept current by `jobs.progress` (see applyJobView), so never stale. */
export const jobsListQuery = (bridge: Bridge) =>
  queryOptions({
    queryKey: jobKeys.list,
    queryFn: async ({ signal }) => newestFirst(await bridge.call('jobs.list', {}, { signal })),
    staleTime: Infinity,
    // A list fetched while events arrived can be older than they are: it never un-finishes a job.
    // This also runs on what a `select` returns (useJob's one view), which is left as it is.
    structuralSharing: (old: unknown, fresh: unknown) =>
      replaceEqualDeep(old, Array.isArray(old) && Array.isArray(fresh) ? keepFinished(old as JobView[], fresh as JobView[]) : fresh),
  });

/**
 * One job with its step log and result. Progress events are merged into it; the log itself is
 * refetched when the job moves a step or changes state (see applyJobView).
 */
export const jobQuery = (bridge: Bridge, id: string) =>
  queryOptions({
    queryKey: jobKeys.detail(id),
    queryFn: ({ signal }) => bridge.call('jobs.get', { id }, { signal }),
    staleTime: Infinity,
    // A removed job answers not_found; asking again will not bring it back.
    retry: false,
  });

/**
 * Writes a job's latest view wherever it is cached: replaced in (or added to) the list, merged into
 * its detail. `jobs.progress` events and the answers of cancel/pause/resume come through here.
 * A cache not loaded yet is left alone: its first fetch brings the job anyway.
 */
export function applyJobView(queryClient: QueryClient, view: JobView): void {
  queryClient.setQueryData<JobView[]>(jobKeys.list, (list) => {
    if (!list) return list;
    const cached = list.find((j) => j.id === view.id);
    if (isStale(view, cached)) return list;
    return cached ? list.map((j) => (j.id === view.id ? view : j)) : newestFirst([view, ...list]);
  });
  const key = jobKeys.detail(view.id);
  const before = queryClient.getQueryData<JobDetail>(key);
  if (!before || isStale(view, before)) return;
  queryClient.setQueryData<JobDetail>(key, { ...before, ...view });
  // Events carry no steps: a new step or a new state (a finished job's last steps and result) means
  // the log shown is behind. Only a detail on screen is refetched; others are marked stale.
  if (before.state !== view.state || before.stepsDone !== view.stepsDone || before.stepsTotal !== view.stepsTotal) {
    void queryClient.invalidateQueries({ queryKey: key, exact: true });
  }
}

/**
 * The answer of jobs.start: the job's first view, added only when no event has brought the job yet
 * (its events can overtake the answer, and they are newer).
 */
export function addStartedJob(queryClient: QueryClient, view: JobView): void {
  queryClient.setQueryData<JobView[]>(jobKeys.list, (list) => (!list || list.some((j) => j.id === view.id) ? list : newestFirst([view, ...list])));
}

/** A removed job leaves the list and its detail leaves the cache. */
export function forgetJob(queryClient: QueryClient, id: string): void {
  queryClient.setQueryData<JobView[]>(jobKeys.list, (list) => list?.filter((j) => j.id !== id));
  queryClient.removeQueries({ queryKey: jobKeys.detail(id), exact: true });
}
