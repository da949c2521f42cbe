import { useQuery } from '@tanstack/react-query';
import type { JobDetail, JobResult, JobView } from '../../../../shared/contract';
import { errorMessage, useBridge } from '../../bridge';
import { failuresTsv, formatBytes, isJobFinished, jobQuery, jobStateLabel, useSaveJobFile } from '../../jobs';
import { formatCount } from '../../lib/format';
import { useChooseConnection, useOpenBulkJob, useShowExchange, useShowToast } from '../../stores';
import { ServerText } from '../../ui/ServerText';

const when = (iso: string | undefined) => (iso ? new Date(iso).toLocaleString() : '');

/** The selected job: its step log (each request's exchanges open in the Inspector) and its result. */
export function JobDetailPane({ job, connectionName }: { job: JobView; connectionName: string }) {
  const bridge = useBridge();
  const detail = useQuery(jobQuery(bridge, job.id));
  const showExchange = useShowExchange(job.connectionId);
  const chooseConnection = useChooseConnection();
  const openBulkJob = useOpenBulkJob();
  const bulkKind = job.kind === 'bulkPlan' || job.kind === 'bulkSend' ? job.kind : null;
  return (
    <section className="job-detail" data-testid="job-detail" data-state={job.state} aria-labelledby="job-detail-title">
      <header className="job-detail-header">
        <h2 id="job-detail-title">
          <ServerText value={job.title} />
        </h2>
        {bulkKind && (
          // A plan's review and a send's results per target live on the Bulk screen, on the job's connection.
          <button
            type="button"
            className="button"
            data-testid="job-open-bulk"
            onClick={() => {
              chooseConnection(job.connectionId);
              openBulkJob({ connectionId: job.connectionId, jobId: job.id, kind: bulkKind });
            }}
          >
            {bulkKind === 'bulkPlan' ? 'Review the plan in Bulk' : 'Results per target in Bulk'}
          </button>
        )}
        <dl className="job-facts small">
          <dt>Connection</dt>
          <dd>{connectionName}</dd>
          <dt>State</dt>
          <dd data-testid="job-detail-state">{jobStateLabel[job.state]}</dd>
          <dt>Created</dt>
          <dd>{when(job.createdAt)}</dd>
          {job.finishedAt && (
            <>
              <dt>Finished</dt>
              <dd>{when(job.finishedAt)}</dd>
            </>
          )}
          <dt>Steps</dt>
          <dd>
            {formatCount(job.stepsDone)} of {formatCount(job.stepsTotal)} done · {formatCount(job.progress.requests)} requests sent
          </dd>
        </dl>
        {job.message && (
          <p
            className={job.state === 'failed' ? 'error-state' : 'job-detail-message'}
            role={job.state === 'failed' ? 'alert' : undefined}
            data-testid="job-detail-message"
          >
            <ServerText value={job.message} />
          </p>
        )}
      </header>

      {job.result && <ResultView job={job} result={job.result} onShowExchange={showExchange} />}

      <h3>Steps</h3>
      {detail.isPending ? (
        <p className="muted">Loading the step log…</p>
      ) : detail.isError ? (
        <p className="error-state" role="alert" data-testid="job-steps-error">
          The step log could not be read: {errorMessage(detail.error)}
        </p>
      ) : (
        <StepLog detail={detail.data} onShowExchange={showExchange} />
      )}
    </section>
  );
}

function StepLog({ detail, onShowExchange }: { detail: JobDetail; onShowExchange: (id: string) => void }) {
  if (detail.steps.length === 0) return <p className="muted">{isJobFinished(detail.state) ? 'No steps were recorded.' : 'No steps yet.'}</p>;
  return (
    <>
      {detail.stepsOmitted > 0 && <p className="muted small">{formatCount(detail.stepsOmitted)} earlier steps are not shown.</p>}
      <ol className="job-steps" data-testid="job-steps">
        {detail.steps.map((step) => (
          <li key={step.index} className={`job-step is-${step.status}`} data-testid="job-step" data-status={step.status}>
            <span className="job-step-index muted">{step.index + 1}</span>
            <span className="job-step-label">
              <ServerText value={step.label} />
            </span>
            <span className="job-step-status">{step.status === 'split' ? 'split in two' : step.status}</span>
            {step.exchangeIds.length > 0 && (
              <span className="job-step-exchanges">
                {step.exchangeIds.map((id, i) => (
                  <button
                    key={id}
                    type="button"
                    className="link-button small"
                    data-testid="job-step-exchange"
                    title="Open this request in the Inspector"
                    onClick={() => onShowExchange(id)}
                  >
                    {step.exchangeIds.length === 1 ? 'request' : `request ${i + 1}`}
                  </button>
                ))}
              </span>
            )}
            {step.message && (
              <span className="job-step-message small">
                <ServerText value={step.message} />
              </span>
            )}
          </li>
        ))}
      </ol>
    </>
  );
}

function ResultView({ job, result, onShowExchange }: { job: JobView; result: JobResult; onShowExchange: (id: string) => void }) {
  const showToast = useShowToast();
  const save = useSaveJobFile();
  const copyFailures = async () => {
    try {
      await navigator.clipboard.writeText(failuresTsv(result.failures));
      showToast('success', `Copied ${formatCount(result.failures.length)} ${result.failures.length === 1 ? 'failure' : 'failures'} as TSV.`);
    } catch {
      showToast('error', 'The clipboard refused the text.');
    }
  };
  return (
    <div className="job-result" data-testid="job-result" data-outcome={result.outcome}>
      <h3>Result</h3>
      <p data-testid="job-summary">
        <ServerText value={result.summary} />
      </p>
      {result.file && (
        <p className="job-file" data-testid="job-file">
          <span className="mono">
            <ServerText value={result.file.name} />
          </span>
          <span className="muted" data-testid="job-file-size">
            {formatBytes(result.file.bytes)}
          </span>
          <button
            type="button"
            className="button button-primary"
            data-testid="job-save-file"
            disabled={save.isPending || job.state !== 'succeeded'}
            onClick={() => save.mutate(job, { onError: (error) => showToast('error', `The file could not be saved: ${errorMessage(error)}`) })}
          >
            {save.isPending ? 'Saving…' : 'Save file…'}
          </button>
        </p>
      )}
      {result.notes.length > 0 && (
        <ul className="job-notes" data-testid="job-notes">
          {result.notes.map((note, i) => (
            <li key={i}>
              <ServerText value={note} />
            </li>
          ))}
        </ul>
      )}
      {result.failures.length > 0 && (
        <div className="job-failures" data-testid="job-failures">
          <div className="job-failures-header">
            <h4>
              {formatCount(result.failures.length)} {result.failures.length === 1 ? 'failure' : 'failures'}
            </h4>
            <button type="button" className="button" data-testid="job-copy-failures" onClick={() => void copyFailures()}>
              Copy failures
            </button>
          </div>
          <table className="data-table">
            <thead>
              <tr>
                <th>What</th>
                <th>Why</th>
                <th>
                  <span className="visually-hidden">Exchange</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {result.failures.map(({ item, message, exchangeId }, i) => (
                <tr key={i} data-testid="job-failure">
                  <td>
                    <ServerText value={item} />
                  </td>
                  <td className="job-failure-message">
                    <ServerText value={message} />
                  </td>
                  <td>
                    {exchangeId && (
                      <button type="button" className="link-button" data-testid="job-failure-exchange" onClick={() => onShowExchange(exchangeId)}>
                        request
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
