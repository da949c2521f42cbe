/**
 * One planned request on the wire, exactly as the plan stored it (method, path, body in the plan's
 * dialect, If-Match): the plan the user signed off is what is sent, byte for byte, whatever dialect or
 * encoding it was planned in. The answer is read here into what the send job decides on.
 */
import { AppError, type BulkPlanRecord, type BulkRequest } from '../../../shared/contract';
import type { ScimEngine } from '../engine/engine';
import { resourceUrl } from '../engine/list-response';
import { httpError } from '../engine/response';

export type Resource = Record<string, unknown>;

/** What became of a request: written (maybe with the stored resource), refused as a conflict, or failed. */
export type WireAnswer =
  | { kind: 'written'; status: number; resource?: Resource; location?: string; exchangeId?: string }
  | { kind: 'conflict' | 'failed'; message: string; exchangeId?: string };

/**
 * Sends of a write answered 429 or 503 (not processed: RFC 6585 §4, RFC 9110 §15.6.4). The engine does
 * not repeat a POST or PATCH itself; the job does, and the connection's scheduler holds the next attempt
 * until the Retry-After moment and slows to the rate it learned, so nothing here waits.
 */
const MAX_SENDS = 6;

export const BULK_ID_PREFIX = 'bulkId:';

/** The endpoint and id of a request path: "/Users/2819c223" → { endpoint: "/Users", id: "2819c223" }. */
export function targetOf(path: string): { endpoint: string; id?: string } {
  const [endpoint = '', id] = path.replace(/^\/+/, '').split('?')[0]!.split('/');
  return { endpoint: `/${endpoint}`, ...(id ? { id: safeDecode(id) } : {}) };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** "PATCH /Users/42", for labels and failures. */
export const describeRequest = (request: BulkRequest): string => `${request.method} ${request.path}`;

/** A record's request with every `bulkId:<ref>` whose create is known replaced by the id created. */
export function withCreatedIds(request: BulkRequest, created: ReadonlyMap<string, string>): BulkRequest {
  if (created.size === 0) return request;
  return {
    ...request,
    path: replaceRefs(request.path, created) as string,
    ...(request.body !== undefined ? { body: replaceRefs(request.body, created) } : {}),
  };
}

function replaceRefs(value: unknown, created: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') {
    if (!value.includes(BULK_ID_PREFIX)) return value;
    const whole = value.startsWith(BULK_ID_PREFIX) ? created.get(value.slice(BULK_ID_PREFIX.length)) : undefined;
    if (whole !== undefined) return whole;
    // In a path ("/Groups/bulkId:g1"): the reference is a segment.
    return value.replace(/bulkId:([^/?"\s]+)/g, (ref, id: string) => (created.has(id) ? encodeURIComponent(created.get(id)!) : ref));
  }
  if (Array.isArray(value)) return value.map((v) => replaceRefs(v, created));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceRefs(v, created)]));
  return value;
}

/** Whether a value mentions `bulkId:<ref>` (a member add waiting for a create). */
export function mentionsRef(value: unknown, ref: string): boolean {
  if (typeof value === 'string')
    return value === `${BULK_ID_PREFIX}${ref}` || value.includes(`${BULK_ID_PREFIX}${ref}/`) || value.endsWith(`/${BULK_ID_PREFIX}${ref}`);
  if (Array.isArray(value)) return value.some((v) => mentionsRef(v, ref));
  if (typeof value === 'object' && value !== null) return Object.values(value).some((v) => mentionsRef(v, ref));
  return false;
}

/** Sends the request as planned and reads its answer; throws only when the job is cancelled or stopped. */
export async function sendExact(engine: ScimEngine, connectionId: string, request: BulkRequest, signal: AbortSignal): Promise<WireAnswer> {
  const what = describeRequest(request);
  let connection;
  try {
    connection = engine.resolve(connectionId);
  } catch (error) {
    return { kind: 'failed', message: messageOf(error) };
  }
  const url = resourceUrl(connection.settings.baseUrl, request.path);
  const headers: Record<string, string> = request.ifMatch ? { 'if-match': request.ifMatch } : {};
  for (let send = 1; ; send++) {
    let response;
    try {
      response = await engine.sendRaw(connection, { method: request.method, url, body: request.body, headers, what, signal });
    } catch (error) {
      if (signal.aborted || (error instanceof AppError && error.code === 'cancelled')) throw error;
      // A transport failure: the server may or may not have applied it; a retry job plans afresh from what it stores.
      return { kind: 'failed', message: messageOf(error) };
    }
    if ((response.status === 429 || response.status === 503) && send < MAX_SENDS) continue;
    return answerOf(request, response, what);
  }
}

function answerOf(request: BulkRequest, response: Awaited<ReturnType<ScimEngine['sendRaw']>>, what: string): WireAnswer {
  const { status, exchangeId } = response;
  if (status >= 200 && status <= 299) {
    const resource = parseResource(response.body);
    return {
      kind: 'written',
      status,
      exchangeId,
      ...(resource ? { resource } : {}),
      ...(response.headers.location ? { location: response.headers.location } : {}),
    };
  }
  const detail = httpError(response, what).message;
  const conflict = conflictText(request.method, status);
  if (conflict) return { kind: 'conflict', message: `${conflict} ${detail}`, exchangeId };
  return { kind: 'failed', message: detail, exchangeId };
}

/**
 * Why an answer means the server changed since the plan, nothing written: 412 (the version planned is
 * no longer current), 404 (gone), 409 on a create (the user now exists).
 */
export function conflictText(method: BulkRequest['method'], status: number): string | undefined {
  if (status === 412) return 'Changed on the server since it was planned (412 Precondition Failed); not overwritten.';
  if (status === 404) return method === 'DELETE' ? ALREADY_DELETED : 'No longer on the server (404); nothing written.';
  if (status === 409 && method === 'POST') return 'Already exists on the server (409); not created again.';
  return undefined;
}

/**
 * A delete whose target is already gone is a conflict, not done: the plan saw it on the server, someone
 * else removed it since, and this job did not. Saying "done" would claim a write it never made, and an
 * undo of this job would then recreate a user that another admin deliberately deleted.
 */
export const ALREADY_DELETED = 'Already deleted on the server; this job deleted nothing.';

function parseResource(body: string): Resource | undefined {
  if (!body.trim()) return undefined;
  try {
    const json = JSON.parse(body) as unknown;
    return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Resource) : undefined;
  } catch {
    return undefined;
  }
}

export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The exchange a failure names, when it has one. */
export const exchangeOf = (error: unknown): string | undefined => (error instanceof AppError ? error.data.exchangeId : undefined);

/** The id a create was given: the answer's `id`, else the last segment of its Location. */
export function createdIdOf(resource: Resource | undefined, location: string | undefined): string | undefined {
  if (resource && (typeof resource.id === 'string' || typeof resource.id === 'number')) return String(resource.id);
  if (!location) return undefined;
  const last = location.split('?')[0]!.replace(/\/+$/, '').split('/').at(-1);
  return last ? safeDecode(last) : undefined;
}

/**
 * Membership records (a user added to or removed from a group): a PATCH of another resource than the
 * record's target (the group, for a user), touching only `members`. They are verified together at the
 * end, by one read of each group. (Replacing a group's members targets the group itself: it is
 * verified like any change, against the members planned.)
 */
export function isMembership(record: Pick<BulkPlanRecord, 'id' | 'request' | 'operations'>): boolean {
  const { request, operations } = record;
  if (request?.method !== 'PATCH' || !operations?.length) return false;
  if (record.id !== undefined && targetOf(request.path).id === record.id) return false;
  return operations.every((operation) => /^members(\[|$)/i.test(operation.path ?? ''));
}
