import type { JobFailure, JobProgress, JobState, JobView } from '../../../shared/contract';
import { formatCount } from '../lib/format';

// The contract's lists are values in a zod module, which the renderer imports for types only.
const FINISHED: readonly JobState[] = ['succeeded', 'failed', 'cancelled'] satisfies readonly JobState[];
const UNFINISHED: readonly JobState[] = ['queued', 'running', 'paused', 'interrupted'] satisfies readonly JobState[];

/** Succeeded, failed or cancelled: the step log and result are final. */
export const isJobFinished = (state: JobState): boolean => FINISHED.includes(state);
/** Queued, running, paused or interrupted: still wants attention (the status bar counts these). */
export const isJobUnfinished = (state: JobState): boolean => UNFINISHED.includes(state);
/** Queued or running: its progress still moves. */
export const isJobMoving = (state: JobState): boolean => state === 'queued' || state === 'running';

/** Percent done (0–100), or null while the total is unknown. */
export function jobPercent(progress: JobProgress): number | null {
  if (progress.total === null) return null;
  if (progress.total === 0) return 100;
  return Math.min(100, (progress.done / progress.total) * 100);
}

/** "1,200 of 10,000 users", or "1,200 users so far" while the total is unknown. */
export function jobProgressText({ done, total, unit }: JobProgress): string {
  return total === null ? `${formatCount(done)} ${unit} so far` : `${formatCount(done)} of ${formatCount(total)} ${unit}`;
}

/** "340/s"; "0.5/s" below one a second; empty before there is a rate. */
export function jobRateText(ratePerSecond: number | null): string {
  if (ratePerSecond === null) return '';
  return `${ratePerSecond >= 10 ? formatCount(Math.round(ratePerSecond)) : String(Math.round(ratePerSecond * 10) / 10)}/s`;
}

/** "12 s left", "3 min left", "1 h 5 min left"; empty when unknown. */
export function jobEtaText(etaMs: number | null): string {
  if (etaMs === null) return '';
  const seconds = Math.ceil(etaMs / 1000);
  if (seconds < 60) return `${seconds} s left`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min left`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min left`;
}

export const jobStateLabel: Record<JobState, string> = {
  queued: 'Queued',
  running: 'Running',
  paused: 'Paused',
  succeeded: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
};

/**
 * What the status bar shows: the unfinished jobs and their overall percent, summed over the jobs
 * whose totals are known (null when none is).
 */
export function unfinishedSummary(jobs: readonly JobView[]): { count: number; percent: number | null } {
  const open = jobs.filter((j) => isJobUnfinished(j.state));
  const known = open.filter((j) => j.progress.total !== null);
  const total = known.reduce((sum, j) => sum + (j.progress.total ?? 0), 0);
  const done = known.reduce((sum, j) => sum + Math.min(j.progress.done, j.progress.total ?? 0), 0);
  return { count: open.length, percent: known.length === 0 ? null : total === 0 ? 100 : Math.floor((done / total) * 100) };
}

/**
 * Failures as TSV with a header row, for a spreadsheet: tabs and line breaks inside a field become
 * spaces, and a field a spreadsheet would run as a formula (server text can start with `=`) gets `'`.
 */
export function failuresTsv(failures: readonly JobFailure[]): string {
  const field = (text: string | undefined) => {
    const flat = (text ?? '').replace(/[\t\r\n]+/g, ' ');
    return /^[=+\-@]/.test(flat) ? `'${flat}` : flat;
  };
  return [['Item', 'Message', 'Exchange'], ...failures.map((f) => [f.item, f.message, f.exchangeId])].map((row) => row.map(field).join('\t')).join('\n') + '\n';
}

/** "2.4 MB": a file's size for people. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 10 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
