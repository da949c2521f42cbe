import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError, type JobResult, type JobSpec, type JobView } from '../../../shared/contract';
import { JobManager } from './manager';
import { JobStore } from './store';
import type { AnyJobKindRunner, JobRuntime } from './types';

/** A write job of `steps` steps; `sent` records every step actually performed (the server's view). */
function stepsJob(steps: number, sent: string[], hooks: { afterStep?: (key: string) => Promise<void> } = {}): AnyJobKindRunner {
  return {
    kind: 'membership',
    writes: true,
    unit: () => 'requests',
    title: (params) => params.title,
    async run(runtime: JobRuntime<never>): Promise<JobResult> {
      runtime.setStepsTotal(steps);
      for (let i = 0; i < steps; i++) {
        const key = String(i);
        if (runtime.previous.get(key)?.status === 'done') continue;
        await runtime.checkpoint();
        await runtime.step({ key, label: `request ${i}`, status: 'started' });
        sent.push(key);
        await runtime.step({ key, label: `request ${i}`, status: 'done' });
        runtime.progress(i + 1, steps);
        await hooks.afterStep?.(key);
      }
      return { summary: `${steps} sent`, failures: [], notes: [] };
    },
  };
}

const spec = (title = 'Add 3 to Staff'): JobSpec => ({
  kind: 'membership',
  params: {
    connectionId: 'c1',
    groupsEndpoint: '/Groups',
    dialect: 'rfc',
    title,
    requests: [{ kind: 'patch', groupId: 'g', groupName: 'Staff', add: [], remove: [], operations: [], readOnly: [] }],
  },
});

async function openManager(dir: string, kind: AnyJobKindRunner, options: { readOnly?: boolean; events?: JobView[] } = {}) {
  const { store, jobs } = await JobStore.open(dir);
  const manager = await JobManager.open({
    store,
    stored: jobs,
    kinds: [kind],
    isReadOnly: () => options.readOnly ?? false,
    emit: (view) => options.events?.push(view),
  });
  return { manager, store };
}

/** Resolves when the job reaches `state` (from the manager's own events, no polling of time). */
function reaches(events: JobView[], id: string, state: JobView['state']): Promise<void> {
  return new Promise((resolve) => {
    const check = () => (events.some((e) => e.id === id && e.state === state) ? resolve() : setImmediate(check));
    check();
  });
}

describe('JobManager', () => {
  it('runs a job to its result and keeps it across a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jobs-'));
    const events: JobView[] = [];
    const sent: string[] = [];
    const { manager } = await openManager(dir, stepsJob(3, sent), { events });
    const job = await manager.start(spec());
    await reaches(events, job.id, 'succeeded');
    expect(sent).toEqual(['0', '1', '2']);
    expect(manager.get(job.id)).toMatchObject({ state: 'succeeded', stepsDone: 3, stepsTotal: 3, result: { summary: '3 sent' } });
    await manager.close();

    const again = await openManager(dir, stepsJob(3, []));
    expect(again.manager.list()).toMatchObject([{ id: job.id, state: 'succeeded', stepsDone: 3, result: { summary: '3 sent' } }]);
    await again.manager.close();
  });

  it('lists a job that was running when the process died as interrupted, and resumes it without repeating a confirmed step', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jobs-'));
    const sent: string[] = [];
    let died!: () => void;
    const dead = new Promise<void>((resolve) => (died = resolve));
    // The process "dies" after step 1 is confirmed: the run never ends and the manager is never closed.
    const { manager } = await openManager(dir, stepsJob(5, sent, { afterStep: async (key) => (key === '1' ? (died(), new Promise(() => {})) : undefined) }));
    const job = await manager.start(spec());
    await dead;
    expect(sent).toEqual(['0', '1']);

    const events: JobView[] = [];
    const resent: string[] = [];
    const restarted = await openManager(dir, stepsJob(5, resent), { events });
    const listed = restarted.manager.list()[0]!;
    expect(listed).toMatchObject({ id: job.id, state: 'interrupted', stepsDone: 2 });
    expect(listed.message).toMatch(/after 2 of 5 steps.*never repeating/);
    await restarted.manager.resume(job.id);
    await reaches(events, job.id, 'succeeded');
    expect(resent).toEqual(['2', '3', '4']);
    await restarted.manager.close();
  });

  it('sends again a step that was started but not confirmed when the process died', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jobs-'));
    const { store } = await openManager(dir, stepsJob(2, []));
    // A file as a crash mid-request leaves it: step 0 done, step 1 started, and a torn last line.
    const id = '20261205-abcdef';
    await store.create({ id, spec: spec(), title: 'Add 3 to Staff', writes: true, createdAt: new Date().toISOString() });
    await store.state(id, 'running');
    await store.step(id, { key: '0', label: 'r0', status: 'done', exchangeIds: [], at: new Date().toISOString() });
    await store.step(id, { key: '1', label: 'r1', status: 'started', exchangeIds: [], at: new Date().toISOString() });
    await store.close();
    const path = join(dir, `${id}.jsonl`);
    await writeFile(path, `${await readFile(path, 'utf8')}{"t":"step","st`);

    const sent: string[] = [];
    const events: JobView[] = [];
    const { manager } = await openManager(dir, stepsJob(2, sent), { events });
    expect(manager.list()[0]).toMatchObject({ state: 'interrupted', stepsDone: 1 });
    await manager.resume(id);
    await reaches(events, id, 'succeeded');
    expect(sent).toEqual(['1']);
    await manager.close();
  });

  it('sets a corrupt job file aside with a message and lists the others', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jobs-'));
    await writeFile(join(dir, 'broken-1.jsonl'), 'not json\n{"t":"state"}\n');
    const { store, jobs } = await JobStore.open(dir);
    expect(jobs).toEqual([]);
    expect(store.notices[0]).toMatch(/broken-1\.jsonl: line 1 is not JSON.*set aside/);
    expect((await readdir(dir)).some((name) => name.startsWith('broken-1.jsonl.corrupt-'))).toBe(true);
  });

  it('pauses between steps and resumes where it was', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jobs-'));
    const events: JobView[] = [];
    const sent: string[] = [];
    let manager!: JobManager;
    let jobId = '';
    // Pausing right after step 0 leaves the run waiting at the next checkpoint.
    const pausedAfterFirst = new Promise<void>((resolve) => {
      void openManager(dir, stepsJob(3, sent, { afterStep: async (key) => (key === '0' ? (await manager.pause(jobId), resolve()) : undefined) }), {
        events,
      }).then((m) => (manager = m.manager));
    });
    while (!manager) await new Promise((r) => setImmediate(r));
    jobId = (await manager.start(spec())).id;
    await pausedAfterFirst;
    await reaches(events, jobId, 'paused');
    expect(manager.get(jobId).state).toBe('paused');
    expect(sent).toEqual(['0']);
    await manager.resume(jobId);
    await reaches(events, jobId, 'succeeded');
    expect(sent).toEqual(['0', '1', '2']);
    await manager.close();
  });

  it('cancels a running job and says how far it got', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jobs-'));
    const events: JobView[] = [];
    let jobId = '';
    const sent: string[] = [];
    // Cancelled from outside the run (as the renderer's Cancel does), right after step 1.
    const { manager } = await openManager(dir, stepsJob(4, sent, { afterStep: async (key) => void (key === '1' ? manager.cancel(jobId) : undefined) }), {
      events,
    });
    jobId = (await manager.start(spec())).id;
    await reaches(events, jobId, 'cancelled');
    expect(sent).toEqual(['0', '1']);
    expect(manager.get(jobId).message).toBe('Cancelled after 2 of 4 steps.');
    await manager.close();
  });

  it('refuses a write job on a read-only connection', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jobs-'));
    const { manager } = await openManager(dir, stepsJob(1, []), { readOnly: true });
    const refusal = await manager.start(spec()).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).data).toMatchObject({ code: 'read_only' });
    expect(manager.list()).toEqual([]);
    await manager.close();
  });

  it("refuses at start what the kind's validate refuses, before any job (or file) exists", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jobs-'));
    const sent: string[] = [];
    const seen: string[] = [];
    const kind: AnyJobKindRunner = {
      ...stepsJob(1, sent),
      validate: (params: { title: string }) => {
        seen.push(params.title);
        if (params.title === 'refused') throw new AppError({ code: 'invalid_input', message: 'Type 30 to confirm.' });
      },
    } as AnyJobKindRunner;
    const events: JobView[] = [];
    const { manager } = await openManager(dir, kind, { events });
    const refusal = await manager.start(spec('refused')).catch((error: unknown) => error);
    expect((refusal as AppError).data).toEqual({ code: 'invalid_input', message: 'Type 30 to confirm.' });
    expect(manager.list()).toEqual([]);
    expect((await readdir(dir)).filter((name) => name.endsWith('.jsonl'))).toEqual([]);

    const job = await manager.start(spec('accepted'));
    await reaches(events, job.id, 'succeeded');
    expect(seen).toEqual(['refused', 'accepted']);
    expect(sent).toEqual(['0']);
    await manager.close();
  });
});
