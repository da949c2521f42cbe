import { useEffect, useRef } from 'react';
import type { DiscoverySummary } from '../../../../shared/contract';
import { formatCount, formatDuration } from '../../lib/format';
import { CheckIcon, CrossIcon } from '../../ui/icons';
import { testStepLabels } from './labels';
import type { TestState } from './useConnectionTester';

export function TestResultPanel({ state, onCancel }: { state: TestState; onCancel: () => void }) {
  const panelRef = useRef<HTMLElement>(null);
  const verdictRef = useRef<HTMLParagraphElement>(null);
  // The panel sits under a long form: when a test starts or its result arrives it is brought into view,
  // and the result is focused (unless the user has moved on to typing elsewhere) so it is read out.
  useEffect(() => {
    if (state.status === 'idle') return;
    panelRef.current?.scrollIntoView?.({ block: 'nearest' });
    if (state.status !== 'ok' && state.status !== 'failed') return;
    const active = document.activeElement;
    const typing = active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement || active instanceof HTMLSelectElement;
    if (!typing) verdictRef.current?.focus({ preventScroll: true });
  }, [state.status]);
  return (
    <section
      ref={panelRef}
      className={`test-panel test-${state.status}`}
      data-testid="connection-test"
      data-state={state.status}
      aria-live="polite"
      aria-label="Connection test"
    >
      {state.status === 'idle' && <p className="muted">{state.note ?? 'Test the settings as they are in the form, before or after saving.'}</p>}
      {state.status === 'running' && (
        <div className="test-running">
          <span className="spinner" aria-hidden="true" /> Testing the connection…
          <button type="button" className="button button-subtle" onClick={onCancel}>
            Cancel
          </button>
        </div>
      )}
      {(state.status === 'ok' || state.status === 'failed') && (
        <>
          <p ref={verdictRef} tabIndex={-1} className={state.status === 'ok' ? 'test-verdict ok' : 'test-verdict failed'} data-testid="connection-test-verdict">
            {state.status === 'ok' ? 'The connection works.' : state.error ? `The test could not run: ${state.error}` : 'The connection test failed.'}
          </p>
          {state.result && (
            <ol className="test-steps">
              {state.result.steps.map((step, index) => (
                <li
                  key={`${step.name}-${index}`}
                  className={step.ok ? 'step-ok' : 'step-failed'}
                  data-testid="test-step"
                  data-step={step.name}
                  data-ok={step.ok}
                >
                  <span className="step-icon" aria-label={step.ok ? 'passed' : 'failed'}>
                    {step.ok ? <CheckIcon /> : <CrossIcon />}
                  </span>
                  <span className="step-name">{testStepLabels[step.name] ?? step.name}</span>
                  <span className="step-message">{step.message}</span>
                  <span className="step-duration muted">{formatDuration(step.durationMs)}</span>
                </li>
              ))}
            </ol>
          )}
          {state.result?.summary && <DiscoverySummaryView summary={state.result.summary} />}
        </>
      )}
    </section>
  );
}

const yesNo = (value: boolean | null) => (value === null ? 'unknown' : value ? 'yes' : 'no');

function DiscoverySummaryView({ summary }: { summary: DiscoverySummary }) {
  const { capabilities: caps } = summary;
  return (
    <div className="discovery" data-testid="discovery-summary">
      <h3>Discovery</h3>
      <dl className="kv">
        <dt>ServiceProviderConfig</dt>
        <dd>{summary.serviceProviderConfig ? 'present' : 'missing'}</dd>
        <dt>Resource types</dt>
        <dd className="mono">{summary.resourceTypes.length ? summary.resourceTypes.map((r) => `${r.name} (${r.endpoint})`).join(', ') : 'none listed'}</dd>
        <dt>Schemas</dt>
        <dd>{summary.schemaCount ?? 'unknown'}</dd>
        <dt>Users</dt>
        <dd>{summary.usersTotal === null ? 'unknown' : formatCount(summary.usersTotal)}</dd>
        <dt>Capabilities</dt>
        <dd>
          patch {yesNo(caps.patch)} · bulk {yesNo(caps.bulk)} · filter {yesNo(caps.filter)} · sort {yesNo(caps.sort)} · etag {yesNo(caps.etag)}
          {caps.maxResults !== null && ` · max results ${formatCount(caps.maxResults)}`}
        </dd>
      </dl>
      {summary.notes.length > 0 && (
        <ul className="discovery-notes">
          {summary.notes.map((note, i) => (
            <li key={i}>{note}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
