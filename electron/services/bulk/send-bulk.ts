/**
 * The /Bulk transport (RFC 7644 §3.7): planned requests as the operations of BulkRequests, each within
 * the server's maxOperations and maxPayloadSize, `version` carrying the planned ETag, `bulkId` on
 * creates so that member adds in the same request can name them (`bulkId:<id>`). failOnErrors is left
 * unset: every operation is processed and reported on its own, as single requests would be.
 */
import { AppError, type BulkPlanRecord, type BulkRequest } from '../../../shared/contract';
import { MESSAGE_BULK_REQUEST } from '../../../shared/scim';
import type { ScimEngine } from '../engine/engine';
import { conflictText, exchangeOf, messageOf, type Resource, type WireAnswer } from './send-wire';

export interface BulkLimits {
  maxOperations: number;
  maxPayloadSize: number;
}

/** The share of maxPayloadSize a request is filled to: the size is measured here, but servers count differently (headers, encoding). */
const PAYLOAD_SHARE = 0.9;
/** The BulkRequest around its operations, measured once. */
const ENVELOPE_BYTES = Buffer.byteLength(JSON.stringify({ schemas: [MESSAGE_BULK_REQUEST], Operations: [] }));
/** Sends of a BulkRequest answered 429 or 503 (not processed); the scheduler spaces them. */
const MAX_SENDS = 6;

export interface BulkOperation {
  method: BulkRequest['method'];
  path: string;
  bulkId?: string;
  version?: string;
  data?: unknown;
}

/** The bulkId a create goes by (the plan's, else one made from its index: RFC 7644 requires one on every POST). */
export const bulkIdOf = (record: Pick<BulkPlanRecord, 'bulkId' | 'index'>): string => record.bulkId ?? `create-${record.index}`;

export function operationOf(record: BulkPlanRecord, request: BulkRequest): BulkOperation {
  return {
    method: request.method,
    path: request.path,
    ...(request.method === 'POST' ? { bulkId: bulkIdOf(record) } : {}),
    ...(request.ifMatch ? { version: request.ifMatch } : {}),
    ...(request.body !== undefined ? { data: request.body } : {}),
  };
}

/** The bytes an operation adds to a BulkRequest (with its separating comma). */
export const operationBytes = (operation: BulkOperation): number => Buffer.byteLength(JSON.stringify(operation)) + 1;

/** The payload budget of one BulkRequest's operations. */
export const payloadBudget = (limits: BulkLimits): number => Math.floor(limits.maxPayloadSize * PAYLOAD_SHARE) - ENVELOPE_BYTES;

export type BatchAnswer =
  | { kind: 'tooLarge'; message: string; exchangeId?: string }
  /** One answer per operation, in order; `unreported`: the response says nothing of it. */
  | { kind: 'answered'; exchangeId: string; answers: Array<WireAnswer | { kind: 'unreported'; exchangeId: string }> }
  | { kind: 'failed'; message: string; exchangeId?: string };

/** Sends one BulkRequest and reads each operation's status; throws only when the job is cancelled or stopped. */
export async function sendBatch(engine: ScimEngine, connectionId: string, operations: BulkOperation[], signal: AbortSignal): Promise<BatchAnswer> {
  for (let send = 1; ; send++) {
    try {
      const result = await engine.bulk({ connectionId, operations }, signal);
      return { kind: 'answered', exchangeId: result.exchangeId, answers: matchAnswers(operations, result.operations, result.exchangeId) };
    } catch (error) {
      if (signal.aborted || (error instanceof AppError && error.code === 'cancelled')) throw error;
      const status = error instanceof AppError ? error.status : undefined;
      if ((status === 429 || status === 503) && send < MAX_SENDS) continue;
      if (status === 413) return { kind: 'tooLarge', message: messageOf(error), exchangeId: exchangeOf(error) };
      return { kind: 'failed', message: `The Bulk request failed: ${messageOf(error)}`, exchangeId: exchangeOf(error) };
    }
  }
}

type Reported = { method: string; bulkId?: string; location?: string; status: string; response?: unknown };

/**
 * Each operation's result: a create by its bulkId, the others by position (RFC 7644 §3.7.3 answers
 * every operation processed, in order, when failOnErrors is unset).
 */
function matchAnswers(operations: BulkOperation[], reported: Reported[], exchangeId: string): Array<WireAnswer | { kind: 'unreported'; exchangeId: string }> {
  const byBulkId = new Map(reported.filter((r) => r.bulkId).map((r) => [r.bulkId!, r] as const));
  return operations.map((operation, i) => {
    const result = (operation.bulkId ? byBulkId.get(operation.bulkId) : undefined) ?? positional(reported[i], operation);
    if (!result) return { kind: 'unreported', exchangeId };
    const status = Number(/\d{3}/.exec(result.status)?.[0] ?? NaN);
    if (status >= 200 && status <= 299) {
      const resource = isResource(result.response) ? result.response : undefined;
      return { kind: 'written', status, exchangeId, ...(resource ? { resource } : {}), ...(result.location ? { location: result.location } : {}) };
    }
    const detail = detailOf(result.response);
    const text = `${operation.method} ${operation.path} in the Bulk request answered ${Number.isNaN(status) ? JSON.stringify(result.status) : status}${detail ? `: ${detail}` : ''}.`;
    const conflict = conflictText(operation.method, status);
    return conflict ? { kind: 'conflict', message: `${conflict} ${text}`, exchangeId } : { kind: 'failed', message: text, exchangeId };
  });
}

/** The result at the same position, when it is plausibly this operation's (same method). */
function positional(result: Reported | undefined, operation: BulkOperation): Reported | undefined {
  return result && (!result.method || result.method.toUpperCase() === operation.method) ? result : undefined;
}

function isResource(value: unknown): value is Resource {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'id' in value;
}

function detailOf(response: unknown): string | undefined {
  if (typeof response !== 'object' || response === null) return typeof response === 'string' ? response.slice(0, 1000) : undefined;
  const body = response as Record<string, unknown>;
  const pick = (name: string) => {
    const key = Object.keys(body).find((k) => k.toLowerCase() === name);
    const value = key ? body[key] : undefined;
    return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  };
  const detail = pick('detail') ?? pick('message');
  const scimType = pick('scimtype');
  return detail ? `${detail}${scimType ? ` (${scimType})` : ''}`.slice(0, 1000) : scimType;
}
