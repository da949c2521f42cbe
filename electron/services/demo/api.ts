/**
 * The RFC 7644 HTTP semantics of every endpoint, over the core, with the persona's hooks applied
 * to what goes out. Personas declare deviations; this module is the only implementation.
 */
import {
  ENTERPRISE_USER_SCHEMA,
  GROUP_SCHEMA,
  MESSAGE_ERROR,
  MESSAGE_LIST_RESPONSE,
  MESSAGE_PATCH_OP,
  MESSAGE_SEARCH_REQUEST,
  SCHEMA_GROUP,
  SCHEMA_USER,
  USER_SCHEMA,
  type ScimResourceTypeDefinition,
  type ScimSchema,
} from '../../../shared/scim';
import { handleBulk } from './bulk';
import { resourceTypeDocument, schemaDocument, serviceProviderConfig } from './discovery';
import { attributeList } from './projection';
import type { PersonaContext, PersonaRequest, PersonaSpec } from './personas/types';
import { etagMatches, type ListOutcome, type ListParams } from './resources';
import { ScimError, type HandlerResult, type Rec, type ResourceKind } from './types';

const isObject = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An RFC 7644 §3.12 error answer. */
export function scimErrorResult(err: ScimError): HandlerResult {
  const body: Rec = { schemas: [MESSAGE_ERROR], status: String(err.status) };
  if (err.scimType) body.scimType = err.scimType;
  body.detail = err.message;
  return { status: err.status, headers: err.headers, body };
}

export function listResponse(outcome: ListOutcome): Rec {
  const body: Rec = { schemas: [MESSAGE_LIST_RESPONSE], totalResults: outcome.totalResults };
  if (outcome.startIndex !== undefined) body.startIndex = outcome.startIndex;
  body.itemsPerPage = outcome.itemsPerPage;
  if (outcome.nextCursor !== undefined) body.nextCursor = outcome.nextCursor;
  if (outcome.previousCursor !== undefined) body.previousCursor = outcome.previousCursor;
  body.Resources = outcome.resources;
  return body;
}

const methodNotAllowed = (method: string, allow: string[]) =>
  new ScimError(405, `Method ${method} is not allowed here`, undefined, { headers: { Allow: allow.join(', ') } });

function integerParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new ScimError(400, `"${name}" must be an integer, got ${JSON.stringify(raw)}`, 'invalidValue');
  return n;
}

function sortOrderOf(value: unknown): ListParams['sortOrder'] {
  if (value === undefined || value === null || value === '') return undefined;
  const v = String(value).toLowerCase();
  if (v === 'ascending' || v === 'descending') return v;
  throw new ScimError(400, `"sortOrder" must be "ascending" or "descending", got ${JSON.stringify(value)}`, 'invalidValue');
}

function finishParams(spec: PersonaSpec, p: ListParams): ListParams {
  if (!spec.sort) {
    delete p.sortBy;
    delete p.sortOrder;
  }
  if (!spec.cursor) delete p.cursor;
  if (p.cursor !== undefined && p.startIndex !== undefined) {
    throw new ScimError(400, 'Use either "cursor" or "startIndex", not both', 'invalidValue');
  }
  if (p.startIndex !== undefined && p.startIndex < 1) p.startIndex = 1;
  if (p.count !== undefined && p.count < 0) p.count = 0;
  return p;
}

export function listParamsFromQuery(spec: PersonaSpec, query: URLSearchParams): ListParams {
  const p: ListParams = {};
  const filter = query.get('filter');
  if (filter !== null) p.filter = filter;
  const sortBy = query.get('sortBy');
  if (sortBy) p.sortBy = sortBy;
  p.sortOrder = sortOrderOf(query.get('sortOrder') ?? undefined);
  p.startIndex = integerParam(query, 'startIndex');
  p.count = integerParam(query, 'count');
  const cursor = query.get('cursor');
  if (cursor !== null) p.cursor = cursor;
  p.attributes = attributeList(query.get('attributes'));
  p.excludedAttributes = attributeList(query.get('excludedAttributes'));
  return finishParams(spec, p);
}

/** The parameters of a POST …/.search SearchRequest (RFC 7644 §3.4.3). */
export function listParamsFromSearch(spec: PersonaSpec, body: unknown): ListParams {
  if (!isObject(body)) throw new ScimError(400, 'The SearchRequest must be a JSON object', 'invalidSyntax');
  if (spec.strict) {
    const schemas = body.schemas;
    if (!Array.isArray(schemas) || !schemas.includes(MESSAGE_SEARCH_REQUEST)) {
      throw new ScimError(400, `"schemas" must include "${MESSAGE_SEARCH_REQUEST}"`, 'invalidValue');
    }
  }
  const int = (name: string) => {
    const v = body[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) throw new ScimError(400, `"${name}" must be an integer`, 'invalidValue');
    return v;
  };
  const str = (name: string) => {
    const v = body[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw new ScimError(400, `"${name}" must be a string`, 'invalidValue');
    return v;
  };
  return finishParams(spec, {
    filter: str('filter'),
    sortBy: str('sortBy') || undefined,
    sortOrder: sortOrderOf(body.sortOrder),
    startIndex: int('startIndex'),
    count: int('count'),
    cursor: str('cursor'),
    attributes: attributeList(body.attributes),
    excludedAttributes: attributeList(body.excludedAttributes),
  });
}

function defaultPatchOperations(spec: PersonaSpec, body: unknown): unknown {
  if (!isObject(body)) throw new ScimError(400, 'The PatchOp must be a JSON object', 'invalidSyntax');
  if (spec.strict && (!Array.isArray(body.schemas) || !body.schemas.includes(MESSAGE_PATCH_OP))) {
    throw new ScimError(400, `"schemas" must include "${MESSAGE_PATCH_OP}"`, 'invalidSyntax');
  }
  return body.Operations;
}

export function personaSchemas(spec: PersonaSpec): ScimSchema[] {
  const hasGroups = Object.values(spec.routes).includes('Groups');
  return [USER_SCHEMA, ...(hasGroups ? [GROUP_SCHEMA] : []), ENTERPRISE_USER_SCHEMA, ...(spec.userExtensions ?? [])];
}

export function personaResourceTypes(spec: PersonaSpec): ScimResourceTypeDefinition[] {
  const types: ScimResourceTypeDefinition[] = [
    {
      id: 'User',
      name: 'User',
      description: 'User Account',
      endpoint: '/Users',
      schema: SCHEMA_USER,
      schemaExtensions: [ENTERPRISE_USER_SCHEMA, ...(spec.userExtensions ?? [])].map((s) => ({ schema: s.id, required: false })),
    },
  ];
  if (Object.values(spec.routes).includes('Groups'))
    types.push({ id: 'Group', name: 'Group', description: 'Group', endpoint: '/Groups', schema: SCHEMA_GROUP });
  return types;
}

function discoveryList(resources: Rec[]): Rec {
  return { schemas: [MESSAGE_LIST_RESPONSE], totalResults: resources.length, itemsPerPage: resources.length, startIndex: 1, Resources: resources };
}

function discovery(spec: PersonaSpec, req: PersonaRequest, ctx: PersonaContext): HandlerResult {
  const endpoint = req.endpoint as 'ServiceProviderConfig' | 'ResourceTypes' | 'Schemas';
  if (req.method !== 'GET') throw methodNotAllowed(req.method, ['GET']);
  if (req.query.has('filter')) throw new ScimError(403, 'Filtering is not supported on discovery endpoints');
  const custom = spec.hooks?.discovery?.(endpoint, req.rest, ctx);
  if (custom) return custom;
  const base = ctx.baseUrl;
  if (endpoint === 'ServiceProviderConfig') {
    if (req.rest.length) throw new ScimError(404, 'Not found');
    return {
      status: 200,
      body: serviceProviderConfig(base, {
        patch: true,
        filter: true,
        sort: spec.sort,
        etag: spec.etags,
        cursor: spec.cursor,
        maxResults: spec.maxResults,
        defaultPageSize: spec.defaultCount,
        ...(spec.bulk ? { bulk: spec.bulk } : {}),
      }),
    };
  }
  if (endpoint === 'ResourceTypes') {
    const docs = personaResourceTypes(spec).map((rt) => resourceTypeDocument(base, rt));
    if (!req.rest.length) return { status: 200, body: discoveryList(docs) };
    const doc = docs.find((d) => String(d.id).toLowerCase() === req.rest[0].toLowerCase() && req.rest.length === 1);
    if (!doc) throw new ScimError(404, `Resource type ${JSON.stringify(req.rest.join('/'))} not found`);
    return { status: 200, body: doc };
  }
  const docs = personaSchemas(spec).map((s) => schemaDocument(base, s));
  if (!req.rest.length) return { status: 200, body: discoveryList(docs) };
  const urn = req.rest.join('/');
  const doc = docs.find((d) => String(d.id).toLowerCase() === urn.toLowerCase());
  if (!doc) throw new ScimError(404, `Schema ${JSON.stringify(urn)} not found`);
  return { status: 200, body: doc };
}

/** Answers one routed request for a persona. Throws ScimError for error answers. */
export function handle(spec: PersonaSpec, req: PersonaRequest, ctx: PersonaContext): HandlerResult {
  const hooks = spec.hooks ?? {};
  const shape = (kind: ResourceKind, rec: Rec) => (hooks.resource ? hooks.resource(kind, rec, ctx) : rec);
  const { core } = ctx;
  switch (req.endpoint) {
    case 'ServiceProviderConfig':
    case 'ResourceTypes':
    case 'Schemas':
      return discovery(spec, req, ctx);
    case 'Bulk':
      if (spec.bulk) return handleBulk(spec, spec.bulk, req, ctx, handle, hooks.error ?? scimErrorResult);
      throw new ScimError(501, 'Bulk operations are not supported (see bulk.supported in /ServiceProviderConfig)');
    case 'search': {
      if (req.rest.length) throw new ScimError(404, 'Not found');
      if (req.method !== 'POST') throw methodNotAllowed(req.method, ['POST']);
      const outcome = core.listAll(listParamsFromSearch(spec, req.body));
      return { status: 200, body: listResponse(outcome) };
    }
    case 'Users':
    case 'Groups':
      break;
  }
  const kind: ResourceKind = req.endpoint === 'Users' ? 'User' : 'Group';
  const [id, ...extra] = req.rest;
  if (extra.length) throw new ScimError(404, 'Not found');

  const renderList = (params: ListParams): HandlerResult => {
    const override = hooks.listOverride?.(kind, params, ctx);
    if (override) return override;
    const outcome = core.list(kind, params);
    outcome.resources = outcome.resources.map((r) => shape(kind, r));
    return { status: 200, body: hooks.list ? hooks.list(kind, outcome, ctx) : listResponse(outcome) };
  };

  if (id === undefined) {
    if (req.method === 'GET') return renderList(listParamsFromQuery(spec, req.query));
    if (req.method === 'POST') {
      const written = core.create(kind, hooks.request ? hooks.request(kind, req.body) : req.body);
      const p = core.projection(kind, attributeList(req.query.get('attributes')), attributeList(req.query.get('excludedAttributes')));
      const headers: Record<string, string> = {};
      if (spec.createStatus === 201) headers.Location = written.location;
      if (spec.etags) headers.ETag = written.etag;
      return { status: spec.createStatus, headers, body: shape(kind, core.render(kind, written.rec, p)) };
    }
    throw methodNotAllowed(req.method, ['GET', 'POST']);
  }
  if (id === '.search' && spec.routes['.search'] === 'search') {
    if (req.method !== 'POST') throw methodNotAllowed(req.method, ['POST']);
    return renderList(listParamsFromSearch(spec, req.body));
  }
  if (spec.validId && !spec.validId(id)) throw new ScimError(404, `${kind} ${JSON.stringify(id)} not found`, undefined, { resource: kind });

  const projection = () => core.projection(kind, attributeList(req.query.get('attributes')), attributeList(req.query.get('excludedAttributes')));
  const header = (name: string) => {
    const v = req.headers[name];
    return spec.etags && typeof v === 'string' ? v : undefined;
  };
  const answer = (status: number, rec: Rec, etag: string): HandlerResult => ({
    status,
    headers: spec.etags ? { ETag: etag } : {},
    body: shape(kind, core.render(kind, rec, projection())),
  });

  switch (req.method) {
    case 'GET': {
      const { rec, etag } = core.get(kind, id);
      const ifNoneMatch = header('if-none-match');
      if (ifNoneMatch !== undefined && etagMatches(ifNoneMatch, etag)) return { status: 304, headers: { ETag: etag } };
      return answer(200, rec, etag);
    }
    case 'PUT': {
      const w = core.replace(kind, id, hooks.request ? hooks.request(kind, req.body) : req.body, header('if-match'));
      return answer(200, w.rec, w.etag);
    }
    case 'PATCH': {
      const ops = hooks.patchOperations ? hooks.patchOperations(req.body) : defaultPatchOperations(spec, req.body);
      const w = core.patch(kind, id, ops, header('if-match'));
      return answer(200, w.rec, w.etag);
    }
    case 'DELETE': {
      const rendered = core.remove(kind, id, header('if-match'));
      return hooks.deleted ? hooks.deleted(kind, shape(kind, rendered), ctx) : { status: 204 };
    }
    default:
      throw methodNotAllowed(req.method, ['GET', 'PUT', 'PATCH', 'DELETE']);
  }
}
