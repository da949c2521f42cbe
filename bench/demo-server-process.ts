/**
 * The benchmark's demo server in a process of its own (see server.ts): for figures about the
 * benchmarked side's memory, which a server in a worker thread would share. Options come as JSON in
 * argv[2]; it sends its base URL over IPC once listening and exits when the parent disconnects.
 */
import { startDemoServer } from '../electron/services/demo';

const options = JSON.parse(process.argv[2] ?? '{}') as { users: number; token: string; persona?: 'rfc' | 'cortex'; rateLimitPerSecond?: number };
const persona = options.persona ?? 'rfc';
const server = await startDemoServer({
  users: options.users,
  token: options.token,
  personas: [persona],
  ...(options.rateLimitPerSecond ? { rateLimitPerSecond: options.rateLimitPerSecond } : {}),
});
process.send?.({ baseUrl: server.baseUrl(persona) });
process.on('disconnect', () => void server.close().then(() => process.exit(0)));
