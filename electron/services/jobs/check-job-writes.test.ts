/**
 * The server check with writes as a job, through the app core: refused on a read-only connection,
 * run end to end on the RFC persona (nothing left behind), and cancelled in the middle of a request
 * (the cleanup still runs before the cancel returns, and nothing is left behind either).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobDetail, JobView } from '../../../shared/contract';
import type { CheckReport } from '../../../shared/check';
import { startScriptedServer, type ScriptedServer } from '../../../test/support/scripted-server';
import { writeChecks } from '../check/catalog';
import { listedCheckResources } from '../check/write-test-helpers';
import { createAppCore, type AppCore } from '../core';
import { startDemoServer, type DemoServer } from '../demo';
import { KeyFileCipher } from '../secrets/cipher';
import { runIdFor } from './kinds/check';
import { coreCalls } from './test-helpers';

const TOKEN = 'check-job-writes-token-61b0';

let server: DemoServer;
let core: AppCore;

const { call, ended } = coreCalls(() => core);

const connect = async (name: string, baseUrl: string, readOnly = false) =>
  (
    await call<{ id: string }>('connections.create', {
      settings: { name, baseUrl, auth: { type: 'bearer' }, readOnly },
      secret: { action: 'set', value: TOKEN },
    })
  ).id;

beforeAll(async () => {
  server = await startDemoServer({ users: 20, seed: 12, token: TOKEN, personas: ['rfc'] });
  const dir = await mkdtemp(join(tmpdir(), 'check-job-writes-'));
  core = await createAppCore({
    dataDir: dir,
    cipher: await KeyFileCipher.open(join(dir, 'secret.key')),
    shell: 'electron',
    version: 'test',
    demo: false,
    saveFile: async () => ({ saved: false }),
  });
});
afterAll(async () => {
  await core?.close();
  await server?.close();
});

describe('check job with writes', () => {
  it('is refused on a read-only connection, naming why', async () => {
    const connectionId = await connect('Prod', server.baseUrl('rfc'), true);
    await expect(call('jobs.start', { kind: 'check', params: { connectionId, profiles: ['rfc'], writes: true } })).rejects.toMatchObject({
      code: 'read_only',
      message:
        "“Check “Prod” (RFC) with writes” changes the server, and this connection is read-only. Turn read-only off in the connection's settings to run it.",
    });
    // Without writes the same connection runs the check.
    const readOnly = await call<JobView>('jobs.start', { kind: 'check', params: { connectionId, profiles: ['rfc'] } });
    expect(readOnly).toMatchObject({ writes: false, title: 'Check “Prod” (RFC)' });
    expect(await ended(readOnly.id)).toMatchObject({ state: 'succeeded' });
  });

  it('runs every write check as a step with the run id it was given, and removes what it created', async () => {
    const connectionId = await connect('Acme SCIM', server.baseUrl('rfc'));
    const job = await call<JobView>('jobs.start', {
      kind: 'check',
      params: { connectionId, profiles: ['rfc', 'entra', 'okta'], writes: true, runId: 'job0001' },
    });
    expect(job).toMatchObject({ writes: true, title: 'Check “Acme SCIM” (RFC, Entra ID, Okta) with writes' });
    expect(await ended(job.id)).toMatchObject({ state: 'succeeded', result: { outcome: 'pass' } });
    const report = await call<CheckReport>('check.report', { jobId: job.id });
    expect(report.target.writes).toBe(true);
    const writeIds = new Set(writeChecks().map((c) => c.id));
    const verdicts = Object.fromEntries(report.checks.filter((c) => writeIds.has(c.id)).map((c) => [c.id, c.verdict]));
    expect(verdicts).toEqual(Object.fromEntries(writeChecks().map((c) => [c.id, 'pass'])));
    expect(report.checks.find((c) => c.id === 'user.create')?.message).toMatch(/^POST \/Users created scimdesk-check-job0001-user: 201 Created/);
    expect(report.leftovers).toBeUndefined();
    const detail = await call<JobDetail>('jobs.get', { id: job.id });
    const evidence = report.checks.find((c) => c.id === 'user.create')!.evidence;
    expect(detail.steps.find((s) => s.label === 'Creating a user answers 201 with Location and meta')).toMatchObject({
      status: 'done',
      message: expect.stringMatching(/^pass: /),
      exchangeIds: evidence,
    });
    expect(await listedCheckResources(server.baseUrl('rfc'), TOKEN)).toEqual([]);
  });

  it('leaves nothing behind when cancelled while a write is on the wire', async () => {
    const target = new URL(server.baseUrl('rfc'));
    let arrived: () => void = () => {};
    const held = new Promise<void>((resolve) => (arrived = resolve));
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    // A forwarder that holds the member-add PATCH (the users and the group exist by then) until the test lets it go.
    const forwarder: ScriptedServer = await startScriptedServer(async (req, res) => {
      if (req.method === 'PATCH' && /\/Groups\//.test(req.url)) {
        arrived();
        await released;
      }
      const headers = { authorization: String(req.headers.authorization), 'content-type': 'application/scim+json' };
      const answer = await fetch(new URL(req.url, target.origin), { method: req.method, headers, ...(req.body ? { body: req.body } : {}) });
      const text = await answer.text();
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/scim+json' });
      res.end(text || undefined);
    });
    try {
      const connectionId = await connect('Held', `${forwarder.url}${target.pathname}`);
      const job = await call<JobView>('jobs.start', { kind: 'check', params: { connectionId, profiles: ['rfc'], writes: true } });
      await held;
      expect(await listedCheckResources(server.baseUrl('rfc'), TOKEN)).not.toEqual([]);
      // Cancel returns once the job has ended, its cleanup included.
      expect(await call<JobView>('jobs.cancel', { id: job.id })).toMatchObject({ state: 'cancelled' });
      expect(await listedCheckResources(server.baseUrl('rfc'), TOKEN)).toEqual([]);
      const report = await call<CheckReport>('check.report', { jobId: job.id });
      expect(report.leftovers).toBeUndefined();
      expect(report.checks.at(-1)?.id).toBe('group.create');
      // No run id in the params: the job's own, the same on every resume.
      expect(report.checks.find((c) => c.id === 'user.create')?.message).toContain(`scimdesk-check-${runIdFor(job.id)}-user`);
    } finally {
      release();
      await forwarder.close();
    }
  });
});
