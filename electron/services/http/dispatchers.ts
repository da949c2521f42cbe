import { rootCertificates } from 'node:tls';
import { Agent, EnvHttpProxyAgent, ProxyAgent, type Dispatcher } from 'undici';
import type { ConnectionSettings } from '../../../shared/contract';

type TransportSettings = Pick<ConnectionSettings, 'tls' | 'proxy' | 'timeoutMs'>;

/** One pooled dispatcher per distinct TLS/proxy setup, so keep-alive survives across calls. */
export class DispatcherCache {
  private readonly cache = new Map<string, Dispatcher>();

  get(settings: TransportSettings): Dispatcher {
    const key = JSON.stringify([settings.tls, settings.proxy, settings.timeoutMs]);
    let dispatcher = this.cache.get(key);
    if (!dispatcher) {
      dispatcher = createDispatcher(settings);
      this.cache.set(key, dispatcher);
    }
    return dispatcher;
  }

  async close(): Promise<void> {
    const all = [...this.cache.values()];
    this.cache.clear();
    await Promise.allSettled(all.map((d) => d.close()));
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

function createDispatcher({ tls, proxy, timeoutMs }: TransportSettings): Dispatcher {
  const connect = tlsConnectOptions(tls, timeoutMs);
  const timeouts = { headersTimeout: timeoutMs, bodyTimeout: timeoutMs };
  switch (proxy.mode) {
    case 'none':
      return new Agent({ connect, ...timeouts });
    case 'custom':
      return new ProxyAgent({ uri: proxy.url, requestTls: connect, ...timeouts });
    case 'environment':
      // Honours HTTPS_PROXY/HTTP_PROXY/NO_PROXY (either case); without them it connects directly.
      return new EnvHttpProxyAgent({ connect, ...timeouts });
  }
}
