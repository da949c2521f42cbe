import { useState } from 'react';
import { checkProfiles, profileLabels, type CheckProfile, type CheckReport, type Verdict } from '../../../../shared/check';
import type { ConnectionView, JobView } from '../../../../shared/contract';
import { errorMessage } from '../../bridge';
import { isJobFinished, isJobMoving, JobProgressBar, jobProgressText, jobStateLabel, useJobAction, useStartJob } from '../../jobs';
import { formatCount } from '../../lib/format';
import { useShowToast } from '../../stores';
import { ServerText } from '../../ui/ServerText';
import { CheckResults } from './CheckResults';
import {
  drawRunId,
  filterChecks,
  summaryCounts,
  toggleProfile,
  toggleVerdict,
  verdictHelp,
  verdictLabels,
  verdictOrder,
  writeChecksBlockedReason,
} from './model';
import { useCheckReport, useLastCheckJob, useSaveReport, type ReportFormat } from './queries';
import { useServerDraft } from './state';
import { CheckLeftovers, WriteCheckDialog, WriteChecksOption } from './WriteChecks';

const formats: Array<[ReportFormat, string]> = [
  ['markdown', 'Markdown'],
  ['html', 'HTML'],
  ['json', 'JSON'],
  ['har', 'HAR'],
];

/**
 * The server check of one connection: profiles to run, with or without the write checks (which ask
 * first, naming what they create), Run and Cancel, and the last check's report as it arrives
 * (leftovers of write checks, readiness per profile, verdict counts that filter the list, each
 * check), exported from here once the run has ended.
 */
export function CheckPanel({ connection }: { connection: ConnectionView }) {
  const showToast = useShowToast();
  const [draft, update] = useServerDraft(connection.id);
  const last = useLastCheckJob(connection.id);
  const start = useStartJob();
  const action = useJobAction();
  // The newest check job of this connection from the jobs list, or the start's answer until the list has it.
  const job = last.data ?? (start.data?.connectionId === connection.id ? start.data : null);
  const report = useCheckReport(job);
  // The write check waiting for confirmation: its run id is drawn when Run is pressed, so the dialog names what it creates.
  const [confirming, setConfirming] = useState<{ runId: string; profiles: CheckProfile[] } | null>(null);
  // The job whose Cancel was accepted while it still runs (a write check removes what it created before it ends).
  const [cancelled, setCancelled] = useState<string | null>(null);
  const writes = draft.writes && !writeChecksBlockedReason(connection);
  const jobWrites = job !== null && (job.writes || report.data?.target.writes === true);

  const running = start.isPending || (job !== null && !isJobFinished(job.state) && job.state !== 'interrupted');
  const state = last.isPending ? 'loading' : last.isError ? 'error' : job ? job.state : start.isPending ? 'starting' : 'idle';
  // The report of the job as it ended: nothing more will change.
  const final = job !== null && isJobFinished(job.state) && report.isSuccess && !report.isPlaceholderData && !report.isFetching;

  const startCheck = (params: { profiles: CheckProfile[]; writes: boolean; runId?: string }) =>
    start.mutate(
      { kind: 'check', params: { connectionId: connection.id, ...params } },
      { onError: (error) => showToast('error', `The check could not start: ${errorMessage(error)}`) },
    );
  const run = () => (writes ? setConfirming({ runId: drawRunId(), profiles: draft.profiles }) : startCheck({ profiles: draft.profiles, writes: false }));
  const confirmWrites = () => {
    if (!confirming) return;
    setConfirming(null);
    startCheck({ profiles: confirming.profiles, writes: true, runId: confirming.runId });
  };
  const cancel = () => {
    if (!job) return;
    const id = job.id;
    action.mutate(
      { id, action: 'cancel' },
      {
        onSuccess: () => setCancelled(id),
        onError: (error) => showToast('error', `The check could not be cancelled: ${errorMessage(error)}`),
      },
    );
  };
  const cleaning = running && job !== null && jobWrites && cancelled === job.id;

  return (
    <section
      className="server-check"
      aria-labelledby="server-check-title"
      data-testid="server-check"
      data-state={state}
      data-report={final ? 'final' : 'partial'}
      data-writes={job ? String(jobWrites) : undefined}
    >
      <h2 id="server-check-title" className="visually-hidden">
        Server check
      </h2>
      <div className="check-controls">
        <fieldset className="check-profiles" disabled={running} data-testid="check-profiles">
          <legend>Profiles</legend>
          {checkProfiles.map((profile) => (
            <label key={profile} className="check-profile">
              <input
                type="checkbox"
                checked={draft.profiles.includes(profile)}
                data-profile={profile}
                onChange={() => update((d) => ({ profiles: toggleProfile(d.profiles, profile) }))}
              />
              {profileLabels[profile]}
            </label>
          ))}
        </fieldset>
        <WriteChecksOption connection={connection} checked={draft.writes} running={running} onChange={(on) => update({ writes: on })} />
        <span className="spacer" />
        {running && job ? (
          <button
            type="button"
            className="button button-danger-subtle"
            data-testid="check-cancel"
            disabled={action.isPending || cleaning}
            title={jobWrites ? 'Stops the check, then removes everything its write checks created' : undefined}
            onClick={cancel}
          >
            {jobWrites ? 'Cancel and clean up' : 'Cancel'}
          </button>
        ) : (
          <button type="button" className="button button-primary" data-testid="check-run" disabled={running || last.isPending} onClick={run}>
            {job ? 'Run again' : 'Run check'}
            {writes && ' with writes'}
          </button>
        )}
      </div>
      {running && jobWrites && (
        <p className="note-bar check-writes-running" data-testid="check-writes-running" data-state={cleaning ? 'cleaning' : 'running'}>
          {cleaning
            ? 'Cancelling: removing what the write checks created…'
            : 'Write checks run: Cancel stops them and removes everything they created, as the end of the run does.'}
        </p>
      )}
      {confirming && (
        <WriteCheckDialog
          connection={connection}
          runId={confirming.runId}
          profiles={confirming.profiles}
          onConfirm={confirmWrites}
          onCancel={() => setConfirming(null)}
        />
      )}

      {state === 'loading' && <p className="loading-state">Looking for the last check of this connection…</p>}
      {state === 'error' && (
        <div className="error-state" role="alert">
          <p>The jobs could not be read: {errorMessage(last.error)}</p>
          <button type="button" className="button" onClick={() => void last.refetch()}>
            Retry
          </button>
        </div>
      )}
      {state === 'idle' && (
        <div className="empty-state" data-testid="check-empty">
          <p>No check has run on {connection.name} yet.</p>
          <p>
            The check sends requests that prove what the server supports (discovery, authentication, responses, paging, filtering, sorting, projection, and with
            write checks the user and group lifecycle, ETags and bulk), gives each a verdict with the exchanges that prove it, and scores the readiness of each
            chosen client profile.
          </p>
        </div>
      )}
      {job && (
        <CheckRun job={job} report={report.data} reportError={report.isError ? report.error : null} onRetry={() => void report.refetch()} final={final} />
      )}
    </section>
  );
}

interface CheckRunProps {
  job: JobView;
  report: CheckReport | undefined;
  reportError: Error | null;
  onRetry: () => void;
  final: boolean;
}

function CheckRun({ job, report, reportError, onRetry, final }: CheckRunProps) {
  const showToast = useShowToast();
  const [draft, update] = useServerDraft(job.connectionId);
  const save = useSaveReport();
  const counts = summaryCounts(report?.summary);
  const finished = isJobFinished(job.state);
  const checks = report?.checks ?? [];
  const shown = filterChecks(checks, draft.verdicts);
  const exportReport = (format: ReportFormat) =>
    save.mutate({ jobId: job.id, format }, { onError: (error) => showToast('error', `The report could not be saved: ${errorMessage(error)}`) });

  return (
    <div className="check-run" data-testid="check-run-view" data-job-id={job.id}>
      <div className="check-status">
        <span className="check-state" role="status" data-testid="check-state">
          {jobStateLabel[job.state]}
        </span>
        {isJobFinished(job.state) ? (
          <span className="muted small" data-testid="check-facts">
            {formatCount(checks.length)} {checks.length === 1 ? 'check' : 'checks'}
            {report?.requests !== undefined && ` · ${formatCount(report.requests)} requests`}
            {report && ` · ${new Date(report.target.checkedAt).toLocaleString()}`}
            {report && (
              <>
                {' · '}
                <ServerText value={report.target.url} className="mono" />
              </>
            )}
          </span>
        ) : (
          <>
            <JobProgressBar progress={job.progress} moving={isJobMoving(job.state)} label="Progress of the check" testId="check-progress" />
            <span className="muted small" data-testid="check-progress-text">
              {jobProgressText(job.progress)}
            </span>
          </>
        )}
      </div>
      {job.message && (
        <p className={job.state === 'failed' ? 'error-state' : 'note-bar'} role={job.state === 'failed' ? 'alert' : undefined} data-testid="check-job-message">
          <ServerText value={job.message} />
        </p>
      )}
      {job.state === 'cancelled' && checks.length > 0 && <p className="muted small">Cancelled: the report holds the checks that ran before.</p>}
      {reportError && (
        <div className="error-state" role="alert" data-testid="check-report-error">
          <p>The report could not be read: {errorMessage(reportError)}</p>
          <button type="button" className="button" onClick={onRetry}>
            Retry
          </button>
        </div>
      )}

      {report && (
        <>
          {report.leftovers && report.leftovers.length > 0 && <CheckLeftovers leftovers={report.leftovers} />}
          {final && report.target.writes && !report.leftovers?.length && (
            <p className="text-ok small" data-testid="check-cleanup">
              Nothing the write checks created is left on the server.
            </p>
          )}
          <Readiness report={report} />
          <div className="check-toolbar">
            <div className="verdict-filters" role="group" aria-label="Show checks by verdict" data-testid="verdict-filters">
              {verdictOrder.map((verdict) =>
                counts[verdict] > 0 || draft.verdicts.includes(verdict) ? (
                  <VerdictToggle
                    key={verdict}
                    verdict={verdict}
                    count={counts[verdict]}
                    pressed={draft.verdicts.includes(verdict)}
                    onToggle={() => update((d) => ({ verdicts: toggleVerdict(d.verdicts, verdict) }))}
                  />
                ) : null,
              )}
              {draft.verdicts.length > 0 && (
                <button type="button" className="link-button small" data-testid="verdict-filter-clear" onClick={() => update({ verdicts: [] })}>
                  Show all
                </button>
              )}
            </div>
            <span className="spacer" />
            <div className="check-export" role="group" aria-label="Export the report" data-testid="check-export">
              <span className="muted small" aria-hidden="true">
                Export
              </span>
              {formats.map(([format, label]) => (
                <button
                  key={format}
                  type="button"
                  className="button"
                  data-testid={`check-export-${format}`}
                  disabled={!final || save.isPending}
                  title={finished ? `Save the report as ${label}` : 'The report can be saved once the check has ended'}
                  onClick={() => exportReport(format)}
                >
                  {label}
                </button>
              ))}
            </div>
          </div>
          <p className="visually-hidden" aria-live="polite">
            {final
              ? `Check ${jobStateLabel[job.state].toLowerCase()}: ${verdictOrder.map((v) => `${counts[v]} ${verdictLabels[v].toLowerCase()}`).join(', ')}.`
              : ''}
          </p>
          <CheckResults
            connectionId={job.connectionId}
            checks={shown}
            emptyText={
              checks.length === 0
                ? finished
                  ? 'No check ran.'
                  : 'The results arrive here as the checks run…'
                : 'No check has the chosen verdicts. Show all to see every check.'
            }
          />
        </>
      )}
    </div>
  );
}

function VerdictToggle({ verdict, count, pressed, onToggle }: { verdict: Verdict; count: number; pressed: boolean; onToggle: () => void }) {
  return (
    <button
      type="button"
      className={`chip-toggle verdict-toggle is-${verdict}`}
      aria-pressed={pressed}
      title={verdictHelp[verdict]}
      data-testid={`verdict-filter-${verdict}`}
      data-count={count}
      onClick={onToggle}
    >
      <span className="verdict-toggle-label">{verdictLabels[verdict]}</span>
      <span className="verdict-toggle-count">{formatCount(count)}</span>
    </button>
  );
}

function Readiness({ report }: { report: CheckReport }) {
  const profiles = report.target.profiles.filter((p) => report.readiness[p]);
  if (profiles.length === 0) return null;
  return (
    <ul className="check-readiness" aria-label="Readiness per profile" data-testid="check-readiness">
      {profiles.map((profile) => {
        const { passed, total } = report.readiness[profile]!;
        return (
          <li
            key={profile}
            className={passed === total ? 'readiness is-ready' : 'readiness is-not-ready'}
            data-testid="check-readiness-profile"
            data-profile={profile}
            data-passed={passed}
            data-total={total}
          >
            <span className="readiness-label">{profileLabels[profile]}</span>
            <span className="readiness-score" aria-hidden="true">
              {passed}/{total}
            </span>
            <span className="visually-hidden">
              : {passed} of {total} checks ready
            </span>
            <meter
              className="readiness-meter"
              min={0}
              max={Math.max(total, 1)}
              value={passed}
              low={Math.max(total, 1) - 0.5}
              optimum={total}
              aria-hidden="true"
            />
          </li>
        );
      })}
    </ul>
  );
}
