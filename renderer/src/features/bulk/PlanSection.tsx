import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { BulkPlanItem, BulkPlanSummary, ConnectionView, JobView } from '../../../../shared/contract';
import { errorMessage, useBridge } from '../../bridge';
import { isJobFinished, isJobMoving, JobProgressBar, jobProgressText, jobStateLabel, useJobAction, useStartJob } from '../../jobs';
import { formatCount } from '../../lib/format';
import { useShowToast } from '../../stores';
import { ErrorState } from '../../ui/ErrorState';
import { ServerText } from '../../ui/ServerText';
import { OutcomeChips } from './OutcomeChips';
import { PlanItemDetail } from './PlanItemDetail';
import { PlanTable } from './PlanTable';
import { planOutcomeLabels, planOutcomeOrder, sendCount, toggleOutcome, transportText } from './model';
import { jobMoment, planSummaryQuery, useSavePlan } from './queries';
import { useReveal } from './useReveal';
import { SendDialog } from './SendDialog';
import type { BulkDraft, BulkDraftUpdate } from './state';

interface PlanSectionProps {
  connection: ConnectionView;
  job: JobView;
  draft: BulkDraft;
  update: BulkDraftUpdate;
  /** The send job of this plan, when one was started (its results show below). */
  sendJobId: string | null;
  step: number;
}

/** Step 4: the plan a dry run made, as it arrives: totals, how it was matched, every target, and Send. */
export function PlanSection({ connection, job, draft, update, sendJobId, step }: PlanSectionProps) {
  const bridge = useBridge();
  const showToast = useShowToast();
  const moment = jobMoment(job);
  // A queued job has no plan yet (it waits for the connection's earlier jobs): nothing to read.
  const summary = useQuery(planSummaryQuery(bridge, job.state === 'queued' ? null : job.id, moment));
  const action = useJobAction();
  const start = useStartJob();
  const save = useSavePlan();
  const [confirming, setConfirming] = useState(false);
  const titleRef = useReveal<HTMLHeadingElement>(draft.reveal === job.id, () => update({ reveal: null }));
  // The active row of the table, and the plan item it shows (kept while its page reloads).
  const [active, setActive] = useState<{ row: number; index: number | null } | null>(null);
  const plan = summary.data;
  const running = !isJobFinished(job.state) && job.state !== 'interrupted';
  const complete = plan?.complete === true && job.state === 'succeeded';
  const state = summary.isError ? 'error' : running ? 'planning' : complete ? 'complete' : job.state;

  const send = (confirmCount: number | undefined) => {
    if (!plan) return;
    start.mutate(
      {
        kind: 'bulkSend',
        params: { connectionId: connection.id, planJobId: job.id, title: plan.title, ...(confirmCount !== undefined ? { confirmCount } : {}) },
      },
      {
        onSuccess: (view) => {
          setConfirming(false);
          update({ sendJobId: view.id, resultOutcome: null, reveal: view.id });
        },
        onError: (error) => showToast('error', `The send could not start: ${errorMessage(error)}`),
      },
    );
  };
  const cancel = () =>
    action.mutate({ id: job.id, action: 'cancel' }, { onError: (error) => showToast('error', `The dry run could not be cancelled: ${errorMessage(error)}`) });
  const resume = () =>
    action.mutate({ id: job.id, action: 'resume' }, { onError: (error) => showToast('error', `The dry run could not be resumed: ${errorMessage(error)}`) });
  const exportPlan = (format: 'csv' | 'json') =>
    save.mutate({ jobId: job.id, format }, { onError: (error) => showToast('error', `The plan could not be saved: ${errorMessage(error)}`) });
  const selectOutcome = (outcome: BulkDraft['planOutcome']) => {
    update({ planOutcome: outcome });
    setActive(null);
  };
  const onActivate = (row: number, item: BulkPlanItem | undefined) =>
    setActive((before) => ({ row, index: item?.index ?? (before?.row === row ? before.index : null) }));
  const n = plan ? sendCount(plan.totals) : 0;

  return (
    <section className="bulk-step" aria-labelledby="bulk-plan-title" data-testid="bulk-plan" data-state={state} data-job-id={job.id}>
      <h2 id="bulk-plan-title" className="bulk-step-title" ref={titleRef} tabIndex={-1}>
        <span className="bulk-step-number" aria-hidden="true">
          {step}
        </span>
        Plan
        {plan && (
          <span className="bulk-step-subtitle">
            <ServerText value={plan.title} />
          </span>
        )}
      </h2>
      <div className="bulk-status">
        <span className="bulk-state" role="status" data-testid="bulk-plan-state">
          {job.state === 'queued'
            ? 'Dry run queued: it starts once the earlier jobs of this connection are done'
            : running
              ? 'Dry run: reading the targets…'
              : complete
                ? 'Dry run done: nothing was written'
                : jobStateLabel[job.state]}
        </span>
        {running && (
          <>
            <JobProgressBar progress={job.progress} moving={isJobMoving(job.state)} label="Progress of the dry run" testId="bulk-plan-progress" />
            <span className="muted small">{jobProgressText(job.progress)}</span>
            <button type="button" className="button button-danger-subtle" data-testid="bulk-plan-cancel" disabled={action.isPending} onClick={cancel}>
              Cancel
            </button>
          </>
        )}
        {(job.state === 'paused' || job.state === 'interrupted') && (
          <button type="button" className="button button-primary" data-testid="bulk-plan-resume" disabled={action.isPending} onClick={resume}>
            Resume the dry run
          </button>
        )}
      </div>
      {job.message && (
        <p className={job.state === 'failed' ? 'error-state' : 'note-bar'} role={job.state === 'failed' ? 'alert' : undefined} data-testid="bulk-plan-message">
          <ServerText value={job.message} />
        </p>
      )}
      {summary.isError && (
        <ErrorState title="The plan could not be read." message={errorMessage(summary.error)} onRetry={() => void summary.refetch()} testId="bulk-plan-error" />
      )}
      {plan && (
        <>
          <PlanFacts plan={plan} />
          <div className="bulk-toolbar">
            <OutcomeChips
              label="Show targets by outcome"
              order={planOutcomeOrder}
              counts={plan.totals}
              labels={planOutcomeLabels}
              selected={draft.planOutcome}
              onToggle={(outcome) => selectOutcome(toggleOutcome(draft.planOutcome, outcome))}
              testId="bulk-plan-chips"
            />
            <span className="spacer" />
            <div className="bulk-export" role="group" aria-label="Export the plan">
              <span className="muted small" aria-hidden="true">
                Export
              </span>
              {(['csv', 'json'] as const).map((format) => (
                <button
                  key={format}
                  type="button"
                  className="button"
                  data-testid={`bulk-plan-export-${format}`}
                  disabled={!complete || save.isPending}
                  onClick={() => exportPlan(format)}
                >
                  {format.toUpperCase()}
                </button>
              ))}
            </div>
          </div>
          <div className="bulk-review">
            <PlanTable jobId={job.id} moment={moment} outcome={draft.planOutcome} active={active?.row ?? null} onActivate={onActivate} />
            <PlanItemDetail jobId={job.id} index={active?.index ?? null} />
          </div>
          <div className="bulk-send-row">
            {sendJobId ? (
              <p className="muted" data-testid="bulk-plan-sent">
                This plan was sent: its results are below.
              </p>
            ) : (
              <>
                <button
                  type="button"
                  className="button button-primary"
                  data-testid="bulk-send"
                  disabled={!complete || n === 0 || connection.readOnly || start.isPending}
                  onClick={() => setConfirming(true)}
                >
                  Send {formatCount(n)} {n === 1 ? 'change' : 'changes'}
                </button>
                <span className="muted small">
                  {!complete
                    ? 'The plan can be sent once the dry run has finished.'
                    : connection.readOnly
                      ? `“${connection.name}” is read-only: the plan can be reviewed and exported, not sent.`
                      : n === 0
                        ? 'Nothing to send: every target is already as asked, or left out.'
                        : 'Asks before anything is written.'}
                </span>
              </>
            )}
          </div>
        </>
      )}
      {confirming && plan && (
        <SendDialog plan={plan} connectionName={connection.name} busy={start.isPending} onSend={send} onCancel={() => setConfirming(false)} />
      )}
    </section>
  );
}

function PlanFacts({ plan }: { plan: BulkPlanSummary }) {
  return (
    <dl className="bulk-facts" data-testid="bulk-plan-facts" data-transport={plan.transport.mode}>
      <div>
        <dt>Source</dt>
        <dd>
          <ServerText value={plan.sourceText} />
        </dd>
      </div>
      <div>
        <dt>Matched by</dt>
        <dd data-testid="bulk-plan-matched-by">
          <ServerText value={plan.matchedBy} />
        </dd>
      </div>
      <div>
        <dt>Sent as</dt>
        <dd data-testid="bulk-plan-transport">{transportText(plan.transport)}</dd>
      </div>
      {plan.notes.length > 0 && (
        <div>
          <dt>Notes</dt>
          <dd>
            <ul className="compact-list" data-testid="bulk-plan-notes">
              {plan.notes.map((note, i) => (
                <li key={i}>
                  <ServerText value={note} />
                </li>
              ))}
            </ul>
          </dd>
        </div>
      )}
    </dl>
  );
}
