import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Capabilities, ConnectionView } from '../../../../shared/contract';
import { encodePatch, type PatchDialect } from '../../../../shared/patch';
import { errorMessage, useBridge } from '../../bridge';
import { formatCount } from '../../lib/format';
import { jsonWithVisibleControls } from '../../lib/visible-controls';
import { ServerText } from '../../ui/ServerText';
import { DialectSelect } from '../detail/DetailSections';
import { memberReadOnlySubAttributes, scimKeys, usePatchRefused, writeMethod } from '../../scim';
import { pretty } from '../detail/model';
import { executePlan, retryLabel, type ExecuteProgress, type ExecuteResult } from './execute';
import { DEFAULT_CHUNK_SIZE, planRequests, type MembershipChange, type PlannedRequest, type Verification } from './model';
import { RefLabel } from './RefLabel';

export interface ChangeReviewProps {
  connection: ConnectionView;
  capabilities: Capabilities;
  groupsEndpoint: string;
  changes: MembershipChange[];
  /** Reads back which members are present now, to compare with what was asked. */
  verify: (changes: MembershipChange[]) => Promise<Verification>;
  readOnlyReason: string | null;
  onBack: () => void;
  onFinished: () => void;
}

type Phase = 'review' | 'sending' | 'verifying' | 'done';

/** Shows every request a membership change will send (PatchOp in the chosen dialect, or PUT), sends it, and checks what was stored. */
export function ChangeReview({ connection, capabilities, groupsEndpoint, changes, verify, readOnlyReason, onBack, onFinished }: ChangeReviewProps) {
  const bridge = useBridge();
  const queryClient = useQueryClient();
  const patchRefused = usePatchRefused(connection.id, groupsEndpoint);
  const patch = writeMethod(capabilities, connection, Boolean(patchRefused)) === 'patch';
  const [dialect, setDialect] = useState<PatchDialect>('rfc');
  const [chunkText, setChunkText] = useState(String(DEFAULT_CHUNK_SIZE));
  const chunkSize = Math.max(1, Number.parseInt(chunkText, 10) || DEFAULT_CHUNK_SIZE);
  // Sub-attributes the server computes (its schema marks them readOnly) are left out of the member values.
  const readOnly = useMemo(() => memberReadOnlySubAttributes(capabilities), [capabilities]);
  const requests = useMemo(() => changes.flatMap((change) => planRequests(change, { patch, chunkSize, readOnly })), [changes, patch, chunkSize, readOnly]);
  const [phase, setPhase] = useState<Phase>('review');
  const [progress, setProgress] = useState<ExecuteProgress | null>(null);
  const [result, setResult] = useState<ExecuteResult | null>(null);
  const [verification, setVerification] = useState<Verification | null>(null);
  const [verifyError, setVerifyError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const endpoint = groupsEndpoint.replace(/\/$/, '');
  const added = changes.reduce((n, c) => n + c.add.length, 0);
  const removed = changes.reduce((n, c) => n + c.remove.length, 0);

  /** Sends the planned requests, or (Retry) only those that failed or were not sent last time. */
  const send = async (only?: PlannedRequest[]) => {
    const batch = only ?? requests;
    if (readOnlyReason || batch.length === 0) return;
    const controller = new AbortController();
    abort.current = controller;
    setVerification(null);
    setVerifyError(null);
    setPhase('sending');
    const outcome = await executePlan(batch, { bridge, connectionId: connection.id, groupsEndpoint, dialect, signal: controller.signal, onProgress: setProgress });
    setResult(outcome);
    setPhase('verifying');
    void queryClient.invalidateQueries({ queryKey: scimKeys.membership(connection.id) });
    try {
      setVerification(await verify(changes));
    } catch (error) {
      setVerifyError(errorMessage(error));
    }
    // The outcome is shown here, below the requests (no toast: one would cover Retry and Done).
    setPhase('done');
  };

  // When the outcome arrives it is brought into view with its buttons, and focused so it is read out.
  useEffect(() => {
    if (phase !== 'done') return;
    outcomeRef.current?.scrollIntoView?.({ block: 'end' });
    resultRef.current?.focus({ preventScroll: true });
  }, [phase]);

  const failures = result?.outcomes.filter((o) => o.status === 'failed') ?? [];
  const skipped = result?.outcomes.filter((o) => o.status === 'skipped').length ?? 0;
  // What a retry would send: the requests that failed or were never sent (the selection is kept until Done).
  const toRetry = result?.outcomes.filter((o) => o.status !== 'done').map((o) => o.request) ?? [];
  const retryText = result ? retryLabel(result.outcomes) : null;
  const differences = verification ? verification.missing.length + verification.remaining.length : 0;
  const resultState = !result ? undefined : failures.length || result.cancelled ? 'failed' : differences ? 'differences' : verification ? 'verified' : 'unverified';

  return (
    <div className="membership-review" data-testid="membership-review" data-state={phase} data-requests={requests.length}>
      <div className="membership-review-head">
        <strong>
          {added > 0 && `Add ${formatCount(added)}`}
          {added > 0 && removed > 0 && ', '}
          {removed > 0 && `remove ${formatCount(removed)}`} {changes.length === 1 ? (
            <>
              in “<ServerText value={changes[0]!.groupName} />”
            </>
          ) : (
            `across ${changes.length} groups`
          )}
        </strong>
        <span className="muted">
          {requests.length} request{requests.length === 1 ? '' : 's'}
        </span>
        <div className="spacer" />
        {patch ? (
          <>
            <DialectSelect value={dialect} onChange={setDialect} disabled={phase !== 'review'} />
            <label className="detail-dialect" title="The server states no limit; a request it refuses as too large (413) is split in two and sent again.">
              Members per request
              <input className="input membership-chunk" type="number" min={1} value={chunkText} onChange={(e) => setChunkText(e.target.value)} disabled={phase !== 'review'} aria-label="Members per request" />
            </label>
          </>
        ) : (
          <span className="muted">
            {capabilities.patch === false ? 'This server has no PATCH' : patchRefused ? 'This server refused PATCH on its groups' : 'This connection sends edits as PUT'}: each group is read and replaced (PUT) with its members changed.
          </span>
        )}
      </div>
      {readOnly.length > 0 && added > 0 && (
        <p className="muted" data-testid="membership-readonly-note">
          Left out of the new members: {readOnly.map((name) => `members.${name}`).join(', ')}. This server’s schema marks {readOnly.length === 1 ? 'it' : 'them'} readOnly, so it
          fills {readOnly.length === 1 ? 'it' : 'them'} in itself.
        </p>
      )}

      <ol className="membership-requests">
        {requests.map((request, i) => (
          <li key={i} data-testid="membership-request" data-kind={request.kind}>
            <div className="mono">
              <strong>{request.kind === 'patch' ? 'PATCH' : 'PUT'}</strong> {endpoint}/<ServerText value={String(request.groupId)} />{' '}
              <span className="muted">
                (<ServerText value={request.groupName} />: +{request.add.length} −{request.remove.length})
              </span>
            </div>
            {request.kind === 'patch' ? (
              <pre className="mono detail-pre membership-body" data-testid="membership-body">
                {jsonWithVisibleControls(pretty(encodePatch(request.ops, dialect)))}
              </pre>
            ) : (
              <ul className="mono detail-list">
                {request.add.map((m) => (
                  <li key={`a${m.value}`}>
                    + <RefLabel member={m} />
                  </li>
                ))}
                {request.remove.map((m) => (
                  <li key={`r${m.value}`}>
                    − <RefLabel member={m} />
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>

      {progress && phase !== 'review' && (
        <div className="membership-progress">
          <progress max={progress.total} value={progress.done} aria-label="Requests sent" />
          <span className="muted">
            {progress.done} of {progress.total} requests{progress.splits ? ` (${progress.splits} split after 413 Payload Too Large)` : ''}
          </span>
        </div>
      )}

      <div className="membership-outcome" ref={outcomeRef}>
        {phase === 'done' && result && (
          <div className="detail-result" data-testid="membership-result" data-state={resultState} data-differences={differences} ref={resultRef} tabIndex={-1}>
            {failures.map((f, i) => (
              <p key={i} className="detail-warn" role="alert">
                {f.request.kind.toUpperCase()} <ServerText value={String(f.request.groupId)} /> failed: <ServerText value={f.error?.message ?? 'unknown error'} />
              </p>
            ))}
            {result.cancelled && <p className="detail-warn">Cancelled: {skipped} request{skipped === 1 ? ' was' : 's were'} not sent.</p>}
            {verification && differences === 0 && <p className="detail-ok">Server stored exactly what was asked ({verification.checked} membership{verification.checked === 1 ? '' : 's'} checked).</p>}
            {verification && differences > 0 && (
              <>
                <p className="detail-warn">The server's membership differs from what was asked ({differences}):</p>
                <ul className="mono detail-list">
                  {verification.missing.map((m) => (
                    <li key={`m${m.value}`}>
                      not a member after add: <RefLabel member={m} />
                    </li>
                  ))}
                  {verification.remaining.map((m) => (
                    <li key={`r${m.value}`}>
                      still a member after remove: <RefLabel member={m} />
                    </li>
                  ))}
                </ul>
              </>
            )}
            {verifyError && <p className="detail-warn">The result could not be read back: {verifyError}</p>}
          </div>
        )}

        <div className="detail-actions">
          {phase === 'review' && (
            <>
              <button type="button" className="button" onClick={onBack}>
                Back
              </button>
              <button type="button" className="button button-primary" data-testid="membership-send" onClick={() => void send()} disabled={!!readOnlyReason || requests.length === 0} title={readOnlyReason ?? undefined}>
                Send {requests.length} request{requests.length === 1 ? '' : 's'}
              </button>
            </>
          )}
          {phase === 'sending' && (
            <button type="button" className="button" onClick={() => abort.current?.abort()}>
              Cancel
            </button>
          )}
          {phase === 'verifying' && <span className="muted">Reading back what the server stored…</span>}
          {phase === 'done' && toRetry.length > 0 && retryText && !readOnlyReason && (
            <button type="button" className="button" data-testid="membership-retry" onClick={() => void send(toRetry)}>
              {retryText}
            </button>
          )}
          {phase === 'done' && (
            <button type="button" className="button button-primary" data-testid="membership-done" onClick={onFinished}>
              Done
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
