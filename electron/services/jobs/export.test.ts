import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobView } from '../../../shared/contract';
import { createAppCore, type AppCore } from '../core';
import { startDemoServer } from '../demo';
import { KeyFileCipher } from '../secrets/cipher';
import { coreCalls } from './test-helpers';

let core: AppCore | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

const { call, ended } = coreCalls(() => core!);

describe('export job', () => {
  it('streams every user of the demo server to a CSV file on the main side, each page in its step log', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'export-job-'));
    core = await createAppCore({
      dataDir: dir,
      cipher: await KeyFileCipher.open(join(dir, 'secret.key')),
      shell: 'web',
      version: 'test',
      demo: { users: 1234, seed: 5 },
    });
    const connections = await call<Array<{ id: string; demo?: { persona: string } }>>('connections.list', {});
    const rfc = connections.find((c) => c.demo?.persona === 'rfc')!;
    const started = await call<JobView>('jobs.start', {
      kind: 'export',
      params: {
        connectionId: rfc.id,
        endpoint: '/Users',
        format: 'csv',
        columns: [
          { label: 'User name', path: 'userName' },
          { label: 'Email', path: 'emails' },
        ],
        noun: { one: 'user', many: 'users' },
      },
    });
    expect(started).toMatchObject({ kind: 'export', writes: false, title: 'Export users to CSV' });
    const done = await ended(started.id);
    expect(done).toMatchObject({
      state: 'succeeded',
      progress: { done: 1234, total: 1234, unit: 'users' },
      result: { summary: 'Exported 1,234 users to CSV.', outcome: 'complete' },
    });

    const save = await call<{ saved: boolean; downloadUrl?: string }>('jobs.saveFile', { id: started.id });
    expect(save).toEqual({ saved: false, downloadUrl: `/api/jobs/${started.id}/file` });
    const file = core.jobs.file(started.id);
    const lines = (await readFile(file.path, 'utf8')).split('\r\n');
    expect(lines[0]).toBe('\uFEFFUser name,Email');
    expect(lines.filter(Boolean)).toHaveLength(1235);
    expect(new Set(lines.slice(1, -1).map((l) => l.split(',')[0])).size).toBe(1234);

    const detail = await call<{ steps: Array<{ exchangeIds: string[] }> }>('jobs.get', { id: started.id });
    const exchangeIds = detail.steps.flatMap((s) => s.exchangeIds);
    expect(exchangeIds.length).toBeGreaterThanOrEqual(3);
    // Discovery first (the job's first requests), then the pages.
    const exchange = await call<{ method: string; url: string }>('journal.get', { id: exchangeIds.at(-1) });
    expect(exchange).toMatchObject({ method: 'GET', url: expect.stringContaining('/Users?') });
  });

  it('writes no credential into the file, even one the server stores and sends back', async () => {
    const token = 'export-echo-token-7f3a9c2e51';
    const server = await startDemoServer({ users: 40, seed: 2, token, personas: ['rfc'] });
    try {
      const dir = await mkdtemp(join(tmpdir(), 'export-job-'));
      core = await createAppCore({ dataDir: dir, cipher: await KeyFileCipher.open(join(dir, 'secret.key')), shell: 'web', version: 'test', demo: false });
      const connection = await call<{ id: string }>('connections.create', {
        settings: { name: 'Echo', baseUrl: server.baseUrl('rfc'), auth: { type: 'bearer' } },
        secret: { action: 'set', value: token },
      });
      await call('scim.create', {
        connectionId: connection.id,
        endpoint: '/Users',
        resource: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'echo', displayName: `pasted ${token} here` },
      });
      const started = await call<JobView>('jobs.start', {
        kind: 'export',
        params: { connectionId: connection.id, endpoint: '/Users', format: 'json', noun: { one: 'user', many: 'users' } },
      });
      expect(await ended(started.id)).toMatchObject({ state: 'succeeded', progress: { done: 41 } });
      const text = await readFile(core.jobs.file(started.id).path, 'utf8');
      expect(text).toContain('pasted [REDACTED] here');
      expect(text).not.toContain(token);
    } finally {
      await core?.close();
      core = undefined;
      await server.close();
    }
  });

  it('writes JSON as one array, and a removed job takes its file with it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'export-job-'));
    core = await createAppCore({
      dataDir: dir,
      cipher: await KeyFileCipher.open(join(dir, 'secret.key')),
      shell: 'web',
      version: 'test',
      demo: { users: 300, seed: 5 },
    });
    const connections = await call<Array<{ id: string; demo?: { persona: string } }>>('connections.list', {});
    const rfc = connections.find((c) => c.demo?.persona === 'rfc')!;
    const started = await call<JobView>('jobs.start', {
      kind: 'export',
      params: { connectionId: rfc.id, endpoint: '/Users', filter: 'active eq true', format: 'json', noun: { one: 'user', many: 'users' } },
    });
    const done = await ended(started.id);
    const parsed = JSON.parse(await readFile(core.jobs.file(started.id).path, 'utf8')) as Array<{ active: boolean }>;
    expect(parsed.length).toBe(done.progress.done);
    expect(parsed.length).toBeGreaterThan(0);
    expect(parsed.every((u) => u.active === true)).toBe(true);

    await call('jobs.remove', { id: started.id });
    await expect(call('jobs.get', { id: started.id })).rejects.toThrow(/no job/);
    await expect(readFile(join(dir, 'jobs', `${started.id}.jsonl`))).rejects.toThrow(/ENOENT/);
  });
});
