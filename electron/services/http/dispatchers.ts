import { rootCertificates } from 'node:tls';
import { Agent, Client, EnvHttpProxyAgent, ProxyAgent, errors as undiciErrors, type Dispatcher } from 'undici';
import type { ConnectionSettings } from '../../../shared/contract';
import { ProxyTunnelError } from './errors';

type TransportSettings = Pick<ConnectionSettings, 'tls' | 'proxy' | 'timeoutMs'>;

/** One pooled dispatcher per distinct TLS/proxy setup, so keep-alive survives across calls. */
export class DispatcherCache {
  private readonly cache = new Map<string, Dispatcher>();

  get(settings: TransportSettings): Dispatcher {
    const key = JSON.stringify([settings.tls, settings.proxy, settings.timeoutMs]);
    let dispatcher = this.cache.get(key);
    if (!dispatcher) {
      dispatcher = createDispatcher(settings).compose(abortWhileQueued);
      this.cache.set(key, dispatcher);
    }
    return dispatcher;
  }

  /** Ends every pool at once: a graceful close would wait for a hung connect (a proxy that swallows CONNECT). */
  async close(): Promise<void> {
    const all = [...this.cache.values()];
    this.cache.clear();
    await Promise.allSettled(all.map((d) => d.destroy()));
  }
}

/**
 * TLS options for a connection. A custom CA bundle is added to the system's trusted roots: Node's
 * `ca` replaces them, which would make every publicly signed server fail behind a corporate CA.
 */
export function tlsConnectOptions(tls: TransportSettings['tls'], timeoutMs: number): { rejectUnauthorized: boolean; ca?: string[]; timeout: number } {
  return {
    rejectUnauthorized: !tls.allowInvalidCertificates,
    ...(tls.caCertificatesPem ? { ca: [...rootCertificates, tls.caCertificatesPem] } : {}),
    timeout: timeoutMs,
  };
}

/**
 * undici only honours a request's abort signal once the request is on a socket: one queued behind a
 * connection still being made (a hung proxy CONNECT, a black-holed host) would wait for that connect.
 * This fails such a request at once when its signal aborts, and aborts it if it ever reaches a socket.
 */
export const abortWhileQueued: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (opts, handler) => {
  // `signal` is on request()/stream() options, which reach dispatch() unchanged.
  const signal = (opts as { signal?: unknown }).signal as AbortSignal | undefined;
  if (!signal || typeof signal.addEventListener !== 'function') return dispatch(opts, handler);
  let started = false;
  let failedWith: Error | undefined;
  const onAbort = () => {
    if (started || failedWith) return; // on a socket: undici's own abort handling applies
    failedWith = signal.reason instanceof Error ? signal.reason : new undiciErrors.RequestAbortedError();
    handler.onResponseError?.(settledController(failedWith), failedWith);
  };
  const done = () => signal.removeEventListener('abort', onAbort);
  signal.addEventListener('abort', onAbort, { once: true });
  return dispatch(opts, {
    onRequestStart(controller, context) {
      if (failedWith) return controller.abort(failedWith);
      started = true;
      handler.onRequestStart?.(controller, context);
    },
    onRequestUpgrade(controller, statusCode, headers, socket) {
      if (!failedWith) handler.onRequestUpgrade?.(controller, statusCode, headers, socket);
    },
    onResponseStart(controller, statusCode, headers, statusMessage) {
      if (!failedWith) handler.onResponseStart?.(controller, statusCode, headers, statusMessage);
    },
    onResponseData(controller, chunk) {
      if (!failedWith) handler.onResponseData?.(controller, chunk);
    },
    onResponseEnd(controller, trailers) {
      done();
      if (!failedWith) handler.onResponseEnd?.(controller, trailers);
    },
    onResponseError(controller, error) {
      done();
      if (!failedWith) handler.onResponseError?.(controller, error);
    },
  });
};

function settledController(reason: Error): Dispatcher.DispatchController {
  return { aborted: true, paused: false, reason, abort: () => undefined, pause: () => undefined, resume: () => undefined };
}

/**
 * The tunnel gives up a little before the request's own timer, so the error that reaches the user is
 * the one that names the proxy rather than a bare timeout.
 */
export function tunnelTimeoutMs(timeoutMs: number): number {
  return Math.max(100, timeoutMs - Math.min(250, Math.floor(timeoutMs / 10)));
}

/** The client ProxyAgent opens to the proxy, with CONNECT bounded and its failures naming the proxy. */
function tunnelClientFactory(proxyUrl: string, tunnelMs: number) {
  const proxyHost = new URL(proxyUrl).host;
  return (origin: URL, options: object): Dispatcher => {
    const client = new Client(origin, { ...options, headersTimeout: tunnelMs, connectTimeout: tunnelMs });
    const connect = client.connect.bind(client) as (opts: Dispatcher.ConnectOptions) => Promise<Dispatcher.ConnectData>;
    Object.assign(client, {
      connect: async (opts: Dispatcher.ConnectOptions) => {
        const timer = AbortSignal.timeout(tunnelMs);
        try {
          return await connect({ ...opts, signal: opts.signal ? AbortSignal.any([opts.signal as AbortSignal, timer]) : timer });
        } catch (error) {
          throw new ProxyTunnelError(proxyHost, String(opts.path ?? ''), tunnelMs, timer.aborted, error);
        }
      },
    });
    return client;
  };
}

function createDispatcher({ tls, proxy, timeoutMs }: TransportSettings): Dispatcher {
  const connect = tlsConnectOptions(tls, timeoutMs);
  const timeouts = { headersTimeout: timeoutMs, bodyTimeout: timeoutMs };
  switch (proxy.mode) {
    case 'none':
      return new Agent({ connect, ...timeouts });
    case 'custom': {
      const tunnelMs = tunnelTimeoutMs(timeoutMs);
      return new ProxyAgent({
        uri: proxy.url,
        requestTls: connect,
        // The TCP connection to the proxy, and its answer to CONNECT, are bounded too: a proxy that
        // swallows CONNECT would otherwise hold the request (and every one queued behind it) for minutes.
        proxyTls: { timeout: tunnelMs },
        clientFactory: tunnelClientFactory(proxy.url, tunnelMs),
        ...timeouts,
      });
    }
    case 'environment':
      // Honours HTTPS_PROXY/HTTP_PROXY/NO_PROXY (either case); without them it connects directly.
      return new EnvHttpProxyAgent({ connect, ...timeouts });
  }
}
