/**
 * Bulk changes benchmark (part of `npm run bench`, issue #14):
 *   bulk.utilisation            a send job of 2,000 PATCHes (a plan setting `title` on 2,000 users of
 *                               the demo's cortex persona, limited to N requests/s, with no rate set on
 *                               the connection): every request the send job makes (its writes, and the
 *                               reads it needs: cortex sends meta.version but ignores If-Match, so each
 *                               target is re-read before its write to catch a conflict, and read back
 *                               where an answer does not carry the resource) per second during the send
 *                               (jobs.start to succeeded) / N: what the send made of the server's budget.
 *                               Target ≥ 0.90, with no request of the send rejected (429) after the
 *                               first backoff (the first 429 and the requests already sent when it came
 *                               back). Every exchange is counted from the journal's push events.
 *   bulk.patch-utilisation      the same send's PATCHes answered 2xx per second / N (no target: with a
 *                               read before each write, at most about half of the budget).
 *   bulk.plan.ms                a plan job of 10,000 CSV rows (userName key, a title column) matched
 *                               against the demo's rfc persona with 100,000 users (in a process of its
 *                               own): jobs.start to succeeded, median of the runs. Target ≤ 20,000.
 *   bulk.plan.main-rss-growth.mb the most this process's RSS rose during one plan job, over its RSS when
 *                               that job started, worst of all runs. Target ≤ 200.
 * A measurement, not a test: it prints the figures and whether the targets were met.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BulkPlanSummary, JobView, JournalSummary } from '../shared/contract';
import { createAppCore, type AppCore } from '../electron/services/core';
import { dispatch } from '../electron/services/dispatch';
import { KeyFileCipher } from '../electron/services/secrets/cipher';
import { median, startBenchServer } from './server';

const TOKEN = 'bench-token-b71c04e95a';
const RATE = 250;
const PATCHES = 2_000;
const PLAN_USERS = 100_000;
const PLAN_ROWS = 10_000;
const PLAN_RUNS = 3;
const TARGET_UTILISATION = 0.9;
const TARGET_PLAN_MS = 20_000;
const TARGET_PLAN_RSS_MB = 200;

async function call<T>(core: AppCore, channel: string, input: unknown): Promise<T> {
  const result = await dispatch(core.handlers, channel, input, new AbortController().signal);
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.data as T;
}

/** An app core in a throwaway data directory, with one connection to `baseUrl`. */
async function openCore(baseUrl: string): Promise<{ core: AppCore; connectionId: string; close(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-bulk-'));
  const core = await createAppCore({ dataDir: dir, cipher: await KeyFileCipher.open(join(dir, 'secret.key')), shell: 'web', version: 'bench', demo: false });
  const connection = await call<{ id: string }>(core, 'connections.create', {
    settings: { name: 'Bench', baseUrl, auth: { type: 'bearer' } },
    secret: { action: 'set', value: TOKEN },
  });
  return {
    core,
    connectionId: connection.id,
    close: async () => {
      await core.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Starts a job and resolves with its view once it has ended (listening before it can end). */
async function runJob(core: AppCore, input: unknown): Promise<JobView> {
  let resolveEnded: (view: JobView) => void = () => {};
  const ended = new Promise<JobView>((resolve) => (resolveEnded = resolve));
  let id = '';
  const early: JobView[] = [];
  const off = core.events.on((event, payload) => {
    const view = payload as JobView;
    if (event !== 'jobs.progress' || !['succeeded', 'failed', 'cancelled'].includes(view.state)) return;
    if (id === '') early.push(view);
    else if (view.id === id) resolveEnded(view);
  });
  try {
    id = (await call<JobView>(core, 'jobs.start', input)).id;
    const already = early.find((v) => v.id === id);
    if (already) resolveEnded(already);
    return await ended;
  } finally {
    off();
  }
}

const ended = (view: JobView, what: string): JobView => {
  if (view.state !== 'succeeded') throw new Error(`${what}: ${view.state}: ${view.message ?? ''}`);
  return view;
};

async function utilisationBench() {
  const server = await startBenchServer({ users: PATCHES, token: TOKEN, persona: 'cortex', rateLimitPerSecond: RATE });
  const { core, connectionId, close } = await openCore(server.baseUrl);
  try {
    // The ids, listed directly (not through the app, so its journal starts empty); then the bucket refills.
    const ids: string[] = [];
    while (ids.length < PATCHES) {
      // Pages as the server caps them (cortex serves at most 1,000 a page).
      const listing = await fetch(`${server.baseUrl}/Users?startIndex=${ids.length + 1}&count=${PATCHES - ids.length}`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      const page = ((await listing.json()) as { Resources?: Array<{ id: string }> }).Resources ?? [];
      if (page.length === 0) throw new Error(`listed ${ids.length} users, expected ${PATCHES}`);
      ids.push(...page.map((u) => u.id));
    }
    const planExchanges: JournalSummary[] = [];
    const offPlan = core.events.on((event, payload) => {
      if (event === 'journal.exchange') planExchanges.push(payload as JournalSummary);
    });
    const plan = ended(
      await runJob(core, {
        kind: 'bulkPlan',
        params: {
          connectionId,
          endpoint: '/Users',
          title: 'Bench: set title',
          source: { kind: 'ids', ids },
          action: { kind: 'set', values: { title: 'Bench title' } },
        },
      }),
      'plan job',
    );
    offPlan();
    const summary = await call<BulkPlanSummary>(core, 'bulk.plan', { jobId: plan.id });
    if (summary.totals.change !== PATCHES) throw new Error(`the plan has ${summary.totals.change} changes, expected ${PATCHES}`);
    await new Promise((resolve) => setTimeout(resolve, 1200)); // let the server's bucket refill after the plan's reads

    const exchanges: JournalSummary[] = [];
    const off = core.events.on((event, payload) => {
      if (event === 'journal.exchange') exchanges.push(payload as JournalSummary);
    });
    const t0 = performance.now();
    const sent = ended(await runJob(core, { kind: 'bulkSend', params: { connectionId, planJobId: plan.id, title: 'Bench: send' } }), 'send job');
    const seconds = (performance.now() - t0) / 1000;
    off();
    const confirmed = exchanges.filter((e) => e.method === 'PATCH' && e.ok).length;
    if (confirmed !== PATCHES) console.log(`bulk: the send had ${confirmed} PATCHes answered 2xx, not ${PATCHES} (${sent.result?.summary ?? ''})`);
    const refused = exchanges.filter((e) => e.status === 429);
    const answeredAt = (e: JournalSummary) => Date.parse(e.timings.startedAt) + e.timings.totalMs;
    // The first backoff: the first 429 and every request already on its way when it was answered.
    const firstAnswered = refused.length ? Math.min(...refused.map(answeredAt)) : Infinity;
    const rejectedAfterBackoff = refused.filter((e) => Date.parse(e.timings.startedAt) > firstAnswered).length;
    return {
      utilisation: exchanges.length / seconds / RATE,
      requests: exchanges.length,
      patchUtilisation: confirmed / seconds / RATE,
      patches: confirmed,
      seconds,
      rejectedAfterBackoff,
      rejectedTotal: refused.length,
      planRequests: planExchanges.length,
      planRejected: planExchanges.filter((e) => e.status === 429).length,
    };
  } finally {
    await close();
    await server.close();
  }
}

async function planBench() {
  // In a process of its own: the RSS measured is then this process's (the app's main side) alone.
  const server = await startBenchServer({ users: PLAN_USERS, token: TOKEN, ownProcess: true });
  const { core, connectionId, close } = await openCore(server.baseUrl);
  try {
    // 10,000 userNames spread over the whole data set, read directly before the clock starts.
    const userNames: string[] = [];
    const pages = 10;
    const stride = Math.floor(PLAN_USERS / pages);
    for (let p = 0; p < pages; p++) {
      const response = await fetch(`${server.baseUrl}/Users?startIndex=${1 + p * stride}&count=${PLAN_ROWS / pages}&attributes=userName`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      for (const user of ((await response.json()) as { Resources: Array<{ userName: string }> }).Resources) userNames.push(user.userName);
    }
    if (userNames.length !== PLAN_ROWS) throw new Error(`read ${userNames.length} userNames, expected ${PLAN_ROWS}`);
    const text = `userName,Title\r\n${userNames.map((u) => `${u},Bench title`).join('\r\n')}\r\n`;
    const params = {
      connectionId,
      endpoint: '/Users',
      title: 'Bench: set title from a file',
      source: {
        kind: 'file',
        name: 'bench.csv',
        text,
        mapping: { keyColumn: 'userName', keyAttribute: 'userName', columns: [{ column: 'Title', path: 'title' }] },
      },
      action: { kind: 'set', values: {} },
    };
    const times: number[] = [];
    const growths: number[] = [];
    for (let run = 0; run < PLAN_RUNS; run++) {
      const startRss = process.memoryUsage.rss();
      let peakRss = startRss;
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20);
      const t0 = performance.now();
      const view = ended(await runJob(core, { kind: 'bulkPlan', params }), 'plan job');
      times.push(performance.now() - t0);
      clearInterval(sampler);
      growths.push(peakRss - startRss);
      const summary = await call<BulkPlanSummary>(core, 'bulk.plan', { jobId: view.id });
      const matched = summary.totals.change + summary.totals.skip;
      if (matched !== PLAN_ROWS) throw new Error(`the plan matched ${matched} of ${PLAN_ROWS} rows: ${JSON.stringify(summary.totals)}`);
      if (run === 0) console.log(`bulk.plan.matched-by: ${summary.matchedBy}`);
      await call(core, 'jobs.remove', { id: view.id });
    }
    const mb = growths.map((bytes) => bytes / 1024 / 1024);
    return { ms: median(times), allMs: times, rssGrowthMb: Math.max(...mb), allMb: mb };
  } finally {
    await close();
    await server.close();
  }
}

export async function runBulkBench(): Promise<void> {
  if (process.env.BENCH_ONLY !== 'bulk.plan') {
    const u = await utilisationBench();
    console.log(
      `bulk.utilisation: ${u.utilisation.toFixed(2)} (N = ${RATE}/s, ${u.requests.toLocaleString('en-US')} requests of every kind in the send, ${u.seconds.toFixed(1)} s)`,
    );
    console.log(`bulk.patch-utilisation: ${u.patchUtilisation.toFixed(2)} (${u.patches.toLocaleString('en-US')} PATCHes answered 2xx)`);
    console.log(`bulk.rejected-after-first-backoff: ${u.rejectedAfterBackoff} (429s in all: ${u.rejectedTotal})`);
    // The plan before it reads every target: the rate the connection learned from its 429s carries into the send.
    console.log(`bulk.plan-before-send: ${u.planRequests.toLocaleString('en-US')} requests, ${u.planRejected} answered 429`);
    const met = u.utilisation >= TARGET_UTILISATION && u.rejectedAfterBackoff === 0;
    console.log(`targets: bulk.utilisation ≥ ${TARGET_UTILISATION.toFixed(2)} with 0 rejected after the first backoff — ${met ? 'met' : 'NOT met'}`);
  }
  if (process.env.BENCH_ONLY !== 'bulk.utilisation') {
    const p = await planBench();
    console.log(
      `bulk.plan.ms: ${Math.round(p.ms)} (median of ${p.allMs.map((ms) => Math.round(ms)).join(', ')}; ${PLAN_ROWS.toLocaleString('en-US')} rows, ${PLAN_USERS.toLocaleString('en-US')} users)`,
    );
    console.log(`bulk.plan.main-rss-growth.mb: ${p.rssGrowthMb.toFixed(1)} (worst of ${p.allMb.map((mb) => mb.toFixed(0)).join(', ')})`);
    const met = p.ms <= TARGET_PLAN_MS && p.rssGrowthMb <= TARGET_PLAN_RSS_MB;
    console.log(
      `targets: bulk.plan.ms ≤ ${TARGET_PLAN_MS.toLocaleString('en-US')}, bulk.plan.main-rss-growth.mb ≤ ${TARGET_PLAN_RSS_MB} — ${met ? 'met' : 'NOT met'}`,
    );
  }
}

// `npx tsx bench/bulk.ts` runs this part alone.
if (process.argv[1] && import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href) {
  runBulkBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
