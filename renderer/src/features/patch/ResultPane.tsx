import type { AppErrorData, ScimResource } from '../../../../shared/contract';
import type { PatchDialect, PatchOperation } from '../../../../shared/patch';
import { describeOp, dialectLabels, pretty, withoutMeta } from '../../scim';
import { WriteError } from '../../ui/WriteError';
import { LineDiff } from './LineDiff';
import type { ComputedValue } from './stored';

export type SendOutcome =
  | { phase: 'sending'; dialect: PatchDialect }
  | { phase: 'failed'; dialect: PatchDialect; failure: AppErrorData }
  | {
      phase: 'sent';
      dialect: PatchDialect;
      status: number;
      /** The PATCH answered without a body (204), so the resource was read back. */
      reread: boolean;
      response: ScimResource;
      /** null when the operations could not be applied here (nothing to compare with). */
      preview: ScimResource | null;
      /** The preview with the values the server computes filled in (what the answer is judged against). */
      expected: ScimResource | null;
      stored: ScimResource;
      /** What the server stored other than asked: the only differences. */
      divergences: PatchOperation[];
      /** Values the server computes itself (readOnly, returned always, filled in on new values): listed, not counted. */
      computed: ComputedValue[];
    };

/** After Send: the server's answer and, above all, whether what it stored is what the preview said. */
export function ResultPane({ outcome, onReread }: { outcome: SendOutcome; onReread: () => void }) {
  const state = outcome.phase === 'sent' ? (!outcome.preview ? 'unverified' : outcome.divergences.length === 0 ? 'matched' : 'diverged') : outcome.phase;
  return (
    <section
      className="patch-card patch-result"
      data-testid="patch-result"
      data-state={state}
      data-divergences={outcome.phase === 'sent' ? outcome.divergences.length : undefined}
      data-computed={outcome.phase === 'sent' ? outcome.computed.length : undefined}
      aria-live="polite"
    >
      <h2 className="patch-card-title">Result</h2>
      {outcome.phase === 'sending' && <p className="loading-state">Sending the PATCH ({dialectLabels[outcome.dialect]})…</p>}
      {outcome.phase === 'failed' && (
        <WriteError
          failure={outcome.failure}
          title={outcome.failure.code === 'read_only' ? 'Refused: the connection is read-only.' : 'The server refused the PATCH.'}
        >
          <p className="muted">Your operations are kept: fix them and send again.</p>
          {outcome.failure.code === 'precondition_failed' && (
            <button type="button" className="button" onClick={onReread}>
              Read the current version
            </button>
          )}
        </WriteError>
      )}
      {outcome.phase === 'sent' && (
        <>
          <p className="muted" data-testid="patch-status">
            HTTP {outcome.status} · {dialectLabels[outcome.dialect]}
            {outcome.reread ? ' · no body in the answer: the resource was read back with GET' : ''}
          </p>
          {!outcome.preview ? (
            <p className="patch-warn" data-testid="patch-verdict">
              The server accepted operations that fail here: there is no preview to compare with. What it stored is below.
            </p>
          ) : outcome.divergences.length === 0 ? (
            <p className="patch-ok" data-testid="patch-verdict">
              Server stored exactly the preview.
            </p>
          ) : (
            <>
              <p className="patch-warn" data-testid="patch-verdict">
                The server stored something other than the preview ({outcome.divergences.length}{' '}
                {outcome.divergences.length === 1 ? 'difference' : 'differences'}):
              </p>
              <ul className="mono patch-divergences" data-testid="patch-divergences">
                {outcome.divergences.map((op, i) => (
                  <li key={i} data-testid="patch-divergence">
                    {describeOp(op)}
                  </li>
                ))}
              </ul>
              <p className="muted">Each line is what would turn the preview into what the server stored (values it computes aside).</p>
              <LineDiff
                left={withoutMeta(outcome.expected ?? outcome.preview)}
                right={withoutMeta(outcome.stored)}
                testId="patch-stored-diff"
                leftLabel="preview"
                rightLabel="stored"
              />
            </>
          )}
          {outcome.preview && outcome.computed.length > 0 && <ComputedValues values={outcome.computed} />}
          <details className="patch-raw">
            <summary>{outcome.reread ? 'Resource read back' : 'Response body'}</summary>
            <pre className="mono patch-pre">{pretty(outcome.reread ? outcome.stored : outcome.response)}</pre>
          </details>
        </>
      )}
    </section>
  );
}

const WHY: Record<ComputedValue['why'], string> = {
  readOnly: 'readOnly',
  'returned always': 'returned always',
  'immutable, not sent': 'filled in: not sent',
};

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
            {v.path} = {JSON.stringify(v.value)} <span className="muted">({WHY[v.why]})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
