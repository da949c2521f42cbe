/**
 * What the send job reads around a write: the resource just before writing when there is no ETag to
 * send (has it changed since it was planned?), a target cut off mid-request by a crash (was the write
 * applied?), and the stored resource after writing (is it what was asked?).
 */
import { AppError, bulkKeyAttributes, type BulkPlanRecord } from '../../../shared/contract';
import { changedPaths, differences, sameValue, valueAtPath } from '../../../shared/bulk';
import type { ScimEngine } from '../engine/engine';
import { ALREADY_DELETED, createdIdOf, exchangeOf, messageOf, targetOf, type Resource, type WireAnswer } from './send-wire';

export interface ReadContext {
  engine: ScimEngine;
  connectionId: string;
  signal: AbortSignal;
}

/** A decision reached by reading: what the send job records for the target. */
export interface Verdict {
  outcome: 'done' | 'drifted' | 'failed' | 'conflict';
  error?: string;
  differences?: string[];
  exchangeId?: string;
  createdId?: string;
}

type Fresh = { state: 'gone'; exchangeId?: string } | { state: 'present'; resource: Resource; exchangeId: string };

/** The resource as the server stores it now; `gone` for a 404. Other failures throw. */
export async function readFresh(ctx: ReadContext, endpoint: string, id: string): Promise<Fresh> {
  try {
    const read = await ctx.engine.get({ connectionId: ctx.connectionId, endpoint, id }, ctx.signal);
    return { state: 'present', resource: read.resource, exchangeId: read.exchangeId };
  } catch (error) {
    if (error instanceof AppError && error.code === 'http' && error.status === 404) return { state: 'gone', exchangeId: error.data.exchangeId };
    throw error;
  }
}

/** Reads a record's target; a failed read is the record's failure (nothing was sent). */
async function readTarget(ctx: ReadContext, record: BulkPlanRecord): Promise<Fresh | Verdict> {
  const { endpoint, id } = targetOf(record.request!.path);
  if (id === undefined) return { outcome: 'failed', error: `The planned request ${record.request!.path} names no resource to read.` };
  try {
    return await readFresh(ctx, endpoint, id);
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    return { outcome: 'failed', error: `Not sent: it could not be read first (${messageOf(error)}).`, exchangeId: exchangeOf(error) };
  }
}

const isVerdict = (value: Fresh | Verdict): value is Verdict => 'outcome' in value;
const goneText = (record: BulkPlanRecord) => (record.outcome === 'delete' ? ALREADY_DELETED : 'No longer on the server; nothing written.');

/**
 * Without an ETag to send, the only guard against overwriting someone else's change: read the target
 * just before writing and compare the paths the change touches with the state it was planned from.
 * `undefined`: unchanged, send it.
 */
export async function checkUnchanged(ctx: ReadContext, record: BulkPlanRecord): Promise<Verdict | undefined> {
  const fresh = await readTarget(ctx, record);
  if (isVerdict(fresh)) return fresh;
  if (fresh.state === 'gone') return { outcome: 'conflict', error: goneText(record), exchangeId: fresh.exchangeId };
  const changed = changedPaths(record.before ?? {}, fresh.resource, record.paths);
  if (changed.length === 0) return undefined;
  return { outcome: 'conflict', error: `Changed on the server since it was planned (${changed.join(', ')}); not overwritten.`, exchangeId: fresh.exchangeId };
}

/**
 * A target whose request was cut off by a crash or quit: was it applied? Already as asked → done
 * without sending again; still as planned → send (undefined); anything else was changed by someone
 * else → conflict. A create is looked for by its key, a delete is done when the target is gone.
 * Membership records never get here: adding or removing a member by value is safe to repeat.
 */
export async function checkCutOff(ctx: ReadContext, record: BulkPlanRecord): Promise<Verdict | undefined> {
  if (record.outcome === 'create') {
    const found = await findCreated(ctx, record);
    if (!found) return undefined;
    const differing = differences(record.after ?? {}, found.resource, record.paths);
    return { outcome: differing.length ? 'drifted' : 'done', createdId: found.id, exchangeId: found.exchangeId, differences: differing };
  }
  const fresh = await readTarget(ctx, record);
  if (isVerdict(fresh)) return fresh;
  if (record.outcome === 'delete')
    return fresh.state === 'gone' ? { outcome: 'done', exchangeId: fresh.exchangeId } : sameAsPlanned(record, fresh.resource, fresh.exchangeId);
  if (fresh.state === 'gone') return { outcome: 'conflict', error: goneText(record), exchangeId: fresh.exchangeId };
  if (differences(record.after ?? {}, fresh.resource, record.paths).length === 0) return { outcome: 'done', exchangeId: fresh.exchangeId };
  return sameAsPlanned(record, fresh.resource, fresh.exchangeId);
}

function sameAsPlanned(record: BulkPlanRecord, current: Resource, exchangeId: string): Verdict | undefined {
  const changed = changedPaths(record.before ?? {}, current, record.paths);
  if (changed.length === 0) return undefined;
  return { outcome: 'conflict', error: `Changed on the server since it was planned (${changed.join(', ')}); not overwritten.`, exchangeId };
}

/**
 * A create the server may have made before a crash: a resource whose key attribute holds the row's key
 * (the first of the key attributes the planned resource carries with that value).
 */
async function findCreated(ctx: ReadContext, record: BulkPlanRecord): Promise<{ id: string; resource: Resource; exchangeId: string } | undefined> {
  const after = record.after ?? {};
  const attribute = bulkKeyAttributes.find((name) => name !== 'id' && keyMatches(valueAtPath(after, name), record.key, name));
  if (!attribute) return undefined;
  const { endpoint } = targetOf(record.request!.path);
  const filter = `${attribute} eq ${JSON.stringify(record.key)}`;
  const page = await ctx.engine.list({ connectionId: ctx.connectionId, endpoint, filter, startIndex: 1, count: 10, via: 'get' }, ctx.signal);
  // A server that ignores the filter sends others too: only a resource holding the key counts.
  const match = page.resources.find((r) => keyMatches(valueAtPath(r, attribute), record.key, attribute));
  return match && match.id !== undefined ? { id: String(match.id), resource: match, exchangeId: page.exchangeId ?? '' } : undefined;
}

/** userName is caseExact false in the core schema (RFC 7643 §4.1.1); the other keys compare as stored. */
function keyMatches(value: unknown, key: string, attribute: string): boolean {
  const values = Array.isArray(value) ? value : [value];
  return values.some((v) =>
    typeof v === 'string' || typeof v === 'number'
      ? attribute === 'userName'
        ? String(v).toLowerCase() === key.toLowerCase()
        : sameValue(String(v), key)
      : false,
  );
}

/**
 * What the server stored, against what was asked: from the answer when it carries the resource (a
 * PATCH or PUT answered 200 with it, a create's 201), else read back. A delete is done once a read
 * finds it gone.
 */
export async function verifyWritten(ctx: ReadContext, record: BulkPlanRecord, answer: Extract<WireAnswer, { kind: 'written' }>): Promise<Verdict> {
  const exchangeId = answer.exchangeId;
  const createdId = record.outcome === 'create' ? createdIdOf(answer.resource, answer.location) : undefined;
  const base = { exchangeId, ...(createdId ? { createdId } : {}) };
  let stored = answer.resource && answer.resource.id !== undefined ? answer.resource : undefined;
  if (record.outcome === 'delete' || !stored) {
    const path =
      record.outcome === 'create'
        ? createdId
          ? `${record.request!.path.replace(/\/+$/, '')}/${encodeURIComponent(createdId)}`
          : undefined
        : record.request!.path;
    if (!path) return { ...base, outcome: 'done', error: 'Created, but the server named no id for it: not verified.' };
    const { endpoint, id } = targetOf(path);
    let fresh: Fresh;
    try {
      fresh = await readFresh(ctx, endpoint, id!);
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      return { ...base, outcome: 'done', error: `Written, but it could not be read back to verify: ${messageOf(error)}` };
    }
    if (record.outcome === 'delete') {
      return fresh.state === 'gone'
        ? { ...base, outcome: 'done' }
        : { ...base, outcome: 'drifted', differences: ['(resource): asked deleted, stored present'] };
    }
    if (fresh.state === 'gone') return { ...base, outcome: 'drifted', differences: ['(resource): asked present, stored absent'] };
    stored = fresh.resource;
  }
  const differing = differences(record.after ?? {}, stored, record.paths);
  return differing.length ? { ...base, outcome: 'drifted', differences: differing } : { ...base, outcome: 'done' };
}
