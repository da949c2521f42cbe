/**
 * The benchmarks' demo server, in a worker thread of the benchmark process by default. On the main
 * thread it would share one event loop with the client, and serving is a large share of all the CPU
 * time: no client could then overlap its work with the server's. BENCH_SERVER=main puts it there anyway.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { startDemoServer } from '../electron/services/demo';

export interface RunningServer {
  baseUrl: string;
  close(): Promise<void>;
}

export interface BenchServerOptions {
  users: number;
  token: string;
  persona?: 'rfc' | 'cortex';
  rateLimitPerSecond?: number;
  /** In a child process rather than a worker thread: the benchmark process's RSS is then its own. */
  ownProcess?: boolean;
}

export async function startBenchServer(options: BenchServerOptions): Promise<RunningServer> {
  const persona = options.persona ?? 'rfc';
  if (process.env.BENCH_SERVER === 'main') {
    const server = await startDemoServer({
      users: options.users,
      token: options.token,
      personas: [persona],
      ...(options.rateLimitPerSecond ? { rateLimitPerSecond: options.rateLimitPerSecond } : {}),
    });
    return { baseUrl: server.baseUrl(persona), close: () => server.close() };
  }
  if (options.ownProcess) {
    const { ownProcess: _, ...rest } = options;
    const child = fork(fileURLToPath(new URL('./demo-server-process.ts', import.meta.url)), [JSON.stringify({ ...rest, persona })], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const baseUrl = await new Promise<string>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the demo server process exited (${code})`)));
      child.once('message', (message) => resolve((message as { baseUrl: string }).baseUrl));
    });
    return {
      baseUrl,
      close: async () => {
        const exited = once(child, 'exit');
        child.disconnect();
        await exited;
      },
    };
  }
  // The worker loads TypeScript the way this script was loaded: through tsx.
  const tsx = import.meta.resolve('tsx/esm/api');
  const script = new URL('./demo-server-worker.ts', import.meta.url).href;
  const worker = new Worker(`import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(script)}); })`, {
    eval: true,
    workerData: { ...options, persona },
  });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (message: { baseUrl: string }) => resolve(message.baseUrl));
  });
  return {
    baseUrl,
    close: async () => {
      const closed = new Promise((resolve) => worker.once('message', resolve));
      worker.postMessage('close');
      await closed;
      await worker.terminate();
    },
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
