import type { JobProgress } from '../../../shared/contract';
import { jobPercent, jobProgressText } from './format';
import './progress.css';

interface JobProgressBarProps {
  progress: JobProgress;
  /** Whether the job is moving: a paused job's indeterminate bar stands still. */
  moving: boolean;
  label: string;
  testId: string;
}

/**
 * A job's progress as an ARIA progressbar: determinate once the total is known, indeterminate (no
 * aria-valuenow, an animated stripe) before. The width is set through the CSSOM, which the CSP allows.
 */
export function JobProgressBar({ progress, moving, label, testId }: JobProgressBarProps) {
  const percent = jobPercent(progress);
  return (
    <div
      className="job-progress"
      role="progressbar"
      data-testid={testId}
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={progress.total ?? undefined}
      aria-valuenow={progress.total === null ? undefined : progress.done}
      aria-valuetext={jobProgressText(progress)}
    >
      <div
        className={percent === null ? (moving ? 'job-progress-bar is-indeterminate' : 'job-progress-bar is-unknown') : 'job-progress-bar'}
        style={percent === null ? undefined : { width: `${percent}%` }}
      />
    </div>
  );
}
