import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { JobView } from '../../../../shared/contract';
import { errorMessage, useBridge } from '../../bridge';
import { jobsListQuery, useJobAction, useSelectedJobId, useSelectJob, type JobAction } from '../../jobs';
import { formatCount } from '../../lib/format';
import { useShowToast } from '../../stores';
import { ConfirmDialog } from '../../ui/Dialog';
import { ServerText } from '../../ui/ServerText';
import { connectionsListQuery } from '../../scim';
import { JobDetailPane } from './JobDetailPane';
import { JobRow } from './JobRow';
import './jobs.css';
import { ErrorState } from '../../ui/ErrorState';

const actionVerb: Record<JobAction, string> = { cancel: 'cancelled', pause: 'paused', resume: 'resumed', remove: 'removed' };

/** Every main-side job, newest first, with its progress and controls; the selected one in detail beside. */
export function JobsScreen() {
  const bridge = useBridge();
  const showToast = useShowToast();
  const jobs = useQuery(jobsListQuery(bridge));
  const connections = useQuery(connectionsListQuery(bridge));
  const selectedId = useSelectedJobId();
  const select = useSelectJob();
  const action = useJobAction();
  // A job whose cancel waits for confirmation: it writes, and what was sent stays sent.
  const [confirmCancel, setConfirmCancel] = useState<JobView | null>(null);

  const names = useMemo(() => new Map((connections.data ?? []).map((c) => [c.id, c.name])), [connections.data]);
  const nameOf = (id: string) => names.get(id) ?? 'a removed connection';
  const list = jobs.data ?? [];
  const selected = list.find((j) => j.id === selectedId) ?? null;
  const busyId = action.isPending ? action.variables?.id : undefined;

  const run = (job: JobView, kind: JobAction) =>
    action.mutate(
      { id: job.id, action: kind },
      {
        onSuccess: () => {
          if (kind === 'remove' && selectedId === job.id) select(null);
        },
        onError: (error) => showToast('error', `“${job.title}” could not be ${actionVerb[kind]}: ${errorMessage(error)}`),
        onSettled: () => setConfirmCancel(null),
      },
    );
  const onAction = (job: JobView, kind: JobAction) => (kind === 'cancel' && job.writes ? setConfirmCancel(job) : run(job, kind));

  const state = jobs.isError ? 'error' : jobs.isPending ? 'loading' : list.length === 0 ? 'empty' : 'ready';
  return (
    <section className="screen jobs-screen" data-testid="screen-jobs" data-state={state} aria-labelledby="jobs-title">
      <header className="screen-header">
        <h1 id="jobs-title">Jobs</h1>
        {state === 'ready' && <span className="muted">{list.length === 1 ? '1 job' : `${formatCount(list.length)} jobs`}</span>}
      </header>
      {state === 'loading' && <p className="loading-state">Loading jobs…</p>}
      {state === 'error' && (
        <ErrorState message={`The jobs could not be read: ${errorMessage(jobs.error)}`} onRetry={() => void jobs.refetch()} testId="jobs-error" />
      )}
      {state === 'empty' && (
        <p className="empty-state" data-testid="jobs-empty">
          No jobs yet. Exports and membership changes run here, so you can keep working while they do.
        </p>
      )}
      {state === 'ready' && (
        <div className={selected ? 'jobs-layout has-detail' : 'jobs-layout'}>
          <ul className="jobs-list" data-testid="jobs-list" aria-label="Jobs, newest first">
            {list.map((job) => (
              <JobRow
                key={job.id}
                job={job}
                connectionName={nameOf(job.connectionId)}
                selected={job.id === selectedId}
                busy={busyId === job.id}
                onSelect={() => select(job.id === selectedId ? null : job.id)}
                onAction={(kind) => onAction(job, kind)}
              />
            ))}
          </ul>
          {selected && <JobDetailPane key={selected.id} job={selected} connectionName={nameOf(selected.connectionId)} />}
        </div>
      )}
      {confirmCancel && (
        <ConfirmDialog
          title="Stop this job?"
          confirmLabel="Stop job"
          danger
          busy={busyId === confirmCancel.id}
          onConfirm={() => run(confirmCancel, 'cancel')}
          onCancel={() => setConfirmCancel(null)}
        >
          <p>
            <ServerText value={confirmCancel.title} /> on {nameOf(confirmCancel.connectionId)} stops after the request in flight.
          </p>
          <p>
            What was already sent stays on the server ({formatCount(confirmCancel.stepsDone)} of {formatCount(confirmCancel.stepsTotal)} steps done); the rest
            is not sent.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
