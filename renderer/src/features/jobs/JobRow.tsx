import type { JobView } from '../../../../shared/contract';
import { isJobFinished, isJobMoving, jobEtaText, JobProgressBar, jobProgressText, jobRateText, jobStateLabel, type JobAction } from '../../jobs';
import { Badge, type BadgeTone } from '../../ui/Badge';
import { ServerText } from '../../ui/ServerText';

const stateTone: Record<JobView['state'], BadgeTone> = {
  queued: 'neutral',
  running: 'info',
  paused: 'warning',
  succeeded: 'success',
  failed: 'danger',
  cancelled: 'neutral',
  interrupted: 'warning',
};

interface JobRowProps {
  job: JobView;
  connectionName: string;
  selected: boolean;
  /** An action of this job is being sent: its buttons wait. */
  busy: boolean;
  onSelect: () => void;
  onAction: (action: JobAction) => void;
}

/** One job in the panel's list: what it is, how far it got, and what can be done with it now. */
export function JobRow({ job, connectionName, selected, busy, onSelect, onAction }: JobRowProps) {
  const { state, progress } = job;
  const moving = isJobMoving(state);
  const finished = isJobFinished(state);
  const rate = moving ? jobRateText(progress.ratePerSecond) : '';
  const eta = moving ? jobEtaText(progress.etaMs) : '';
  return (
    <li className={selected ? 'job-row is-selected' : 'job-row'} data-testid="job-row" data-job-id={job.id} data-state={state}>
      <button type="button" className="job-row-main" aria-current={selected ? 'true' : undefined} data-testid="job-select" onClick={onSelect}>
        <span className="job-row-title" data-testid="job-title">
          <ServerText value={job.title} />
        </span>
        <span className="job-row-meta muted small">
          <span data-testid="job-connection">{connectionName}</span>
          <span>{new Date(job.createdAt).toLocaleString()}</span>
        </span>
      </button>
      <span className="job-row-state" data-testid="job-state">
        <Badge tone={stateTone[state]}>{jobStateLabel[state]}</Badge>
      </span>
      <div className="job-row-progress">
        <JobProgressBar progress={progress} moving={moving} label={`Progress of ${job.title}`} testId="job-progress" />
        <span className="job-row-numbers small">
          <span data-testid="job-progress-text">{jobProgressText(progress)}</span>
          {rate && <span data-testid="job-rate">{rate}</span>}
          {eta && <span data-testid="job-eta">{eta}</span>}
        </span>
      </div>
      <div className="job-row-actions">
        {state === 'running' && (
          <button type="button" className="button" data-testid="job-pause" disabled={busy} onClick={() => onAction('pause')}>
            Pause
          </button>
        )}
        {(state === 'paused' || state === 'interrupted') && (
          <button type="button" className="button button-primary" data-testid="job-resume" disabled={busy} onClick={() => onAction('resume')}>
            Resume
          </button>
        )}
        {!finished && (
          <button type="button" className="button button-danger-subtle" data-testid="job-cancel" disabled={busy} onClick={() => onAction('cancel')}>
            Cancel
          </button>
        )}
        {finished && (
          <button
            type="button"
            className="button button-subtle"
            data-testid="job-remove"
            disabled={busy}
            title={job.result?.file ? 'Forget this job and delete its file' : 'Forget this job'}
            onClick={() => onAction('remove')}
          >
            Remove
          </button>
        )}
      </div>
      {job.message && !moving && (
        <p className={state === 'failed' ? 'job-row-message is-error' : 'job-row-message'} data-testid="job-message">
          <ServerText value={job.message} />
        </p>
      )}
    </li>
  );
}
