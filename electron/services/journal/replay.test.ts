import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionSettingsSchema } from '../../../shared/contract';
import { toCurl } from '../../../shared/exchange';
import { startDemoServer, type DemoServer } from '../demo';
import { OAuthTokenManager } from '../http/auth';
import { HttpClient, type ResolvedConnection } from '../http/client';
import { DispatcherCache } from '../http/dispatchers';
import { RequestJournal } from './journal';

/**
 * "Copy as curl" end to end: the command written from a journaled (redacted) exchange, run by a real
 * shell and curl with only SCIM_TOKEN set, gets the answer the journal holds. Here because it needs
 * Node and the demo server, which shared/ may not import.
 */
const TOKEN = 'replay-token-Secret-42';
const run = promisify(execFile);
let root: string;
let demo: DemoServer;
let dispatchers: DispatcherCache;
let client: HttpClient;
let journal: RequestJournal;
let connection: ResolvedConnection;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'scim-desk-replay-'));
  demo = await startDemoServer({ users: 30, token: TOKEN, personas: ['rfc'] });
  dispatchers = new DispatcherCache();
  client = new HttpClient(dispatchers, new OAuthTokenManager());
  journal = new RequestJournal({ dir: join(root, 'journal') });
  journal.attach(client);
  const settings = connectionSettingsSchema.parse({ name: 'Replay', baseUrl: demo.baseUrl('rfc'), auth: { type: 'bearer' }, proxy: { mode: 'none' } });
  connection = { key: 'replay', settings, secret: TOKEN };
});
afterAll(async () => {
  await journal.close();
  await dispatchers.close();
  await demo.close();
  await rm(root, { recursive: true, force: true });
});

/** Runs the command in sh with SCIM_TOKEN set; curl prints the body then a status marker. */
async function runCurl(command: string, env: Record<string, string>): Promise<{ status: number; body: string }> {
  const { stdout } = await run('/bin/sh', ['-c', `${command} -sS -w '\\n@@%{http_code}'`], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } });
  const at = stdout.lastIndexOf('\n@@');
  return { status: Number(stdout.slice(at + 3)), body: stdout.slice(0, at) };
}

const base = () => demo.baseUrl('rfc').replace(/\/$/, '');

describe('Copy as curl, replayed', () => {
  it('a GET with a filter gets the same status and body as journaled, and carries no secret', async () => {
    const sent = await client.send(connection, {
      method: 'GET',
      url: new URL(`${base()}/Users?filter=${encodeURIComponent('userName sw "a"')}&count=3&sortBy=userName`),
    });
    const entry = await journal.get(sent.exchangeId);
    expect(entry.requestHeaders.authorization).toBe('Bearer [REDACTED]');
    const command = toCurl(entry);
    expect(command).toContain('$SCIM_TOKEN');
    expect(command).not.toContain(TOKEN);
    const replayed = await runCurl(command, { SCIM_TOKEN: TOKEN });
    expect(replayed.status).toBe(entry.status);
    expect(replayed.body).toBe(entry.responseBody!.text);
    // Without the variable the server refuses it: the token really comes from the environment.
    expect((await runCurl(command, {})).status).toBe(401);
  });

  it('a POST /.search with a JSON body (quotes, $ and backticks) replays the same', async () => {
    const body = JSON.stringify({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      filter: `userName sw "b" or displayName co "$HOME \`x\` it's"`,
      count: 2,
    });
    const sent = await client.send(connection, {
      method: 'POST',
      url: new URL(`${base()}/Users/.search`),
      headers: { 'content-type': 'application/scim+json' },
      body,
    });
    const entry = await journal.get(sent.exchangeId);
    expect(entry.requestBody!.text).toBe(body);
    const replayed = await runCurl(toCurl(entry), { SCIM_TOKEN: TOKEN });
    expect(replayed.status).toBe(entry.status);
    expect(replayed.body).toBe(entry.responseBody!.text);
  });
});
