import { AppError, type ListInput, type ListPage, type Quirk, type ResourceResult } from '../../../shared/contract';
import { compileFilter, parseFilter, type FilterNode } from '../../../shared/filter';
import { filterTerms } from '../../../shared/scim';
import type { ResolvedConnection } from '../http/client';
import { readListResponse, resourceUrl } from './list-response';
import { readEtag, type EtagCache, type EtagKey } from './reliability';
import { ensureObject, type HttpMethod, type Requester } from './requester';
import { getCaseInsensitive, parseScimBody, resourceQuirks } from './response';
import type { AttributeLookup } from '../../../shared/filter';

const SEARCH_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

export interface OperationContext {
  requester: Requester;
  connection: ResolvedConnection;
  etags: EtagCache;
  /** Whether to send If-Match (the server says it supports ETags). */
  etagSupported: boolean;
  lookupFor: (endpoint: string) => AttributeLookup | undefined;
  signal?: AbortSignal;
}

type ListArgs = Omit<ListInput, 'connectionId'> & { startIndex?: number; count?: number };

/** One page: GET with query parameters, or POST /.search; checks the answer against the filter sent. */
export async function listResources(ctx: OperationContext, input: ListArgs): Promise<ListPage> {
  const { connection, requester } = ctx;
  const what = `Listing ${input.endpoint}`;
  const cursorOrIndex = input.cursor !== undefined ? { cursor: input.cursor } : { startIndex: input.startIndex ?? 1 };
  const params = {
    ...cursorOrIndex,
    count: input.count ?? 50,
    filter: input.filter || undefined,
    sortBy: input.sortBy || undefined,
    sortOrder: input.sortOrder,
  };
  const result =
    input.via === 'search'
      ? await requester.request(connection, {
          method: 'POST',
          isSearch: true,
          url: resourceUrl(connection.settings.baseUrl, `${input.endpoint.replace(/\/+$/, '')}/.search`),
          body: { schemas: [SEARCH_REQUEST], ...params, attributes: input.attributes, excludedAttributes: input.excludedAttributes },
          what,
          signal: ctx.signal,
        })
      : await requester.request(connection, {
          method: 'GET',
          url: listUrl(connection, input, params),
          what,
          signal: ctx.signal,
        });
  const quirks: Quirk[] = [...result.quirks];
  const answered = readListResponse(result.json, quirks, what, { cursor: input.cursor !== undefined });
  const page = input.cursor === undefined ? pageBareArray(answered, input.startIndex ?? 1, input.count ?? 50, quirks) : answered;
  if (page.resources[0]) quirks.push(...resourceQuirks(page.resources[0], { projected: !!input.attributes?.length }));
  if (input.sortBy && !isSorted(page.resources, input.sortBy, input.sortOrder ?? 'ascending')) {
    quirks.push({ code: 'sort.ignored', message: `The server did not sort by "${input.sortBy}" as asked: it ignores or misapplies sortBy.` });
  }
  const duplicate = firstDuplicateId(page.resources);
  if (duplicate !== undefined) {
    quirks.push({
      code: 'list.duplicate-ids',
      message: `The server listed the same resource more than once in one page (id "${duplicate.slice(0, 100)}"); the rows are shown as sent.`,
    });
  }
  const listed = input.cursor === undefined ? endUnreachableTotal(page, input.startIndex ?? 1, input.count ?? 50, quirks) : page;
  const filterCheck = input.filter ? checkFilter(input.filter, answered.resources, ctx.lookupFor(input.endpoint), input) : null;
  if (filterCheck && filterCheck.mismatches > 0) {
    quirks.push({
      code: 'filter.ignored',
      message: `The server returned ${filterCheck.mismatches} of ${filterCheck.checked} resources that do not match the filter: it ignored or misapplied it.`,
    });
  }
  return { ...listed, filterCheck, exchangeId: result.response.exchangeId, quirks: requester.record(connection, result.response.exchangeId, quirks) };
}

/**
 * A page with no resources where totalResults says some remain: the total cannot be reached, so the
 * listing ends here (the total becomes what was reachable) instead of showing, or paging through,
 * rows that never come.
 */
function endUnreachableTotal(page: ListPage, startIndex: number, count: number, quirks: Quirk[]): ListPage {
  const total = page.totalResults;
  if (page.resources.length > 0 || count === 0 || total === null || startIndex > total || page.nextCursor) return page;
  quirks.push({
    code: 'list.total-unreachable',
    message: `The server reported ${total.toLocaleString('en-US')} results but sent none from startIndex ${startIndex.toLocaleString('en-US')}: its totalResults cannot be trusted, so the listing ends at ${(startIndex - 1).toLocaleString('en-US')}.`,
  });
  return { ...page, totalResults: startIndex - 1 };
}

function firstDuplicateId(resources: Record<string, unknown>[]): string | undefined {
  const seen = new Set<string>();
  for (const resource of resources) {
    if (resource.id === undefined || resource.id === null) continue;
    const id = String(resource.id);
    if (seen.has(id)) return id;
    seen.add(id);
  }
  return undefined;
}

/**
 * A bare JSON array is the whole collection whatever startIndex and count asked for: page it here so
 * callers see the page they asked for and a total, instead of the same rows again at every index.
 */
function pageBareArray(page: ListPage, startIndex: number, count: number, quirks: Quirk[]): ListPage {
  if (page.totalResults !== null || !quirks.some((q) => q.code === 'list.bare-array')) return page;
  quirks.push({
    code: 'list.unpaged',
    message: 'The server ignores startIndex and count and sends the whole collection every time; SCIM Desk pages it locally.',
  });
  const resources = page.resources.slice(startIndex - 1, startIndex - 1 + count);
  return { ...page, resources, totalResults: page.resources.length, startIndex, itemsPerPage: resources.length };
}

function listUrl(connection: ResolvedConnection, input: ListArgs, params: Record<string, string | number | undefined>): URL {
  const url = resourceUrl(connection.settings.baseUrl, input.endpoint, {
    ...params,
    attributes: input.attributes?.join(','),
    excludedAttributes: input.excludedAttributes?.join(','),
  });
  // RFC 9865: the first page of a cursor listing is asked for with an empty cursor (`cursor=`); resourceUrl
  // drops empty values, and without the parameter the server pages by index and sends no nextCursor.
  if (input.cursor === '') url.searchParams.set('cursor', '');
  return url;
}

/** Whether a page is in the asked order, comparing simple attribute paths (e.g. userName, name.familyName) case-insensitively. */
function isSorted(resources: Record<string, unknown>[], sortBy: string, order: 'ascending' | 'descending'): boolean {
  const path = sortBy.replace(/^urn:[^ ]*:(?=[^:]+$)/i, '').split('.');
  const valueOf = (resource: Record<string, unknown>): string | undefined => {
    let current: unknown = resource;
    for (const segment of path) {
      if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
      const found = getCaseInsensitive(current as Record<string, unknown>, segment);
      current = found?.value;
    }
    return typeof current === 'string' || typeof current === 'number' ? String(current).toLowerCase() : undefined;
  };
  const values = resources.map(valueOf).filter((v): v is string => v !== undefined);
  // Servers collate differently (code points, locale rules): only an order that fits neither counts as unsorted.
  const fits = (compare: (a: string, b: string) => number) =>
    values.every((value, i) => i === 0 || (order === 'ascending' ? compare(values[i - 1], value) <= 0 : compare(values[i - 1], value) >= 0));
  return fits((a, b) => a.localeCompare(b, 'en', { numeric: true })) || fits((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function checkFilter(
  filter: string,
  resources: Record<string, unknown>[],
  lookup: AttributeLookup | undefined,
  projection: Pick<ListArgs, 'attributes' | 'excludedAttributes'>,
): { checked: number; mismatches: number } | null {
  let matches: (r: Record<string, unknown>) => boolean;
  try {
    const node = parseFilter(filter);
    // What the projection left out (members.value eq "…" with excludedAttributes=members) cannot be judged:
    // only resources that carry it anyway (the server ignored the projection) are checked.
    const hidden = projectionHides(node, projection);
    if (hidden.length > 0) resources = resources.filter((r) => Object.keys(r).some((k) => hidden.includes(k.toLowerCase())));
    if (hidden.length > 0 && resources.length === 0) return null;
    matches = compileFilter(node, lookup);
  } catch {
    return null; // a filter we cannot parse locally cannot be checked; the server was the judge
  }
  let mismatches = 0;
  try {
    for (const resource of resources) if (!matches(resource)) mismatches++;
  } catch {
    return null; // an invalid filter met in the data (a boolean ordered): the server was the judge
  }
  return { checked: resources.length, mismatches };
}

/** The attributes the filter tests that `attributes`/`excludedAttributes` leave out (top-level names, lowercase). */
function projectionHides(node: FilterNode, { attributes, excludedAttributes }: Pick<ListArgs, 'attributes' | 'excludedAttributes'>): string[] {
  if (!attributes?.length && !excludedAttributes?.length) return [];
  const top = (text: string) => (text.toLowerCase().startsWith('urn:') ? text : text.split('.')[0]!).toLowerCase();
  const tested = filterTerms(node)
    .filter((term) => term.includes(' '))
    .map((term) => top(term.slice(0, term.lastIndexOf(' ')).replace(/\[\]$/, '')));
  const excluded = new Set((excludedAttributes ?? []).map(top));
  const kept = attributes?.length ? new Set([...attributes.map(top), 'id']) : null;
  return [...new Set(tested.filter((name) => excluded.has(name) || (kept !== null && !kept.has(name))))];
}

export async function getResource(
  ctx: OperationContext,
  endpoint: string,
  id: string | number,
  projection: { attributes?: string[]; excludedAttributes?: string[] } = {},
): Promise<ResourceResult> {
  const url = resourceUrl(ctx.connection.settings.baseUrl, `${endpoint.replace(/\/+$/, '')}/${encodeURIComponent(String(id))}`, {
    attributes: projection.attributes?.join(','),
    excludedAttributes: projection.excludedAttributes?.join(','),
  });
  return resourceCall(ctx, 'GET', url, undefined, `Reading ${endpoint}/${id}`, { endpoint, id });
}

export async function createResource(ctx: OperationContext, endpoint: string, resource: Record<string, unknown>): Promise<ResourceResult> {
  const result = await resourceCall(ctx, 'POST', resourceUrl(ctx.connection.settings.baseUrl, endpoint), resource, `Creating in ${endpoint}`, { endpoint });
  const quirks: Quirk[] = [];
  if (result.status === 200) quirks.push({ code: 'create.status-200', message: 'Creating a resource answers 200 instead of 201 Created.' });
  if (result.status === 201 && !result.location) quirks.push({ code: 'create.no-location', message: 'Created resources come without a Location header.' });
  return { ...result, quirks: [...result.quirks, ...ctx.requester.record(ctx.connection, result.exchangeId, quirks)] };
}

export async function replaceResource(
  ctx: OperationContext,
  endpoint: string,
  id: string | number,
  resource: Record<string, unknown>,
  etag?: string,
): Promise<ResourceResult> {
  const url = resourceUrl(ctx.connection.settings.baseUrl, `${endpoint.replace(/\/+$/, '')}/${encodeURIComponent(String(id))}`);
  return resourceCall(ctx, 'PUT', url, resource, `Replacing ${endpoint}/${id}`, { endpoint, id, etag });
}

export async function patchResource(
  ctx: OperationContext,
  endpoint: string,
  id: string | number,
  body: unknown,
  etag?: string,
  attributes?: string[],
  readBack = true,
): Promise<ResourceResult> {
  const url = resourceUrl(ctx.connection.settings.baseUrl, `${endpoint.replace(/\/+$/, '')}/${encodeURIComponent(String(id))}`, {
    attributes: attributes?.join(','),
  });
  const result = await resourceCall(ctx, 'PATCH', url, body, `Patching ${endpoint}/${id}`, { endpoint, id, etag, allowEmpty: true });
  if ((result.status !== 204 && Object.keys(result.resource).length > 0) || !readBack) return result;
  // RFC 7644 §3.5.2 allows 204 with no body: read the stored resource back so the result can be compared.
  const reread = await getResource(ctx, endpoint, id);
  return { ...reread, status: result.status, exchangeId: result.exchangeId, quirks: [...result.quirks, ...reread.quirks] };
}

export async function deleteResource(
  ctx: OperationContext,
  endpoint: string,
  id: string | number,
  etag?: string,
): Promise<{ status: number; exchangeId: string; quirks: Quirk[] }> {
  const url = resourceUrl(ctx.connection.settings.baseUrl, `${endpoint.replace(/\/+$/, '')}/${encodeURIComponent(String(id))}`);
  const result = await resourceCall(ctx, 'DELETE', url, undefined, `Deleting ${endpoint}/${id}`, { endpoint, id, etag, allowEmpty: true });
  ctx.etags.forget(etagKey(ctx.connection, endpoint, id));
  const quirks: Quirk[] = [];
  if (result.status === 200) quirks.push({ code: 'delete.status-200', message: 'Deleting answers 200 instead of 204 No Content.' });
  return {
    status: result.status,
    exchangeId: result.exchangeId,
    quirks: [...result.quirks, ...ctx.requester.record(ctx.connection, result.exchangeId, quirks)],
  };
}

export function etagKey(connection: ResolvedConnection, endpoint: string, id: string | number): EtagKey {
  return { connectionKey: connection.key, resource: `${endpoint.replace(/^\/+|\/+$/g, '').toLowerCase()}/${String(id)}` };
}

interface CallOptions {
  endpoint: string;
  id?: string | number;
  etag?: string;
  /** 204 or an empty body is fine (PATCH, DELETE). */
  allowEmpty?: boolean;
}

async function resourceCall(ctx: OperationContext, method: HttpMethod, url: URL, body: unknown, what: string, options: CallOptions): Promise<ResourceResult> {
  const { requester, connection } = ctx;
  const key = options.id !== undefined ? etagKey(connection, options.endpoint, options.id) : undefined;
  const headers: Record<string, string> = {};
  const ifMatch = options.etag ?? (key ? ctx.etags.get(key) : undefined);
  if (ctx.etagSupported && ifMatch && (method === 'PUT' || method === 'PATCH' || method === 'DELETE')) headers['if-match'] = ifMatch;

  const { response } = await requester.send(connection, { method, url, body, headers, what, signal: ctx.signal });
  if (response.status === 412) throw await preconditionFailed(ctx, options, what, response.exchangeId);
  if (response.status === 409) {
    const error = requester.failure(connection, response, what);
    throw new AppError({ ...error.data, code: 'conflict' });
  }
  if (response.status < 200 || response.status > 299) throw requester.failure(connection, response, what);

  const quirks: Quirk[] = [];
  let resource: Record<string, unknown> = {};
  if (response.body.trim() !== '') {
    const parsed = parseScimBody(response, what);
    quirks.push(...parsed.quirks);
    if (parsed.json !== null && !(options.allowEmpty && !isResource(parsed.json))) {
      resource = ensureObject(parsed.json, what);
      quirks.push(...resourceQuirks(resource, { projected: url.searchParams.has('attributes') }));
    }
  } else if (!options.allowEmpty) {
    throw new AppError({
      code: 'not_scim',
      status: response.status,
      exchangeId: response.exchangeId,
      message: `${what}: the server answered ${response.status} with an empty body.`,
    });
  }
  const etag = readEtag(response.headers, resource) ?? null;
  // What the server does with versions, against what its ServiceProviderConfig says.
  if (method === 'GET' && resource.id !== undefined && !url.searchParams.has('attributes')) {
    if (ctx.etagSupported && !etag)
      quirks.push({
        code: 'etag.missing',
        message: 'The server says it supports ETags (ServiceProviderConfig etag.supported) but sends none with resources: edits go without If-Match.',
      });
    if (!ctx.etagSupported && etag)
      quirks.push({
        code: 'etag.undeclared',
        message: 'The server sends ETags although its ServiceProviderConfig does not say it supports them: they are not sent back as If-Match.',
      });
  }
  const storeKey = key ?? (resource.id !== undefined ? etagKey(connection, options.endpoint, resource.id as string) : undefined);
  // An answer without a tag (a 204 to a PATCH) leaves the remembered one stale: it is forgotten, never sent as If-Match.
  if (storeKey) ctx.etags.remember(storeKey, etag ?? undefined);
  return {
    resource,
    status: response.status,
    etag,
    location: response.headers.location ?? null,
    exchangeId: response.exchangeId,
    quirks: requester.record(connection, response.exchangeId, quirks),
  };
}

function isResource(json: unknown): boolean {
  return typeof json === 'object' && json !== null && !Array.isArray(json) && ('id' in json || 'schemas' in json);
}

/** 412: read the server's current version so the user can re-apply their edit on top of it. */
async function preconditionFailed(ctx: OperationContext, options: CallOptions, what: string, exchangeId: string): Promise<AppError> {
  let current: { resource: Record<string, unknown> | null; etag: string | null } = { resource: null, etag: null };
  if (options.id !== undefined) {
    try {
      const fresh = await getResource(ctx, options.endpoint, options.id);
      current = { resource: fresh.resource, etag: fresh.etag };
    } catch {
      // the conflict stands even if the current version cannot be read (e.g. it was deleted)
    }
  }
  return new AppError({
    code: 'precondition_failed',
    status: 412,
    exchangeId,
    current,
    message: `${what}: the resource changed on the server since it was read (412 Precondition Failed). Review the current version and apply your changes again.`,
  });
}
