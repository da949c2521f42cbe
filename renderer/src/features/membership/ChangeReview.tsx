import { useEffect, useMemo, useRef, useState } from 'react';
import { encodePatch, type PatchDialect } from '../../../../shared/patch';
import { planRequests, userAndGroupTypes, type MembershipChange, type PlannedRequest } from '../../../../shared/scim';
import { formatCount } from '../../lib/format';
import { jsonWithVisibleControls } from '../../lib/visible-controls';
import { JsonView } from '../../ui/code/JsonView';
import { ServerText } from '../../ui/ServerText';
import { DialectSelect } from '../../ui/DialectSelect';
import { isJobMoving, JobProgressBar, useShowJobs } from '../../jobs';
import { memberReadOnlySubAttributes, pretty, usePatchRefused, writeMethod } from '../../scim';
import { DEFAULT_CHUNK_SIZE } from './model';
import { MembershipOutcome } from './MembershipOutcome';
import { RefLabel } from '../../ui/RefLabel';
import { useMembershipJob } from './useMembershipJob';
import type { MembershipScope } from '../../ui/DetailTabs';

/** Requests one job may carry (the contract's bound): a larger change needs more members per request. */
const MAX_REQUESTS = 1000;

export interface ChangeReviewProps extends MembershipScope {
  groupsEndpoint: string;
  changes: MembershipChange[];
  onBack: () => void;
  onFinished: () => void;
}

/**
 * Shows every request a membership change will send (PatchOp in the chosen dialect, or PUT), then sends
 * them as a main-side job (it goes on if this tab closes) and shows its progress and its read-back.
 */
export function ChangeReview({ connection, capabilities, groupsEndpoint, changes, readOnlyReason, onBack, onFinished }: ChangeReviewProps) {
  const patchRefused = usePatchRefused(connection.id, groupsEndpoint);
  const patch = writeMethod(capabilities, connection, Boolean(patchRefused)) === 'patch';
  const [dialect, setDialect] = useState<PatchDialect>('rfc');
  const [chunkText, setChunkText] = useState(String(DEFAULT_CHUNK_SIZE));
  const chunkSize = Math.max(1, Number.parseInt(chunkText, 10) || DEFAULT_CHUNK_SIZE);
  // Sub-attributes the server computes (its schema marks them readOnly) are left out of the member values.
  const readOnly = useMemo(() => memberReadOnlySubAttributes(capabilities), [capabilities]);
  const requests = useMemo(() => changes.flatMap((change) => planRequests(change, { patch, chunkSize, readOnly })), [changes, patch, chunkSize, readOnly]);
  const { phase, job, outcome, startError, send, sentCount, cancel, cancelling } = useMembershipJob(connection.id);
  const showJobs = useShowJobs();
  const outcomeRef = useRef<HTMLDivElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const endpoint = groupsEndpoint.replace(/\/$/, '');
  const added = changes.reduce((n, c) => n + c.add.length, 0);
  const removed = changes.reduce((n, c) => n + c.remove.length, 0);
  const tooMany = requests.length > MAX_REQUESTS;

  /** Starts a job with the planned requests, or (Retry) only those that failed or were not sent last time. */
  const start = (batch: PlannedRequest[], retry = false) => {
    if (readOnlyReason || batch.length === 0) return;
    const title = `${retry ? 'Retry: ' : ''}${changeTitle(changes, added, removed)}`;
    const usersEndpoint = userAndGroupTypes(capabilities).users?.endpoint;
    send(batch, { connectionId: connection.id, groupsEndpoint, ...(usersEndpoint ? { usersEndpoint } : {}), dialect, title });
  };

  // When the outcome arrives it is brought into view with its buttons, and focused so it is read out.
  useEffect(() => {
    if (phase !== 'done') return;
    outcomeRef.current?.scrollIntoView?.({ block: 'end' });
    resultRef.current?.focus({ preventScroll: true });
  }, [phase]);

  const progress = job?.progress;
  // Each request split in two after a 413 adds one to the job's total.
  const splits = progress?.total != null ? Math.max(0, progress.total - sentCount) : 0;

  return (
    <div className="membership-review" data-testid="membership-review" data-state={phase} data-requests={requests.length}>
      <div className="membership-review-head">
        <strong>
          {added > 0 && `Add ${formatCount(added)}`}
          {added > 0 && removed > 0 && ', '}
          {removed > 0 && `remove ${formatCount(removed)}`}{' '}
          {changes.length === 1 ? (
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
            <label className="inline-field" title="The server states no limit; a request it refuses as too large (413) is split in two and sent again.">
              Members per request
              <input
                className="input membership-chunk"
                type="number"
                min={1}
                value={chunkText}
                onChange={(e) => setChunkText(e.target.value)}
                disabled={phase !== 'review'}
                aria-label="Members per request"
              />
            </label>
          </>
        ) : (
          <span className="muted">
            {capabilities.patch === false
              ? 'This server has no PATCH'
              : patchRefused
                ? 'This server refused PATCH on its groups'
                : 'This connection sends edits as PUT'}
            : each group is read and replaced (PUT) with its members changed.
          </span>
        )}
      </div>
      {readOnly.length > 0 && added > 0 && (
        <p className="muted" data-testid="membership-readonly-note">
          Left out of the new members: {readOnly.map((name) => `members.${name}`).join(', ')}. This server’s schema marks{' '}
          {readOnly.length === 1 ? 'it' : 'them'} readOnly, so it fills {readOnly.length === 1 ? 'it' : 'them'} in itself.
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
              <JsonView
                value={jsonWithVisibleControls(pretty(encodePatch(request.operations, dialect)))}
                label={`Request body for ${request.groupName}`}
                testId="membership-body"
                className="membership-body"
              />
            ) : (
              <ul className="mono compact-list">
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

      {job && progress && phase !== 'review' && (
        <div className="membership-progress" data-testid="membership-progress" data-done={progress.done} data-total={progress.total ?? ''}>
          <JobProgressBar progress={progress} moving={isJobMoving(job.state)} label="Requests sent" testId="membership-progress-bar" />
          <span className="muted">
            {formatCount(progress.done)} of {progress.total === null ? '…' : formatCount(progress.total)} requests
            {splits ? ` (${splits} split after 413 Payload Too Large)` : ''}
            {job.state === 'paused' ? ' · paused' : ''}
          </span>
          {phase !== 'done' && (
            <button
              type="button"
              className="link-button"
              data-testid="membership-show-job"
              onClick={() => showJobs(job.id)}
              title="The change runs on its own: closing this tab does not stop it."
            >
              Show in Jobs
            </button>
          )}
        </div>
      )}

      <div className="membership-outcome" ref={outcomeRef}>
        {phase === 'done' && outcome && <MembershipOutcome outcome={outcome} ref={resultRef} />}
        {startError && phase === 'review' && (
          <p className="text-warn" role="alert" data-testid="membership-start-error">
            Not sent: <ServerText value={startError} />
          </p>
        )}
        {tooMany && phase === 'review' && (
          <p className="text-warn" data-testid="membership-too-many">
            A change is sent as at most {formatCount(MAX_REQUESTS)} requests: put more members in each request.
          </p>
        )}

        <div className="action-row">
          {phase === 'review' && (
            <>
              <button type="button" className="button" onClick={onBack}>
                Back
              </button>
              <button
                type="button"
                className="button button-primary"
                data-testid="membership-send"
                onClick={() => start(requests)}
                disabled={!!readOnlyReason || requests.length === 0 || tooMany}
                title={readOnlyReason ?? undefined}
              >
                Send {requests.length} request{requests.length === 1 ? '' : 's'}
              </button>
            </>
          )}
          {phase === 'sending' && (
            <button type="button" className="button" data-testid="membership-cancel" onClick={cancel} disabled={!job || cancelling}>
              Cancel
            </button>
          )}
          {phase === 'verifying' && <span className="muted">Reading back what the server stored…</span>}
          {phase === 'done' && outcome?.retryText && !readOnlyReason && (
            <button
              type="button"
              className="button"
              data-testid="membership-retry"
              onClick={() =>
                start(
                  outcome.unfinished.map((u) => u.request),
                  true,
                )
              }
            >
              {outcome.retryText}
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

/** The job's title for the Jobs list: "Add 3 to “Engineering”", "Add 2, remove 1 across 3 groups". */
function changeTitle(changes: readonly MembershipChange[], added: number, removed: number): string {
  const what = [added > 0 ? `add ${formatCount(added)}` : '', removed > 0 ? `remove ${formatCount(removed)}` : ''].filter(Boolean).join(', ');
  const where =
    changes.length === 1
      ? `${added > 0 && removed === 0 ? 'to' : removed > 0 && added === 0 ? 'from' : 'in'} “${changes[0]!.groupName.slice(0, 200)}”`
      : `across ${formatCount(changes.length)} groups`;
  return `${what.charAt(0).toUpperCase()}${what.slice(1)} ${where}`;
}
