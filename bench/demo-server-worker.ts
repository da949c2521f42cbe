/**
 * The benchmark's demo server, run in a worker thread of the benchmark process (see run.ts): it posts
 * its base URL once listening and closes when told to.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startDemoServer } from '../electron/services/demo';

const port = parentPort;
if (!port) throw new Error('demo-server-worker.ts runs as a worker thread of bench/run.ts');
const {
  users,
  token,
  persona = 'rfc',
  rateLimitPerSecond,
} = workerData as { users: number; token: string; persona?: 'rfc' | 'cortex'; rateLimitPerSecond?: number };
const server = await startDemoServer({ users, token, personas: [persona], ...(rateLimitPerSecond ? { rateLimitPerSecond } : {}) });
port.on('message', (message: unknown) => {
  if (message !== 'close') return;
  void server.close().then(() => port.postMessage('closed'));
});
port.postMessage({ baseUrl: server.baseUrl(persona) });
