/**
 * Wiring for the bulk-change integration tests: an app core (without the embedded demo server), a
 * saved connection per server under test, and the contract calls the tests make. Everything goes
 * through the contract (`jobs.*`, `bulk.*`, `journal.*`, `scim.*`) as a shell would, so the tests
 * hold whatever the plan and send jobs do inside.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type {
  BulkPlanItem,
  BulkPlanJobParams,
  BulkPlanSummary,
  BulkResultCounts,
  BulkResultItem,
  BulkSendJobParams,
  Capabilities,
  JobDetail,
  JobView,
  JournalSummary,
  ResourceResult,
} from '../../../shared/contract';
import { createAppCore, type AppCore } from '../core';
import { coreCalls } from '../jobs/test-helpers';
import { KeyFileCipher } from '../secrets/cipher';

export type Resource = Record<string, unknown>;

export interface ServerUnderTest {
  baseUrl: string;
  token: string;
  close(): Promise<void>;
}

export interface BulkResults {
  planJobId: string;
  counts: BulkResultCounts;
  total: number;
  items: BulkResultItem[];
}

const ENDED = ['succeeded', 'failed', 'cancelled', 'interrupted'];

/** An app core for the file's tests, opened before them and closed after. */
export function useBulkCore() {
  let core: AppCore | undefined;
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bulk-integration-'));
    core = await createAppCore({
      dataDir: dir,
      cipher: await KeyFileCipher.open(join(dir, 'secret.key')),
      shell: 'web',
      version: 'test',
      demo: false,
    });
  });
  afterAll(async () => {
    await core?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  const { call } = coreCalls(() => core!);

  /** The job's view once it has ended; listening first, then asking, so a quick job is not missed. */
  const settled = (id: string) =>
    new Promise<JobView>((resolve) => {
      const off = core!.events.on((event, payload) => {
        const view = payload as JobView;
        if (event === 'jobs.progress' && view.id === id && ENDED.includes(view.state)) {
          off();
          resolve(view);
        }
      });
      void call<JobDetail>('jobs.get', { id }).then((view) => {
        if (!ENDED.includes(view.state)) return;
        off();
        resolve(view);
      });
    });

  return {
    call,
    core: () => core!,
    async connect(name: string, server: ServerUnderTest): Promise<string> {
      const created = await call<{ id: string }>('connections.create', {
        settings: { name, baseUrl: server.baseUrl, auth: { type: 'bearer' } },
        secret: { action: 'set', value: server.token },
      });
      return created.id;
    },
    async plan(params: Omit<BulkPlanJobParams, 'dialect'> & { dialect?: BulkPlanJobParams['dialect'] }) {
      const started = await call<JobView>('jobs.start', { kind: 'bulkPlan', params });
      const view = await settled(started.id);
      const summary = await call<BulkPlanSummary>('bulk.plan', { jobId: started.id });
      return { job: started, view, summary };
    },
    /** Starts a send job (refusals throw, with the AppError's code); `sent` waits for its end. */
    async send(params: Omit<BulkSendJobParams, 'transport'> & { transport?: BulkSendJobParams['transport'] }) {
      const started = await call<JobView>('jobs.start', { kind: 'bulkSend', params });
      return { job: started, sent: () => settled(started.id) };
    },
    async planItems(jobId: string, outcome?: BulkPlanItem['outcome']): Promise<BulkPlanItem[]> {
      const items: BulkPlanItem[] = [];
      for (let offset = 0; ; offset += 500) {
        const page = await call<{ total: number; items: BulkPlanItem[] }>('bulk.planItems', { jobId, outcome, offset, limit: 500 });
        items.push(...page.items);
        if (page.items.length === 0 || items.length >= page.total) return items;
      }
    },
    async results(jobId: string): Promise<BulkResults> {
      const first = await call<BulkResults>('bulk.results', { jobId, offset: 0, limit: 500 });
      const items = [...first.items];
      while (items.length < first.total) {
        const page = await call<BulkResults>('bulk.results', { jobId, offset: items.length, limit: 500 });
        if (page.items.length === 0) break;
        items.push(...page.items);
      }
      return { ...first, items };
    },
    /** The users' endpoint as discovery (or probing) found it: "/Users", or Confirmit's "/users". */
    async usersEndpoint(connectionId: string): Promise<string> {
      const caps = await call<Capabilities>('scim.discover', { connectionId });
      return caps.resourceTypes.find((t) => t.name === 'User')?.endpoint ?? '/Users';
    },
    async get(connectionId: string, endpoint: string, id: string): Promise<Resource> {
      return (await call<ResourceResult>('scim.get', { connectionId, endpoint, id })).resource as Resource;
    },
    async users(connectionId: string, endpoint: string, count: number): Promise<Resource[]> {
      return (await call<{ resources: Resource[] }>('scim.list', { connectionId, endpoint, count })).resources;
    },
    /** Forgets the connection's journal, so the next read of it holds one job's exchanges. */
    async clearJournal(connectionId: string): Promise<void> {
      await call('journal.clear', { connectionId });
    },
    async journal(connectionId: string): Promise<JournalSummary[]> {
      return call<JournalSummary[]>('journal.list', { connectionId, limit: 5000 });
    },
    journalEntry: (id: string) => call<{ requestBody: { text: string } | null }>('journal.get', { id }),
  };
}

export type BulkCore = ReturnType<typeof useBulkCore>;

/** A request that changes the server: anything but GET, and POST /.search (a read by RFC 7644 §3.4.3). */
export const isWrite = (e: JournalSummary): boolean => e.method !== 'GET' && !(e.method === 'POST' && /\/\.search(\?|$)/.test(e.path));
export const isBulk = (e: JournalSummary): boolean => /\/Bulk(\?|$)/i.test(e.path);
/** "PATCH /Users/42 → 200", for failure messages that show what was sent. */
export const describeExchange = (e: JournalSummary): string => `${e.method} ${e.path} → ${e.status ?? e.error?.code ?? '?'}`;

/** The value at a dotted path ("title", "name.familyName"). */
export function valueAt(resource: Resource, path: string): unknown {
  return path.split('.').reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Resource)[key] : undefined), resource);
}

/** A resource without `meta` (its version and lastModified move with every write). */
export function withoutMeta(resource: Resource): Resource {
  const { meta: _meta, ...rest } = resource;
  return rest;
}

/** A CSV text, every cell quoted; `null` in a row leaves the row short (a bad row). */
export function csv(header: string[], rows: string[][]): string {
  const cell = (v: string) => `"${v.replace(/"/g, '""')}"`;
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
