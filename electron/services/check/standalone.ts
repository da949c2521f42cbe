/**
 * The server check outside the app (the CLI for a server developer's CI): the same engine, checks and
 * runner, on a bearer connection saved in a throwaway data directory that is removed afterwards. The
 * report comes back scrubbed of every credential the HTTP client sent.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectionDraftSchema } from '../../../shared/contract';
import type { CheckProfile, CheckReport, CheckResult } from '../../../shared/check';
import { ConnectionService } from '../connections/service';
import { ConnectionStore } from '../connections/store';
import { ScimEngine } from '../engine/engine';
import { OAuthTokenManager } from '../http/auth';
import { HttpClient } from '../http/client';
import { DispatcherCache } from '../http/dispatchers';
import { KeyFileCipher } from '../secrets/cipher';
import { OutboundRedactor } from '../secrets/outbound-redactor';
import { SecretVault } from '../secrets/vault';
import { CheckRun } from './context';
import { buildReport, runChecks, selectChecks } from './runner';

export interface StandaloneCheckOptions {
  url: string;
  /** A bearer token; without one the connection sends no credential (the auth checks are skipped). */
  token?: string;
  profiles: CheckProfile[];
  /** Run the write checks too (the connection is read-only otherwise). */
  writes?: boolean;
  /** Names what the write checks create (see writeCheckPlan); drawn when absent. */
  runId?: string;
  signal?: AbortSignal;
  /** Each result as it arrives, already scrubbed. */
  onResult?: (result: CheckResult, index: number, total: number) => void;
}

export async function runStandaloneCheck(options: StandaloneCheckOptions): Promise<CheckReport> {
  const dir = await mkdtemp(join(tmpdir(), 'scim-desk-check-'));
  const dispatchers = new DispatcherCache();
  try {
    const store = await ConnectionStore.open(join(dir, 'connections.json'));
    const vault = await SecretVault.open(join(dir, 'secrets.json'), await KeyFileCipher.open(join(dir, 'secret.key')));
    const connections = new ConnectionService(store, vault, null);
    const http = new HttpClient(dispatchers, new OAuthTokenManager());
    const redactor = new OutboundRedactor();
    http.observe((exchange) => redactor.remember(exchange.secretValues));
    const engine = new ScimEngine(connections, http, { quirk: () => undefined, annotate: () => undefined });
    const view = await connections.create(
      connectionDraftSchema.parse({
        settings: { name: 'SCIM Desk check', baseUrl: options.url, auth: { type: options.token ? 'bearer' : 'none' }, readOnly: !options.writes },
        secret: options.token ? { action: 'set', value: options.token } : { action: 'keep' },
      }),
    );
    const signal = options.signal ?? new AbortController().signal;
    const checkedAt = new Date().toISOString();
    const capabilities = await engine.capabilities(view.id, { signal });
    const connection = engine.resolve(view.id);
    const run = new CheckRun({
      transport: { connection, sendRaw: (c, request) => engine.sendRaw(c, request) },
      capabilities,
      signal,
      writes: options.writes === true,
      runId: options.runId ?? randomBytes(4).toString('hex'),
    });
    const results = await runChecks({
      run,
      checks: selectChecks(options.profiles),
      profiles: options.profiles,
      signal,
      onResult: (result, index, total) => options.onResult?.(redactor.redact(result), index, total),
    });
    return redactor.redact(
      buildReport({ url: connection.settings.baseUrl, checkedAt, profiles: options.profiles, writes: options.writes === true, results, run }),
    );
  } finally {
    await dispatchers.close();
    await rm(dir, { recursive: true, force: true });
  }
}
