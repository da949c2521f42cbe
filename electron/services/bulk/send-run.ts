/**
 * Sending a stored plan, target by target (issue #14). Each target's step is keyed by its plan index:
 * `started` before its request goes, then `done` (done or drifted: written, never sent again),
 * `failed`, or `skipped` (a conflict: nothing written). A target cut off mid-request by a crash is read
 * first on resume and sent again only if the server still holds what was planned.
 */
import type { BulkPlanRecord, BulkRequest, BulkSendJobParams } from '../../../shared/contract';
import type { PatchOperation } from '../../../shared/patch';
import type { ScimEngine } from '../engine/engine';
import type { JobRuntime, StepRecord } from '../jobs/types';
import { inPool } from './pool';
import type { BulkResultsWriter } from './results-store';
import { bulkIdOf, operationBytes, operationOf, payloadBudget, sendBatch, type BulkLimits, type BulkOperation } from './send-bulk';
import { checkCutOff, checkUnchanged, verifyWritten, type ReadContext, type Verdict } from './send-checks';
import { verifyMemberships } from './send-membership';
import { BULK_ID_PREFIX, createdIdOf, exchangeOf, isMembership, messageOf, sendExact, withCreatedIds, type WireAnswer } from './send-wire';

export type SendTransport = { mode: 'single'; inFlight: number } | { mode: 'bulk'; inFlight: number; limits: BulkLimits };

export interface SendSetup {
  engine: ScimEngine;
  runtime: JobRuntime<BulkSendJobParams>;
  writer: BulkResultsWriter;
  /** The plan's change, create and delete records, in index order. */
  records: BulkPlanRecord[];
  transport: SendTransport;
  /**
   * Whether the server says it honours If-Match (ServiceProviderConfig etag.supported). Where it does
   * not, a planned ETag may be ignored, so the target is read before writing as if there were none.
   */
  etagHonoured: boolean;
}

/**
 * Targets in progress at once, per request the connection has in flight: a target also waits on its
 * steps' and outcome's fsyncs, which hold no request slot, so with only as many targets as slots the
 * connection's scheduler goes short of requests whenever the disk is slow. It still bounds what is sent.
 */
const TARGETS_PER_SLOT = 3;

const keyOf = (record: BulkPlanRecord) => String(record.index);
const isVerdict = (value: BulkRequest | Verdict): value is Verdict => 'outcome' in value;
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** A step's status for a decided target: anything written is `done`, so that it is never sent again. */
const STEP_STATUS: Record<Verdict['outcome'], StepRecord['status']> = { done: 'done', drifted: 'done', failed: 'failed', conflict: 'skipped' };

export class SendRun {
  /** What the transport notes for the job's result ("3 /Bulk requests"). */
  readonly notes: string[] = [];
  private readonly byIndex: Map<number, BulkPlanRecord>;
  /** Ids the server gave to creates, by their bulkId (dependent member adds are sent with them). */
  private readonly created = new Map<string, string>();
  /** Membership records written and waiting for the read of their group at the end (with the write's exchange). */
  private readonly written: Array<{ record: BulkPlanRecord; exchangeId?: string }> = [];
  private readonly ctx: ReadContext;
  private decided = 0;
  private bulkRequests = 0;
  /**
   * Decisions are appended to the results file one at a time (never two writes at once). Steps need no
   * such turn: the job store writes what several targets ask for at once together (one fsync for all).
   */
  private serial: Promise<void> = Promise.resolve();

  constructor(private readonly setup: SendSetup) {
    this.byIndex = new Map(setup.records.map((r) => [r.index, r]));
    const { runtime } = setup;
    this.ctx = { engine: setup.engine, connectionId: runtime.params.connectionId, signal: runtime.signal };
  }

  async run(): Promise<void> {
    const { records, writer, runtime, transport } = this.setup;
    for (const record of records) {
      const createdId = writer.get(record.index)?.createdId;
      if (createdId) this.created.set(bulkIdOf(record), createdId);
    }
    const toSend: BulkPlanRecord[] = [];
    const cutOff = new Set<number>();
    for (const record of records) {
      if (writer.get(record.index)?.outcome !== 'pending') {
        this.decided += 1;
        continue;
      }
      const step = runtime.previous.get(keyOf(record));
      // Written by an earlier run, its group not yet read back.
      if (step?.status === 'done' && isMembership(record)) this.written.push({ record });
      else if (step && step.status !== 'started') await this.decide(record, fromStep(step), false);
      else {
        if (step) cutOff.add(record.index);
        toSend.push(record);
      }
    }
    runtime.setStepsTotal(records.length);
    this.report();
    // Creates and the rest first; member adds that wait for a create after them.
    const first = toSend.filter((r) => r.dependsOn === undefined);
    const then = toSend.filter((r) => r.dependsOn !== undefined);
    if (transport.mode === 'bulk') await this.sendBatches([...first, ...then], cutOff, transport.limits);
    else {
      const targets = transport.inFlight * TARGETS_PER_SLOT;
      for (const part of [first, then]) await inPool(part, targets, (record) => this.sendOne(record, cutOff.has(record.index)));
    }
    if (transport.mode === 'bulk' && this.bulkRequests > 0) {
      this.notes.push(
        `Sent through /Bulk: ${this.bulkRequests} ${this.bulkRequests === 1 ? 'request' : 'requests'} of at most ${transport.limits.maxOperations} operations.`,
      );
    }
    await this.verifyGroups();
  }

  /** One target by a request of its own. */
  private async sendOne(record: BulkPlanRecord, cutOff: boolean): Promise<void> {
    await this.setup.runtime.checkpoint();
    const request = this.requestFor(record);
    if (isVerdict(request)) return this.decide(record, request);
    const checked = await this.check(record, request, cutOff);
    if (checked) return this.decide(record, checked);
    await this.step(record, 'started');
    await this.settle(record, await sendExact(this.setup.engine, this.ctx.connectionId, request, this.ctx.signal));
  }

  /** Targets in BulkRequests, each filled up to maxOperations and the payload budget; a 413 halves one. */
  private async sendBatches(ordered: BulkPlanRecord[], cutOff: ReadonlySet<number>, limits: BulkLimits): Promise<void> {
    const budget = payloadBudget(limits);
    const halves: BulkPlanRecord[][] = [];
    let at = 0;
    while (at < ordered.length || halves.length > 0) {
      await this.setup.runtime.checkpoint();
      let batch = halves.shift();
      if (!batch) {
        const taken: BulkPlanRecord[] = [];
        let bytes = 0;
        while (at < ordered.length && taken.length < limits.maxOperations) {
          const record = ordered[at]!;
          const size = record.request ? operationBytes(operationOf(record, record.request)) : 0;
          if (taken.length > 0 && bytes + size > budget) break;
          taken.push(record);
          bytes += size;
          at += 1;
        }
        batch = await this.prepare(taken, cutOff);
      }
      if (batch.length > 0) await this.sendBatch(batch, halves);
    }
  }

  /** Checks a batch's targets (reads, a few at a time) and marks those still to send as started. */
  private async prepare(taken: BulkPlanRecord[], cutOff: ReadonlySet<number>): Promise<BulkPlanRecord[]> {
    const ready = new Set<BulkPlanRecord>();
    await inPool(taken, this.setup.transport.inFlight, async (record) => {
      if (!record.request) return this.decide(record, noRequest());
      const checked = await this.check(record, record.request, cutOff.has(record.index));
      if (checked) await this.decide(record, checked);
      else ready.add(record);
    });
    const batch = taken.filter((r) => ready.has(r));
    // Recorded together: one write and one fsync for the whole batch.
    await Promise.all(batch.map((record) => this.step(record, 'started')));
    return batch;
  }

  private async sendBatch(batch: BulkPlanRecord[], halves: BulkPlanRecord[][]): Promise<void> {
    const inBatch = new Set(batch.filter((r) => r.outcome === 'create').map(bulkIdOf));
    const sent: Array<{ record: BulkPlanRecord; operation: BulkOperation }> = [];
    for (const record of batch) {
      const request = this.requestFor(record, inBatch);
      if (isVerdict(request)) await this.decide(record, request);
      else sent.push({ record, operation: operationOf(record, request) });
    }
    if (sent.length === 0) return;
    this.bulkRequests += 1;
    const answer = await sendBatch(
      this.setup.engine,
      this.ctx.connectionId,
      sent.map((s) => s.operation),
      this.ctx.signal,
    );
    if (answer.kind === 'tooLarge' && sent.length > 1) {
      const middle = Math.ceil(sent.length / 2);
      halves.unshift(
        sent.slice(0, middle).map((s) => s.record),
        sent.slice(middle).map((s) => s.record),
      );
      return;
    }
    if (answer.kind !== 'answered') {
      for (const { record } of sent) await this.decide(record, { outcome: 'failed', error: answer.message, exchangeId: answer.exchangeId });
      return;
    }
    // Ids of this request's creates first: the member adds after them are verified against those ids.
    sent.forEach(({ record }, i) => {
      const result = answer.answers[i]!;
      const id = record.outcome === 'create' && result.kind === 'written' ? createdIdOf(result.resource, result.location) : undefined;
      if (id) this.created.set(bulkIdOf(record), id);
    });
    await inPool(sent.keys(), this.setup.transport.inFlight, async (i) => {
      const { record } = sent[i]!;
      const result = answer.answers[i]!;
      if (result.kind !== 'unreported') return this.settle(record, result);
      // The group's members at the end show whether it landed.
      if (isMembership(record)) return this.settle(record, { kind: 'written', status: 0, exchangeId: result.exchangeId });
      // Processed or not, the response does not say: what the server holds now does.
      const verdict = await this.guarded(() => checkCutOff(this.ctx, record));
      await this.decide(
        record,
        verdict ?? {
          outcome: 'failed',
          error: 'The server’s Bulk response did not report on this operation, and it was not applied.',
          exchangeId: result.exchangeId,
        },
      );
    });
  }

  /**
   * Before sending: a target cut off mid-request is read to see whether the write landed; without an
   * ETag to send, the target is read to see whether it changed since the plan. Membership records go
   * unchecked: adding or removing a member by value commutes with other edits of the group.
   */
  private check(record: BulkPlanRecord, request: BulkRequest, cutOff: boolean): Promise<Verdict | undefined> {
    if (isMembership(record)) return Promise.resolve(undefined);
    if (cutOff) return this.guarded(() => checkCutOff(this.ctx, record));
    if ((!request.ifMatch || !this.setup.etagHonoured) && record.outcome !== 'create') return this.guarded(() => checkUnchanged(this.ctx, record));
    return Promise.resolve(undefined);
  }

  /** A check that could not be made fails the target (nothing was sent); a cancel goes on up. */
  private async guarded(check: () => Promise<Verdict | undefined>): Promise<Verdict | undefined> {
    try {
      return await check();
    } catch (error) {
      if (this.ctx.signal.aborted) throw error;
      return { outcome: 'failed', error: `Not sent: it could not be read first (${messageOf(error)}).`, exchangeId: exchangeOf(error) };
    }
  }

  /** After the answer: verified now, or (membership) with its group at the end. */
  private async settle(record: BulkPlanRecord, answer: WireAnswer): Promise<void> {
    if (answer.kind !== 'written') return this.decide(record, { outcome: answer.kind, error: answer.message, exchangeId: answer.exchangeId });
    if (isMembership(record)) {
      this.written.push({ record, ...(answer.exchangeId ? { exchangeId: answer.exchangeId } : {}) });
      await this.step(record, 'done', answer.exchangeId ? [answer.exchangeId] : []);
      return;
    }
    await this.decide(record, await verifyWritten(this.ctx, record, answer));
  }

  private async verifyGroups(): Promise<void> {
    if (this.written.length === 0) return;
    await this.setup.runtime.checkpoint();
    const items = this.written.map((item) => ({ ...item, operations: this.operationsOf(item.record) }));
    const verdicts = await verifyMemberships(this.ctx, items);
    for (const { record } of this.written) await this.decide(record, verdicts.get(record.index) ?? { outcome: 'done' }, false);
  }

  /**
   * The request to send: a member add that waits for a create names the id it was given, or, in the
   * same BulkRequest as the create, its `bulkId:` reference; its create having failed, it is not sent.
   */
  private requestFor(record: BulkPlanRecord, inBatch?: ReadonlySet<string>): BulkRequest | Verdict {
    if (!record.request) return noRequest();
    if (record.dependsOn === undefined) return record.request;
    const dependency = this.byIndex.get(record.dependsOn);
    const ref = dependency ? bulkIdOf(dependency) : undefined;
    if (ref && this.created.has(ref)) return withCreatedIds(record.request, this.created);
    if (ref && inBatch?.has(ref)) return record.request;
    const what = dependency ? `${dependency.key || dependency.display}${dependency.line ? ` (line ${dependency.line})` : ''}` : `#${record.dependsOn + 1}`;
    return { outcome: 'failed', error: `Not sent: it waits for the create of ${what}, which was not created.` };
  }

  /** The record's RFC operations with creates' ids in place of their references. */
  private operationsOf(record: BulkPlanRecord): PatchOperation[] {
    const operations = record.operations ?? [];
    if (record.dependsOn === undefined || this.created.size === 0) return operations;
    const refs = JSON.stringify(operations).includes(BULK_ID_PREFIX);
    return refs ? (withCreatedIds({ method: 'PATCH', path: '', body: operations }, this.created).body as PatchOperation[]) : operations;
  }

  private step(record: BulkPlanRecord, status: StepRecord['status'], exchangeIds: string[] = [], message?: string): Promise<void> {
    const { runtime } = this.setup;
    const label = clip(
      `${record.request ? `${record.request.method} ${record.request.path}` : `#${record.index + 1}`} (${record.display || record.key})`,
      2000,
    );
    return runtime.step({ key: keyOf(record), label, status, exchangeIds, ...(message ? { message: clip(message, 4000) } : {}) });
  }

  /** Records a target's outcome: in the results (fsync'd), then as its step. */
  private async decide(record: BulkPlanRecord, verdict: Verdict, withStep = true): Promise<void> {
    const { runtime, writer } = this.setup;
    const error = verdict.error ? clip(runtime.redact(verdict.error), 4000) : undefined;
    const differences = (verdict.differences ?? []).slice(0, 100).map((d) => clip(runtime.redact(d), 2000));
    await this.serially(() =>
      writer.decide({
        index: record.index,
        outcome: verdict.outcome,
        differences,
        ...(error ? { error } : {}),
        ...(verdict.exchangeId ? { exchangeId: verdict.exchangeId } : {}),
        ...(verdict.createdId ? { createdId: verdict.createdId } : {}),
      }),
    );
    if (verdict.createdId && record.outcome === 'create') this.created.set(bulkIdOf(record), verdict.createdId);
    if (withStep) {
      const message = verdict.outcome === 'drifted' ? `Stored differently: ${differences.join('; ')}` : error;
      await this.step(record, STEP_STATUS[verdict.outcome], verdict.exchangeId ? [verdict.exchangeId] : [], message);
    }
    this.decided += 1;
    this.report();
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const result = this.serial.then(work);
    this.serial = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private report(): void {
    this.setup.runtime.progress(this.decided, this.setup.records.length);
  }
}

const noRequest = (): Verdict => ({ outcome: 'failed', error: 'The plan holds no request for this target.' });

/** An outcome an earlier run recorded only as its step (its results line lost). */
function fromStep(step: StepRecord): Verdict {
  if (step.status === 'failed') return { outcome: 'failed', error: step.message ?? 'Failed in an earlier run.' };
  if (step.status === 'skipped') return { outcome: 'conflict', error: step.message ?? 'A conflict in an earlier run.' };
  return { outcome: 'done' };
}
