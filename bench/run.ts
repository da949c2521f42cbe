/**
 * Listing benchmark: how much the SCIM engine costs over a bare fetch loop when reading 10,000 users.
 *
 *   npm run bench
 *
 * Starts the demo server in-process (rfc persona, 10,000 users, bearer token), saves a connection in a
 * throwaway data directory, then measures with page size 100:
 *   bare        sequential fetch over startIndex=1,101,… with the Authorization header, parsing JSON
 *   sequential  engine.listAll, parallel 1
 *   parallel    engine.listAll, parallel 4
 * Each is warmed up once, then run 5 times, interleaved; the medians are printed. A measurement, not a
 * test: it exits 0 whether or not the targets are met.
 *
 * The demo server runs in a worker thread of this process by default. On the main thread it would share
 * one event loop with the client, and serving 10,000 users is ~40% of all the CPU time: no client can then
 * overlap its work with the server's, so `parallel` measures CPU contention rather than the engine.
 * BENCH_SERVER=main puts it on the main thread anyway.
 */
import { createEngineHarness } from '../electron/services/engine/integration/harness';
import { runBrowserBench } from './browser';
import { runBulkBench } from './bulk';
import { runCheckBench } from './check';
import { runJobsBench } from './jobs';
import { median, startBenchServer } from './server';

const USERS = 10_000;
const PAGE_SIZE = 100;
const RUNS = 5;
const PARALLEL = 4;
const TOKEN = 'bench-token-6d2f0c1e9a';
const TARGET_SEQUENTIAL = 1.1;
const TARGET_PARALLEL = 0.6;

async function main(): Promise<void> {
  const server = await startBenchServer({ users: USERS, token: TOKEN });
  console.error(
    `bench: demo server on ${process.env.BENCH_SERVER === 'main' ? 'the main thread' : 'a worker thread'}, ${USERS.toLocaleString('en-US')} users, page size ${PAGE_SIZE}`,
  );
  const harness = await createEngineHarness({ capture: false });
  try {
    const baseUrl = server.baseUrl;
    const connectionId = await harness.connect('Bench', baseUrl, TOKEN);
    const { engine } = harness;

    const bare = async (): Promise<number> => {
      let read = 0;
      for (let startIndex = 1; read < USERS; startIndex += PAGE_SIZE) {
        const response = await fetch(`${baseUrl}/Users?startIndex=${startIndex}&count=${PAGE_SIZE}`, {
          headers: { authorization: `Bearer ${TOKEN}`, accept: 'application/scim+json' },
        });
        if (!response.ok) throw new Error(`bare loop: HTTP ${response.status}`);
        const page = (await response.json()) as { Resources?: unknown[] };
        const got = page.Resources?.length ?? 0;
        if (got === 0) break;
        read += got;
      }
      return read;
    };
    const viaEngine = (parallel: number) => async (): Promise<number> => {
      let read = 0;
      for await (const { page, warning } of engine.listAll({ connectionId, endpoint: '/Users', pageSize: PAGE_SIZE, parallel })) {
        if (warning) throw new Error(`listAll warned: ${warning}`);
        read += page.resources.length;
      }
      return read;
    };

    const cases = [
      { name: 'bare', run: bare },
      { name: 'sequential', run: viaEngine(1) },
      { name: 'parallel', run: viaEngine(PARALLEL) },
    ] as const;
    const timings: Record<string, number[]> = { bare: [], sequential: [], parallel: [] };
    const timeOnce = async (run: () => Promise<number>, name: string): Promise<number> => {
      const t0 = performance.now();
      const read = await run();
      const ms = performance.now() - t0;
      if (read !== USERS) throw new Error(`${name}: read ${read} users, expected ${USERS}`);
      return ms;
    };

    for (const c of cases) await timeOnce(c.run, c.name); // warm-up: data set generation, discovery, JIT, sockets
    for (let i = 0; i < RUNS; i++) for (const c of cases) timings[c.name].push(await timeOnce(c.run, c.name));

    const bareMs = median(timings.bare);
    const sequentialMs = median(timings.sequential);
    const parallelMs = median(timings.parallel);
    const sequentialRatio = sequentialMs / bareMs;
    const parallelRatio = parallelMs / bareMs;
    const met = sequentialRatio <= TARGET_SEQUENTIAL && parallelRatio <= TARGET_PARALLEL;
    console.log(`list.bare.ms: ${Math.round(bareMs)}`);
    console.log(`list.sequential.ms: ${Math.round(sequentialMs)}`);
    console.log(`list.parallel.ms: ${Math.round(parallelMs)}`);
    console.log(`list.sequential.ratio: ${sequentialRatio.toFixed(2)}`);
    console.log(`list.parallel.ratio: ${parallelRatio.toFixed(2)}`);
    console.log(`targets: sequential ≤ ${TARGET_SEQUENTIAL.toFixed(2)}, parallel ≤ ${TARGET_PARALLEL.toFixed(2)} — ${met ? 'met' : 'NOT met'}`);
  } finally {
    await harness.close();
    await server.close();
  }
}

main()
  .then(() => runJobsBench()) // export and rate-limit jobs (bench/jobs.ts)
  .then(() => runCheckBench()) // the read-only server check on 10,000 users (bench/check.ts)
  .then(() => runBulkBench()) // bulk changes: send utilisation under a rate limit, planning 10,000 rows (bench/bulk.ts)
  .then(() => runBrowserBench()) // then the Users browser in Chromium (bench/browser.ts)
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
