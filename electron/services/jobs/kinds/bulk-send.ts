import {
  AppError,
  BULK_CONFIRM_THRESHOLD,
  type BulkPlanRecord,
  type BulkPlanSummary,
  type BulkResultItem,
  type BulkSendJobParams,
  type Capabilities,
  type JobResult,
} from '../../../../shared/contract';
import type { BulkPlanStore } from '../../bulk/plan-store';
import type { BulkResults } from '../../bulk/results-store';
import { writeResult, RESULTS_FILE } from '../../bulk/send-result';
import { SendRun, type SendTransport } from '../../bulk/send-run';
import type { ScimEngine } from '../../engine/engine';
import { DEFAULT_MAX_CONCURRENCY } from '../../engine/reliability/scheduler';
import type { JobKindRunner, JobRuntime } from '../types';

/** Used where ServiceProviderConfig advertises /Bulk but leaves a limit out. */
const FALLBACK_BULK = { maxOperations: 100, maxPayloadSize: 1024 * 1024 };
const SENT_OUTCOMES = new Set<BulkPlanRecord['outcome']>(['change', 'create', 'delete']);

/**
 * Sends a bulk plan (issue #14): exactly the requests the plan stored for its changes, creates and
 * deletes, through /Bulk where the server advertises it and single requests otherwise, each verified
 * by reading back. A target changed on the server since the plan is reported as a conflict, never
 * overwritten. Resumes after a crash without repeating a confirmed write.
 */
export function bulkSendJob(engine: ScimEngine, plans: BulkPlanStore, results: BulkResults): JobKindRunner<'bulkSend'> {
  /** What a plan's targets are called, by plan job ("users"), learned when a send is validated or run. */
  const units = new Map<string, string>();
  const summaryOf = async (params: BulkSendJobParams) => {
    const summary = await plans.summary(params.planJobId);
    units.set(params.planJobId, nounOf(summary.endpoint));
    return summary;
  };
  return {
    kind: 'bulkSend',
    writes: true,
    unit: (params) => units.get(params.planJobId) ?? 'changes',
    title: (params) => params.title,
    async validate(params) {
      refuseUnless(await summaryOf(params), params);
    },
    async run(runtime): Promise<JobResult> {
      const { params } = runtime;
      const summary = await summaryOf(params);
      // Checked again: another send of the same plan may have started since this one was accepted.
      refuseUnless(summary, params, runtime.id);
      await plans.setSendJob(params.planJobId, runtime.id);
      const records = (await plans.records(params.planJobId)).filter((r) => SENT_OUTCOMES.has(r.outcome));
      const writer = await results.open(runtime.id, params.planJobId, records.map(targetOf));
      try {
        const caps = await engine.capabilities(params.connectionId, { signal: runtime.signal });
        const transport = transportFor(engine, summary, runtime, caps);
        const run = new SendRun({ engine, runtime, writer, records, transport, etagHonoured: caps.etag === true });
        await run.run();
        const notes = summary.transport.mode === 'bulk' && params.transport === 'single' ? ['Sent as single requests, as asked.', ...run.notes] : run.notes;
        return await writeResult(writer.items, { filePath: runtime.filePath(RESULTS_FILE), redact: runtime.redact, notes });
      } finally {
        await writer.close();
      }
    },
  };
}

/** Refuses a send the user should not get: why, in words they can act on. */
function refuseUnless(summary: BulkPlanSummary, params: BulkSendJobParams, selfId?: string): void {
  const refuse = (message: string, field?: string) => {
    throw new AppError({ code: 'invalid_input', message, ...(field ? { field } : {}) });
  };
  if (summary.connectionId !== params.connectionId) refuse(`The plan “${summary.title}” was made on another connection; plan the change again on this one.`);
  if (!summary.complete) refuse(`The plan “${summary.title}” has not finished its dry run; send it once the plan job has succeeded.`);
  if (summary.sendJobId && summary.sendJobId !== selfId) {
    refuse(
      `The plan “${summary.title}” was already sent by job ${summary.sendJobId}. A plan is sent once: plan again (or retry that job's failures) to send more.`,
    );
  }
  const destructive = summary.totals.destructive;
  if (destructive > BULK_CONFIRM_THRESHOLD && params.confirmCount !== destructive) {
    const verb = summary.action.kind === 'delete' ? 'deleting' : summary.action.kind === 'deactivate' ? 'deactivating' : 'deleting or deactivating';
    const typed = params.confirmCount === undefined ? '' : ` (${params.confirmCount} was typed)`;
    refuse(`Type ${destructive} to confirm ${verb} ${destructive} ${nounOf(summary.endpoint)}${typed}.`, 'confirmCount');
  }
}

/** /Bulk when the plan says so, the job was not asked for single requests, and the server still advertises it. */
function transportFor(engine: ScimEngine, summary: BulkPlanSummary, runtime: JobRuntime<BulkSendJobParams>, caps: Capabilities): SendTransport {
  const configured = engine.resolve(runtime.params.connectionId).settings.maxConcurrency;
  const inFlight = Math.max(1, Math.min(configured ?? DEFAULT_MAX_CONCURRENCY, 16));
  if (runtime.params.transport !== 'auto' || summary.transport.mode !== 'bulk') return { mode: 'single', inFlight };
  if (caps.bulk.supported !== true) return { mode: 'single', inFlight };
  return {
    mode: 'bulk',
    inFlight,
    limits: {
      maxOperations: caps.bulk.maxOperations ?? summary.transport.maxOperations ?? FALLBACK_BULK.maxOperations,
      maxPayloadSize: caps.bulk.maxPayloadSize ?? summary.transport.maxPayloadSize ?? FALLBACK_BULK.maxPayloadSize,
    },
  };
}

function targetOf(record: BulkPlanRecord): BulkResultItem {
  return {
    index: record.index,
    ...(record.line !== undefined ? { line: record.line } : {}),
    key: record.key,
    ...(record.id !== undefined ? { id: record.id } : {}),
    display: record.display,
    planned: record.outcome,
    outcome: 'pending',
    differences: [],
  };
}

/** "/Users" → "users", "/Groups" → "groups"; anything else → "changes". */
function nounOf(endpoint: string): string {
  const name = endpoint.replace(/^\/+|\/+$/g, '').toLowerCase();
  return name === 'users' || name === 'groups' ? name : 'changes';
}
