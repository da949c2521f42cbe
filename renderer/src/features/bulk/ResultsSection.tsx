import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { BulkResultItem, BulkSendOutcome, ConnectionView, JobView } from '../../../../shared/contract';
import { errorMessage, useBridge } from '../../bridge';
import {
  isJobFinished,
  isJobMoving,
  JobProgressBar,
  jobProgressText,
  jobStateLabel,
  useJob,
  useJobAction,
  useSaveJobFile,
  useStartJob,
  type JobAction,
} from '../../jobs';
import { formatCount } from '../../lib/format';
import { scimKeys } from '../../scim';
import { useShowExchange, useShowToast } from '../../stores';
import { ServerText } from '../../ui/ServerText';
import { ShowExchangeLink } from '../../ui/ShowExchangeLink';
import { OutcomeChips } from './OutcomeChips';
import { ResultsTable } from './ResultsTable';
import { sendOutcomeHelp, sendOutcomeLabels, sendOutcomeOrder, toggleOutcome } from './model';
import { jobMoment, planSummaryQuery, resultsPageQuery } from './queries';
import { useReveal } from './useReveal';
import type { BulkDraft, BulkDraftUpdate } from './state';

const noCounts: Record<BulkSendOutcome, number> = { pending: 0, done: 0, failed: 0, conflict: 0, drifted: 0 };

interface ResultsSectionProps {
  connection: ConnectionView;
  job: JobView;
  draft: BulkDraft;
  update: BulkDraftUpdate;
  step: number;
}

/**
 * Step 5: the send as it goes and after (also after a restart): Pause, Resume, Cancel, the outcome per
 * target, the results file, and from here a retry of the failures or an undo, each a new plan to review.
 */
export function ResultsSection({ connection, job, draft, update, step }: ResultsSectionProps) {
  const bridge = useBridge();
  const showToast = useShowToast();
  const showExchange = useShowExchange(connection.id);
  const moment = jobMoment(job);
  // A queued send has sent nothing yet (it waits for the connection's earlier jobs): nothing to read.
  const queued = job.state === 'queued';
  const first = useQuery({ ...resultsPageQuery(bridge, job.id, draft.resultOutcome, 0, moment), placeholderData: keepPreviousData, enabled: !queued });
  const counts = first.data?.counts ?? noCounts;
  const planJobId = first.data?.planJobId ?? null;
  const planJob = useJob(planJobId);
  const plan = useQuery(planSummaryQuery(bridge, planJobId, jobMoment(planJob))).data;
  const action = useJobAction();
  const saveFile = useSaveJobFile();
  const start = useStartJob();
  const titleRef = useReveal<HTMLHeadingElement>(draft.reveal === job.id, () => update({ reveal: null }));
  const [active, setActive] = useState<{ row: number; item: BulkResultItem | undefined } | null>(null);
  const finished = isJobFinished(job.state);
  const queryClient = useQueryClient();
  // What the browsers, detail panels and membership tabs read of this server is stale once a send ends.
  useEffect(() => {
    if (!finished) return;
    void queryClient.invalidateQueries({ queryKey: [...scimKeys.connection(connection.id), 'browse'] });
    void queryClient.invalidateQueries({ queryKey: [...scimKeys.connection(connection.id), 'detail'] });
    void queryClient.invalidateQueries({ queryKey: scimKeys.membership(connection.id) });
  }, [finished, connection.id, queryClient]);
  const deleted = (plan?.totals.delete ?? 0) > 0;
  const retryable = counts.failed + counts.conflict;
  const undoable = counts.done + counts.drifted;

  const act = (kind: JobAction) =>
    action.mutate(
      { id: job.id, action: kind },
      { onError: (error) => showToast('error', `The send could not be ${kind === 'cancel' ? 'cancelled' : `${kind}d`}: ${errorMessage(error)}`) },
    );
  const replan = (kind: 'retry' | 'undo') => {
    if (!plan) return;
    const source =
      kind === 'retry'
        ? ({ kind: 'retry', jobId: job.id } as const)
        : ({ kind: 'undo', jobId: job.id, recreateDeleted: deleted && draft.recreateDeleted } as const);
    start.mutate(
      {
        kind: 'bulkPlan',
        params: {
          connectionId: connection.id,
          endpoint: plan.endpoint,
          source,
          action: kind === 'retry' ? plan.action : { kind: 'restore' },
          dialect: plan.dialect,
          title: (kind === 'retry' ? `Retry the failures of ${job.title}` : `Undo ${job.title}`).slice(0, 300),
        },
      },
      {
        onSuccess: (view) => update({ planJobId: view.id, sendJobId: null, planOutcome: null, resultOutcome: null, reveal: view.id }),
        onError: (error) => showToast('error', `The ${kind === 'retry' ? 'retry' : 'undo'} could not be planned: ${errorMessage(error)}`),
      },
    );
  };
  const saveResults = () => saveFile.mutate(job, { onError: (error) => showToast('error', `The results could not be saved: ${errorMessage(error)}`) });

  return (
    <section
      className="bulk-step"
      aria-labelledby="bulk-results-title"
      data-testid="bulk-results"
      data-state={job.state}
      data-job-id={job.id}
      // "stale" while the counts shown are an earlier moment's, kept on screen as the next are read.
      data-counts={first.isPlaceholderData || first.isFetching ? 'stale' : 'current'}
    >
      <h2 id="bulk-results-title" className="bulk-step-title" ref={titleRef} tabIndex={-1}>
        <span className="bulk-step-number" aria-hidden="true">
          {step}
        </span>
        Results
        <span className="bulk-step-subtitle">
          <ServerText value={job.title} />
        </span>
      </h2>
      <div className="bulk-status">
        <span className="bulk-state" role="status" data-testid="bulk-results-state">
          {jobStateLabel[job.state]}
        </span>
        <JobProgressBar progress={job.progress} moving={isJobMoving(job.state)} label="Progress of the send" testId="bulk-results-progress" />
        <span className="muted small">{jobProgressText(job.progress)}</span>
        {(job.state === 'running' || job.state === 'queued') && (
          <button type="button" className="button" data-testid="bulk-pause" disabled={action.isPending} onClick={() => act('pause')}>
            Pause
          </button>
        )}
        {(job.state === 'paused' || job.state === 'interrupted') && (
          <button type="button" className="button button-primary" data-testid="bulk-resume" disabled={action.isPending} onClick={() => act('resume')}>
            Resume
          </button>
        )}
        {!finished && (
          <button type="button" className="button button-danger-subtle" data-testid="bulk-cancel" disabled={action.isPending} onClick={() => act('cancel')}>
            Cancel
          </button>
        )}
      </div>
      {job.message && (
        <p
          className={job.state === 'failed' ? 'error-state' : 'note-bar'}
          role={job.state === 'failed' ? 'alert' : 'status'}
          data-testid="bulk-results-message"
        >
          <ServerText value={job.message} />
        </p>
      )}
      {finished && job.result && (
        <p data-testid="bulk-results-summary" data-outcome={job.result.outcome}>
          <ServerText value={job.result.summary} />
        </p>
      )}
      <div className="bulk-toolbar">
        <OutcomeChips
          label="Show targets by outcome"
          order={sendOutcomeOrder}
          counts={counts}
          labels={sendOutcomeLabels}
          help={sendOutcomeHelp}
          selected={draft.resultOutcome}
          onToggle={(outcome) => {
            update({ resultOutcome: toggleOutcome(draft.resultOutcome, outcome) });
            setActive(null);
          }}
          testId="bulk-results-chips"
        />
        <span className="spacer" />
        <button
          type="button"
          className="button"
          data-testid="bulk-results-export"
          disabled={!finished || !job.result?.file || saveFile.isPending}
          onClick={saveResults}
        >
          Export results CSV
        </button>
      </div>
      {queued ? (
        <p className="muted" data-testid="bulk-results-queued">
          Queued: the send starts once the earlier jobs of this connection are done.
        </p>
      ) : (
        <ResultsTable
          jobId={job.id}
          moment={moment}
          outcome={draft.resultOutcome}
          active={active?.row ?? null}
          onActivate={(row, item) => setActive({ row, item })}
          onShowExchange={showExchange}
        />
      )}
      {active?.item && (
        <p className="bulk-result-detail" data-testid="bulk-result-detail" aria-live="polite">
          <strong>
            <ServerText value={active.item.display || active.item.key} />
          </strong>
          {': '}
          {sendOutcomeLabels[active.item.outcome]}
          {active.item.error && (
            <>
              {' — '}
              <ServerText value={active.item.error} />
            </>
          )}
          {active.item.differences.length > 0 && (
            <>
              {' — '}
              <ServerText value={active.item.differences.join('; ')} />
            </>
          )}
          <ShowExchangeLink id={active.item.exchangeId} onShow={showExchange} testId="bulk-result-exchange" />
        </p>
      )}
      <div className="bulk-after-send" data-testid="bulk-after-send">
        <button
          type="button"
          className="button"
          data-testid="bulk-retry"
          disabled={!finished || retryable === 0 || !plan || start.isPending}
          onClick={() => replan('retry')}
        >
          Retry {retryable > 0 ? `${formatCount(retryable)} ` : ''}failures
        </button>
        <button
          type="button"
          className="button"
          data-testid="bulk-undo"
          disabled={!finished || undoable === 0 || !plan || start.isPending}
          onClick={() => replan('undo')}
        >
          Undo this job
        </button>
        {deleted && (
          <label className="check-field">
            <input
              type="checkbox"
              checked={draft.recreateDeleted}
              data-testid="bulk-recreate-deleted"
              onChange={(e) => update({ recreateDeleted: e.target.checked })}
            />
            <span>
              Recreate deleted {plan?.endpoint.toLowerCase().includes('group') ? 'groups' : 'users'}{' '}
              <span className="field-warning small">(they get new ids: anything that refers to the old ids does not follow)</span>
            </span>
          </label>
        )}
        <span className="muted small">Retry and undo are planned first, with a dry run, like any change.</span>
      </div>
    </section>
  );
}
