import type { UseMutationResult } from '@tanstack/react-query';
import type { PatchDialect } from '../../../../shared/patch';
import { errorData } from '../../bridge';
import { describeOp, dialectLabels, pretty, withoutMeta, type StoredWrite, type WriteRequest } from '../../scim';
import { JsonView } from '../../ui/code/JsonView';
import { WriteError } from '../../ui/WriteError';
import { LineDiff } from './LineDiff';
import type { ComputedValue, StoredComparison } from './stored';

/** The last Send: in flight, refused, or stored (its comparison null when the operations fail here: no preview to compare with). */
export type SendState = Pick<UseMutationResult<StoredWrite<StoredComparison | null>, Error, WriteRequest>, 'isPending' | 'error' | 'data'>;

/** After Send: the server's answer and, above all, whether what it stored is what the preview said. */
export function ResultPane({ send, dialect, onReread }: { send: SendState; dialect: PatchDialect; onReread: () => void }) {
  const sent = send.data ?? null;
  const failure = send.error ? errorData(send.error) : null;
  const comparison = sent?.comparison ?? null;
  const rawLabel = sent?.reread ? 'Resource read back' : 'Response body';
  const state = sent ? (!comparison ? 'unverified' : comparison.differences.length === 0 ? 'matched' : 'diverged') : failure ? 'failed' : 'sending';
  return (
    <section
      className="patch-card patch-result"
      data-testid="patch-result"
      data-state={state}
      data-divergences={sent ? (comparison?.differences.length ?? 0) : undefined}
      data-computed={sent ? (comparison?.computed.length ?? 0) : undefined}
      aria-live="polite"
    >
      <h2 className="patch-card-title">Result</h2>
      {send.isPending && <p className="loading-state">Sending the PATCH ({dialectLabels[dialect]})…</p>}
      {failure && (
        <WriteError failure={failure} title={failure.code === 'read_only' ? 'Refused: the connection is read-only.' : 'The server refused the PATCH.'}>
          <p className="muted">Your operations are kept: fix them and send again.</p>
          {failure.code === 'precondition_failed' && (
            <button type="button" className="button" onClick={onReread}>
              Read the current version
            </button>
          )}
        </WriteError>
      )}
      {sent && (
        <>
          <p className="muted" data-testid="patch-status">
            HTTP {sent.status} · {dialectLabels[dialect]}
            {sent.reread ? ' · no body in the answer: the resource was read back with GET' : ''}
          </p>
          {!comparison ? (
            <p className="patch-warn" data-testid="patch-verdict">
              The server accepted operations that fail here: there is no preview to compare with. What it stored is below.
            </p>
          ) : comparison.differences.length === 0 ? (
            <p className="patch-ok" data-testid="patch-verdict">
              Server stored exactly the preview.
            </p>
          ) : (
            <>
              <p className="patch-warn" data-testid="patch-verdict">
                The server stored something other than the preview ({comparison.differences.length}{' '}
                {comparison.differences.length === 1 ? 'difference' : 'differences'}):
              </p>
              <ul className="mono patch-divergences" data-testid="patch-divergences">
                {comparison.differences.map((op, i) => (
                  <li key={i} data-testid="patch-divergence">
                    {describeOp(op)}
                  </li>
                ))}
              </ul>
              <p className="muted">Each line is what would turn the preview into what the server stored (values it computes aside).</p>
              <LineDiff
                left={withoutMeta(comparison.expected)}
                right={withoutMeta(sent.stored.resource)}
                testId="patch-stored-diff"
                leftLabel="preview"
                rightLabel="stored"
              />
            </>
          )}
          {comparison && comparison.computed.length > 0 && <ComputedValues values={comparison.computed} />}
          <details className="patch-raw">
            <summary>{rawLabel}</summary>
            <JsonView value={pretty(sent.reread ? sent.stored.resource : sent.response)} label={rawLabel} testId="patch-response-json" className="code-pre" />
          </details>
        </>
      )}
    </section>
  );
}

/** What the server set itself: expected of it, so not a difference, but shown so nothing it did is hidden. */
function ComputedValues({ values }: { values: readonly ComputedValue[] }) {
  return (
    <div className="patch-computed" data-testid="patch-computed">
      <p className="muted">
        Not differences: {values.length === 1 ? 'a value' : `${values.length} values`} the server computes itself (its schema marks{' '}
        {values.length === 1 ? 'it' : 'them'} readOnly or returned always, or it filled {values.length === 1 ? 'it' : 'them'} in on a value sent without):
      </p>
      <ul className="mono patch-computed-list">
        {values.map((v) => (
          <li key={v.path} data-testid="patch-computed-value" data-why={v.why}>
            {v.path} = {JSON.stringify(v.value)} <span className="muted">({v.why === 'immutable, not sent' ? 'filled in: not sent' : v.why})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
