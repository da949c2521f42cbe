import {
  AppError,
  type Capabilities,
  type ChannelParsedInput,
  type ListAllResult,
  type ListInput,
  type ListPage,
  type Quirk,
  type ResourceResult,
  type ScimResource,
  type RetryEndedEvent,
  type RetryingEvent,
  type ScanProgressEvent,
} from '../../../shared/contract';
import type { AttributeLookup } from '../../../shared/filter';
import { encodePatch, validateAgainstSchema } from '../../../shared/patch';
import { createAttributeLookup, methodFactKey, normalizeEndpoint, pageCapKey, paramFactKey, refusedMethod } from '../../../shared/scim';
import type { ConnectionService } from '../connections/service';
import type { HttpClient, HttpResponse, ResolvedConnection } from '../http/client';
import { collectPages, nounOf } from './collect';
import { discover } from './discovery';
import { resourceUrl } from './list-response';
import { createResource, deleteResource, getResource, patchResource, replaceResource, type OperationContext } from './operations';
import { AdaptiveLister, learnIgnoredProjection } from './adaptive-list';
import { UsersGroupsCheck } from './users-groups';
import { LearnedStore, type NewFact } from './learned-store';
import { iteratePages, type PageRequest, type PagingResult } from './paging';
import { QuirkRegistry } from './quirks';
import { EtagCache } from './reliability';
import { Requester, type EngineRequest } from './requester';

export interface EngineEvents {
  quirk(connectionId: string, quirk: Quirk): void;
  annotate(exchangeId: string, quirks: Quirk[]): void;
  /** A request is about to be repeated (the shell pushes it as `scim.retrying`). */
  retrying?(event: RetryingEvent): void;
  /** A match-here scan read another page (pushed as `scim.scanProgress`). */
  scanProgress?(event: ScanProgressEvent): void;
  /** A request that was retried has ended (pushed as `scim.retryEnded`). */
  retryEnded?(event: RetryEndedEvent): void;
}

export type ListAllInput = Omit<ListInput, 'startIndex' | 'cursor' | 'count'> & { pageSize?: number; parallel?: number };

/** Page size and pages in flight of collectAll: 10,000 resources in 50 pages, four in flight at a time. */
const COLLECT_PAGE = 200;
const COLLECT_PARALLEL = 4;

/** The SCIM protocol engine: every operation on every resource type, tolerant of what servers send. */
export class ScimEngine {
  readonly quirks: QuirkRegistry;
  private readonly requester: Requester;
  private readonly etags = new EtagCache();
  private readonly capabilityCache = new Map<string, Promise<Capabilities>>();
  private readonly lister = new AdaptiveLister();
  private readonly groupsCheck = new UsersGroupsCheck();
  private readonly annotate: (exchangeId: string, quirks: Quirk[]) => void;
  private readonly scanProgress: (event: ScanProgressEvent) => void;

  constructor(
    private readonly connections: ConnectionService,
    http: HttpClient,
    events: EngineEvents,
    /** What servers were seen to do; in memory unless the caller gives a persisted store. */
    readonly learned: LearnedStore = LearnedStore.memory(),
  ) {
    this.annotate = (exchangeId, quirks) => events.annotate(exchangeId, quirks);
    this.scanProgress = (event) => events.scanProgress?.(event);
    this.quirks = new QuirkRegistry(events.quirk);
    this.requester = new Requester(
      http,
      (connectionKey, exchangeId, quirks) => {
        const stamped = this.quirks.record(connectionKey, quirks, exchangeId || undefined);
        if (exchangeId && stamped.length > 0) events.annotate(exchangeId, stamped);
        return stamped;
      },
      { retrying: (event) => events.retrying?.(event), ended: (event) => events.retryEnded?.(event) },
    );
  }

  /** Capabilities, discovered once per connection and cached until the connection changes. */
  capabilities(connectionId: string, options: { refresh?: boolean; signal?: AbortSignal } = {}): Promise<Capabilities> {
    let pending = options.refresh ? undefined : this.capabilityCache.get(connectionId);
    if (!pending) {
      pending = discover(this.requester, this.connections.resolve(connectionId), connectionId, options.signal);
      this.capabilityCache.set(connectionId, pending);
      pending.catch(() => this.capabilityCache.delete(connectionId));
    }
    return pending;
  }

  /** The connection with its secrets, for main-side code that sends its own requests (the server check). */
  resolve(connectionId: string): ResolvedConnection {
    return this.connections.resolve(connectionId);
  }

  /**
   * One request exactly as given, whatever status comes back, through the connection's scheduler and
   * retries (the server check's probes: it judges the raw answer itself).
   */
  async sendRaw(connection: ResolvedConnection, request: EngineRequest): Promise<HttpResponse> {
    return (await this.requester.send(connection, request)).response;
  }

  invalidate(connectionId: string): void {
    this.capabilityCache.delete(connectionId);
    this.quirks.forget(connectionId);
    this.lister.reset(connectionId);
  }

  /** Forgets what was learned about a connection's server, and the quirks it raised. */
  forgetLearned(connectionId: string): number {
    this.quirks.forget(connectionId);
    this.lister.reset(connectionId);
    return this.learned.forget(connectionId);
  }

  /** The connection's quirks, including those learned in earlier runs (kept in the learned record). */
  quirkReport(connectionId: string) {
    const known = new Set(this.quirks.list(connectionId).map((q) => q.code));
    const earlier = this.learned.list(connectionId).filter((f) => f.state !== 'accepted' && !known.has(learnedQuirkCode(f.key)));
    if (earlier.length > 0) this.quirks.record(connectionId, earlier.map(learnedQuirk));
    return this.quirks.list(connectionId);
  }

  /** One page, adapted to what the server was seen to accept (see AdaptiveLister). */
  async list(input: ListInput & { connectionId: string }, signal?: AbortSignal): Promise<ListPage> {
    const ctx = await this.context(input.connectionId, signal);
    // Only an unfiltered listing proves a missing endpoint: some servers answer 404 to a filter that matches nothing.
    if (input.filter) {
      const page = await this.lister.list(ctx, this.learnedAccess(input.connectionId), input);
      await this.checkGroupSearch(input.connectionId, input.endpoint, input.filter, page, signal);
      return page;
    }
    return this.guardMethod(input.connectionId, input.endpoint, 'GET', () => this.lister.list(ctx, this.learnedAccess(input.connectionId), input));
  }

  /**
   * Every resource of a listing up to `limit` (for screens that need them all at once, such as a user's
   * groups): parallel pages through listAll, stopping at the limit and saying so. Learns what `list` does.
   */
  async collectAll(input: ListAllInput & { connectionId: string; limit: number }, signal?: AbortSignal): Promise<ListAllResult> {
    const { limit, ...listing } = input;
    // Pages still in flight when the limit is reached are not wanted: cancelled rather than left to finish.
    const done = new AbortController();
    const both = signal ? AbortSignal.any([signal, done.signal]) : done.signal;
    const collect = async () => {
      try {
        return await collectPages(
          this.listAll({ pageSize: Math.min(COLLECT_PAGE, limit), parallel: COLLECT_PARALLEL, ...listing }, both),
          limit,
          nounOf(input.endpoint),
        );
      } finally {
        done.abort();
      }
    };
    // As in `list`: only an unfiltered listing proves a missing endpoint.
    const { exchangeId, filterCheck, ...collected } = input.filter
      ? await collect()
      : await this.guardMethod(input.connectionId, input.endpoint, 'GET', collect);
    if (input.filter) {
      const { resources, totalResults, quirks } = collected;
      const asPage: ListPage = { resources, totalResults, startIndex: 1, itemsPerPage: resources.length, nextCursor: null, filterCheck, quirks, exchangeId };
      await this.checkGroupSearch(input.connectionId, input.endpoint, input.filter, asPage, signal);
    }
    return collected;
  }

  /** A search of Groups by member may show the server does not keep users' groups (see UsersGroupsCheck). */
  private async checkGroupSearch(connectionId: string, endpoint: string, filter: string, page: ListPage, signal?: AbortSignal): Promise<void> {
    const caps = await this.capabilities(connectionId, { signal });
    const users = caps.resourceTypes.find((t) => t.name.toLowerCase() === 'user');
    if (users && resourceTypeFor(caps, endpoint)?.name.toLowerCase() === 'group') {
      const fact = this.groupsCheck.listedGroups(connectionId, users.endpoint, filter, page);
      if (fact) this.learnedAccess(connectionId).learn(fact);
    }
  }

  /**
   * Sends `method` on an endpoint unless the server was seen to refuse it there, and learns a refusal:
   * 405/501 for a method, or 404 for a listing (the endpoint does not exist, whatever discovery said).
   */
  private async guardMethod<T>(
    connectionId: string,
    endpointName: string,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    send: () => Promise<T>,
  ): Promise<T> {
    const refused = refusedMethod(this.learned.map(connectionId), endpointName, method);
    if (refused) {
      const instead =
        method === 'PATCH' ? ' Replace the resource (PUT) instead.' : method === 'GET' ? '' : ' Forget what was learned about this server to try again.';
      throw new AppError({
        code: 'unsupported',
        exchangeId: refused.exchangeId,
        learnedKeys: [refused.key],
        message: `Not sent: ${refused.message}${instead}`,
      });
    }
    try {
      return await send();
    } catch (error) {
      const status = error instanceof AppError && error.code === 'http' ? error.status : undefined;
      const missing = method === 'GET' ? status === 404 : status === 405 || status === 501;
      if (missing) {
        const endpoint = normalizeEndpoint(endpointName);
        this.learnedAccess(connectionId).learn({
          key: methodFactKey(endpoint, method),
          kind: 'method',
          endpoint,
          subject: method === 'GET' ? `GET /${endpoint}` : method,
          state: 'refused',
          message:
            method === 'GET'
              ? `The server answered a listing of ${endpointName} with HTTP 404: there is no such endpoint.`
              : `The server answered ${method} on ${endpointName} with HTTP ${status}.`,
          action:
            method === 'PATCH'
              ? 'Edits and membership changes on this endpoint are sent as PUT of the whole resource.'
              : method === 'GET'
                ? 'It is not listed again; screens say it is not available.'
                : `${method} is not sent to this endpoint again.`,
          exchangeId: (error as AppError).data.exchangeId,
        });
      }
      throw error;
    }
  }

  private learnedAccess(connectionId: string) {
    return {
      facts: () => this.learned.map(connectionId),
      learn: (fact: NewFact) => {
        const stamped = this.learned.learn(connectionId, fact);
        if (!stamped || stamped.state === 'accepted') return;
        const quirks = this.quirks.record(connectionId, [learnedQuirk(stamped)]);
        if (stamped.exchangeId && quirks.length > 0) this.annotate(stamped.exchangeId, quirks);
      },
      progress: (event: Omit<ScanProgressEvent, 'connectionId'>) => this.scanProgress({ ...event, connectionId }),
    };
  }

  /** Every resource, page by page: index or cursor paging as the server offers, in parallel when the total is known. */
  /**
   * `shape` turns each resource into what the caller keeps (keeping its `id`, by which pages are
   * de-duplicated) as soon as its page arrives, before the page waits for its turn: pages fetched ahead
   * then hold a few strings, not parsed resources that would outlive the young generation (an export's
   * memory stays flat).
   */
  async *listAll(
    input: ListAllInput & { connectionId: string },
    signal?: AbortSignal,
    shape?: (resource: ScimResource) => ScimResource,
  ): AsyncGenerator<PagingResult> {
    const ctx = await this.context(input.connectionId, signal);
    const caps = await this.capabilities(input.connectionId, { signal });
    // The page-size cap the server was seen to apply beats the one it advertises.
    const learnedCap = this.learned.get(input.connectionId, pageCapKey(input.endpoint))?.value;
    const pageSize = Math.min(input.pageSize ?? 100, caps.paging.maxPageSize ?? Number.MAX_SAFE_INTEGER, learnedCap ?? Number.MAX_SAFE_INTEGER);
    const mode = caps.paging.cursor && !caps.paging.index ? 'cursor' : 'index';
    const access = this.learnedAccess(input.connectionId);
    const fetchPage = async (request: PageRequest): Promise<ListPage> => {
      const page = await this.lister.list(ctx, access, { ...input, ...request });
      return shape ? { ...page, resources: page.resources.map(shape) } : page;
    };
    yield* iteratePages(fetchPage, {
      pageSize,
      mode,
      parallel: input.parallel,
      signal,
      onQuirk: (quirk) => this.requester.record(ctx.connection, '', [quirk]),
    });
  }

  async get(input: ChannelParsedInput<'scim.get'>, signal?: AbortSignal): Promise<ResourceResult> {
    const result = await getResource(await this.context(input.connectionId, signal), input.endpoint, input.id, input);
    learnIgnoredProjection(this.learnedAccess(input.connectionId), input.endpoint, input, [result.resource], result.exchangeId);
    const caps = await this.capabilities(input.connectionId, { signal });
    // Only a read that asked for `groups` says anything about whether the server keeps them.
    const namesGroups = (a: string) => /^groups(\.|$)/i.test(a.replace(/^urn:.*:/i, ''));
    const groupsProjectedOut = input.excludedAttributes?.some(namesGroups) || (input.attributes?.length && !input.attributes.some(namesGroups));
    if (resourceTypeFor(caps, input.endpoint)?.name.toLowerCase() === 'user' && !groupsProjectedOut) {
      this.groupsCheck.readUser(input.connectionId, String(input.id), result.resource);
    }
    return result;
  }

  async create(input: ChannelParsedInput<'scim.create'>, signal?: AbortSignal): Promise<ResourceResult> {
    const ctx = await this.context(input.connectionId, signal);
    return this.guardMethod(input.connectionId, input.endpoint, 'POST', () => createResource(ctx, input.endpoint, input.resource)).finally(() =>
      this.wrote(input.connectionId),
    );
  }

  async replace(input: ChannelParsedInput<'scim.replace'>, signal?: AbortSignal): Promise<ResourceResult> {
    const ctx = await this.context(input.connectionId, signal);
    return this.guardMethod(input.connectionId, input.endpoint, 'PUT', () =>
      replaceResource(ctx, input.endpoint, input.id, input.resource, input.etag),
    ).finally(() => this.wrote(input.connectionId));
  }

  /** `readBack` may be left out by callers inside main (jobs), as the contract's default says: true. */
  async patch(input: Omit<ChannelParsedInput<'scim.patch'>, 'readBack'> & { readBack?: boolean }, signal?: AbortSignal): Promise<ResourceResult> {
    const ctx = await this.context(input.connectionId, signal);
    const caps = await this.capabilities(input.connectionId, { signal });
    if (caps.patch === false)
      throw new AppError({
        code: 'unsupported',
        message: 'This server says it does not support PATCH (ServiceProviderConfig patch.supported = false); replace the resource instead.',
      });
    // Operations the schema forbids (readOnly attributes, bad paths) are refused before anything is sent.
    const type = resourceTypeFor(caps, input.endpoint);
    if (type) {
      const schemas = schemasOf(caps, type);
      const errors = validateAgainstSchema(input.operations, schemas, type.schema).filter((p) => p.severity === 'error');
      if (errors.length > 0) {
        throw new AppError({
          code: 'invalid_input',
          message: `Not sent: ${errors[0].message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`,
          issues: errors.map((p) => ({ path: `operations.${p.opIndex}${p.path ? ` (${p.path})` : ''}`, message: p.message })),
        });
      }
    }
    // `attributes` only shapes the answer: where the server failed a write carrying it, it is left out.
    const endpoint = normalizeEndpoint(input.endpoint);
    const shapeKey = paramFactKey(endpoint, 'attributes on writes');
    const attributes = this.learned.get(input.connectionId, shapeKey)?.state === 'refused' ? undefined : input.attributes;
    // 405 Method Not Allowed / 501 Not Implemented: the server has no PATCH here, whatever it advertised.
    return this.guardMethod(input.connectionId, input.endpoint, 'PATCH', async () => {
      try {
        return await patchResource(ctx, input.endpoint, input.id, encodePatch(input.operations, input.dialect), input.etag, attributes, input.readBack);
      } catch (error) {
        const status = error instanceof AppError && error.code === 'http' ? error.status : undefined;
        if (!attributes?.length || status === undefined || (status !== 400 && status < 500)) throw error;
        this.learnedAccess(input.connectionId).learn({
          key: shapeKey,
          kind: 'param',
          endpoint,
          subject: 'attributes on writes',
          state: 'refused',
          message: `The server failed a PATCH on ${input.endpoint} that carried attributes=${attributes.join(',')} (HTTP ${status}).`,
          action: 'Writes to this endpoint are sent without attributes; the answer comes back whole.',
          exchangeId: (error as AppError).data.exchangeId,
        });
        const failed = error as AppError;
        throw new AppError({
          ...failed.data,
          message: `${failed.message} It may be the attributes parameter this server does not take with writes: it is left out from now on; send again.`,
        });
      }
    }).finally(() => this.wrote(input.connectionId));
  }

  async delete(input: ChannelParsedInput<'scim.delete'>, signal?: AbortSignal) {
    const ctx = await this.context(input.connectionId, signal);
    return this.guardMethod(input.connectionId, input.endpoint, 'DELETE', () => deleteResource(ctx, input.endpoint, input.id, input.etag)).finally(() =>
      this.wrote(input.connectionId),
    );
  }

  /** After a write, collections read whole and searches matched here are out of date: the next read goes to the server. */
  private wrote(connectionId: string): void {
    this.lister.reset(connectionId);
  }

  async bulk(input: ChannelParsedInput<'scim.bulk'>, signal?: AbortSignal) {
    const ctx = await this.context(input.connectionId, signal);
    const caps = await this.capabilities(input.connectionId, { signal });
    if (caps.bulk.supported !== true)
      throw new AppError({ code: 'unsupported', message: 'This server does not advertise Bulk support (ServiceProviderConfig bulk.supported is not true).' });
    if (caps.bulk.maxOperations !== null && input.operations.length > caps.bulk.maxOperations) {
      throw new AppError({
        code: 'invalid_input',
        message: `The server accepts at most ${caps.bulk.maxOperations} operations per Bulk request; this one has ${input.operations.length}.`,
      });
    }
    const result = await this.requester.request(ctx.connection, {
      method: 'POST',
      url: resourceUrl(ctx.connection.settings.baseUrl, 'Bulk'),
      body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], failOnErrors: input.failOnErrors, Operations: input.operations },
      what: 'Sending a Bulk request',
      signal,
    });
    const json = (result.json ?? {}) as Record<string, unknown>;
    const operations = Array.isArray(json.Operations ?? json.operations) ? ((json.Operations ?? json.operations) as Record<string, unknown>[]) : [];
    return {
      status: result.response.status,
      operations: operations.map((op) => ({
        method: String(op.method ?? ''),
        bulkId: op.bulkId as string | undefined,
        location: op.location as string | undefined,
        status: String(op.status ?? ''),
        response: op.response,
      })),
      exchangeId: result.response.exchangeId,
      quirks: this.requester.record(ctx.connection, result.response.exchangeId, result.quirks),
    };
  }

  private async context(connectionId: string, signal?: AbortSignal): Promise<OperationContext> {
    const connection: ResolvedConnection = this.connections.resolve(connectionId);
    const caps = await this.capabilities(connectionId, { signal });
    return {
      requester: this.requester,
      connection,
      etags: this.etags,
      etagSupported: caps.etag === true,
      lookupFor: (endpoint) => lookupFor(caps, endpoint),
      signal,
    };
  }
}

const learnedQuirkCode = (key: string) => `learned:${key}`;

/** A learned refusal, cap or ignored parameter, as the quirk the status bar counts. */
function learnedQuirk(fact: { key: string; message: string; action: string; exchangeId?: string }): Quirk {
  return { code: learnedQuirkCode(fact.key), message: `${fact.message} ${fact.action}`, exchangeId: fact.exchangeId };
}

function resourceTypeFor(caps: Capabilities, endpoint: string) {
  const normalized = endpoint.replace(/^\/+|\/+$/g, '').toLowerCase();
  return caps.resourceTypes.find((t) => t.endpoint.replace(/^\/+|\/+$/g, '').toLowerCase() === normalized);
}

function schemasOf(caps: Capabilities, type: NonNullable<ReturnType<typeof resourceTypeFor>>) {
  return caps.schemas.filter((s) => s.id === type.schema || type.schemaExtensions.some((e) => e.schema === s.id));
}

/** The attribute lookup (types, case rules) for a resource type's schemas, for the local filter check. */
function lookupFor(caps: Capabilities, endpoint: string): AttributeLookup | undefined {
  const type = resourceTypeFor(caps, endpoint);
  if (!type) return undefined;
  const schemas = schemasOf(caps, type);
  if (schemas.length === 0) return undefined;
  return createAttributeLookup(schemas, type.schema);
}
