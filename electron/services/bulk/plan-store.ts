/**
 * Bulk plans on the main side (issue #14): the plan job writes each target's record as it is planned
 * (JSON lines in the job's files dir, flushed in batches, so a crash leaves a readable partial plan)
 * and a summary file; the plan table pages through them, the send job reads them all, and the plan is
 * exported for sign-off through the same redaction as everything else main hands out. Only offset
 * indexes are kept in memory (a few plans' worth), never a plan's records.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import {
  AppError,
  bulkPlanSummarySchema,
  type BulkPlanItem,
  type BulkPlanJobParams,
  type BulkPlanOutcome,
  type BulkPlanRecord,
  type BulkPlanSummary,
  type BulkTotals,
  type JobSpec,
  type JobState,
} from '../../../shared/contract';
import { planCsv } from '../../../shared/bulk';
import type { JobFile } from '../core';
import { WriteQueue, writeJsonFile } from '../storage/json-file';
import { PlanIndex, readSlots, recordLine, scanPlanFile } from './plan-file';

export const PLAN_RECORDS_FILE = 'plan.jsonl';
export const PLAN_SUMMARY_FILE = 'plan-summary.json';

export type BulkPlanFormat = 'csv' | 'json';
const EXPORTS: Record<BulkPlanFormat, { file: string; name: string; mime: string }> = {
  csv: { file: 'plan.csv', name: 'bulk-plan.csv', mime: 'text/csv' },
  json: { file: 'plan.export.json', name: 'bulk-plan.json', mime: 'application/json' },
};

/** Buffered record lines are written out past this many bytes (and at flush/finish). */
const FLUSH_BYTES = 256 * 1024;
/** Plans whose offset index stays in memory once no writer holds them. */
const CACHED_INDEXES = 4;
/** Records parsed at once when reading a whole plan. */
const READ_BATCH = 1000;

/** Why a plan job has no plan to show yet. */
const NO_PLAN: Record<JobState, string> = {
  queued: 'it has not started yet.',
  paused: 'it is paused before planning anything.',
  running: 'its first targets are being read.',
  interrupted: 'it was interrupted before planning anything; resume it to plan again.',
  succeeded: 'its files are gone.',
  failed: 'it failed before planning anything.',
  cancelled: 'it was cancelled before planning anything.',
};

/** What a summary says before the plan is done (the writer keeps the totals). */
export type PlanStart = Omit<BulkPlanSummary, 'jobId' | 'complete' | 'totals'>;

export interface PlanWriter {
  /** Buffers the record (written out in batches); records come in index order from 0. */
  append(record: BulkPlanRecord): Promise<void>;
  /** Writes out what is buffered. */
  flush(): Promise<void>;
  /** Totals of the records appended so far. */
  totals(): BulkTotals;
  /** Writes the rest and the summary (its totals as given), and closes the file. */
  finish(summary: BulkPlanSummary): Promise<void>;
}

export interface BulkPlanStoreOptions {
  /** Where a job's files are. */
  filesDir(jobId: string): string;
  /** A job's kind, title and state; throws `not_found` for an unknown job. */
  jobs: { get(jobId: string): { kind: string; title: string; state: JobState } };
  /** What a job was started with (a retry plans again from the original plan's parameters). */
  spec?(jobId: string): Promise<JobSpec>;
  /** Scrubs every credential the app has sent (exports). */
  redact(text: string): string;
}

interface PlanState {
  index: PlanIndex;
  summary?: BulkPlanSummary;
  writer?: LiveWriter;
  queue: WriteQueue;
}

export class BulkPlanStore {
  private readonly plans = new Map<string, PlanState>();

  constructor(private readonly options: BulkPlanStoreOptions) {}

  /**
   * Starts (or, for a resumed plan job, starts again) a plan's files. With `start`, the summary is
   * readable at once (complete: false, live totals) while records are being written.
   */
  writer(jobId: string, start?: PlanStart): PlanWriter {
    const previous = this.plans.get(jobId);
    const state: PlanState = { index: new PlanIndex(), queue: previous?.queue ?? new WriteQueue() };
    if (start) state.summary = { ...start, jobId, complete: false, totals: state.index.totals() };
    const writer = new LiveWriter(this.dir(jobId), state, () => {
      if (state.writer === writer) state.writer = undefined;
      this.trim();
    });
    state.writer = writer;
    this.plans.delete(jobId);
    this.plans.set(jobId, state);
    return writer;
  }

  /** The plan so far: complete once the plan job finished; live totals while it runs. */
  async summary(jobId: string): Promise<BulkPlanSummary> {
    const job = this.planJob(jobId);
    const state = await this.state(jobId);
    const summary = state.summary ?? (state.summary = await this.readSummary(jobId));
    if (!summary) throw new AppError({ code: 'not_found', message: `“${job.title}” has no plan: ${NO_PLAN[job.state]}` });
    return summary.complete ? summary : { ...summary, totals: state.index.totals() };
  }

  /** Every record, in index order (read from the file a batch at a time). */
  async records(jobId: string): Promise<BulkPlanRecord[]> {
    const records: BulkPlanRecord[] = [];
    for await (const batch of this.batches(jobId)) records.push(...batch);
    return records;
  }

  /** Every record in index order, a batch at a time, for callers that need not hold them all. */
  async *batches(jobId: string, size = READ_BATCH): AsyncGenerator<BulkPlanRecord[]> {
    this.planJob(jobId);
    const { index } = await this.state(jobId);
    const count = index.size;
    for (let from = 0; from < count; from += size) {
      const slots = Array.from({ length: Math.min(size, count - from) }, (_v, i) => from + i);
      yield await readSlots(this.recordsPath(jobId), index, slots);
    }
  }

  async record(jobId: string, index: number): Promise<BulkPlanRecord> {
    const job = this.planJob(jobId);
    const state = await this.state(jobId);
    if (index >= state.index.size) {
      throw new AppError({ code: 'not_found', message: `“${job.title}” has no target #${index + 1} (it has ${state.index.size.toLocaleString('en-US')}).` });
    }
    return (await readSlots(this.recordsPath(jobId), state.index, [index]))[0]!;
  }

  /** A page of the plan table: items without the states kept for sending, optionally of one outcome. */
  async items(jobId: string, query: { outcome?: BulkPlanOutcome; offset: number; limit: number }): Promise<{ total: number; items: BulkPlanItem[] }> {
    this.planJob(jobId);
    const state = await this.state(jobId);
    const slots = state.index.slots(query.outcome);
    const page = slots.slice(query.offset, query.offset + query.limit);
    const records = await readSlots(this.recordsPath(jobId), state.index, page);
    return { total: slots.length, items: records.map(itemOf) };
  }

  /** A job's kind, title and state (the plan job names the send job it undoes or retries). */
  job(jobId: string): { kind: string; title: string; state: JobState } {
    return this.options.jobs.get(jobId);
  }

  /** What a plan job was started with. */
  async params(jobId: string): Promise<BulkPlanJobParams> {
    const job = this.planJob(jobId);
    const spec = await this.options.spec?.(jobId);
    if (spec?.kind !== 'bulkPlan') throw new AppError({ code: 'not_found', message: `What “${job.title}” planned from is no longer known.` });
    return spec.params;
  }

  /** Remembers the send job started from this plan (in its summary). */
  async setSendJob(planJobId: string, sendJobId: string): Promise<void> {
    await this.summary(planJobId);
    const state = await this.state(planJobId);
    await state.queue.run(async () => {
      const summary = state.summary ?? (await this.readSummary(planJobId));
      if (!summary) return;
      state.summary = { ...summary, sendJobId };
      await writeJsonFile(join(this.dir(planJobId), PLAN_SUMMARY_FILE), state.summary);
    });
  }

  /** Writes the plan in `format` next to the job's files and describes it, to save or download. */
  async file(jobId: string, format: BulkPlanFormat): Promise<JobFile> {
    const summary = await this.summary(jobId);
    const { file, name, mime } = EXPORTS[format];
    const path = join(this.dir(jobId), file);
    const out = createWriteStream(path);
    const closed = once(out, 'close');
    let bytes = 0;
    const write = async (text: string) => {
      const clean = this.options.redact(text);
      bytes += Buffer.byteLength(clean);
      if (!out.write(clean)) await once(out, 'drain');
    };
    try {
      if (format === 'csv') {
        let first = true;
        for await (const batch of this.batches(jobId)) {
          // planCsv writes a header row: only the first batch keeps it.
          const text = planCsv(batch);
          await write(first ? text : text.slice(text.indexOf('\n') + 1));
          first = false;
        }
        if (first) await write(planCsv([]));
      } else {
        await write(`{\n"summary": ${JSON.stringify(summary)},\n"records": [`);
        let count = 0;
        for await (const batch of this.batches(jobId)) {
          await write(batch.map((r) => `${count++ === 0 ? '\n' : ',\n'}${JSON.stringify(r, maskPasswords)}`).join(''));
        }
        await write(`${count ? '\n' : ''}]\n}\n`);
      }
    } finally {
      out.end();
      await closed;
    }
    return { jobId, path, name, mime, bytes };
  }

  /** Forgets what is cached of a plan (its job was removed). */
  forget(jobId: string): void {
    this.plans.delete(jobId);
  }

  private dir(jobId: string): string {
    return this.options.filesDir(jobId);
  }

  private recordsPath(jobId: string): string {
    return join(this.dir(jobId), PLAN_RECORDS_FILE);
  }

  private planJob(jobId: string) {
    const job = this.options.jobs.get(jobId);
    if (job.kind !== 'bulkPlan') throw new AppError({ code: 'invalid_input', message: `“${job.title}” is not a bulk change plan, so it has no plan.` });
    return job;
  }

  /** The plan's index, written out and up to date: live, cached (caught up with the file) or scanned. */
  private async state(jobId: string): Promise<PlanState> {
    let state = this.plans.get(jobId);
    if (state?.writer) {
      await state.writer.flush();
      return state;
    }
    if (!state) {
      state = { index: new PlanIndex(), queue: new WriteQueue() };
      this.plans.set(jobId, state);
      this.trim();
    } else {
      // Most recently used last.
      this.plans.delete(jobId);
      this.plans.set(jobId, state);
    }
    await scanPlanFile(this.recordsPath(jobId), state.index);
    return state;
  }

  private async readSummary(jobId: string): Promise<BulkPlanSummary | undefined> {
    let text: string;
    try {
      text = await readFile(join(this.dir(jobId), PLAN_SUMMARY_FILE), 'utf8');
    } catch {
      return undefined;
    }
    const parsed = bulkPlanSummarySchema.safeParse(parseJson(text));
    if (!parsed.success) throw new AppError({ code: 'internal', message: `The plan summary of job ${jobId} is not readable.` });
    return parsed.data;
  }

  /** Keeps the indexes of plans being written, and of the few used last. */
  private trim(): void {
    let idle = [...this.plans].filter(([, s]) => !s.writer).length;
    for (const [id, state] of this.plans) {
      if (idle <= CACHED_INDEXES) return;
      if (state.writer) continue;
      this.plans.delete(id);
      idle -= 1;
    }
  }
}

/** A plan being written: lines buffered and appended in order, the index kept as they go. */
class LiveWriter implements PlanWriter {
  private handle?: Promise<FileHandle>;
  private buffer: string[] = [];
  private buffered = 0;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly dir: string,
    private readonly state: PlanState,
    private readonly onClose: () => void,
  ) {}

  async append(record: BulkPlanRecord): Promise<void> {
    if (this.closed) throw new Error('The plan was already finished.');
    const line = recordLine(record);
    const length = Buffer.byteLength(line);
    this.state.index.add(record.index, record.outcome, record.destructive, length);
    this.buffer.push(line);
    this.buffered += length;
    if (this.buffered >= FLUSH_BYTES) await this.flush();
  }

  flush(): Promise<void> {
    const text = this.buffer.join('');
    this.buffer = [];
    this.buffered = 0;
    const previous = this.writing;
    this.writing = (async () => {
      await previous;
      const handle = await this.open();
      if (text) await handle.appendFile(text, 'utf8');
    })();
    return this.writing;
  }

  totals(): BulkTotals {
    return this.state.index.totals();
  }

  async finish(summary: BulkPlanSummary): Promise<void> {
    await this.flush();
    this.closed = true;
    try {
      await (await this.open()).close();
      await this.state.queue.run(async () => {
        // A send job may have been named meanwhile.
        const sendJobId = this.state.summary?.sendJobId;
        this.state.summary = { ...summary, ...(sendJobId && !summary.sendJobId ? { sendJobId } : {}) };
        await writeJsonFile(join(this.dir, PLAN_SUMMARY_FILE), this.state.summary);
      });
    } finally {
      this.onClose();
    }
  }

  /** Opens the records file once, emptied (a resumed plan job plans again from the start). */
  private open(): Promise<FileHandle> {
    this.handle ??= (async () => {
      await mkdir(this.dir, { recursive: true });
      await rm(join(this.dir, PLAN_SUMMARY_FILE), { force: true });
      if (this.state.summary) await writeJsonFile(join(this.dir, PLAN_SUMMARY_FILE), this.state.summary);
      return open(join(this.dir, PLAN_RECORDS_FILE), 'w');
    })();
    return this.handle;
  }
}

/** What the plan table shows of a record. */
export function itemOf(record: BulkPlanRecord): BulkPlanItem {
  const { before: _b, after: _a, etag: _e, operations: _o, paths: _p, bulkId: _i, dependsOn: _d, ...item } = record;
  return item;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const PASSWORD = /^password$/i;
/**
 * A JSON.stringify replacer for the sign-off export: a new password a file sets (RFC 7643's one
 * writeOnly attribute) is sent, but not handed around in a plan for review.
 */
function maskPasswords(this: unknown, key: string, value: unknown): unknown {
  if (PASSWORD.test(key) && value !== undefined && value !== null) return '(password: not exported)';
  // An operation `{ op, path: "password", value }` names it by path.
  if (key === 'value' && this && typeof this === 'object' && PASSWORD.test(String((this as { path?: unknown }).path ?? ''))) return '(password: not exported)';
  return value;
}
