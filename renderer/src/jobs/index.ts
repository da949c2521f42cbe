/**
 * Main-side jobs as the renderer sees them: long work (exports, membership changes) that runs on the
 * main side whatever the screens do. A shared layer: features start and follow jobs through it, the
 * Jobs panel (features/jobs) shows them all, the status bar counts them. `useJob(id)` is live because
 * app/useIpcEvents writes every `jobs.progress` event into the cache with `applyJobView`; nothing else subscribes.
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
