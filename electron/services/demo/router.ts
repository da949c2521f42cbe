/**
 * HTTP plumbing: persona dispatch by base path, loopback Host check, rate limiting, bearer auth,
 * JSON bodies with a size limit, error answers, and the lazily created per-persona data stores.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from '../../../shared/scim';
import { handle, personaSchemas, scimErrorResult } from './api';
import { payloadTooLarge } from './bulk';
import type { Endpoint, PersonaContext, PersonaSpec } from './personas/types';
import { TokenBucket } from './ratelimit';
import { ScimCore } from './resources';
import { generateDataset } from './seed';
import { DemoStore } from './store';
import { ScimError, type HandlerResult, type ResourceKind } from './types';

export const MAX_BODY_BYTES = 32 * 1024 * 1024;
const SCIM_JSON = 'application/scim+json';

export interface RouterOptions {
  users: number;
  seed: number;
  token?: string;
  rateLimitPerSecond: number;
  /** The server's origin (`http://127.0.0.1:PORT`), known once listening. */
  origin: () => string;
}

interface Runtime {
  spec: PersonaSpec;
  bucket?: TokenBucket;
  ctx?: PersonaContext;
}

const DISCOVERY: ReadonlySet<Endpoint> = new Set(['ServiceProviderConfig', 'ResourceTypes', 'Schemas']);

export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** The hostname of a Host header (`127.0.0.1:8080`, `[::1]:8080`, `localhost`). */
function hostnameOf(header: string): string {
  if (header.startsWith('[')) return header.slice(0, header.indexOf(']') + 1);
  const colon = header.lastIndexOf(':');
  return colon < 0 ? header : header.slice(0, colon);
}

export function createCore(spec: PersonaSpec, baseUrl: string, users: number, seed: number): ScimCore {
  const urlFor = (kind: ResourceKind, id: string) =>
    spec.urlFor ? spec.urlFor(baseUrl, kind, id) : `${baseUrl}/${kind === 'User' ? 'Users' : 'Groups'}/${id}`;
  const hasGroups = Object.values(spec.routes).includes('Groups');
  const dataset = generateDataset({ users, seed, idStyle: spec.idStyle, urlFor, ...(hasGroups ? {} : { groups: 0 }) });
  const store = new DemoStore(dataset, dataset.nextId);
  return new ScimCore(store, {
    schemaSets: {
      User: { kind: 'User', core: USER_SCHEMA, extensions: [ENTERPRISE_USER_SCHEMA, ...(spec.userExtensions ?? [])] },
      Group: { kind: 'Group', core: GROUP_SCHEMA, extensions: [] },
    },
    schemas: personaSchemas(spec),
    strict: spec.strict,
    userGroups: spec.userGroups,
    filterPolicy: spec.filterPolicy,
    urlFor,
    maxResults: spec.maxResults,
    defaultCount: spec.defaultCount,
  });
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const m = header ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null;
  if (!m) return false;
  const given = Buffer.from(m[1].trim());
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES, detail = `The request body exceeds ${MAX_BODY_BYTES} bytes`): Promise<unknown> {
  const tooLarge = () => new ScimError(413, detail, undefined, { headers: { Connection: 'close' } });
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw tooLarge();
  const type = req.headers['content-type'];
  if (type && !/[/+]json\b/i.test(type)) {
    throw new ScimError(415, `Unsupported Content-Type ${JSON.stringify(type)}: send application/scim+json or application/json`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) throw new ScimError(400, 'The request body is empty', 'invalidSyntax');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ScimError(400, `The request body is not valid JSON: ${(err as Error).message}`, 'invalidSyntax');
  }
}

function send(res: ServerResponse, result: HandlerResult, contentType: string): void {
  const headers: Record<string, string | number> = { ...result.headers };
  let payload: Buffer | undefined;
  if (result.body !== undefined && result.status !== 204 && result.status !== 304) {
    payload = Buffer.from(JSON.stringify(result.body));
    headers['Content-Type'] ??= contentType;
    headers['Content-Length'] = payload.length;
  } else if (result.status !== 204 && result.status !== 304) {
    headers['Content-Length'] = 0;
  }
  res.writeHead(result.status, headers);
  res.end(payload);
}

export function createRouter(specs: readonly PersonaSpec[], options: RouterOptions) {
  const runtimes: Runtime[] = specs.map((spec) => ({
    spec,
    bucket: spec.rateLimited ? new TokenBucket(options.rateLimitPerSecond) : undefined,
  }));

  const context = (rt: Runtime): PersonaContext => {
    if (!rt.ctx) {
      const baseUrl = options.origin() + rt.spec.basePath;
      rt.ctx = { baseUrl, core: createCore(rt.spec, baseUrl, options.users, options.seed) };
    }
    return rt.ctx;
  };

  const errorResult = (spec: PersonaSpec | undefined, err: ScimError): HandlerResult => (spec?.hooks?.error ?? scimErrorResult)(err);

  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let spec: PersonaSpec | undefined;
    try {
      const host = req.headers.host;
      if (host && !isLoopbackHost(hostnameOf(host)))
        throw new ScimError(403, `Host ${JSON.stringify(host)} is not allowed: the demo server answers loopback requests only`);
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const path = url.pathname;
      const rt = runtimes.find((r) => path === r.spec.basePath || path.startsWith(`${r.spec.basePath}/`));
      if (!rt) throw new ScimError(404, `No demo server at ${JSON.stringify(path)}; try ${runtimes.map((r) => r.spec.basePath).join(', ')}`);
      spec = rt.spec;

      if (rt.bucket && !rt.bucket.take()) {
        send(
          res,
          {
            status: 429,
            headers: { 'Retry-After': '1', 'Content-Type': 'application/problem+json' },
            body: {
              type: 'about:blank',
              title: 'Too Many Requests',
              status: 429,
              detail: `Rate limit of ${options.rateLimitPerSecond} requests per second exceeded; retry after 1 second.`,
            },
          },
          'application/problem+json',
        );
        return;
      }

      let segments: string[];
      try {
        segments = path.slice(spec.basePath.length).split('/').filter(Boolean).map(decodeURIComponent);
      } catch {
        throw new ScimError(400, 'Malformed percent-encoding in the path', 'invalidSyntax');
      }
      const endpoint = segments.length ? spec.routes[segments[0]] : undefined;
      if (options.token && !(endpoint && spec.publicDiscovery && DISCOVERY.has(endpoint)) && !tokenMatches(req.headers.authorization, options.token)) {
        const answer = spec.hooks?.unauthorized?.() ?? scimErrorResult(new ScimError(401, 'A valid bearer token is required (Authorization: Bearer <token>)'));
        answer.headers = { ...answer.headers, 'WWW-Authenticate': 'Bearer realm="SCIM Desk demo"' };
        send(res, answer, spec.contentType);
        return;
      }
      if (!endpoint) throw new ScimError(404, `Endpoint ${JSON.stringify(`/${segments.join('/')}`)} not found`);

      const method = (req.method ?? 'GET').toUpperCase();
      // Bulk bodies are held to the persona's declared maxPayloadSize (RFC 7644 §3.7.4).
      const limits = endpoint === 'Bulk' ? spec.bulk : undefined;
      const read = () => (limits ? readBody(req, limits.maxPayloadSize, payloadTooLarge(limits)) : readBody(req));
      const body = method === 'POST' || method === 'PUT' || method === 'PATCH' ? await read() : undefined;
      const ctx = context(rt);
      const result = handle(spec, { method, endpoint, rest: segments.slice(1), query: url.searchParams, headers: req.headers, body }, ctx);
      send(res, result, spec.contentType);
    } catch (err) {
      const scimErr = err instanceof ScimError ? err : new ScimError(500, `Internal error: ${err instanceof Error ? err.message : String(err)}`);
      if (!(err instanceof ScimError)) console.error('[demo-scim] internal error', err);
      const result = errorResult(spec, scimErr);
      send(res, result, spec?.contentType ?? SCIM_JSON);
      if (scimErr.status === 413) req.destroy();
    }
  }

  return (req: IncomingMessage, res: ServerResponse) => {
    void dispatch(req, res);
  };
}
