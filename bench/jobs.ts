/**
 * Jobs benchmark (part of `npm run bench`):
 *   export.ratio              exporting 100,000 demo users to CSV as a job (jobs.start through the
 *                             contract, listAll pages streamed to a file on the main side) / a bare
 *                             parallel fetch of the same pages written to a file (same page size, same
 *                             pages in flight, same cell text). Target ≤ 1.15.
 *   export.main-rss-growth.mb the most the main side's RSS rose during one export job, over its RSS when
 *                             that job started, worst of all job runs including the first (the demo
 *                             server runs in a process of its own for this part). Target ≤ 150.
 *   ratelimit.utilisation     a job of 2,000 reads (GET /Users/{id}, 8 at a time, in a job's context so
 *                             the connection's scheduler treats them as a job's) against the demo's
 *                             cortex persona limited to N requests/s, with no rate set on the connection:
 *                             achieved rate / N. Target ≥ 0.90, with no request rejected (429) after the
 *                             first backoff (the first 429 and the requests already sent when it came back).
 * A measurement, not a test: it prints the figures and whether the targets were met.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobView } from '../shared/contract';
import { cellText, csvLine } from '../shared/scim';
import { createAppCore, type AppCore } from '../electron/services/core';
import { dispatch } from '../electron/services/dispatch';
import { createEngineHarness } from '../electron/services/engine/integration/harness';
import { runInJob } from '../electron/services/jobs/context';
import { KeyFileCipher } from '../electron/services/secrets/cipher';
import { median, startBenchServer } from './server';

const TOKEN = 'bench-token-3a81f0d2c4';
const EXPORT_USERS = 100_000;
const EXPORT_RUNS = 3;
const PAGE_SIZE = 500; // as the export job asks
const PARALLEL = 6; // as the export job keeps in flight (the connection's default maxConcurrency)
const COLUMNS = ['userName', 'displayName', 'emails', 'active', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department'].map((path) => ({
  label: path,
  path,
}));
const RATE = 250;
const READS = 2_000;
const READERS = 8;

async function call<T>(core: AppCore, channel: string, input: unknown): Promise<T> {
  const result = await dispatch(core.handlers, channel, input, new AbortController().signal);
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.data as T;
}

async function exportBench(): Promise<{ ratio: number; rssGrowthMb: number }> {
  // In a process of its own: the RSS measured is then the main side's alone.
  const server = await startBenchServer({ users: EXPORT_USERS, token: TOKEN, ownProcess: true });
  const dir = await mkdtemp(join(tmpdir(), 'bench-jobs-'));
  const core = await createAppCore({ dataDir: dir, cipher: await KeyFileCipher.open(join(dir, 'secret.key')), shell: 'web', version: 'bench', demo: false });
  try {
    const connection = await call<{ id: string }>(core, 'connections.create', {
      settings: { name: 'Bench', baseUrl: server.baseUrl, auth: { type: 'bearer' } },
      secret: { action: 'set', value: TOKEN },
    });
    // The most the main side's RSS rose during any one job run, over its RSS when that run started.
    let worstGrowth = 0;
    const viaJob = async (): Promise<number> => {
      const startRss = process.memoryUsage.rss();
      let peakRss = startRss;
      const ended = new Promise<JobView>((resolve) => {
        const off = core.events.on((event, payload) => {
          const view = payload as JobView;
          if (event === 'jobs.progress' && ['succeeded', 'failed', 'cancelled'].includes(view.state)) {
            off();
            resolve(view);
          }
        });
      });
      const job = await call<JobView>(core, 'jobs.start', {
        kind: 'export',
        params: { connectionId: connection.id, endpoint: '/Users', format: 'csv', columns: COLUMNS, noun: { one: 'user', many: 'users' } },
      });
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20);
      const view = await ended;
      clearInterval(sampler);
      worstGrowth = Math.max(worstGrowth, peakRss - startRss);
      if (view.state !== 'succeeded' || view.progress.done !== EXPORT_USERS)
        throw new Error(`export job: ${view.state} after ${view.progress.done} users: ${view.message ?? ''}`);
      await call(core, 'jobs.remove', { id: job.id });
      return EXPORT_USERS;
    };
    const bare = async (): Promise<number> => {
      const path = join(dir, 'bare.csv');
      const out = createWriteStream(path);
      const write = async (text: string) => {
        if (!out.write(text)) await once(out, 'drain');
      };
      await write(`\uFEFF${csvLine(COLUMNS.map((c) => c.label))}`);
      const starts: number[] = [];
      for (let start = 1; start <= EXPORT_USERS; start += PAGE_SIZE) starts.push(start);
      let written = 0;
      const worker = async () => {
        for (let start = starts.shift(); start !== undefined; start = starts.shift()) {
          const response = await fetch(`${server.baseUrl}/Users?startIndex=${start}&count=${PAGE_SIZE}`, {
            headers: { authorization: `Bearer ${TOKEN}`, accept: 'application/scim+json' },
          });
          const page = (await response.json()) as { Resources: Array<Record<string, unknown>> };
          let chunk = '';
          for (const resource of page.Resources) chunk += csvLine(COLUMNS.map((c) => cellText(resource, c.path)));
          await write(chunk);
          written += page.Resources.length;
        }
      };
      await Promise.all(Array.from({ length: PARALLEL }, worker));
      out.end();
      await once(out, 'close');
      if (written !== EXPORT_USERS) throw new Error(`bare export wrote ${written}`);
      return written;
    };
    const time = async (run: () => Promise<number>) => {
      const t0 = performance.now();
      await run();
      return performance.now() - t0;
    };
    await time(bare); // warm-up: data set generation, JIT, sockets
    await time(viaJob); // the first job run (cold: code loaded, journal filling) counts for memory, not for time
    const jobMs: number[] = [];
    const bareMs: number[] = [];
    for (let i = 0; i < EXPORT_RUNS; i++) {
      bareMs.push(await time(bare));
      jobMs.push(await time(viaJob));
    }
    console.log(`export.bare.ms: ${Math.round(median(bareMs))}`);
    console.log(`export.job.ms: ${Math.round(median(jobMs))}`);
    return { ratio: median(jobMs) / median(bareMs), rssGrowthMb: worstGrowth / 1024 / 1024 };
  } finally {
    await core.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function rateLimitBench(): Promise<{ utilisation: number; rejectedAfterBackoff: number; rejectedTotal: number }> {
  const server = await startBenchServer({ users: READS, token: TOKEN, persona: 'cortex', rateLimitPerSecond: RATE });
  const harness = await createEngineHarness({ capture: true });
  try {
    const connectionId = await harness.connect('Rate-limited', server.baseUrl, TOKEN);
    // The ids to read, listed before the clock starts (and before the limit is met: a fresh bucket).
    const ids: string[] = [];
    const listing = await fetch(`${server.baseUrl}/Users?count=${READS}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    for (const user of ((await listing.json()) as { Resources: Array<{ id: string }> }).Resources) ids.push(user.id);
    await new Promise((resolve) => setTimeout(resolve, 1200)); // let the server's bucket refill after the listing
    harness.exchanges.length = 0;
    // The server may cap a page below READS: the ids listed are read in turn until READS reads are done.
    const queue = Array.from({ length: READS }, (_, i) => ids[i % ids.length]!);
    const t0 = performance.now();
    await runInJob({ jobId: 'bench', exchange: () => undefined }, () =>
      Promise.all(
        Array.from({ length: READERS }, async () => {
          for (let id = queue.shift(); id !== undefined; id = queue.shift()) await harness.engine.get({ connectionId, endpoint: '/Users', id });
        }),
      ),
    );
    const seconds = (performance.now() - t0) / 1000;
    const refused = harness.exchanges.filter((e) => e.status === 429);
    // The first backoff: the first 429 and every request already on its way when it was answered.
    const firstAnswered = Math.min(...refused.map((e) => e.timings.startedAt + e.timings.totalMs));
    const rejectedAfterBackoff = refused.filter((e) => e.timings.startedAt > firstAnswered).length;
    return { utilisation: READS / seconds / RATE, rejectedAfterBackoff, rejectedTotal: refused.length };
  } finally {
    await harness.close();
    await server.close();
  }
}

async function reportExport(): Promise<void> {
  const exported = await exportBench();
  console.log(`export.ratio: ${exported.ratio.toFixed(2)}`);
  console.log(`export.main-rss-growth.mb: ${exported.rssGrowthMb.toFixed(1)}`);
  console.log(`targets: export.ratio ≤ 1.15, export.main-rss-growth.mb ≤ 150 — ${exported.ratio <= 1.15 && exported.rssGrowthMb <= 150 ? 'met' : 'NOT met'}`);
}

export async function runJobsBench(): Promise<void> {
  if (process.env.BENCH_ONLY !== 'ratelimit') await reportExport();
  const limited = await rateLimitBench();
  console.log(`ratelimit.utilisation: ${limited.utilisation.toFixed(2)} (N = ${RATE}/s, ${READS.toLocaleString('en-US')} reads)`);
  console.log(`ratelimit.rejected-after-first-backoff: ${limited.rejectedAfterBackoff} (429s in all: ${limited.rejectedTotal})`);
  console.log(
    `targets: ratelimit.utilisation ≥ 0.90 with 0 rejected after the first backoff — ${limited.utilisation >= 0.9 && limited.rejectedAfterBackoff === 0 ? 'met' : 'NOT met'}`,
  );
}

// `npx tsx bench/jobs.ts` runs this part alone.
if (process.argv[1] && import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href) {
  runJobsBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
