import { AppError, type BulkAction, type BulkPlanJobParams, type BulkPlanSummary, type Capabilities, type JobResult } from '../../../../shared/contract';
import type { ScimEngine } from '../../engine/engine';
import type { BulkPlanStore, PlanStart, PlanWriter } from '../../bulk/plan-store';
import type { BulkResults } from '../../bulk/results-store';
import { describeSource, planForward, type Restriction } from '../../bulk/plan-forward';
import { planContext, type PlanRun, type PlanSink, type SourceOutcome } from '../../bulk/plan-run';
import { countOf, nounOfEndpoint } from '../../bulk/resources';
import { planUndo, restrictionOf, retryBasis, undoBasis } from '../../bulk/plan-undo';
import type { JobKindRunner, JobRuntime } from '../types';

/**
 * The plan of a bulk change, which is its dry run (issue #14): every target read fresh, each planned
 * as the exact request with its diff, and stored (see BulkPlanStore) for review, export and the send
 * job. It only reads: nothing is sent that changes the server. A resumed plan job plans again from
 * the start (reads are safe to repeat); a cancelled one keeps what it planned, marked incomplete.
 */
export function bulkPlanJob(engine: ScimEngine, plans: BulkPlanStore, results: BulkResults): JobKindRunner<'bulkPlan'> {
  const title = (params: BulkPlanJobParams) => params.title || `Plan a bulk change of ${nounOfEndpoint(params.endpoint)}`;
  return {
    kind: 'bulkPlan',
    writes: false,
    // Listings of whole collections: each page's first 16 KB in the journal is enough to inspect.
    journalBodyBytes: 16 * 1024,
    unit: (params) => (params.source.kind === 'undo' || params.source.kind === 'retry' ? 'targets' : nounOfEndpoint(params.endpoint)),
    title,
    // An undo or a retry with nothing to plan is refused at once, where the user asked.
    async validate(params) {
      const { source } = params;
      if (source.kind !== 'undo' && source.kind !== 'retry') return;
      const sent = await results.all(source.jobId);
      const wanted = source.kind === 'undo' ? ['done', 'drifted'] : ['failed', 'conflict'];
      if (sent.items.some((item) => wanted.includes(item.outcome))) return;
      const title = plans.job(source.jobId).title;
      throw new AppError({
        code: 'invalid_input',
        message:
          source.kind === 'undo' ? `“${title}” confirmed no change, so there is nothing to undo.` : `“${title}” has no failed or conflicting target to retry.`,
      });
    },
    async run(runtime): Promise<JobResult> {
      const planned = await resolvePlan(runtime.params, plans, results);
      const caps = await engine.capabilities(runtime.params.connectionId, { signal: runtime.signal });
      const start: PlanStart = {
        connectionId: runtime.params.connectionId,
        endpoint: planned.endpoint,
        title: title(runtime.params),
        action: planned.action,
        dialect: runtime.params.dialect,
        sourceText: planned.sourceText.slice(0, 1000),
        transport: transportOf(caps),
        matchedBy: 'not yet',
        notes: [],
      };
      const writer = plans.writer(runtime.id, start);
      const sink = sinkOf(writer);
      let outcome: SourceOutcome & { sourceText?: string } = { matchedBy: '', notes: [] };
      let complete = false;
      try {
        outcome = await planned.plan(runOf(engine, runtime, caps), sink);
        complete = true;
      } finally {
        // Cancelled, failed or done: what was planned stays readable; only a finished plan is complete.
        const summary: BulkPlanSummary = {
          ...start,
          jobId: runtime.id,
          ...(outcome.sourceText ? { sourceText: outcome.sourceText.slice(0, 1000) } : {}),
          complete,
          totals: writer.totals(),
          matchedBy: (outcome.matchedBy || (complete ? 'nothing to match' : 'not finished')).slice(0, 500),
          notes: [...planned.notes, ...outcome.notes].slice(0, 100).map((n) => n.slice(0, 2000)),
        };
        await writer.finish(summary);
      }
      return resultOf(writer, sink.size);
    },
  };
}

/** What a plan job plans: the action and endpoint (an undo's and a retry's come from the send job), and how. */
interface ResolvedPlan {
  endpoint: string;
  action: BulkAction;
  sourceText: string;
  notes: string[];
  plan(run: PlanRun, sink: PlanSink): Promise<SourceOutcome & { sourceText?: string }>;
}

async function resolvePlan(params: BulkPlanJobParams, plans: BulkPlanStore, results: BulkResults): Promise<ResolvedPlan> {
  const sources = { plans, results };
  const { source, dialect } = params;
  if (source.kind === 'undo') {
    const basis = await undoBasis(sources, source);
    return {
      endpoint: basis.endpoint,
      action: { kind: 'restore' },
      sourceText: basis.sourceText,
      notes: source.recreateDeleted ? ['Deleted resources are created again: the server gives them new ids.'] : [],
      plan: (run, sink) => planUndo(run, sources, source, dialect, sink),
    };
  }
  if (source.kind === 'retry') {
    const { params: original, failed, sourceText } = await retryBasis(sources, source.jobId);
    // A group's members replaced from a list is one change: its retry plans the whole list again.
    const restriction: Restriction | undefined = original.action.kind === 'replaceMembers' ? undefined : restrictionOf(failed);
    const base = original.source;
    return {
      endpoint: original.endpoint,
      action: base.kind === 'undo' ? { kind: 'restore' } : original.action,
      sourceText,
      notes: [],
      plan: async (run, sink) => {
        if (failed.length === 0) return { matchedBy: 'nothing failed', notes: ['The send job has no failed or conflicting target to retry.'] };
        if (base.kind === 'undo') return planUndo(run, sources, base, dialect, sink, restriction?.ids);
        if (base.kind === 'retry') throw new Error('unreachable: retries are followed back to their first plan');
        return planForward(run, planContext(run.caps, original.endpoint, dialect), base, original.action, sink, restriction);
      },
    };
  }
  return {
    endpoint: params.endpoint,
    action: params.action,
    sourceText: describeSource(source, params.endpoint),
    notes: [],
    plan: (run, sink) => planForward(run, planContext(run.caps, params.endpoint, dialect), source, params.action, sink),
  };
}

/** /Bulk where ServiceProviderConfig advertises it, with its limits; single requests otherwise, and why. */
export function transportOf(caps: Capabilities): BulkPlanSummary['transport'] {
  if (caps.bulk.supported === true) {
    const positive = (n: number | null) => (n !== null && n > 0 ? n : undefined);
    const maxOperations = positive(caps.bulk.maxOperations);
    const maxPayloadSize = positive(caps.bulk.maxPayloadSize);
    return { mode: 'bulk', ...(maxOperations ? { maxOperations } : {}), ...(maxPayloadSize ? { maxPayloadSize } : {}) };
  }
  const reason =
    caps.bulk.supported === false
      ? 'the server says it does not support /Bulk (ServiceProviderConfig bulk.supported is false)'
      : 'the server does not advertise /Bulk';
  return { mode: 'single', reason };
}

function sinkOf(writer: PlanWriter): PlanSink {
  let size = 0;
  return {
    get size() {
      return size;
    },
    async append(record) {
      size += 1;
      await writer.append(record);
    },
  };
}

function runOf(engine: ScimEngine, runtime: JobRuntime<BulkPlanJobParams>, caps: Capabilities): PlanRun {
  return {
    engine,
    connectionId: runtime.params.connectionId,
    signal: runtime.signal,
    caps,
    scratchPath: (name) => runtime.filePath(name),
    checkpoint: () => runtime.checkpoint(),
    progress: (done, total) => runtime.progress(done, total),
    step: (key, label, message) => runtime.step({ key, label: label.slice(0, 2000), status: 'done', ...(message ? { message: message.slice(0, 4000) } : {}) }),
  };
}

function resultOf(writer: PlanWriter, count: number): JobResult {
  const totals = writer.totals();
  const parts = [
    totals.change && `${totals.change.toLocaleString('en-US')} to change`,
    totals.create && `${totals.create.toLocaleString('en-US')} to create`,
    totals.delete && `${totals.delete.toLocaleString('en-US')} to delete`,
    totals.skip && `${totals.skip.toLocaleString('en-US')} already as asked`,
    totals.notFound && `${totals.notFound.toLocaleString('en-US')} not found`,
    totals.bad && `${totals.bad.toLocaleString('en-US')} bad`,
  ].filter(Boolean);
  return {
    summary: `Planned ${countOf(count, 'target')}${parts.length ? `: ${parts.join(', ')}` : ''}. Nothing was sent.`,
    outcome: 'complete',
    failures: [],
    notes: [],
  };
}
