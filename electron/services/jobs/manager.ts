import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { join } from 'node:path';
import { AppError, type JobDetail, type JobResult, type JobSpec, type JobState, type JobView } from '../../../shared/contract';
import { runInJob } from './context';
import { JobProgressMeter } from './progress';
import type { JobStore, StoredJob } from './store';
import type { AnyJobKindRunner, JobRuntime, StepRecord } from './types';

/** Listeners a job's signal may have before Node warns: requests in flight and retry waits, a few each. */
const JOB_SIGNAL_LISTENERS = 1000;

export interface JobManagerOptions {
  store: JobStore;
  /** Jobs read back from the store at start. */
  stored: StoredJob[];
  kinds: AnyJobKindRunner[];
  /** Whether a connection is read-only; throws `not_found` for an unknown id. */
  isReadOnly(connectionId: string): boolean;
  /** Every change of a job, for the renderer (the event bus redacts). */
  emit(view: JobView): void;
  /** Applied to every message written to disk: no credential a server echoed goes into a job file. */
  redact?: <T>(value: T) => T;
  /** Jobs running at once; the rest wait queued (each connection's scheduler shares its requests fairly anyway). */
  maxRunning?: number;
  now?: () => number;
}

/** Emitted progress per job at most this often; state changes go out at once. */
const EMIT_INTERVAL_MS = 250;
/** Progress written to disk at most this often (a hint for the list after a restart). */
const PERSIST_INTERVAL_MS = 2000;
/** Steps returned by `jobs.get`: the most recent ones. */
const DETAIL_STEPS = 2000;
/** Exchanges recorded per step (a step of one request has one, or a few with retries). */
const STEP_EXCHANGES = 200;

const SHUTDOWN = Symbol('shutdown');
const cancelled = () => new AppError({ code: 'cancelled', message: 'The job was cancelled.' });

/** A job in memory: what the store holds, plus what only a running job has. */
interface LiveJob {
  stored: StoredJob;
  runner: AnyJobKindRunner;
  meter: JobProgressMeter;
  controller?: AbortController;
  running?: Promise<void>;
  cancelRequested?: boolean;
  paused?: { resume: () => void; promise: Promise<void> };
  /** Exchanges sent since the last step was recorded. */
  exchanges: string[];
  lastEmit: number;
  emitTimer?: ReturnType<typeof setTimeout>;
  lastPersist: number;
}

/**
 * Runs jobs on the main side: queued, run a few at a time, paused between steps, cancelled, and
 * persisted as they go so that after a crash every job that was running is listed as interrupted and
 * can be resumed from its first step not confirmed done.
 */
export class JobManager {
  private readonly jobs = new Map<string, LiveJob>();
  private readonly kinds: Map<string, AnyJobKindRunner>;
  private readonly now: () => number;
  private readonly redact: <T>(value: T) => T;
  private closed = false;

  private constructor(private readonly options: JobManagerOptions) {
    this.kinds = new Map(options.kinds.map((k) => [k.kind, k]));
    this.now = options.now ?? Date.now;
    this.redact = options.redact ?? ((value) => value);
  }

  /** Takes over the stored jobs: those that were running or queued when the app stopped become interrupted. */
  static async open(options: JobManagerOptions): Promise<JobManager> {
    const manager = new JobManager(options);
    for (const stored of options.stored) {
      const runner = manager.kinds.get(stored.spec.kind);
      if (!runner) continue;
      const job = manager.adopt(stored, runner);
      if (stored.state === 'running' || stored.state === 'queued') {
        const done = doneKeys(stored.steps).size;
        const message = `Interrupted when SCIM Desk stopped, after ${done} of ${Math.max(stored.stepsTotal, done)} steps. ${
          stored.writes ? 'Resume sends the rest, never repeating a change the server confirmed.' : 'Resume starts it again.'
        }`;
        await options.store.state(stored.id, 'interrupted', message);
        stored.state = 'interrupted';
        stored.message = message;
      }
      await options.store.release(job.stored.id);
    }
    return manager;
  }

  async start(spec: JobSpec): Promise<JobView> {
    if (this.closed) throw new AppError({ code: 'internal', message: 'SCIM Desk is shutting down; start the job again after restarting.' });
    const runner = this.runnerFor(spec.kind);
    const readOnly = this.options.isReadOnly(spec.params.connectionId);
    const writes = typeof runner.writes === 'function' ? runner.writes(spec.params as never) : runner.writes;
    if (writes && readOnly) {
      throw new AppError({
        code: 'read_only',
        message: `“${runner.title(spec.params as never)}” changes the server, and this connection is read-only. Turn read-only off in the connection's settings to run it.`,
      });
    }
    await runner.validate?.(spec.params as never);
    const id = `${new Date(this.now()).toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(6)
      .toString('base64url')
      .replace(/[^A-Za-z0-9]/g, 'x')}`;
    const stored: StoredJob = {
      id,
      spec,
      title: runner.title(spec.params as never),
      writes,
      createdAt: new Date(this.now()).toISOString(),
      state: 'queued',
      steps: [],
      stepsTotal: 0,
      progress: { done: 0, total: null, requests: 0 },
    };
    await this.options.store.create({ id, spec, title: stored.title, writes: stored.writes, createdAt: stored.createdAt });
    await this.options.store.state(id, 'queued');
    const job = this.adopt(stored, runner);
    this.emitNow(job);
    this.schedule();
    return this.view(job);
  }

  list(): JobView[] {
    return [...this.jobs.values()].map((job) => this.view(job)).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  get(id: string): JobDetail {
    const job = this.find(id);
    const steps = job.stored.steps;
    const from = Math.max(0, steps.length - DETAIL_STEPS);
    return {
      ...this.view(job),
      steps: steps.slice(from).map((s, i) => ({
        index: from + i,
        label: s.label,
        status: s.status,
        exchangeIds: s.exchangeIds,
        at: s.at,
        ...(s.message ? { message: s.message } : {}),
      })),
      stepsOmitted: from,
    };
  }

  async pause(id: string): Promise<JobView> {
    const job = this.find(id);
    if (job.stored.state !== 'running' && job.stored.state !== 'queued') throw this.notNow(job, 'paused');
    let resume = () => {};
    const promise = new Promise<void>((resolve) => (resume = resolve));
    job.paused = { resume, promise };
    await this.setState(job, 'paused');
    return this.view(job);
  }

  async resume(id: string): Promise<JobView> {
    const job = this.find(id);
    const { state } = job.stored;
    if (state !== 'paused' && state !== 'interrupted') throw this.notNow(job, 'resumed');
    if (job.stored.writes && this.options.isReadOnly(job.stored.spec.params.connectionId)) {
      throw new AppError({ code: 'read_only', message: `“${job.stored.title}” changes the server, and this connection is now read-only.` });
    }
    const waiting = job.paused;
    job.paused = undefined;
    if (job.running) {
      // Paused while running: its run goes on from the checkpoint it waits at.
      await this.setState(job, 'running');
      waiting?.resume();
    } else {
      await this.setState(job, 'queued');
      this.schedule();
    }
    return this.view(job);
  }

  async cancel(id: string): Promise<JobView> {
    const job = this.find(id);
    const { state } = job.stored;
    if (state === 'succeeded' || state === 'failed' || state === 'cancelled') throw this.notNow(job, 'cancelled');
    if (job.running) {
      job.cancelRequested = true;
      job.controller?.abort(cancelled());
      job.paused?.resume();
      await job.running;
    } else {
      await this.setState(job, 'cancelled', `Cancelled before it ${state === 'interrupted' ? 'was resumed' : 'ran'}.`);
    }
    return this.view(job);
  }

  async remove(id: string): Promise<void> {
    const job = this.find(id);
    const { state } = job.stored;
    if (state === 'running' || state === 'queued' || (state === 'paused' && job.running)) throw this.notNow(job, 'removed');
    // A job that has just ended may still be closing its file.
    await job.running;
    clearTimeout(job.emitTimer);
    this.jobs.delete(id);
    await this.options.store.remove(id);
  }

  /** The file a finished job wrote, as a path on disk and the name to offer. */
  file(id: string): { path: string; name: string; mime: string; bytes: number } {
    const job = this.find(id);
    const file = job.stored.result?.file;
    if (!file || job.stored.state !== 'succeeded')
      throw new AppError({
        code: 'not_found',
        message: `“${job.stored.title}” has no file to save${job.stored.state === 'succeeded' ? '' : ' (it has not finished)'}.`,
      });
    return { path: join(this.options.store.filesDir(id), file.name), name: file.name, mime: file.mime, bytes: file.bytes };
  }

  /** Stops every running job without recording an end: on the next start they are listed as interrupted. */
  async close(): Promise<void> {
    this.closed = true;
    const running = [...this.jobs.values()].filter((job) => job.running);
    for (const job of running) {
      job.controller?.abort(SHUTDOWN);
      job.paused?.resume();
    }
    await Promise.all(running.map((job) => job.running));
    for (const job of this.jobs.values()) clearTimeout(job.emitTimer);
    await this.options.store.close();
  }

  private adopt(stored: StoredJob, runner: AnyJobKindRunner): LiveJob {
    const meter = new JobProgressMeter(this.now);
    meter.restore(stored.progress.done, stored.progress.total, stored.progress.requests);
    const job: LiveJob = { stored, runner, meter, exchanges: [], lastEmit: 0, lastPersist: 0 };
    this.jobs.set(stored.id, job);
    return job;
  }

  private schedule(): void {
    if (this.closed) return;
    const max = this.options.maxRunning ?? 2;
    let running = [...this.jobs.values()].filter((job) => job.running).length;
    const queued = [...this.jobs.values()]
      .filter((job) => job.stored.state === 'queued' && !job.running)
      .sort((a, b) => a.stored.createdAt.localeCompare(b.stored.createdAt));
    for (const job of queued) {
      if (running >= max) return;
      running += 1;
      job.running = this.run(job).finally(() => {
        job.running = undefined;
        this.schedule();
      });
    }
  }

  private async run(job: LiveJob): Promise<void> {
    const { stored } = job;
    const controller = new AbortController();
    // Every request a job has out, and every retry wait, listens for its cancel (and stops listening when
    // it settles): a job with many in flight is not leaking, so Node's warning at 10 would be noise.
    setMaxListeners(JOB_SIGNAL_LISTENERS, controller.signal);
    job.controller = controller;
    job.cancelRequested = false;
    const previous = new Map(stored.steps.map((s) => [s.key, s] as const));
    const runtime: JobRuntime<never> = {
      id: stored.id,
      params: stored.spec.params as never,
      signal: controller.signal,
      previous,
      checkpoint: async () => {
        while (job.paused && !controller.signal.aborted) await job.paused.promise;
        if (controller.signal.aborted) throw controller.signal.reason === SHUTDOWN ? controller.signal.reason : cancelled();
      },
      step: async (step) => {
        const exchangeIds = (step.exchangeIds ?? job.exchanges.splice(0)).slice(-STEP_EXCHANGES);
        const record: StepRecord = this.redact({ ...step, exchangeIds, at: new Date(this.now()).toISOString() });
        stored.steps.push(record);
        await this.options.store.step(stored.id, record, stored.writes);
        this.emitSoon(job);
      },
      progress: (done, total) => {
        job.meter.update(done, total);
        this.emitSoon(job);
      },
      setStepsTotal: (total) => {
        stored.stepsTotal = total;
        void this.options.store.stepsTotal(stored.id, total);
      },
      redact: (text) => this.redact(text),
      filePath: (name) => join(this.options.store.filesDir(stored.id), name),
    };
    await this.setState(job, 'running');
    let result: JobResult | undefined;
    let failure: unknown;
    try {
      result = await runInJob({ jobId: stored.id, exchange: (id) => this.exchanged(job, id), journalBodyBytes: job.runner.journalBodyBytes }, () =>
        job.runner.run(runtime),
      );
    } catch (error) {
      failure = error;
    }
    if (controller.signal.reason === SHUTDOWN) return; // left as running on disk: interrupted at the next start
    if (result) {
      const clean = this.redact(result);
      stored.result = clean;
      await this.options.store.result(stored.id, clean);
      await this.setState(job, 'succeeded');
    } else if (job.cancelRequested) {
      const done = doneKeys(stored.steps).size;
      await this.setState(job, 'cancelled', `Cancelled after ${done} of ${Math.max(stored.stepsTotal, done)} steps.`);
    } else {
      await this.setState(job, 'failed', failure instanceof AppError ? failure.message : failure instanceof Error ? failure.message : String(failure));
    }
    await this.options.store.release(stored.id);
  }

  private exchanged(job: LiveJob, exchangeId: string): void {
    job.meter.request();
    job.exchanges.push(exchangeId);
    if (job.exchanges.length > STEP_EXCHANGES) job.exchanges.splice(0, job.exchanges.length - STEP_EXCHANGES);
    this.emitSoon(job);
  }

  private async setState(job: LiveJob, state: JobState, message?: string): Promise<void> {
    job.stored.state = state;
    job.stored.message = message === undefined ? undefined : this.redact(message);
    const at = new Date(this.now()).toISOString();
    if (state === 'running') job.stored.startedAt ??= at;
    if (state === 'succeeded' || state === 'failed' || state === 'cancelled') job.stored.finishedAt = at;
    await this.options.store.state(job.stored.id, state, job.stored.message);
    this.emitNow(job);
  }

  private emitNow(job: LiveJob): void {
    clearTimeout(job.emitTimer);
    job.emitTimer = undefined;
    job.lastEmit = this.now();
    this.options.emit(this.view(job));
    if (this.now() - job.lastPersist >= PERSIST_INTERVAL_MS && job.running) {
      job.lastPersist = this.now();
      void this.options.store.progress(job.stored.id, job.meter.persisted()).catch(() => undefined);
    }
  }

  private emitSoon(job: LiveJob): void {
    if (job.emitTimer) return;
    const wait = EMIT_INTERVAL_MS - (this.now() - job.lastEmit);
    if (wait <= 0) return this.emitNow(job);
    job.emitTimer = setTimeout(() => this.emitNow(job), wait);
  }

  private view(job: LiveJob): JobView {
    const { stored } = job;
    const done = doneKeys(stored.steps).size;
    return {
      id: stored.id,
      kind: stored.spec.kind,
      connectionId: stored.spec.params.connectionId,
      title: stored.title,
      writes: stored.writes,
      state: stored.state,
      createdAt: stored.createdAt,
      ...(stored.startedAt ? { startedAt: stored.startedAt } : {}),
      ...(stored.finishedAt ? { finishedAt: stored.finishedAt } : {}),
      progress: job.meter.view(job.runner.unit(stored.spec.params as never), stored.state === 'running'),
      stepsDone: done,
      stepsTotal: Math.max(stored.stepsTotal, new Set(stored.steps.map((s) => s.key)).size),
      ...(stored.message ? { message: stored.message } : {}),
      ...(stored.result ? { result: stored.result } : {}),
    };
  }

  private find(id: string): LiveJob {
    const job = this.jobs.get(id);
    if (!job) throw new AppError({ code: 'not_found', message: `There is no job ${id.slice(0, 100)}; it may have been removed.` });
    return job;
  }

  private runnerFor(kind: string): AnyJobKindRunner {
    const runner = this.kinds.get(kind);
    if (!runner) throw new AppError({ code: 'invalid_input', message: `Unknown job kind "${kind}".` });
    return runner;
  }

  private notNow(job: LiveJob, what: string): AppError {
    return new AppError({ code: 'invalid_input', message: `“${job.stored.title}” is ${job.stored.state} and cannot be ${what}.` });
  }
}

/** Keys whose latest record says done (or split: its halves carry on). */
export function doneKeys(steps: readonly StepRecord[]): Set<string> {
  const last = new Map<string, StepRecord['status']>();
  for (const step of steps) last.set(step.key, step.status);
  return new Set([...last].filter(([, status]) => status === 'done').map(([key]) => key));
}
