import { AppError, type AppErrorData, type JobFailure, type JobResult, type MembershipJobParams } from '../../../../shared/contract';
import { halfKeys, halve, putBody, requestItem, stepLabel, VERIFY_STEP, type PlannedRequest } from '../../../../shared/scim';
import type { ScimEngine } from '../../engine/engine';
import type { JobKindRunner, JobRuntime } from '../types';
import { readBack, type ReadBack } from './membership-verify';

interface Outcome {
  request: PlannedRequest;
  status: 'done' | 'failed';
  error?: AppErrorData;
}

const VERIFY_LABEL = 'Read back what the server stored';

/**
 * A membership change, request by request, as the review showed it: a 413 splits a request in two, a
 * failure is recorded and the rest still go (each request is a complete change of its own), and the
 * result is read back from the server. Runs on the main side, so closing the tab leaves nothing half done.
 */
export function membershipJob(engine: ScimEngine): JobKindRunner<'membership'> {
  return {
    kind: 'membership',
    writes: true,
    unit: () => 'requests',
    title: (params) => params.title,
    async run(runtime): Promise<JobResult> {
      const outcomes = await sendAll(engine, runtime);
      await runtime.checkpoint();
      await runtime.step({ key: VERIFY_STEP, label: VERIFY_LABEL, status: 'started' });
      let verification: ReadBack;
      try {
        verification = await readBack(engine, runtime.params, runtime.signal);
      } catch (error) {
        if (runtime.signal.aborted) throw error;
        verification = { state: 'unverified', reason: `the result could not be read back: ${errorData(error).message}`, notes: [] };
      }
      await runtime.step({
        key: VERIFY_STEP,
        label: VERIFY_LABEL,
        status: verification.state === 'unverified' ? 'failed' : 'done',
        message: verificationText(verification),
      });
      return resultOf(runtime.params, outcomes, verification);
    },
  };
}

/**
 * Sends every request not confirmed done by a previous run. Steps are keyed by the request's index
 * ("3"), and halves of a split request by "3.0"/"3.1": a resumed run recomputes the same halves
 * (halving is deterministic) and skips the parent recorded `split`.
 */
async function sendAll(engine: ScimEngine, runtime: JobRuntime<MembershipJobParams>): Promise<Outcome[]> {
  const { params, previous } = runtime;
  const queue = params.requests.map((request, i) => ({ key: String(i), request: request as PlannedRequest }));
  const outcomes: Outcome[] = [];
  let total = queue.length;
  let stepsTotal = 0;
  const report = () => {
    runtime.progress(outcomes.length, total);
    // The requests and the read-back; each goes to the job's file, so only when a split adds one.
    if (stepsTotal !== total + 1) runtime.setStepsTotal((stepsTotal = total + 1));
  };
  report();
  while (queue.length > 0) {
    const { key, request } = queue.shift()!;
    const status = previous.get(key)?.status;
    // Never re-send a confirmed write. Anything else is sent (again): a step `started` but not `done`
    // was cut off mid-request, and one that `failed` was not stored. Adding or removing members by
    // value is idempotent, so a request the server did apply before the crash changes nothing twice.
    if (status === 'done') {
      outcomes.push({ request, status: 'done' });
      report();
      continue;
    }
    const recordedHalves = status === 'split' ? halve(request) : undefined;
    if (recordedHalves) {
      queue.unshift(...halvesOf(key, recordedHalves));
      total += 1;
      report();
      continue;
    }
    const label = stepLabel(key, request, params.groupsEndpoint);
    await runtime.checkpoint();
    await runtime.step({ key, label, status: 'started' });
    try {
      await send(engine, params, request, runtime.signal);
      await runtime.step({ key, label, status: 'done' });
      outcomes.push({ request, status: 'done' });
    } catch (error) {
      // Cancelled (or shutting down): the run ends here; the step stays `started`, sent again on resume.
      if (runtime.signal.aborted || (error instanceof AppError && error.code === 'cancelled')) throw error;
      const data = errorData(error);
      const halves = data.status === 413 ? halve(request) : undefined;
      if (halves) {
        const [first, second] = halves;
        await runtime.step({
          key,
          label,
          status: 'split',
          message: `${data.message} Split in two: +${first.add.length} −${first.remove.length} and +${second.add.length} −${second.remove.length}.`,
        });
        queue.unshift(...halvesOf(key, halves));
        total += 1;
      } else {
        await runtime.step({ key, label, status: 'failed', message: data.message });
        outcomes.push({ request, status: 'failed', error: data });
      }
    }
    report();
  }
  return outcomes;
}

const halvesOf = (key: string, halves: [PlannedRequest, PlannedRequest]) => halfKeys(key).map((k, i) => ({ key: k, request: halves[i]! }));

/**
 * One request. PATCHes carry no If-Match (adding or removing named members commutes with other edits,
 * and an ETag would fail every concurrent change to a busy group), no `attributes` (some servers fail a
 * write carrying it) and no read-back of a 10,000-member group: the job reads back what it needs after.
 */
async function send(engine: ScimEngine, params: MembershipJobParams, request: PlannedRequest, signal: AbortSignal): Promise<void> {
  const target = { connectionId: params.connectionId, endpoint: params.groupsEndpoint, id: request.groupId };
  if (request.kind === 'patch') {
    await engine.patch({ ...target, operations: request.operations, dialect: params.dialect, readBack: false }, signal);
    return;
  }
  // Without PATCH: the group as it is now, with its members changed, under the version just read.
  const read = await engine.get(target, signal);
  await engine.replace({ ...target, resource: putBody(read.resource, request), ...(read.etag ? { etag: read.etag } : {}) }, signal);
}

const errorData = (error: unknown): AppErrorData =>
  error instanceof AppError ? error.data : { code: 'internal', message: error instanceof Error ? error.message : String(error) };

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

function verificationText(verification: ReadBack): string {
  if (verification.state === 'unverified') return `not verified: ${verification.reason}`;
  if (verification.state === 'differences') return `the server's membership differs from what was asked (${verification.differences})`;
  return `the server stored exactly what was asked (${count(verification.checked, 'membership')} checked)`;
}

function resultOf(params: MembershipJobParams, outcomes: readonly Outcome[], verification: ReadBack): JobResult {
  const done = outcomes.filter((o) => o.status === 'done').length;
  const failed = outcomes.filter((o) => o.status === 'failed');
  const sent = failed.length ? `${done} of ${count(outcomes.length, 'request')} sent, ${failed.length} failed` : `${count(done, 'request')} sent`;
  const failures: JobFailure[] = failed.map((o) => ({
    item: requestItem(o.request, params.groupsEndpoint),
    message: o.error?.message ?? 'unknown error',
    ...(o.error?.exchangeId ? { exchangeId: o.error.exchangeId } : {}),
  }));
  return {
    summary: `${sent}; ${verificationText(verification)}`,
    outcome: failed.length ? 'failed' : verification.state,
    failures,
    notes: verification.notes,
  };
}
