/**
 * Wiring for the send job's tests: a demo persona behind a counting proxy, a real engine, a job
 * manager (with a stand-in plan kind that stores records built by the test, so each test controls
 * exactly what is planned) and the real send kind; plus builders of plan records shaped as the plan
 * job shapes them, and a fake runtime for resume cases.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AppError,
  connectionDraftSchema,
  type BulkAction,
  type BulkPlanRecord,
  type BulkPlanSummary,
  type BulkSendJobParams,
  type JobDetail,
  type JobView,
} from '../../../shared/contract';
import { applyPatch, encodePatch, type PatchDialect, type PatchOperation } from '../../../shared/patch';
import { memberOps } from '../../../shared/scim';
import { startProxyServer, type ProxyServer } from '../../../test/support/proxy-server';
import { startDemoServer, type DemoPersona, type DemoServer } from '../demo';
import { createEngineHarness, type EngineHarness } from '../engine/integration/harness';
import { bulkSendJob } from '../jobs/kinds/bulk-send';
import { JobManager } from '../jobs/manager';
import { JobStore } from '../jobs/store';
import type { AnyJobKindRunner, JobKindRunner, JobRuntime, StepRecord } from '../jobs/types';
import { BulkPlanStore } from './plan-store';
import { BulkResults } from './results-store';

export type Resource = Record<string, unknown>;
const TOKEN = 'bulk-send-test-token-51c9';
const ENDED = new Set(['succeeded', 'failed', 'cancelled']);

export interface SendHarness {
  engine: EngineHarness['engine'];
  connectionId: string;
  proxy: ProxyServer;
  plans: BulkPlanStore;
  results: BulkResults;
  manager: JobManager;
  sendKind: JobKindRunner<'bulkSend'>;
  /** Files of jobs (for a second BulkResults, as after a restart). */
  filesDir(jobId: string): string;
  lookup: { get(id: string): Pick<JobDetail, 'kind' | 'title' | 'state'> };
  /** Users as listed (with meta.version where the persona keeps one). */
  users(count: number): Promise<Resource[]>;
  /** A plan job that stores `records`; resolves with its id once it succeeded. */
  plan(records: BulkPlanRecord[], options?: { action?: BulkAction; dialect?: PatchDialect; endpoint?: string }): Promise<string>;
  /** Starts a send job (refusals throw) and waits for its end. */
  send(planJobId: string, params?: Partial<BulkSendJobParams>): Promise<JobView>;
  /** A runtime for the send kind outside the manager, with an earlier run's steps. */
  /** `id`: the same send job again (its results files are read back), else a new one. */
  runtime(planJobId: string, previous?: Array<[string, StepRecord['status']]>, options?: { params?: Partial<BulkSendJobParams>; id?: string }): FakeRuntime;
  close(): Promise<void>;
}

export interface FakeRuntime {
  runtime: JobRuntime<BulkSendJobParams>;
  steps: StepRecord[];
  controller: AbortController;
}

export async function sendHarness(
  persona: DemoPersona,
  options: { users?: number; rateLimitPerSecond?: number; maxConcurrency?: number } = {},
): Promise<SendHarness> {
  const demo: DemoServer = await startDemoServer({
    users: options.users ?? 300,
    token: TOKEN,
    personas: [persona],
    ...(options.rateLimitPerSecond ? { rateLimitPerSecond: options.rateLimitPerSecond } : {}),
  });
  const proxy = await startProxyServer(demo.baseUrl(persona));
  const harness = await createEngineHarness();
  const connectionId = options.maxConcurrency
    ? (
        await harness.connections.create(
          connectionDraftSchema.parse({
            settings: { name: persona, baseUrl: proxy.baseUrl, auth: { type: 'bearer' }, proxy: { mode: 'none' }, maxConcurrency: options.maxConcurrency },
            secret: { action: 'set', value: TOKEN },
          }),
        )
      ).id
    : await harness.connect(persona, proxy.baseUrl, TOKEN);
  const dir = await mkdtemp(join(tmpdir(), 'bulk-send-'));
  const { store } = await JobStore.open(join(dir, 'jobs'));
  const fakes = new Map<string, Pick<JobDetail, 'kind' | 'title' | 'state'>>();
  const lookup = { get: (id: string) => fakes.get(id) ?? manager.get(id) };
  const filesDir = (jobId: string) => store.filesDir(jobId);
  const plans = new BulkPlanStore({ filesDir, jobs: lookup, redact: (text) => text });
  const results = new BulkResults({ filesDir, jobs: lookup });
  const planned = new Map<string, { records: BulkPlanRecord[]; action: BulkAction; dialect: PatchDialect; endpoint: string }>();
  const listeners = new Set<(view: JobView) => void>();
  const sendKind = bulkSendJob(harness.engine, plans, results);
  const manager: JobManager = await JobManager.open({
    store,
    stored: [],
    kinds: [standInPlanKind(harness.engine, plans, planned), sendKind as AnyJobKindRunner],
    isReadOnly: () => false,
    emit: (view) => listeners.forEach((listener) => listener(view)),
  });
  const ended = (id: string) =>
    new Promise<JobView>((resolve) => {
      const listener = (view: JobView) => {
        if (view.id !== id || !ENDED.has(view.state)) return;
        listeners.delete(listener);
        resolve(view);
      };
      listeners.add(listener);
    });
  let plansMade = 0;

  return {
    engine: harness.engine,
    connectionId,
    proxy,
    plans,
    results,
    manager,
    sendKind,
    filesDir,
    lookup,
    async users(count) {
      return (await harness.engine.list({ connectionId, endpoint: '/Users', count, startIndex: 1, via: 'get' })).resources as Resource[];
    },
    async plan(records, planOptions = {}) {
      const title = `Plan ${++plansMade}`;
      planned.set(title, {
        records,
        action: planOptions.action ?? { kind: 'set', values: {} },
        dialect: planOptions.dialect ?? 'rfc',
        endpoint: planOptions.endpoint ?? '/Users',
      });
      const view = await manager.start({
        kind: 'bulkPlan',
        params: { connectionId, endpoint: '/Users', source: { kind: 'ids', ids: ['x'] }, action: { kind: 'delete' }, dialect: 'rfc', title },
      });
      const done = await ended(view.id);
      if (done.state !== 'succeeded') throw new Error(`The stand-in plan job ended ${done.state}: ${done.message}`);
      return view.id;
    },
    async send(planJobId, params = {}) {
      const view = await manager.start({ kind: 'bulkSend', params: { connectionId, planJobId, transport: 'auto', title: 'Send', ...params } });
      return ended(view.id);
    },
    runtime(planJobId, previous = [], options = {}) {
      const id = options.id ?? `fake-send-${fakes.size + 1}`;
      fakes.set(id, { kind: 'bulkSend', title: 'Resumed send', state: 'running' });
      return fakeRuntime(id, { connectionId, planJobId, transport: 'auto', title: 'Resumed send', ...options.params }, previous, filesDir(id));
    },
    async close() {
      await manager.close();
      await harness.close();
      await proxy.close();
      await demo.close();
    },
  };
}

/** A `bulkPlan` kind that stores the records the test built (by the plan's title) as a plan job does. */
function standInPlanKind(
  engine: EngineHarness['engine'],
  plans: BulkPlanStore,
  planned: Map<string, { records: BulkPlanRecord[]; action: BulkAction; dialect: PatchDialect; endpoint: string }>,
): AnyJobKindRunner {
  const kind: JobKindRunner<'bulkPlan'> = {
    kind: 'bulkPlan',
    writes: false,
    unit: () => 'targets',
    title: (params) => params.title,
    async run(runtime) {
      const { records, action, dialect, endpoint } = planned.get(runtime.params.title)!;
      const caps = await engine.capabilities(runtime.params.connectionId);
      const transport: BulkPlanSummary['transport'] =
        caps.bulk.supported === true
          ? {
              mode: 'bulk',
              ...(caps.bulk.maxOperations ? { maxOperations: caps.bulk.maxOperations } : {}),
              ...(caps.bulk.maxPayloadSize ? { maxPayloadSize: caps.bulk.maxPayloadSize } : {}),
            }
          : { mode: 'single', reason: 'the server does not advertise /Bulk' };
      const start = {
        connectionId: runtime.params.connectionId,
        endpoint,
        title: runtime.params.title,
        action,
        dialect,
        sourceText: 'records built by the test',
        transport,
        matchedBy: 'the test',
        notes: [],
      };
      const writer = plans.writer(runtime.id, start);
      for (const record of records) await writer.append(record);
      await writer.finish({ ...start, jobId: runtime.id, complete: true, totals: writer.totals() });
      return { summary: `${records.length} planned`, failures: [], notes: [] };
    },
  };
  return kind as AnyJobKindRunner;
}

function fakeRuntime(id: string, params: BulkSendJobParams, previous: Array<[string, StepRecord['status']]>, dir: string): FakeRuntime {
  const controller = new AbortController();
  const steps: StepRecord[] = [];
  const runtime: JobRuntime<BulkSendJobParams> = {
    id,
    params,
    signal: controller.signal,
    previous: new Map(previous.map(([key, status]) => [key, { key, label: key, status, exchangeIds: [], at: '' }])),
    redact: (text) => text,
    checkpoint: async () => {
      if (controller.signal.aborted) throw new AppError({ code: 'cancelled', message: 'The job was cancelled.' });
    },
    step: async (step) => void steps.push({ ...step, exchangeIds: step.exchangeIds ?? [], at: '' }),
    progress: () => undefined,
    setStepsTotal: () => undefined,
    filePath: (name) => join(dir, name),
  };
  return { runtime, steps, controller };
}

// ---- plan records, shaped as the plan job shapes them -------------------------------------------

const idOf = (resource: Resource) => String(resource.id);
export const versionOf = (resource: Resource): string | undefined => ((resource.meta as Resource | undefined)?.version as string | undefined) ?? undefined;
const base = (index: number, user: Resource) => ({ index, key: String(user.userName), id: idOf(user), display: String(user.userName), line: index + 2 });

/** A PATCH of `values` (path → value), with the user's version as If-Match when it has one. */
export function changeRecord(index: number, user: Resource, values: Record<string, unknown>, dialect: PatchDialect = 'rfc'): BulkPlanRecord {
  const operations: PatchOperation[] = Object.entries(values).map(([path, value]) => ({ op: 'replace', path, value }));
  const etag = versionOf(user);
  return {
    ...base(index, user),
    outcome: 'change',
    request: { method: 'PATCH', path: `/Users/${encodeURIComponent(idOf(user))}`, body: encodePatch(operations, dialect), ...(etag ? { ifMatch: etag } : {}) },
    diff: Object.entries(values).map(([path, after]) => ({ path, before: user[path], after })),
    destructive: values.active === false,
    before: user,
    after: applyPatch(user, operations),
    ...(etag ? { etag } : {}),
    operations,
    paths: Object.keys(values),
  };
}

export function deleteRecord(index: number, user: Resource): BulkPlanRecord {
  const etag = versionOf(user);
  return {
    ...base(index, user),
    outcome: 'delete',
    request: { method: 'DELETE', path: `/Users/${encodeURIComponent(idOf(user))}`, ...(etag ? { ifMatch: etag } : {}) },
    diff: [],
    destructive: true,
    before: user,
    after: null,
    ...(etag ? { etag } : {}),
    paths: [],
  };
}

export function createRecord(index: number, userName: string, extra: Resource = {}): BulkPlanRecord {
  const body = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, ...extra };
  return {
    index,
    key: userName,
    display: userName,
    line: index + 2,
    outcome: 'create',
    request: { method: 'POST', path: '/Users', body },
    diff: [{ path: 'userName', before: null, after: userName }],
    destructive: false,
    before: null,
    after: body,
    paths: ['userName', ...Object.keys(extra)],
    bulkId: `create-${index}`,
  };
}

/** A user added to (or removed from) a group: a PATCH of the group, without If-Match; `dependsOn` a create. */
export function memberRecord(index: number, groupId: string, member: { user?: Resource; createIndex?: number }, remove = false): BulkPlanRecord {
  const value = member.user ? idOf(member.user) : `bulkId:create-${member.createIndex}`;
  const operations = remove ? memberOps([], [{ value }]) : memberOps([{ value }], []);
  return {
    index,
    key: member.user ? String(member.user.userName) : `new user ${member.createIndex}`,
    ...(member.user ? { id: idOf(member.user) } : {}),
    display: member.user ? String(member.user.userName) : `new user ${member.createIndex}`,
    outcome: 'change',
    request: { method: 'PATCH', path: `/Groups/${encodeURIComponent(groupId)}`, body: encodePatch(operations, 'rfc') },
    diff: [{ path: 'member of the group', before: remove, after: !remove }],
    destructive: false,
    before: member.user ?? null,
    after: member.user ?? null,
    operations,
    paths: [],
    ...(member.createIndex !== undefined ? { dependsOn: member.createIndex } : {}),
  };
}

/** Requests the proxy saw with `method` whose path below the base URL matches. */
export const bodiesOf = (proxy: ProxyServer, method: string, path: RegExp): unknown[] =>
  proxy.seen.filter((r) => r.method === method && path.test(new URL(r.url, 'http://x').pathname)).map((r) => (r.body ? JSON.parse(r.body) : undefined));
