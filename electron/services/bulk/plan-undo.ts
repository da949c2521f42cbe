/**
 * Plans that start from a send job (issue #14): the undo of its confirmed changes, from the
 * before-states its plan kept and each target read fresh now; and the retry of its failed and
 * conflicting targets, planned afresh from the original plan's source and action.
 */
import { AppError, type BulkAction, type BulkPlanJobParams, type BulkPlanRecord, type BulkSource } from '../../../shared/contract';
import { planRestore, type GroupPlanContext } from '../../../shared/bulk';
import type { BulkPlanStore } from './plan-store';
import type { BulkResults, SentItem } from './results-store';
import { inPool } from './pool';
import { checkTargetCount, planContext, type PlanRun, type PlanSink, type SourceOutcome } from './plan-run';
import { countOf, memberIdsOf, versionOf } from './resources';

/** GETs in flight while reading the targets of an undo. */
const PARALLEL = 6;
/** Retries of retries followed back to the plan they began from. */
const MAX_RETRY_DEPTH = 20;

export interface SendSources {
  plans: BulkPlanStore;
  results: BulkResults;
}

/** The targets of the send job and its plan's summary. */
async function sentJob(sources: SendSources, sendJobId: string) {
  const sent = await sources.results.all(sendJobId);
  const summary = await sources.plans.summary(sent.planJobId);
  return { ...sent, summary, title: sources.plans.job(sendJobId).title };
}

/** The plan behind a send job, and where an undo plan's context comes from (its endpoint and dialect). */
export async function undoBasis(sources: SendSources, source: Extract<BulkSource, { kind: 'undo' }>) {
  const sent = await sentJob(sources, source.jobId);
  return { endpoint: sent.summary.endpoint, sourceText: `undo of “${sent.title}”`, sent };
}

/**
 * The restore of each target the send confirmed (done or drifted), read fresh now: its ETag guards the
 * restore, and a target changed since the send is planned from what it is now.
 */
export async function planUndo(
  run: PlanRun,
  sources: SendSources,
  source: Extract<BulkSource, { kind: 'undo' }>,
  dialect: GroupPlanContext['dialect'],
  sink: PlanSink,
  onlyIds?: ReadonlySet<string>,
): Promise<SourceOutcome> {
  const { sent } = await undoBasis(sources, source);
  const confirmed = sent.items.filter((item) => item.outcome === 'done' || item.outcome === 'drifted');
  const createdIds = new Map(sent.items.filter((i) => i.createdId).map((i) => [i.index, i.createdId!]));
  const originals = new Map<number, BulkPlanRecord>();
  const wanted = new Set(confirmed.map((item) => item.index));
  for await (const batch of sources.plans.batches(sent.planJobId))
    for (const record of batch) if (wanted.has(record.index)) originals.set(record.index, record);
  const ctx = planContext(run.caps, sent.summary.endpoint, dialect);
  const originalAction = sent.summary.action;
  const targets = confirmed
    .map((item) => ({ item, original: originals.get(item.index)!, createdId: item.createdId ?? createdIdOf(originals.get(item.index), createdIds) }))
    .filter(({ original }) => original !== undefined)
    .filter(({ item, original, createdId }) => !onlyIds || [item.id, createdId, original.id].some((id) => id !== undefined && onlyIds.has(id)));
  checkTargetCount(targets.length);
  await run.step('read', `Read the send job's ${countOf(targets.length, 'confirmed change')}`);

  // Membership lives on the group: its members now decide what restoring a user's membership takes.
  const groupIds = [...new Set(targets.flatMap(({ original }) => groupOf(ctx, originalAction, original) ?? []))];
  const members = new Map<string, Set<string>>();
  for (const groupId of groupIds) members.set(groupId, await readGroupNow(run, ctx, groupId));
  const current: Array<{ resource: Record<string, unknown> | null; etag?: string }> = new Array(targets.length);
  let read = 0;
  await inPool(
    targets.map((t, i) => ({ ...t, i })),
    PARALLEL,
    async ({ item, original, createdId, i }) => {
      await run.checkpoint();
      // A group's whole member list was replaced: the group is the target; otherwise the user (or resource) is.
      const endpoint = original.paths.some((p) => p.toLowerCase() === 'members') ? ctx.groupsEndpoint : ctx.endpoint;
      const id = createdId ?? item.id ?? original.id;
      current[i] = id === undefined ? { resource: null } : await readNow(run, endpoint, id);
      run.progress(++read, targets.length);
    },
  );
  await run.step('match', `Read ${countOf(targets.length, 'target')} as they are now (GET)`);
  for (const [i, { item, original, createdId }] of targets.entries()) {
    const groupId = groupOf(ctx, originalAction, original);
    const memberIds = groupId !== undefined ? members.get(groupId) : undefined;
    await sink.append(
      planRestore(ctx, {
        index: sink.size,
        original,
        originalAction,
        outcome: item.outcome,
        ...(createdId !== undefined ? { createdId } : {}),
        current: current[i]!.resource,
        ...(current[i]!.etag !== undefined ? { currentEtag: current[i]!.etag } : {}),
        recreateDeleted: source.recreateDeleted,
        ...(memberIds ? { memberIds } : {}),
      }),
    );
  }
  const notes: string[] = [];
  const left = sent.items.length - confirmed.length;
  if (left > 0) notes.push(`${countOf(left, 'target')} of the send job changed nothing (failed, conflict or not sent): nothing to undo there.`);
  return { matchedBy: `read ${countOf(targets.length, 'target')} one by one (GET)`, notes };
}

/**
 * The group whose membership a record changed: the action's, or, for an undo's own records (restore),
 * the group its PATCH went to when every operation was on members.
 */
function groupOf(ctx: GroupPlanContext, action: BulkAction, original: BulkPlanRecord): string | undefined {
  if ('groupId' in action) return action.groupId;
  const path = original.request?.path ?? '';
  const prefix = `${ctx.groupsEndpoint.replace(/\/+$/, '')}/`.toLowerCase();
  if (action.kind !== 'restore' || !path.toLowerCase().startsWith(prefix) || !original.operations?.length) return undefined;
  if (!original.operations.every((op) => /^members(\[|$)/i.test(op.path ?? ''))) return undefined;
  return decodeURIComponent(path.slice(prefix.length));
}

/** The id a create gave, for a record that waited on it (a member add after its user's create). */
function createdIdOf(original: BulkPlanRecord | undefined, createdIds: ReadonlyMap<number, string>): string | undefined {
  return original?.dependsOn !== undefined ? createdIds.get(original.dependsOn) : undefined;
}

async function readNow(run: PlanRun, endpoint: string, id: string): Promise<{ resource: Record<string, unknown> | null; etag?: string }> {
  try {
    const read = await run.engine.get({ connectionId: run.connectionId, endpoint, id }, run.signal);
    const etag = read.etag ?? versionOf(read.resource);
    return { resource: read.resource, ...(etag ? { etag } : {}) };
  } catch (error) {
    if (error instanceof AppError && error.status === 404) return { resource: null };
    throw error;
  }
}

async function readGroupNow(run: PlanRun, ctx: GroupPlanContext, groupId: string): Promise<Set<string>> {
  const read = await readNow(run, ctx.groupsEndpoint, groupId);
  return read.resource ? memberIdsOf(read.resource) : new Set();
}

/** What a retry plans: the original plan's parameters, and only the send's failed and conflicting targets. */
export interface RetryBasis {
  params: BulkPlanJobParams;
  failed: SentItem[];
  sourceText: string;
}

export async function retryBasis(sources: SendSources, sendJobId: string): Promise<RetryBasis> {
  const sent = await sentJob(sources, sendJobId);
  let params = await sources.plans.params(sent.planJobId);
  // A retry's plan planned its targets from an earlier plan's source: that is the one to plan from again.
  for (let depth = 0; params.source.kind === 'retry'; depth++) {
    if (depth >= MAX_RETRY_DEPTH) throw new AppError({ code: 'invalid_input', message: 'Too many retries of retries to follow back.' });
    params = await sources.plans.params((await sources.results.all(params.source.jobId)).planJobId);
  }
  const failed = sent.items.filter((item) => item.outcome === 'failed' || item.outcome === 'conflict');
  return { params, failed, sourceText: `retry of ${countOf(failed.length, 'failed target')} of “${sent.title}”` };
}

/** The failed targets, as the original source names them: file lines, or resource ids. */
export function restrictionOf(failed: readonly SentItem[]) {
  const lines = new Set(failed.flatMap((item) => (item.line !== undefined ? [item.line] : [])));
  const ids = new Set(failed.flatMap((item) => (item.id !== undefined ? [item.id] : [])));
  return { lines, ids };
}
