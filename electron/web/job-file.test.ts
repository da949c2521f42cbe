import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobView } from '../../shared/contract';
import { createAppCore, type AppCore } from '../services/core';
import { KeyFileCipher } from '../services/secrets/cipher';
import { startWebShell, type WebShell } from './server';

let core: AppCore;
let shell: WebShell;
let cookie: string;

const call = async <T>(channel: string, input: unknown): Promise<T> => {
  const res = await fetch(`${shell.origin}/api/call/${channel}`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json', origin: shell.origin },
    body: JSON.stringify({ input }),
  });
  const envelope = (await res.json()) as { ok: boolean; data: T; error?: { message: string } };
  if (!envelope.ok) throw new Error(envelope.error?.message);
  return envelope.data;
};

const ended = (id: string) =>
  new Promise<void>((resolve) =>
    core.events.on((event, payload) => event === 'jobs.progress' && (payload as JobView).id === id && (payload as JobView).state === 'succeeded' && resolve()),
  );

beforeAll(async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'scim-desk-web-'));
  const rendererDir = join(dataDir, 'renderer');
  await mkdir(rendererDir, { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>SCIM Desk</title>');
  core = await createAppCore({
    dataDir,
    cipher: await KeyFileCipher.open(join(dataDir, 'secret.key')),
    shell: 'web',
    version: 'test',
    demo: { users: 150, seed: 3 },
  });
  shell = await startWebShell({ core, rendererDir });
  const launch = await fetch(shell.launchUrl, { redirect: 'manual' });
  cookie = String(launch.headers.get('set-cookie')).split(';')[0]!;
});
afterAll(async () => {
  await shell.close();
  await core.close();
});

describe("a job's file in the web shell", () => {
  it('downloads as an attachment with the session, and not without it', async () => {
    const connections = await call<Array<{ id: string; demo?: { persona: string } }>>('connections.list', {});
    const rfc = connections.find((c) => c.demo?.persona === 'rfc')!;
    const finished = new Promise<void>((resolve) =>
      core.events.on((event, payload) => event === 'jobs.progress' && (payload as JobView).state === 'succeeded' && resolve()),
    );
    const job = await call<JobView>('jobs.start', {
      kind: 'export',
      params: { connectionId: rfc.id, endpoint: '/Users', format: 'csv', columns: [{ label: 'id', path: 'id' }] },
    });
    await finished;
    const { downloadUrl } = await call<{ downloadUrl: string }>('jobs.saveFile', { id: job.id });

    const res = await fetch(`${shell.origin}${downloadUrl}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="users-\d{4}-\d\d-\d\d\.csv"$/);
    expect((await res.text()).split('\r\n').filter(Boolean)).toHaveLength(151);

    expect((await fetch(`${shell.origin}${downloadUrl}`)).status).toBe(401);
    expect((await fetch(`${shell.origin}/api/jobs/nope/file`, { headers: { cookie } })).status).toBe(404);
  });
});

describe("a check job's report in the web shell", () => {
  it('downloads in the format asked, with the session only', async () => {
    const connections = await call<Array<{ id: string; demo?: { persona: string } }>>('connections.list', {});
    const rfc = connections.find((c) => c.demo?.persona === 'rfc')!;
    const job = await call<JobView>('jobs.start', { kind: 'check', params: { connectionId: rfc.id, profiles: ['rfc'] } });
    await ended(job.id);

    const { saved, downloadUrl } = await call<{ saved: boolean; downloadUrl: string }>('check.saveReport', { jobId: job.id, format: 'html' });
    expect({ saved, downloadUrl }).toEqual({ saved: false, downloadUrl: `/api/jobs/${job.id}/file?format=html` });
    const res = await fetch(`${shell.origin}${downloadUrl}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="scim-check-report.html"');
    expect(await res.text()).toContain('<h2>Readiness</h2>');

    const markdown = await fetch(`${shell.origin}/api/jobs/${job.id}/file?format=markdown`, { headers: { cookie } });
    expect(markdown.headers.get('content-disposition')).toBe('attachment; filename="scim-check-report.md"');
    expect(await markdown.text()).toMatch(/^# SCIM server check: /);
    // The job's own file is still the JSON report.
    expect(JSON.parse(await (await fetch(`${shell.origin}/api/jobs/${job.id}/file`, { headers: { cookie } })).text())).toMatchObject({
      target: { profiles: ['rfc'] },
    });

    expect((await fetch(`${shell.origin}${downloadUrl}`)).status).toBe(401);
    expect((await fetch(`${shell.origin}/api/jobs/${job.id}/file?format=pdf`, { headers: { cookie } })).status).toBe(400);
    expect((await fetch(`${shell.origin}/api/jobs/nope/file?format=html`, { headers: { cookie } })).status).toBe(404);
  });
});

describe("a bulk plan job's plan in the web shell", () => {
  it('downloads as CSV or JSON, with the session only; other formats are refused', async () => {
    const connections = await call<Array<{ id: string; demo?: { persona: string } }>>('connections.list', {});
    const rfc = connections.find((c) => c.demo?.persona === 'rfc')!;
    const users = (await call<{ resources: Array<{ id: string }> }>('scim.list', { connectionId: rfc.id, endpoint: '/Users', count: 3 })).resources;
    const job = await call<JobView>('jobs.start', {
      kind: 'bulkPlan',
      params: {
        connectionId: rfc.id,
        endpoint: '/Users',
        title: 'Deactivate 3',
        source: { kind: 'ids', ids: users.map((u) => u.id) },
        action: { kind: 'deactivate' },
      },
    });
    await ended(job.id);

    const { saved, downloadUrl } = await call<{ saved: boolean; downloadUrl: string }>('bulk.savePlan', { jobId: job.id, format: 'json' });
    expect({ saved, downloadUrl }).toEqual({ saved: false, downloadUrl: `/api/jobs/${job.id}/file?format=json` });
    const res = await fetch(`${shell.origin}${downloadUrl}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="bulk-plan.json"');
    const plan = JSON.parse(await res.text()) as { summary: { jobId: string }; records: Array<{ id: string }> };
    expect(plan.summary.jobId).toBe(job.id);
    expect(plan.records.map((r) => r.id)).toEqual(users.map((u) => u.id));

    const csv = await fetch(`${shell.origin}/api/jobs/${job.id}/file?format=csv`, { headers: { cookie } });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="bulk-plan.csv"');
    expect((await csv.text()).split('\r\n').filter(Boolean)).toHaveLength(4);

    expect((await fetch(`${shell.origin}${downloadUrl}`)).status).toBe(401);
    expect((await fetch(`${shell.origin}/api/jobs/${job.id}/file?format=html`, { headers: { cookie } })).status).toBe(400);
  });
});
