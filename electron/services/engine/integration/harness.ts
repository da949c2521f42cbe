/**
 * Test and benchmark wiring for the SCIM engine against real servers on loopback: a saved bearer
 * connection in a throwaway data directory, the real HTTP client (every RawExchange captured) and a
 * ScimEngine wired as core.ts wires it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError, connectionDraftSchema, type Quirk, type ScanProgressEvent } from '../../../../shared/contract';
import { ConnectionService } from '../../connections/service';
import { ConnectionStore } from '../../connections/store';
import { OAuthTokenManager } from '../../http/auth';
import { HttpClient, type RawExchange } from '../../http/client';
import { DispatcherCache } from '../../http/dispatchers';
import { KeyFileCipher } from '../../secrets/cipher';
import { SecretVault } from '../../secrets/vault';
import { ScimEngine } from '../engine';
import type { LearnedStore } from '../learned-store';

export interface EngineHarness {
  engine: ScimEngine;
  http: HttpClient;
  connections: ConnectionService;
  /** Every exchange the HTTP client made, in completion order. */
  exchanges: RawExchange[];
  /** Quirks as the engine announced them (first sighting per connection). */
  announced: Array<{ connectionId: string; quirk: Quirk }>;
  /** Progress events of match-here scans. */
  scanProgress: ScanProgressEvent[];
  /** Quirk codes the engine stamped on each exchange (every sighting, not just the first). */
  annotations: Map<string, string[]>;
  /** Saves a bearer connection to `baseUrl`; returns its id. */
  connect(name: string, baseUrl: string, token: string): Promise<string>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Keep every RawExchange in `exchanges` (default true); the benchmark turns it off. */
  capture?: boolean;
  /** The learned record to use (default: in memory). */
  learned?: LearnedStore;
}

export async function createEngineHarness(options: HarnessOptions = {}): Promise<EngineHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'scim-desk-engine-'));
  const store = await ConnectionStore.open(join(dir, 'connections.json'));
  const vault = await SecretVault.open(join(dir, 'secrets.json'), await KeyFileCipher.open(join(dir, 'secret.key')));
  const connections = new ConnectionService(store, vault, null);
  const dispatchers = new DispatcherCache();
  const http = new HttpClient(dispatchers, new OAuthTokenManager());
  const exchanges: RawExchange[] = [];
  if (options.capture !== false) http.observe((exchange) => exchanges.push(exchange));
  const announced: EngineHarness['announced'] = [];
  const annotations = new Map<string, string[]>();
  const scanProgress: ScanProgressEvent[] = [];
  const engine = new ScimEngine(
    connections,
    http,
    {
      quirk: (connectionId, quirk) => announced.push({ connectionId, quirk }),
      annotate: (exchangeId, quirks) => annotations.set(exchangeId, [...(annotations.get(exchangeId) ?? []), ...quirks.map((q) => q.code)]),
      scanProgress: (event) => scanProgress.push(event),
    },
    options.learned,
  );
  return {
    engine,
    http,
    connections,
    exchanges,
    announced,
    annotations,
    scanProgress,
    async connect(name, baseUrl, token) {
      const view = await connections.create(
        connectionDraftSchema.parse({
          settings: { name, baseUrl, auth: { type: 'bearer' }, proxy: { mode: 'none' } },
          secret: { action: 'set', value: token },
        }),
      );
      return view.id;
    },
    async close() {
      await dispatchers.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Awaits a call that must fail with an AppError, and checks the error never quotes the credential
 * (message, detail or anything else it carries across the contract).
 */
export async function expectAppError(call: Promise<unknown>, secret: string): Promise<AppError> {
  let outcome: unknown;
  try {
    await call;
  } catch (error) {
    outcome = error;
  }
  if (!(outcome instanceof AppError)) throw new Error(`Expected an AppError, got ${outcome === undefined ? 'success' : String(outcome)}`);
  assertNoSecret(outcome, secret);
  return outcome;
}

/** For calls that may or may not fail: if they do, the error must not quote the credential either. */
export async function noSecretIfFails(call: Promise<unknown>, secret: string): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    assertNoSecret(error, secret);
  }
}

export function assertNoSecret(error: AppError, secret: string): void {
  if (error.message.includes(secret) || JSON.stringify(error.data).includes(secret)) {
    throw new Error(`An AppError quoted the credential: ${error.code}`);
  }
}

/** Unique-ish names for resources created by tests. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A new User for create tests; `emailType: null` for servers whose e-mails carry no type (confirmit). */
export function newUser(tag: string, options: { emailType?: string | null } = {}): Record<string, unknown> {
  const emailType = options.emailType === undefined ? 'work' : options.emailType;
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: `${tag}@example.com`,
    name: { givenName: 'Ada', familyName: tag },
    emails: [{ value: `${tag}@example.com`, ...(emailType ? { type: emailType } : {}), primary: true }],
    active: true,
  };
}
