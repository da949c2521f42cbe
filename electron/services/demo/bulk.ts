/**
 * RFC 7644 §3.7 Bulk, for personas that declare `bulk` limits. Each operation runs through the
 * persona's single-request handler (validation, uniqueness, ETags via `version`, PATCH semantics are
 * those of the plain endpoints); `bulkId:` references in `path` and `data` resolve to the ids created
 * earlier in the same request (§3.7.2), and `failOnErrors` stops processing (§3.7.3).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { MESSAGE_BULK_REQUEST, MESSAGE_BULK_RESPONSE } from '../../../shared/scim';
import type { PersonaContext, PersonaRequest, PersonaSpec } from './personas/types';
import { ScimError, type HandlerResult, type Rec } from './types';

export interface BulkLimits {
  maxOperations: number;
  maxPayloadSize: number;
}

type Handler = (spec: PersonaSpec, req: PersonaRequest, ctx: PersonaContext) => HandlerResult;

const METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const BULK_ID_PREFIX = 'bulkId:';

const isObject = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The 413 detail for a body over maxPayloadSize (the router enforces it while reading). */
export const payloadTooLarge = (limits: BulkLimits) =>
  `The size of the bulk operation exceeds the maxPayloadSize (${limits.maxPayloadSize} bytes); see bulk.maxPayloadSize in /ServiceProviderConfig.`;

/** Replaces every string `bulkId:<id>` in a value with the id that operation created; throws 409 for an unknown one. */
function resolveReferences(value: unknown, created: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') {
    if (!value.startsWith(BULK_ID_PREFIX)) return value;
    const ref = value.slice(BULK_ID_PREFIX.length);
    const id = created.get(ref);
    if (id === undefined) {
      throw new ScimError(
        409,
        `The bulkId reference ${JSON.stringify(value)} does not name a resource created by an earlier operation of this request`,
        'invalidValue',
      );
    }
    return id;
  }
  if (Array.isArray(value)) return value.map((v) => resolveReferences(v, created));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveReferences(v, created)]));
  return value;
}

interface Operation {
  method: string;
  bulkId?: string;
  path?: string;
}

function describeOperation(raw: unknown): Operation {
  const op = isObject(raw) ? raw : {};
  const method = typeof op.method === 'string' ? op.method.toUpperCase() : String(op.method ?? '');
  return {
    method,
    ...(typeof op.bulkId === 'string' ? { bulkId: op.bulkId } : {}),
    ...(typeof op.path === 'string' ? { path: op.path } : {}),
  };
}

/** Builds the single request an operation stands for, its references resolved. */
function operationRequest(spec: PersonaSpec, raw: unknown, created: ReadonlyMap<string, string>, seen: Set<string>): PersonaRequest {
  if (!isObject(raw)) throw new ScimError(400, 'Each operation must be a JSON object', 'invalidSyntax');
  const { method } = describeOperation(raw);
  if (!METHODS.has(method)) throw new ScimError(400, `"method" must be one of POST, PUT, PATCH or DELETE, got ${JSON.stringify(raw.method)}`, 'invalidValue');
  if (raw.bulkId !== undefined && (typeof raw.bulkId !== 'string' || !raw.bulkId))
    throw new ScimError(400, '"bulkId" must be a non-empty string', 'invalidValue');
  if (method === 'POST') {
    if (typeof raw.bulkId !== 'string') throw new ScimError(400, '"bulkId" is REQUIRED for a POST operation', 'invalidValue');
    if (seen.has(raw.bulkId)) throw new ScimError(400, `"bulkId" ${JSON.stringify(raw.bulkId)} is used by another operation of this request`, 'uniqueness');
    seen.add(raw.bulkId);
  }
  if (typeof raw.path !== 'string' || !raw.path.startsWith('/'))
    throw new ScimError(400, '"path" must be a resource path such as "/Users" or "/Groups/{id}"', 'invalidPath');
  let segments: string[];
  try {
    segments = raw.path.split('?')[0].split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    throw new ScimError(400, 'Malformed percent-encoding in "path"', 'invalidPath');
  }
  const endpoint = segments.length ? spec.routes[segments[0]] : undefined;
  const rest = segments.slice(1).map((s) => resolveReferences(s, created) as string);
  const wantsId = method !== 'POST';
  if ((endpoint !== 'Users' && endpoint !== 'Groups') || rest.length !== (wantsId ? 1 : 0) || rest[0] === '.search') {
    const shape = wantsId ? '"/Users/{id}" or "/Groups/{id}"' : '"/Users" or "/Groups"';
    throw new ScimError(400, `"path" of a ${method} operation must be ${shape}, got ${JSON.stringify(raw.path)}`, 'invalidPath');
  }
  const headers: IncomingHttpHeaders = {};
  if (raw.version !== undefined) {
    if (typeof raw.version !== 'string') throw new ScimError(400, '"version" must be a string (an ETag)', 'invalidValue');
    if (wantsId) headers['if-match'] = raw.version;
  }
  let body: unknown;
  if (method !== 'DELETE') {
    if (raw.data === undefined) throw new ScimError(400, `"data" is REQUIRED for a ${method} operation`, 'invalidSyntax');
    body = resolveReferences(raw.data, created);
  }
  return { method, endpoint, rest, query: new URLSearchParams(), headers, body };
}

function failOnErrorsOf(body: Rec): number | undefined {
  const v = body.failOnErrors;
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new ScimError(400, '"failOnErrors" must be a positive integer', 'invalidValue');
  return v;
}

function locationOf(spec: PersonaSpec, ctx: PersonaContext, req: PersonaRequest, result: HandlerResult | undefined): string | undefined {
  const header = result?.headers?.Location;
  if (header) return header;
  const meta = isObject(result?.body) ? result.body.meta : undefined;
  if (isObject(meta) && typeof meta.location === 'string') return meta.location;
  const id = req.rest[0];
  if (id === undefined) return undefined;
  const kind = req.endpoint === 'Users' ? 'User' : 'Group';
  return spec.urlFor ? spec.urlFor(ctx.baseUrl, kind, id) : `${ctx.baseUrl}/${req.endpoint}/${encodeURIComponent(id)}`;
}

/** The id a successful POST created, from its representation or its Location. */
function createdId(result: HandlerResult): string | undefined {
  if (isObject(result.body) && typeof result.body.id === 'string') return result.body.id;
  const location = result.headers?.Location;
  return location ? decodeURIComponent(location.slice(location.lastIndexOf('/') + 1)) : undefined;
}

/** Answers POST /Bulk with a BulkResponse; the whole request counts as one for rate limiting (the router's). */
export function handleBulk(
  spec: PersonaSpec,
  limits: BulkLimits,
  req: PersonaRequest,
  ctx: PersonaContext,
  handle: Handler,
  errorResult: (err: ScimError) => HandlerResult,
): HandlerResult {
  if (req.rest.length) throw new ScimError(404, 'Not found');
  if (req.method !== 'POST') throw new ScimError(405, `Method ${req.method} is not allowed here`, undefined, { headers: { Allow: 'POST' } });
  const body = req.body;
  if (!isObject(body)) throw new ScimError(400, 'The BulkRequest must be a JSON object', 'invalidSyntax');
  if (spec.strict && (!Array.isArray(body.schemas) || !body.schemas.includes(MESSAGE_BULK_REQUEST))) {
    throw new ScimError(400, `"schemas" must include "${MESSAGE_BULK_REQUEST}"`, 'invalidSyntax');
  }
  const operations = body.Operations;
  if (!Array.isArray(operations)) throw new ScimError(400, '"Operations" must be an array of operations', 'invalidSyntax');
  if (operations.length > limits.maxOperations) {
    // Answered, not thrown: the body was read in full, so the connection can stay open.
    return errorResult(
      new ScimError(
        413,
        `The bulk request has ${operations.length} operations, more than the maxOperations (${limits.maxOperations}); see bulk.maxOperations in /ServiceProviderConfig.`,
      ),
    );
  }
  const failOnErrors = failOnErrorsOf(body);

  const created = new Map<string, string>();
  const seen = new Set<string>();
  const results: Rec[] = [];
  let errors = 0;
  for (const raw of operations) {
    const op = describeOperation(raw);
    const entry: Rec = { method: op.method };
    if (op.bulkId !== undefined) entry.bulkId = op.bulkId;
    let single: PersonaRequest | undefined;
    let result: HandlerResult;
    try {
      single = operationRequest(spec, raw, created, seen);
      result = handle(spec, single, ctx);
    } catch (err) {
      const scimErr = err instanceof ScimError ? err : new ScimError(500, `Internal error: ${err instanceof Error ? err.message : String(err)}`);
      result = errorResult(scimErr);
    }
    const ok = result.status >= 200 && result.status <= 299;
    if (ok && op.method === 'POST' && op.bulkId !== undefined) {
      const id = createdId(result);
      if (id !== undefined) created.set(op.bulkId, id);
    }
    const location = single && !(op.method === 'POST' && !ok) ? locationOf(spec, ctx, single, ok ? result : undefined) : undefined;
    if (location !== undefined) entry.location = location;
    const etag = result.headers?.ETag;
    if (ok && etag) entry.version = etag;
    entry.status = String(result.status);
    if (!ok) entry.response = result.body;
    results.push(entry);
    if (!ok) {
      errors += 1;
      if (failOnErrors !== undefined && errors >= failOnErrors) break;
    }
  }
  return { status: 200, body: { schemas: [MESSAGE_BULK_RESPONSE], Operations: results } };
}
