import { AppError, jobFileUrl, type AppInfo, type Handlers } from '../../shared/contract';
import type { ConnectionService } from './connections/service';
import { sendConsoleRequest } from './console';
import type { CallRegistry } from './dispatch';
import type { EventBus } from './events';
import type { HttpClient } from './http/client';
import type { ScimEngine } from './engine/engine';
import type { RequestJournal } from './journal/journal';
import type { SavedFilterStore } from './saved-filters';
import { testConnection } from './engine/tester';
import type { SettingsStore } from './settings';
import type { JobManager } from './jobs/manager';
import type { JobFile } from './core';
import type { CheckReports } from './check/reports';
import type { BulkPlanStore } from './bulk/plan-store';
import type { BulkResults } from './bulk/results-store';
import type { BulkMappingStore } from './bulk/mappings';

interface HandlerDeps {
  connections: ConnectionService;
  settings: SettingsStore;
  http: HttpClient;
  engine: ScimEngine;
  journal: RequestJournal;
  filters: SavedFilterStore;
  events: EventBus;
  calls: CallRegistry;
  info: () => AppInfo;
  jobs: JobManager;
  checkReports: CheckReports;
  bulkPlans: BulkPlanStore;
  bulkResults: BulkResults;
  bulkMappings: BulkMappingStore;
  saveFile?: (file: JobFile) => Promise<{ saved: boolean; path?: string }>;
}

/** The contract's implementation: thin, each channel delegating to a service. */
export function createHandlers({
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
  saveFile,
}: HandlerDeps): Handlers {
  const changed = (ids: string[]) => {
    for (const id of ids) engine.invalidate(id);
    events.emit('connections.changed', { ids });
  };
  return {
    'app.info': async () => info(),
    'app.cancel': async ({ callId }) => {
      calls.cancel(callId);
      return { ok: true };
    },
    'settings.get': async () => settings.get(),
    'settings.update': async (patch) => settings.update(patch),
    'connections.list': async () => connections.list(),
    'connections.create': async (draft) => {
      const view = await connections.create(draft);
      changed([view.id]);
      return view;
    },
    'connections.update': async ({ id, draft }) => {
      const view = await connections.update(id, draft);
      changed([id]);
      return view;
    },
    'connections.duplicate': async ({ id }) => {
      const view = await connections.duplicate(id);
      changed([view.id]);
      return view;
    },
    'connections.delete': async ({ id }) => {
      await connections.delete(id);
      await filters.forget(id);
      await bulkMappings.forget(id);
      engine.forgetLearned(id);
      changed([id]);
      return { ok: true };
    },
    'connections.test': async ({ id, draft }, { signal }) => {
      if (!draft && !id) throw new AppError({ code: 'invalid_input', message: 'Give a saved connection id or an unsaved draft to test.' });
      const resolved = draft ? connections.resolveDraft(draft, id) : connections.resolve(id!);
      return testConnection(http, resolved, signal);
    },
    'scim.discover': async ({ connectionId, refresh }, { signal }) => engine.capabilities(connectionId, { refresh, signal }),
    'scim.list': async (input, { signal }) => engine.list(input, signal),
    'scim.listAll': async (input, { signal }) => engine.collectAll(input, signal),
    'scim.get': async (input, { signal }) => engine.get(input, signal),
    'scim.create': async (input, { signal }) => engine.create(input, signal),
    'scim.replace': async (input, { signal }) => engine.replace(input, signal),
    'scim.patch': async (input, { signal }) => engine.patch(input, signal),
    'scim.delete': async (input, { signal }) => engine.delete(input, signal),
    'scim.bulk': async (input, { signal }) => engine.bulk(input, signal),
    'scim.quirks': async ({ connectionId }) => engine.quirkReport(connectionId),
    'scim.learned': async ({ connectionId }) => engine.learned.list(connectionId),
    'scim.forget': async ({ connectionId }) => ({ forgotten: engine.forgetLearned(connectionId) }),
    'journal.list': async (input) => journal.list(input),
    'journal.get': async ({ id }) => journal.get(id),
    'journal.clear': async ({ connectionId }) => ({ ok: true, removed: await journal.clear(connectionId) }),
    'journal.sessions': async () => journal.sessions(),
    'console.send': async (input, { signal }) => sendConsoleRequest({ connections, http, journal }, input, signal),
    'filters.list': async ({ connectionId }) => filters.list(connectionId),
    'filters.save': async ({ connectionId, ...input }) => filters.save(connectionId, input),
    'filters.delete': async ({ connectionId, id }) => filters.delete(connectionId, id),
    'filters.history.add': async ({ connectionId, ...input }) => filters.addHistory(connectionId, input),
    'jobs.start': async (spec) => jobs.start(spec),
    'jobs.list': async () => jobs.list(),
    'jobs.get': async ({ id }) => jobs.get(id),
    'jobs.cancel': async ({ id }) => jobs.cancel(id),
    'jobs.pause': async ({ id }) => jobs.pause(id),
    'jobs.resume': async ({ id }) => jobs.resume(id),
    'jobs.remove': async ({ id }) => {
      await jobs.remove(id);
      bulkPlans.forget(id);
      return { ok: true };
    },
    'jobs.saveFile': async ({ id }) => {
      const file = jobs.file(id);
      // Without a native save dialog (the web shell) the browser downloads it from the shell's own origin.
      if (!saveFile) return { saved: false, downloadUrl: jobFileUrl(id) };
      return saveFile({ jobId: id, ...file });
    },
    'check.report': async ({ jobId }) => checkReports.report(jobId),
    'check.saveReport': async ({ jobId, format }) => {
      const file = await checkReports.file(jobId, format);
      // The web shell serves the export it just wrote, named by format, from its own origin.
      if (!saveFile) return { saved: false, downloadUrl: `${jobFileUrl(jobId)}?format=${format}` };
      return saveFile(file);
    },
    'bulk.mapping.get': async ({ connectionId, endpoint }) => ({ mapping: bulkMappings.get(connectionId, endpoint) }),
    'bulk.mapping.save': async ({ connectionId, endpoint, mapping }) => {
      connections.resolve(connectionId); // not_found for a connection that does not exist
      await bulkMappings.save(connectionId, endpoint, mapping);
      return { ok: true };
    },
    'bulk.plan': async ({ jobId }) => bulkPlans.summary(jobId),
    'bulk.planItems': async ({ jobId, ...query }) => bulkPlans.items(jobId, query),
    'bulk.planItem': async ({ jobId, index }) => bulkPlans.record(jobId, index),
    'bulk.savePlan': async ({ jobId, format }) => {
      const file = await bulkPlans.file(jobId, format);
      // As check.saveReport: the web shell serves the export it just wrote, by format, from its own origin.
      if (!saveFile) return { saved: false, downloadUrl: `${jobFileUrl(jobId)}?format=${format}` };
      return saveFile(file);
    },
    'bulk.results': async ({ jobId, ...query }) => bulkResults.page(jobId, query),
  };
}
