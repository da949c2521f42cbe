import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { AppInfo, Handlers } from '../../shared/contract';
import { ConnectionService, type DemoRuntime } from './connections/service';
import { ConnectionStore } from './connections/store';
import { DEMO_PERSONA_INFO, DEMO_PERSONAS, startDemoServer, type DemoServer } from './demo';
import { CallRegistry, currentCallId } from './dispatch';
import { ScimEngine } from './engine/engine';
import { LearnedStore } from './engine/learned-store';
import { RequestJournal } from './journal/journal';
import { EventBus } from './events';
import { OAuthTokenManager } from './http/auth';
import { HttpClient } from './http/client';
import { DispatcherCache } from './http/dispatchers';
import { createHandlers } from './handlers';
import type { SecretCipher } from './secrets/cipher';
import { SecretVault } from './secrets/vault';
import { OutboundRedactor, redactingHandlers } from './secrets/outbound-redactor';
import { SettingsStore } from './settings';
import { SavedFilterStore } from './saved-filters';
import { currentJob } from './jobs/context';
import { exportJob } from './jobs/kinds/export';
import { checkJob } from './jobs/kinds/check';
import { CheckReports } from './check/reports';
import { membershipJob } from './jobs/kinds/membership';
import { bulkPlanJob } from './jobs/kinds/bulk-plan';
import { bulkSendJob } from './jobs/kinds/bulk-send';
import { BulkPlanStore } from './bulk/plan-store';
import { BulkResults } from './bulk/results-store';
import { BulkMappingStore } from './bulk/mappings';
import { readJobSpec } from './bulk/job-spec';
import { JobManager } from './jobs/manager';
import { JobStore } from './jobs/store';
import type { AnyJobKindRunner } from './jobs/types';

export interface AppCoreOptions {
  dataDir: string;
  cipher: SecretCipher;
  shell: 'electron' | 'web';
  version: string;
  /** The embedded demo server; `false` to run without it. */
  demo?: false | { users?: number; port?: number; seed?: number };
  /**
   * Hands a job's finished file to the user. Electron asks where with the native save dialog and copies
   * it; without one (the web shell), the renderer is given a same-origin download URL.
   */
  saveFile?: (file: JobFile) => Promise<{ saved: boolean; path?: string }>;
  /** Job kinds besides the built-in ones (tests). */
  extraJobKinds?: (engine: ScimEngine) => AnyJobKindRunner[];
}

/** A job's file on disk, as offered to the user. */
export interface JobFile {
  jobId: string;
  path: string;
  name: string;
  mime: string;
  bytes: number;
}

/** Everything the main side does, with no Electron in sight: both shells wrap this. */
export interface AppCore {
  handlers: Handlers;
  events: EventBus;
  calls: CallRegistry;
  jobs: JobManager;
  /** Check jobs' reports: live, read back, and exported (the web shell serves the exports as downloads). */
  checkReports: CheckReports;
  /** Bulk plans: summaries, pages, records, exports (the web shell serves the exports as downloads). */
  bulkPlans: BulkPlanStore;
  close(): Promise<void>;
}

export async function createAppCore(options: AppCoreOptions): Promise<AppCore> {
  const notices: AppInfo['notices'] = [];
  const [store, vault, settings, filters, learned, bulkMappings] = await Promise.all([
    ConnectionStore.open(join(options.dataDir, 'connections.json')),
    SecretVault.open(join(options.dataDir, 'secrets.json'), options.cipher),
    SettingsStore.open(join(options.dataDir, 'settings.json')),
    SavedFilterStore.open(join(options.dataDir, 'saved-filters.json')),
    LearnedStore.open(join(options.dataDir, 'learned.json')),
    BulkMappingStore.open(join(options.dataDir, 'bulk-mappings.json')),
  ]);
  for (const message of [...store.notices, ...vault.notices, ...settings.notices, ...filters.notices, ...learned.notices, ...bulkMappings.notices])
    notices.push({ level: 'warning', message });

  let demoServer: DemoServer | null = null;
  let demoRuntime: DemoRuntime | null = null;
  if (options.demo !== false) {
    const token = randomBytes(24).toString('base64url');
    try {
      demoServer = await startDemoServer({ token, users: options.demo?.users, port: options.demo?.port, seed: options.demo?.seed });
      const server = demoServer;
      demoRuntime = {
        url: server.url,
        users: options.demo?.users ?? 2500,
        token,
        baseUrl: (persona) => server.baseUrl(persona),
        describe: (persona) => DEMO_PERSONA_INFO[persona],
      };
    } catch (error) {
      notices.push({ level: 'error', message: `The demo server could not start: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  const connections = new ConnectionService(store, vault, demoRuntime);
  // Older files: secrets bound to the origin they were saved for, credential-named headers moved into the vault.
  await connections.migrate();
  await connections.provisionDemo(DEMO_PERSONAS);
  const dispatchers = new DispatcherCache();
  const http = new HttpClient(dispatchers, new OAuthTokenManager());
  // Every secret the HTTP client puts on the wire is remembered, so no answer, error or event carries it back.
  const redactor = new OutboundRedactor();
  http.observe((exchange) => redactor.remember(exchange.secretValues));
  // A job's requests join its step log (observers run in the sending request's async context).
  http.observe((exchange) => currentJob()?.exchange(exchange.id));
  const events = new EventBus((payload) => redactor.redact(payload));
  const calls = new CallRegistry();
  const journal = new RequestJournal({ dir: join(options.dataDir, 'journal') });
  journal.attach(http);
  journal.on((event, payload) => events.emit(event, payload));
  const engine = new ScimEngine(
    connections,
    http,
    {
      quirk: (connectionId, quirk) => events.emit('quirk.found', { connectionId, quirk }),
      annotate: (exchangeId, quirks) => void journal.annotate(exchangeId, quirks),
      // Each names the call its request belongs to (the renderer's Cancel sends app.cancel with it); the bus redacts them like every event.
      retrying: (event) => events.emit('scim.retrying', withCallId(event)),
      retryEnded: (event) => events.emit('scim.retryEnded', withCallId(event)),
      scanProgress: (event) => events.emit('scim.scanProgress', event),
    },
    learned,
  );
  learned.onChange((connectionId, facts) => events.emit('learned.changed', { connectionId, facts }));

  const { store: jobStore, jobs: storedJobs } = await JobStore.open(join(options.dataDir, 'jobs'));
  for (const message of jobStore.notices) notices.push({ level: 'warning', message });
  const checkReports = new CheckReports({
    filesDir: (jobId) => jobStore.filesDir(jobId),
    job: (jobId) => jobs.get(jobId),
    journal,
    redact: (text) => redactor.redact(text),
    version: options.version,
  });
  // The job manager is created below with the kinds that use these: they look jobs up only when asked.
  const jobLookup = { get: (jobId: string) => jobs.get(jobId) };
  const bulkPlans = new BulkPlanStore({
    filesDir: (jobId) => jobStore.filesDir(jobId),
    jobs: jobLookup,
    spec: (jobId) => readJobSpec(jobStore.dir, jobId),
    redact: (text) => redactor.redact(text),
  });
  const bulkResults = new BulkResults({ filesDir: (jobId) => jobStore.filesDir(jobId), jobs: jobLookup });
  const jobs = await JobManager.open({
    store: jobStore,
    stored: storedJobs,
    kinds: [
      exportJob(engine),
      membershipJob(engine),
      checkJob(engine, checkReports),
      bulkPlanJob(engine, bulkPlans, bulkResults),
      bulkSendJob(engine, bulkPlans, bulkResults),
      ...(options.extraJobKinds?.(engine) ?? []),
    ],
    isReadOnly: (connectionId) => connections.resolve(connectionId).settings.readOnly,
    emit: (view) => events.emit('jobs.progress', view),
    redact: (value) => redactor.redact(value),
  });

  const info = (): AppInfo => ({
    version: options.version,
    shell: options.shell,
    secretStorage: { scheme: options.cipher.scheme, description: options.cipher.description, osBacked: options.cipher.osBacked },
    dataDir: options.dataDir,
    notices,
    demoServer: { running: demoRuntime !== null, url: demoRuntime?.url, users: demoRuntime?.users ?? 0 },
  });

  const handlers = redactingHandlers(
    createHandlers({
      connections,
      settings,
      http,
      engine,
      journal,
      filters,
      events,
      calls,
      info,
      jobs,
      checkReports,
      bulkPlans,
      bulkResults,
      bulkMappings,
      saveFile: options.saveFile,
    }),
    redactor,
  );
  return {
    handlers,
    events,
    calls,
    jobs,
    checkReports,
    bulkPlans,
    async close() {
      calls.cancelAll();
      await jobs.close();
      await journal.close();
      await learned.flush();
      await dispatchers.close();
      await demoServer?.close();
    },
  };
}

/** The event with the id of the dispatch call being served, when it does not carry one already. */
function withCallId<T extends { callId?: string }>(event: T): T {
  const callId = event.callId ?? currentCallId();
  return callId ? { ...event, callId } : event;
}
