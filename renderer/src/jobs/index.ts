/**
 * Main-side jobs as the renderer sees them: long work (exports, membership changes) that runs on the
 * main side whatever the screens do. A shared layer: features start and follow jobs through it, the
 * Jobs panel (features/jobs) shows them all, the status bar counts them.
 *
 * - `useStartJob()`: `mutate({ kind, params })`; `data` is the job's first view.
 * - `useJob(id)`: the live JobView (state, progress, result). Live because app/useIpcEvents writes
 *   every `jobs.progress` event into the cache with `applyJobView`; nothing else subscribes.
 * - `useJobAction()`: `mutate({ id, action: 'cancel' | 'pause' | 'resume' | 'remove' })`.
 * - `useSaveJobFile()`: `mutate(job)` saves a finished job's file (native dialog, or a download).
 * - `startDownload(url, name)`: the web shell's download of a same-origin URL main answered (a job's file, a report).
 * - `useShowJobs()(id?)`: opens the Jobs panel, on that job.
 * - `<JobProgressBar>`: a job's progress as an ARIA progressbar (indeterminate while the total is unknown).
 * - `jobsListQuery(bridge)`, `jobQuery(bridge, id)` (JobDetail with the step log): for useQuery.
 */
export { addStartedJob, applyJobView, forgetJob, jobKeys, jobQuery, jobsListQuery } from './queries';
export { startDownload, useJob, useJobAction, useSaveJobFile, useStartJob, type JobAction } from './hooks';
export { useSelectedJobId, useSelectJob, useShowJobs } from './selection';
export { JobProgressBar } from './JobProgressBar';
export {
  failuresTsv,
  formatBytes,
  isJobFinished,
  isJobMoving,
  isJobUnfinished,
  jobEtaText,
  jobPercent,
  jobProgressText,
  jobRateText,
  jobStateLabel,
  unfinishedSummary,
} from './format';
