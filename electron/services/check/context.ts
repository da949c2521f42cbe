import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import type { Capabilities } from '../../../shared/contract';
import type { HttpResponse, ResolvedConnection } from '../http/client';
import type { EngineRequest } from '../engine/requester';
import type { CheckContext, ProbeRequest, ProbeResponse } from './types';

/** How a run sends: the engine's raw send (scheduler and retries) on a resolved connection. */
export interface CheckTransport {
  connection: ResolvedConnection;
  sendRaw(connection: ResolvedConnection, request: EngineRequest): Promise<HttpResponse>;
}

export interface CheckRunOptions {
  transport: CheckTransport;
  capabilities: Capabilities;
  signal: AbortSignal;
  writes: boolean;
  runId: string;
}

/**
 * One run of the check: what all its checks share (memoized samples, the request count, what write
 * checks created and have not removed). Each check gets its own context from `contextFor`, which
 * collects the exchanges it sent, and those of the memos it used, as its evidence.
 */
export class CheckRun {
  requests = 0;
  readonly leftovers = new Map<string, { endpoint: string; id: string; name: string }>();
  private readonly memos = new Map<string, Promise<{ value: unknown; evidence: string[] }>>();
  // The evidence lists of memos being computed: a memo's exchanges are kept for every later user.
  private readonly computing = new AsyncLocalStorage<string[][]>();
  private readonly variants: Record<'connection' | 'none' | 'wrong', ResolvedConnection>;

  constructor(private readonly options: CheckRunOptions) {
    const connection = options.transport.connection;
    this.variants = { connection, none: withoutCredentials(connection), wrong: withWrongCredentials(connection) };
  }

  get baseUrl(): string {
    return this.options.transport.connection.settings.baseUrl;
  }

  get writes(): boolean {
    return this.options.writes;
  }

  get runId(): string {
    return this.options.runId;
  }

  /** `signal` replaces the run's: the cleanup after a cancelled run still has to reach the server. */
  contextFor(options: { signal?: AbortSignal } = {}): { ctx: CheckContext; evidence: string[] } {
    const signal = options.signal ?? this.options.signal;
    const evidence: string[] = [];
    const cite = (...ids: string[]) => {
      for (const id of ids) if (id && !evidence.includes(id)) evidence.push(id);
    };
    const ctx: CheckContext = {
      baseUrl: this.baseUrl,
      signal,
      capabilities: this.options.capabilities,
      writes: this.options.writes,
      runId: this.options.runId,
      connectionAuth: this.options.transport.connection.settings.auth.type,
      send: async (request) => {
        const response = await this.send(request, signal);
        cite(response.exchangeId);
        for (const list of this.computing.getStore() ?? []) list.push(response.exchangeId);
        return response;
      },
      memo: async <T>(key: string, compute: () => Promise<T>): Promise<T> => {
        let pending = this.memos.get(key);
        if (!pending) {
          const own: string[] = [];
          const stack = [...(this.computing.getStore() ?? []), own];
          pending = this.computing.run(stack, async () => ({ value: await compute(), evidence: own }));
          this.memos.set(key, pending);
        }
        const { value, evidence: used } = await pending;
        cite(...used);
        return value as T;
      },
      cite,
      created: (item) => this.leftovers.set(`${item.endpoint} ${item.id}`, item),
      removed: (endpoint, id) => this.leftovers.delete(`${endpoint} ${id}`),
    };
    return { ctx, evidence };
  }

  private async send(request: ProbeRequest, signal: AbortSignal): Promise<ProbeResponse> {
    const connection = this.variants[request.auth ?? 'connection'];
    const url = probeUrl(connection.settings.baseUrl, request.path, request.query);
    this.requests += 1;
    const response = await this.options.transport.sendRaw(connection, {
      method: request.method,
      url,
      headers: { accept: 'application/scim+json', ...request.headers },
      body: request.body,
      isSearch: request.method === 'POST' && /\/\.search$/.test(url.pathname),
      what: `${request.method} ${url.pathname}`,
      signal,
    });
    return toProbeResponse(response);
  }
}

/** `path` below the base URL, with its query; an absolute URL (a `Location`) is taken as it is. */
export function probeUrl(baseUrl: string, path: string, query: ProbeRequest['query'] = {}): URL {
  const url = /^https?:\/\//i.test(path) ? new URL(path) : new URL(`${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`);
  for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, String(value));
  return url;
}

export function toProbeResponse(response: HttpResponse): ProbeResponse {
  let json: unknown;
  if (response.body.trim() !== '') {
    try {
      json = JSON.parse(response.body);
    } catch {
      json = undefined;
    }
  }
  const mediaType = (response.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  return { status: response.status, headers: response.headers, text: response.body, json, exchangeId: response.exchangeId, mediaType };
}

/** The connection with no credential at all: no auth, no secret headers. */
function withoutCredentials(connection: ResolvedConnection): ResolvedConnection {
  const { secret: _secret, secretOrigin: _origin, secretHeaders: _headers, ...rest } = connection;
  return { ...rest, settings: { ...connection.settings, auth: { type: 'none' } } };
}

/** The same kind of credential with a made-up value (OAuth becomes a made-up bearer token). */
function withWrongCredentials(connection: ResolvedConnection): ResolvedConnection {
  const made = `scimdesk-wrong-${randomBytes(12).toString('hex')}`;
  const auth = connection.settings.auth;
  const kept = auth.type === 'basic' || auth.type === 'header' ? auth : ({ type: 'bearer' } as const);
  const { secretOrigin: _origin, ...rest } = connection;
  return { ...rest, secret: made, settings: { ...connection.settings, auth: kept } };
}
