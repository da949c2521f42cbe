/**
 * The server check as a job, end to end through the app core (JobManager, journal, handlers): the
 * report file, the live report, the exports (Markdown, HTML, JSON, HAR) and the errors of the two
 * check channels.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkReportSchema, type JobDetail, type JobView } from '../../../shared/contract';
import type { CheckReport } from '../../../shared/check';
import { hasBlockingVerdict, summaryLine } from '../../../shared/check/report-text';
import { authChecks } from '../check/checks/auth';
import { discoveryChecks } from '../check/checks/discovery';
import { responseChecks } from '../check/checks/responses';
import { createAppCore, type AppCore, type JobFile } from '../core';
import { startDemoServer, type DemoServer } from '../demo';
import { KeyFileCipher } from '../secrets/cipher';
import { json, listResponse, startScriptedServer } from '../../../test/support/scripted-server';
import { coreCalls } from './test-helpers';

const TOKEN = 'check-job-token-3f9a77c1e2';
const MINE = [...discoveryChecks, ...authChecks, ...responseChecks].map((c) => c.id);

let server: DemoServer;
let dir: string;
let core: AppCore;
const saved: JobFile[] = [];

const { call, ended } = coreCalls(() => core);

async function openCore(): Promise<AppCore> {
  return createAppCore({
    dataDir: dir,
    cipher: await KeyFileCipher.open(join(dir, 'secret.key')),
    shell: 'electron',
    version: 'test',
    demo: false,
    // The Electron shell's save dialog, as a fake that says where it "saved" the file.
    saveFile: async (file) => {
      saved.push(file);
      return { saved: true, path: `/chosen/${file.name}` };
    },
  });
}

let connectionId: string;
let job: JobView;
let done: JobView;

beforeAll(async () => {
  server = await startDemoServer({ users: 40, seed: 4, token: TOKEN, personas: ['rfc', 'confirmit'] });
  dir = await mkdtemp(join(tmpdir(), 'check-job-'));
  core = await openCore();
  connectionId = (
    await call<{ id: string }>('connections.create', {
      settings: { name: 'Acme SCIM', baseUrl: server.baseUrl('rfc'), auth: { type: 'bearer' } },
      secret: { action: 'set', value: TOKEN },
    })
  ).id;
  job = await call<JobView>('jobs.start', { kind: 'check', params: { connectionId, profiles: ['entra', 'rfc'] } });
  done = await ended(job.id);
});
afterAll(async () => {
  await core?.close();
  await server?.close();
});

describe('check job', () => {
  it('runs each check as a step and writes the report as its file', async () => {
    expect(job).toMatchObject({ kind: 'check', writes: false, title: 'Check “Acme SCIM” (Entra ID, RFC)' });
    const report = checkReportSchema.parse(JSON.parse(await readFile(core.jobs.file(job.id).path, 'utf8'))) as CheckReport;
    expect(report.target).toMatchObject({ url: server.baseUrl('rfc'), profiles: ['entra', 'rfc'], writes: false });
    for (const id of MINE) expect(report.checks.find((c) => c.id === id)?.verdict, id).toBe('pass');
    expect(done).toMatchObject({
      state: 'succeeded',
      progress: { done: report.checks.length, total: report.checks.length, unit: 'checks' },
      stepsDone: report.checks.length,
      result: { summary: summaryLine(report.summary), outcome: hasBlockingVerdict(report) ? 'fail' : 'pass', file: { name: 'check-report.json' } },
    });
    expect(done.result?.notes).toEqual([
      `RFC 7644 core: ${report.readiness.rfc!.passed}/${report.readiness.rfc!.total} ready`,
      `Entra ID provisioning: ${report.readiness.entra!.passed}/${report.readiness.entra!.total} ready`,
    ]);
    expect(report.requests).toBeGreaterThan(0);

    const detail = await call<JobDetail>('jobs.get', { id: job.id });
    const step = detail.steps.find((s) => s.label === 'ServiceProviderConfig is published')!;
    expect(step).toMatchObject({ status: 'done', message: 'pass: GET /ServiceProviderConfig answered 200.' });
    const evidence = report.checks.find((c) => c.id === 'discovery.spc.present')!.evidence;
    expect(step.exchangeIds).toEqual(evidence);
    expect(await call('journal.get', { id: evidence[0] })).toMatchObject({ method: 'GET', url: `${server.baseUrl('rfc')}/ServiceProviderConfig` });
  });

  it('serves the report on check.report, and after a restart from the job file', async () => {
    const live = await call<CheckReport>('check.report', { jobId: job.id });
    expect(live.checks.map((c) => c.id)).toEqual(expect.arrayContaining(MINE));
    await core.close();
    core = await openCore();
    expect(await call<CheckReport>('check.report', { jobId: job.id })).toEqual(live);
  });

  it('exports Markdown, HTML, JSON and the HAR of the evidence through the save dialog, without the token', async () => {
    const report = await call<CheckReport>('check.report', { jobId: job.id });
    for (const format of ['markdown', 'html', 'json', 'har'] as const) {
      saved.length = 0;
      const answer = await call<{ saved: boolean; path?: string }>('check.saveReport', { jobId: job.id, format });
      expect(saved).toHaveLength(1);
      expect(answer).toEqual({ saved: true, path: `/chosen/${saved[0]!.name}` });
      const text = await readFile(saved[0]!.path, 'utf8');
      expect(saved[0]!.bytes).toBe(Buffer.byteLength(text));
      expect(text).not.toContain(TOKEN);
      if (format === 'markdown') expect(text).toContain('- **Evidence:** `');
      if (format === 'html') expect(text).toContain('<h2>Readiness</h2>');
      if (format === 'json') expect(JSON.parse(text)).toEqual(report);
      if (format === 'har') {
        const har = JSON.parse(text) as { log: { entries: Array<{ _id: string; request: { url: string; headers: Array<{ name: string; value: string }> } }> } };
        const evidence = new Set(report.checks.flatMap((c) => c.evidence));
        expect(new Set(har.log.entries.map((e) => e._id))).toEqual(evidence);
        expect(har.log.entries.map((e) => e.request.url)).toContain(`${server.baseUrl('rfc')}/ServiceProviderConfig`);
        const auth = har.log.entries.flatMap((e) => e.request.headers).filter((h) => h.name.toLowerCase() === 'authorization');
        expect(auth.length).toBeGreaterThan(0);
        for (const header of auth) expect(header.value).not.toMatch(/Bearer (?!\[REDACTED\])/);
      }
    }
  });

  it('refuses the check channels for other jobs and for a check that failed before its checks ran', async () => {
    const exportJob = await call<JobView>('jobs.start', { kind: 'export', params: { connectionId, endpoint: '/Users', format: 'json' } });
    await ended(exportJob.id);
    await expect(call('check.report', { jobId: exportJob.id })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('is not a server check'),
    });
    await expect(call('check.saveReport', { jobId: exportJob.id, format: 'html' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(call('check.report', { jobId: 'no-such-job' })).rejects.toMatchObject({ code: 'not_found' });

    // A bearer connection without its token: the check fails before any check runs.
    const tokenless = await call<{ id: string }>('connections.create', {
      settings: { name: 'No token', baseUrl: server.baseUrl('rfc'), auth: { type: 'bearer' } },
      secret: { action: 'keep' },
    });
    const failing = await call<JobView>('jobs.start', { kind: 'check', params: { connectionId: tokenless.id, profiles: ['rfc'] } });
    expect(await ended(failing.id)).toMatchObject({ state: 'failed' });
    await expect(call('check.report', { jobId: failing.id })).rejects.toMatchObject({
      code: 'not_found',
      message: '“Check “No token” (RFC)” has no report: it failed before its checks ran.',
    });
  });

  it('reports the deviations of a vendor server, and fails the job outcome on a failed check', async () => {
    const confirmit = await call<{ id: string }>('connections.create', {
      settings: { name: 'Confirmit', baseUrl: server.baseUrl('confirmit'), auth: { type: 'bearer' } },
      secret: { action: 'set', value: TOKEN },
    });
    const started = await call<JobView>('jobs.start', { kind: 'check', params: { connectionId: confirmit.id, profiles: ['okta'] } });
    const view = await ended(started.id);
    const report = await call<CheckReport>('check.report', { jobId: started.id });
    expect(report.checks.every((c) => c.profiles.length === 1 && c.profiles[0] === 'okta')).toBe(true);
    expect(report.checks.find((c) => c.id === 'responses.list.groups')).toMatchObject({ verdict: 'fail', consequence: { okta: expect.any(String) } });
    expect(view.result).toMatchObject({
      outcome: 'fail',
      failures: expect.arrayContaining([expect.objectContaining({ item: 'responses.list.groups: Groups are listed in a ListResponse' })]),
    });
  });

  it('keeps the report so far of a cancelled check, also after a restart', async () => {
    let arrived: () => void = () => {};
    const held = new Promise<void>((resolve) => (arrived = resolve));
    // The sample page of users never answers: the check is mid-run when it is cancelled.
    const scripted = await startScriptedServer((req, res) => {
      const url = new URL(req.url, 'http://x');
      if (url.pathname === '/scim/Users' && url.searchParams.get('count') === '5') return arrived();
      if (url.pathname === '/scim/Users') return json(res, 200, listResponse([]));
      json(res, 404, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404' });
    });
    try {
      const connection = await call<{ id: string }>('connections.create', {
        settings: { name: 'Slow', baseUrl: `${scripted.url}/scim`, auth: { type: 'bearer' } },
        secret: { action: 'set', value: TOKEN },
      });
      const started = await call<JobView>('jobs.start', { kind: 'check', params: { connectionId: connection.id, profiles: ['rfc'] } });
      await held;
      await call('jobs.cancel', { id: started.id });
      const live = await call<CheckReport>('check.report', { jobId: started.id });
      expect(live.checks.find((c) => c.id === 'discovery.spc.present')).toMatchObject({ verdict: 'fail' });
      expect(live.checks.some((c) => c.id === 'responses.content-type')).toBe(false);
      await core.close();
      core = await openCore();
      expect(await call<JobView>('jobs.get', { id: started.id })).toMatchObject({ state: 'cancelled' });
      expect(await call<CheckReport>('check.report', { jobId: started.id })).toEqual(live);
    } finally {
      await scripted.close();
    }
  });
});
