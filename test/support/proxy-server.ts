import { startScriptedServer, type SeenRequest } from './scripted-server';

/** An answer a test scripts in place of the real server's. */
export interface ProxyAnswer {
  status: number;
  body?: unknown;
}

export interface ProxyServer {
  /** The target's base URL with the proxy's origin (same path). */
  baseUrl: string;
  /** Every request, in arrival order. */
  seen: SeenRequest[];
  /** Answers a request itself instead of forwarding it (undefined: forward). */
  intercept: ((request: SeenRequest) => ProxyAnswer | undefined) | null;
  /** Rewrites a forwarded JSON answer (e.g. leaves an attribute out). */
  transform: ((request: SeenRequest, body: unknown) => unknown) | null;
  /** Requests seen with this method whose path below the base URL (`/Groups/42`, no query) matches. */
  count(method: string, path: RegExp | string): number;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'content-encoding']);

/**
 * A loopback proxy in front of a real SCIM server (the demo server, say) that forwards every request
 * unless a test answers it itself: a 413 for a body too large, a 503 for one group, a PATCH swallowed.
 * It counts what reached it, per method and path.
 */
export async function startProxyServer(targetBaseUrl: string): Promise<ProxyServer> {
  const target = new URL(targetBaseUrl);
  const state: Pick<ProxyServer, 'intercept' | 'transform'> = { intercept: null, transform: null };
  const server = await startScriptedServer(async (req, res) => {
    const scripted = state.intercept?.(req);
    if (scripted) {
      res.writeHead(scripted.status, scripted.body === undefined ? {} : { 'content-type': 'application/scim+json' });
      return void res.end(scripted.body === undefined ? undefined : JSON.stringify(scripted.body));
    }
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name, value]) => !HOP_BY_HOP.has(name) && typeof value === 'string')) as Record<
      string,
      string
    >;
    const answer = await fetch(new URL(req.url, target.origin), {
      method: req.method,
      headers,
      ...(req.body && req.method !== 'GET' ? { body: req.body } : {}),
    });
    let text = await answer.text();
    if (state.transform && text && /json/.test(answer.headers.get('content-type') ?? '')) text = JSON.stringify(state.transform(req, JSON.parse(text)));
    const out: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (!HOP_BY_HOP.has(name)) out[name] = value;
    });
    res.writeHead(answer.status, out);
    res.end(text || undefined);
  });
  const base = target.pathname.replace(/\/$/, '');
  const pathOf = (url: string) => new URL(url, 'http://x').pathname.slice(base.length);
  return {
    baseUrl: `${server.url}${target.pathname.replace(/\/$/, '')}`,
    seen: server.seen,
    get intercept() {
      return state.intercept;
    },
    set intercept(next) {
      state.intercept = next;
    },
    get transform() {
      return state.transform;
    },
    set transform(next) {
      state.transform = next;
    },
    count: (method, path) =>
      server.seen.filter((r) => r.method === method && (typeof path === 'string' ? pathOf(r.url) === path : path.test(pathOf(r.url)))).length,
    close: () => server.close(),
  };
}
