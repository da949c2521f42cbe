import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A loopback SCIM server that misbehaves on purpose. By default it is a small, correct SCIM 2.0
 * server (ServiceProviderConfig, ResourceTypes, Schemas, /Users with index paging, /Users/:id) under
 * /scim/v2. `set(fault, { path })` makes requests whose path matches misbehave one way: per path (a
 * RegExp, /\/Users/ by default) or per run (`path: /./`). Each fault is a name, so a suite can list
 * and select them.
 */
export const FAULTS = [
  'never-answers',
  'reset-before-body',
  'reset-during-body',
  'malformed-json',
  'html-500',
  'html-200-login',
  'plain-text-error',
  'empty-200',
  'xml-content-type',
  'json-as-text-plain',
  'rate-limit-seconds',
  'rate-limit-http-date',
  'status-500',
  'status-502',
  'status-503',
  'huge-body',
  'slow-drip',
  'lying-total',
  'ignored-start-index',
  'duplicate-ids',
  'resources-null',
  'deep-nesting',
  'hostile-names',
  'token-expires',
  'redirect-loop',
  'redirect-cross-origin',
  'oversized-header',
  'echo-detail',
  'echo-text-plain',
  'echo-headers',
] as const;
export type Fault = (typeof FAULTS)[number];

export interface FaultOptions {
  /** Which request paths misbehave; default /\/Users/. */
  path?: RegExp;
  /** For rate limits and 5xx: how many answers misbehave before the server recovers (default: forever). */
  times?: number;
  /** For token-expires: how many requests succeed before every answer is 401 (default 3). */
  after?: number;
  /** For huge-body: size in bytes (default 50 MB). */
  bytes?: number;
  /** For redirect-cross-origin: where to send the client. */
  target?: string;
}

export interface SeenFaultRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface FaultServer {
  /** Base URL of the SCIM API, e.g. http://127.0.0.1:1234/scim/v2 */
  baseUrl: string;
  origin: string;
  seen: SeenFaultRequest[];
  set(fault: Fault | null, options?: FaultOptions): void;
  close(): Promise<void>;
}

export const USER_COUNT = 120;
const LIST_URN = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';

export const HOSTILE_NAMES = [
  'evil\u202Egnp.exe',
  '<script>window.__pwned = 1</script>',
  '<img src=x onerror="window.__pwned = 2">',
  '\u0000nul\u200Bzero-width\uFEFF',
  '👩‍👩‍👧‍👦 Zalgo Z̷̢̛a̸l̶g̷o',
];

export function user(n: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const id = `u-${String(n).padStart(4, '0')}`;
  return {
    schemas: [USER_URN],
    id,
    userName: `user${n}@example.test`,
    displayName: `User ${n}`,
    active: true,
    meta: {
      resourceType: 'User',
      created: '2024-01-01T00:00:00Z',
      lastModified: '2024-01-01T00:00:00Z',
      location: `/scim/v2/Users/${id}`,
      version: `W/"${n}"`,
    },
    ...extra,
  };
}

function list(resources: unknown[], total: number, startIndex: number): Record<string, unknown> {
  return { schemas: [LIST_URN], totalResults: total, startIndex, itemsPerPage: resources.length, Resources: resources };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/scim+json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function page(url: URL): { startIndex: number; count: number } {
  const startIndex = Math.max(1, Number(url.searchParams.get('startIndex') ?? 1) || 1);
  const count = Math.max(0, Math.min(200, Number(url.searchParams.get('count') ?? 100) || 100));
  return { startIndex, count };
}

/** The well-behaved server. */
function healthy(req: SeenFaultRequest, res: ServerResponse): void {
  const url = new URL(req.url, 'http://x');
  const path = url.pathname.replace(/^\/scim\/v2/, '');
  if (path === '/ServiceProviderConfig') {
    return send(res, 200, {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      patch: { supported: true },
      bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
      filter: { supported: true, maxResults: 200 },
      changePassword: { supported: false },
      sort: { supported: false },
      etag: { supported: true },
      authenticationSchemes: [{ type: 'oauthbearertoken', name: 'Bearer', description: 'Bearer token' }],
    });
  }
  if (path === '/ResourceTypes') {
    return send(
      res,
      200,
      list([{ schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'], id: 'User', name: 'User', endpoint: '/Users', schema: USER_URN }], 1, 1),
    );
  }
  if (path === '/Schemas') return send(res, 200, list([], 0, 1));
  if (path === '/Users') {
    const { startIndex, count } = page(url);
    const resources: unknown[] = [];
    for (let n = startIndex; n < startIndex + count && n <= USER_COUNT; n++) resources.push(user(n));
    return send(res, 200, list(resources, USER_COUNT, startIndex));
  }
  const match = /^\/Users\/u-(\d{4})$/.exec(path);
  if (match && Number(match[1]) >= 1 && Number(match[1]) <= USER_COUNT) {
    const n = Number(match[1]);
    if (req.method === 'PATCH' || req.method === 'PUT') return send(res, 200, user(n, { displayName: 'Patched' }));
    return send(res, 200, user(n), { etag: `W/"${n}"` });
  }
  return send(res, 404, { schemas: [ERROR_URN], status: '404', detail: `No resource at ${path}` });
}

function deepJson(levels: number): string {
  return `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
}

export async function startFaultServer(): Promise<FaultServer> {
  const seen: SeenFaultRequest[] = [];
  const state: { fault: Fault | null; options: FaultOptions; hits: number; served: number } = { fault: null, options: {}, hits: 0, served: 0 };
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let origin = '';

  const misbehave = (fault: Fault, req: SeenFaultRequest, res: ServerResponse): void => {
    const url = new URL(req.url, 'http://x');
    const auth = String(req.headers.authorization ?? '');
    const { startIndex, count } = page(url);
    const limited = state.options.times !== undefined && state.hits > state.options.times;
    if (limited && ['rate-limit-seconds', 'rate-limit-http-date', 'status-500', 'status-502', 'status-503'].includes(fault)) return healthy(req, res);
    switch (fault) {
      case 'never-answers':
        return; // the socket stays open, nothing is written
      case 'reset-before-body':
        res.socket?.destroy();
        return;
      case 'reset-during-body': {
        res.writeHead(200, { 'content-type': 'application/scim+json', 'content-length': '100000' });
        res.write('{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"Resources":[');
        const t = setTimeout(() => res.socket?.destroy(), 20);
        timers.add(t);
        return;
      }
      case 'malformed-json':
        return send(res, 200, '{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":1,"Resources":[{"id":"u-1",');
      case 'html-500':
        res.writeHead(500, { 'content-type': 'text/html; charset=utf-8' });
        return void res.end('<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1></body></html>');
      case 'html-200-login':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return void res.end(
          '<!DOCTYPE html><html><head><title>Sign in - Corporate SSO</title></head><body><form action="/login"><input name="password" type="password"></form></body></html>',
        );
      case 'plain-text-error':
        res.writeHead(400, { 'content-type': 'text/plain' });
        return void res.end('Bad Request: upstream directory unavailable');
      case 'empty-200':
        res.writeHead(200, { 'content-type': 'application/scim+json', 'content-length': '0' });
        return void res.end();
      case 'xml-content-type':
        res.writeHead(200, { 'content-type': 'application/xml' });
        return void res.end('<?xml version="1.0"?><ListResponse><totalResults>1</totalResults></ListResponse>');
      case 'json-as-text-plain': {
        res.writeHead(200, { 'content-type': 'text/plain' });
        const resources = [user(1), user(2)];
        return void res.end(JSON.stringify(list(resources, 2, 1)));
      }
      case 'rate-limit-seconds':
        return send(res, 429, { schemas: [ERROR_URN], status: '429', detail: 'Too many requests' }, { 'retry-after': '1' });
      case 'rate-limit-http-date':
        return send(
          res,
          429,
          { schemas: [ERROR_URN], status: '429', detail: 'Too many requests' },
          { 'retry-after': new Date(Date.now() + 1000).toUTCString() },
        );
      case 'status-500':
      case 'status-502':
      case 'status-503': {
        const status = Number(fault.slice(-3));
        return send(res, status, { schemas: [ERROR_URN], status: String(status), detail: `Upstream failure ${status}` });
      }
      case 'huge-body': {
        const bytes = state.options.bytes ?? 50 * 1024 * 1024;
        res.writeHead(200, { 'content-type': 'application/scim+json' }); // no content-length: chunked
        const head = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":1,"Resources":[{"id":"u-1","userName":"';
        res.write(head);
        const chunk = 'x'.repeat(1024 * 1024);
        let written = head.length;
        const pump = () => {
          while (written < bytes) {
            written += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end('"}]}');
        };
        res.on('error', () => undefined);
        return pump();
      }
      case 'slow-drip': {
        res.writeHead(200, { 'content-type': 'application/scim+json' });
        const body = JSON.stringify(list([user(1)], 1, 1));
        let i = 0;
        const t = setInterval(() => {
          if (i >= body.length || res.destroyed) {
            clearInterval(t);
            if (!res.destroyed) res.end();
            return;
          }
          res.write(body[i++]);
        }, 200);
        timers.add(t);
        return;
      }
      case 'lying-total':
        return send(res, 200, { schemas: [LIST_URN], totalResults: 5000, startIndex, itemsPerPage: 0, Resources: [] });
      case 'ignored-start-index': {
        const resources = [];
        for (let n = 1; n <= Math.min(count, 10); n++) resources.push(user(n));
        return send(res, 200, list(resources, USER_COUNT, 1));
      }
      case 'duplicate-ids': {
        // Each page repeats the last id of the previous page (overlapping pages), and lists its own
        // first resource twice.
        const from = Math.max(1, startIndex - 1);
        const resources = [];
        for (let n = from; n < from + count && n <= 30; n++) resources.push(user(n));
        if (resources.length > 0) resources.push(resources[0]);
        return send(res, 200, list(resources, 30, startIndex));
      }
      case 'resources-null':
        return send(res, 200, { schemas: [LIST_URN], totalResults: 3, startIndex: 1, itemsPerPage: 3, Resources: null });
      case 'deep-nesting':
        return send(res, 200, `{"schemas":["${LIST_URN}"],"totalResults":1,"Resources":[{"id":"u-1","userName":"deep","nest":${deepJson(20_000)}}]}`);
      case 'hostile-names': {
        const resources = HOSTILE_NAMES.map((name, i) => user(i + 1, { userName: name, displayName: name, name: { formatted: name } }));
        return send(res, 200, list(resources, resources.length, 1));
      }
      case 'token-expires':
        state.served++;
        if (state.served > (state.options.after ?? 3)) {
          return send(
            res,
            401,
            { schemas: [ERROR_URN], status: '401', detail: 'The access token expired' },
            { 'www-authenticate': 'Bearer error="invalid_token", error_description="The access token expired"' },
          );
        }
        return healthy(req, res);
      case 'redirect-loop':
        res.writeHead(302, { location: url.pathname.endsWith('/loop') ? url.pathname.slice(0, -5) : `${url.pathname}/loop` });
        return void res.end();
      case 'redirect-cross-origin':
        res.writeHead(307, { location: `${state.options.target ?? 'http://evil.invalid'}${url.pathname}${url.search}` });
        return void res.end();
      case 'oversized-header':
        res.writeHead(200, { 'content-type': 'application/scim+json', 'x-padding': 'p'.repeat(100 * 1024) });
        return void res.end(JSON.stringify(list([user(1)], 1, 1)));
      case 'echo-detail':
        return send(res, 400, { schemas: [ERROR_URN], status: '400', detail: `Invalid request; you sent Authorization: ${auth}` });
      case 'echo-text-plain':
        res.writeHead(403, { 'content-type': 'text/plain' });
        return void res.end(`Forbidden for ${auth} (token=${auth.replace(/^Bearer /, '')})`);
      case 'echo-headers': {
        const token = auth.replace(/^Bearer /, '');
        const n = 1;
        res.writeHead(200, {
          'content-type': 'application/scim+json',
          etag: `W/"${token}"`,
          location: `${origin}/scim/v2/Users/u-0001?access_token=${encodeURIComponent(token)}`,
        });
        return void res.end(
          JSON.stringify(user(n, { meta: { resourceType: 'User', location: `${origin}/scim/v2/Users/u-0001?token=${token}`, version: `W/"${token}"` } })),
        );
      }
    }
  };

  const server = createServer({ maxHeaderSize: 256 * 1024 }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(request);
      const path = new URL(request.url, 'http://x').pathname;
      try {
        if (state.fault && (state.options.path ?? /\/Users/).test(path)) {
          state.hits++;
          misbehave(state.fault, request, res);
        } else healthy(request, res);
      } catch {
        res.destroy();
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    baseUrl: `${origin}/scim/v2`,
    origin,
    seen,
    set(fault, options = {}) {
      state.fault = fault;
      state.options = options;
      state.hits = 0;
      state.served = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
