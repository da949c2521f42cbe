import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { jobResultSchema, jobStartInputSchema, jobStates, type JobProgress, type JobResult, type JobSpec, type JobState } from '../../../shared/contract';
import type { StepRecord } from './types';

/**
 * Jobs on disk: one append-only JSON-lines file per job (`<id>.jsonl`). The first line says what the
 * job is; every later line is an event (state, step, progress, result). Steps, states and results are
 * fsync'd before the caller goes on, so a crash, a kill -9 or a quit loses at most the step in flight,
 * which a resumed run repeats only when it was not confirmed done. Records asked for while a write is
 * under way go out together in the next one (one write, one fsync: a group commit), so a job that
 * records steps from several requests at once does not wait on an fsync per step in turn.
 */
const headerSchema = z.object({
  t: z.literal('job'),
  v: z.literal(1),
  id: z.string().min(1).max(100),
  spec: jobStartInputSchema,
  title: z.string(),
  writes: z.boolean(),
  createdAt: z.string(),
});

const stepSchema = z.object({
  key: z.string().max(200),
  label: z.string().max(2000),
  status: z.enum(['started', 'done', 'failed', 'skipped', 'split']),
  exchangeIds: z.array(z.string()).max(200),
  message: z.string().max(4000).optional(),
  at: z.string(),
});

const eventSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('state'), state: z.enum(jobStates), at: z.string(), message: z.string().max(4000).optional() }),
  z.object({ t: z.literal('step'), step: stepSchema }),
  z.object({ t: z.literal('steps'), total: z.number().int().nonnegative() }),
  z.object({
    t: z.literal('progress'),
    done: z.number().int().nonnegative(),
    total: z.number().int().nonnegative().nullable(),
    requests: z.number().int().nonnegative(),
  }),
  z.object({ t: z.literal('result'), result: jobResultSchema }),
]);
type JobEvent = z.infer<typeof eventSchema>;

/** A job as read back from its file. */
export interface StoredJob {
  id: string;
  spec: JobSpec;
  title: string;
  writes: boolean;
  createdAt: string;
  state: JobState;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  /** Every step record, in order (a key may appear several times: started, then done). */
  steps: StepRecord[];
  stepsTotal: number;
  progress: Pick<JobProgress, 'done' | 'total' | 'requests'>;
  result?: JobResult;
}

const FILE_SUFFIX = '.jsonl';

/** What the store needs of an open job file (a FileHandle; tests pass one that counts). */
export interface JobFileHandle {
  appendFile(data: string, encoding: 'utf8'): Promise<void>;
  datasync(): Promise<void>;
  close(): Promise<void>;
}

export interface JobStoreOptions {
  /** Opens a job file for appending; defaults to fs `open(path, 'a')`. */
  openFile?: (path: string) => Promise<JobFileHandle>;
}

/** Records waiting for the next write of a job's file, and everyone waiting for them to be on disk. */
interface Batch {
  lines: string[];
  sync: boolean;
  waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }>;
}

/** A job's open file: the batch being gathered, and the write under way (at most one at a time). */
interface JobFile {
  handle: Promise<JobFileHandle>;
  next: Batch | null;
  writing: Promise<void> | null;
}

export class JobStore {
  /** Messages for the user about files that could not be read (set aside, not deleted). */
  readonly notices: string[] = [];
  private readonly files = new Map<string, JobFile>();
  private readonly openFile: (path: string) => Promise<JobFileHandle>;

  private constructor(
    readonly dir: string,
    options: JobStoreOptions,
  ) {
    this.openFile = options.openFile ?? ((path) => open(path, 'a'));
  }

  static async open(dir: string, options: JobStoreOptions = {}): Promise<{ store: JobStore; jobs: StoredJob[] }> {
    const store = new JobStore(dir, options);
    await mkdir(join(dir, 'files'), { recursive: true });
    const jobs: StoredJob[] = [];
    for (const name of (await readdir(dir)).filter((n) => n.endsWith(FILE_SUFFIX)).sort()) {
      const path = join(dir, name);
      const parsed = parseJobFile(await readFile(path, 'utf8'));
      if ('error' in parsed) {
        const aside = `${path}.corrupt-${Date.now()}`;
        await rename(path, aside);
        store.notices.push(`A job file could not be read (${name}: ${parsed.error}). It was set aside as ${aside} and the job is not listed.`);
        continue;
      }
      jobs.push(parsed.job);
    }
    return { store, jobs };
  }

  /** Writes a new job's file with its header line. */
  async create(job: { id: string; spec: JobSpec; title: string; writes: boolean; createdAt: string }): Promise<void> {
    await this.append(job.id, { t: 'job', v: 1, ...job }, true);
  }

  state(id: string, state: JobState, message?: string): Promise<void> {
    return this.append(id, { t: 'state', state, at: new Date().toISOString(), ...(message ? { message } : {}) }, true);
  }

  /** `durable`: fsync'd before this resolves (a write job's confirmed change); a read job's pages need not be. */
  step(id: string, step: StepRecord, durable = true): Promise<void> {
    return this.append(id, { t: 'step', step }, durable);
  }

  stepsTotal(id: string, total: number): Promise<void> {
    return this.append(id, { t: 'steps', total }, false);
  }

  /** Progress is a hint for the list after a restart: not worth an fsync. */
  progress(id: string, progress: { done: number; total: number | null; requests: number }): Promise<void> {
    return this.append(id, { t: 'progress', ...progress }, false);
  }

  result(id: string, result: JobResult): Promise<void> {
    return this.append(id, { t: 'result', result }, true);
  }

  /** Where a job's files go: a directory of its own, so removing the job removes them. */
  filesDir(id: string): string {
    return join(this.dir, 'files', safeId(id));
  }

  async remove(id: string): Promise<void> {
    await this.release(id);
    await rm(this.pathOf(id), { force: true });
    await rm(this.filesDir(id), { recursive: true, force: true });
  }

  /** Closes the job's file handle once what was asked for is written (a finished job writes no more). */
  async release(id: string): Promise<void> {
    const file = this.files.get(id);
    if (!file) return;
    this.files.delete(id);
    while (file.writing) await file.writing;
    await (await file.handle).close().catch(() => undefined);
  }

  async close(): Promise<void> {
    await Promise.all([...this.files.keys()].map((id) => this.release(id)));
  }

  private pathOf(id: string): string {
    return join(this.dir, `${safeId(id)}${FILE_SUFFIX}`);
  }

  /** Resolves once the record is written (and, with `sync`, on disk); in the file in the order asked. */
  private append(id: string, record: object, sync: boolean): Promise<void> {
    let file = this.files.get(id);
    if (!file) {
      const handle = this.openFile(this.pathOf(id));
      handle.catch(() => undefined); // reported to every caller through its batch
      this.files.set(id, (file = { handle, next: null, writing: null }));
    }
    const batch = (file.next ??= { lines: [], sync: false, waiters: [] });
    batch.lines.push(`${JSON.stringify(record)}\n`);
    batch.sync ||= sync;
    const done = new Promise<void>((resolve, reject) => batch.waiters.push({ resolve, reject }));
    if (!file.writing) file.writing = this.writeBatches(file);
    return done;
  }

  /** Writes batch after batch (each one write and at most one fsync) until none is waiting. */
  private async writeBatches(file: JobFile): Promise<void> {
    for (let batch = file.next; batch; batch = file.next) {
      file.next = null;
      try {
        const handle = await file.handle;
        await handle.appendFile(batch.lines.join(''), 'utf8');
        if (batch.sync) await handle.datasync();
        for (const waiter of batch.waiters) waiter.resolve();
      } catch (error) {
        for (const waiter of batch.waiters) waiter.reject(error);
      }
    }
    file.writing = null;
  }
}

function safeId(id: string): string {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(id)) throw new Error(`Not a job id: ${id.slice(0, 40)}`);
  return id;
}

/**
 * A job file back into a job. A torn last line (the process died while writing it) is dropped: the
 * event it carried was not confirmed. Anything else unreadable makes the whole file suspect.
 */
export function parseJobFile(text: string): { job: StoredJob } | { error: string } {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const records: unknown[] = [];
  for (let i = 0; i < lines.length; i++) {
    try {
      records.push(JSON.parse(lines[i]!));
    } catch {
      if (i === lines.length - 1 && i > 0) break;
      return { error: `line ${i + 1} is not JSON` };
    }
  }
  const header = headerSchema.safeParse(records[0]);
  if (!header.success) return { error: records.length === 0 ? 'the file is empty' : 'line 1 is not a job header' };
  const job: StoredJob = {
    id: header.data.id,
    spec: header.data.spec,
    title: header.data.title,
    writes: header.data.writes,
    createdAt: header.data.createdAt,
    state: 'queued',
    steps: [],
    stepsTotal: 0,
    progress: { done: 0, total: null, requests: 0 },
  };
  for (let i = 1; i < records.length; i++) {
    const event = eventSchema.safeParse(records[i]);
    if (!event.success) return { error: `line ${i + 1} is not a job event` };
    apply(job, event.data);
  }
  return { job };
}

function apply(job: StoredJob, event: JobEvent): void {
  switch (event.t) {
    case 'state':
      job.state = event.state;
      job.message = event.message;
      if (event.state === 'running') job.startedAt ??= event.at;
      if (event.state === 'succeeded' || event.state === 'failed' || event.state === 'cancelled') job.finishedAt = event.at;
      return;
    case 'step':
      job.steps.push(event.step);
      return;
    case 'steps':
      job.stepsTotal = event.total;
      return;
    case 'progress':
      job.progress = { done: event.done, total: event.total, requests: event.requests };
      return;
    case 'result':
      job.result = event.result;
      return;
  }
}
