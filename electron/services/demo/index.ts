/**
 * The embedded demo SCIM server: plain node:http on loopback, one server hosting several
 * personas (an RFC-complete server and three real vendors' deviations), each at its own base path
 * with its own lazily generated, deterministic data store.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PERSONA_SPECS, type DemoPersona } from './personas';
import { createRouter, isLoopbackHost } from './router';
import { DEFAULT_USERS, MAX_USERS } from './seed';

export type { DemoPersona } from './personas';

export const DEMO_PERSONAS: readonly DemoPersona[] = ['rfc', 'cortex', 'confirmit', 'coginiti'];

export const DEMO_PERSONA_INFO: Record<DemoPersona, { label: string; basePath: string; description: string }> = Object.fromEntries(
  DEMO_PERSONAS.map((p) => [p, { label: PERSONA_SPECS[p].label, basePath: PERSONA_SPECS[p].basePath, description: PERSONA_SPECS[p].description }]),
) as Record<DemoPersona, { label: string; basePath: string; description: string }>;

export interface DemoServerOptions {
  /** Default 127.0.0.1; only loopback hosts are accepted. */
  host?: string;
  /** Default 0: a random free port. */
  port?: number;
  /** Users per persona, default 2,500, at most 100,000. */
  users?: number;
  seed?: number;
  /** When set, requests need `Authorization: Bearer <token>` (except the rfc persona's discovery endpoints). */
  token?: string;
  /** Default: all personas. */
  personas?: DemoPersona[];
  /** The cortex persona's rate limit, default 20 requests per second. */
  rateLimitPerSecond?: number;
}

export interface DemoServer {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  baseUrl(persona: DemoPersona): string;
  close(): Promise<void>;
}

export const DEFAULT_SEED = 7643;
export const DEFAULT_RATE_LIMIT = 20;

export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host)) throw new Error(`The demo server binds to loopback only; refusing host ${JSON.stringify(host)}`);
  const users = options.users ?? DEFAULT_USERS;
  if (!Number.isInteger(users) || users < 0 || users > MAX_USERS) throw new Error(`users must be an integer from 0 to ${MAX_USERS}, got ${users}`);
  const personas = options.personas ?? [...DEMO_PERSONAS];
  for (const p of personas) if (!DEMO_PERSONAS.includes(p)) throw new Error(`Unknown demo persona ${JSON.stringify(p)}`);
  const rateLimitPerSecond = options.rateLimitPerSecond ?? DEFAULT_RATE_LIMIT;
  if (!(rateLimitPerSecond > 0)) throw new Error('rateLimitPerSecond must be positive');

  let origin = '';
  const handler = createRouter(
    [...new Set(personas)].map((p) => PERSONA_SPECS[p]),
    { users, seed: options.seed ?? DEFAULT_SEED, token: options.token || undefined, rateLimitPerSecond, origin: () => origin },
  );
  const server: Server = createServer({ keepAlive: true }, handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  origin = `http://${urlHost}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url: origin,
    port,
    baseUrl: (persona) => origin + PERSONA_SPECS[persona].basePath,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        server.closeAllConnections();
      })),
  };
}
