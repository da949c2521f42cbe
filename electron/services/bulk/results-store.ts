/**
 * A send job's per-target outcomes (issue #14): every target the plan sends, `pending` until the job
 * decides it, live while the job runs and read back from the job's files after it ends (also after a
 * restart). Two files in the job's directory:
 * - `targets.json`, written once when the send starts: the plan job and every target it sends;
 * - `outcomes.jsonl`, a line per decided target (fsync'd before the job records the step), so the
 *   outcomes survive a crash exactly as far as the step log does; the last line for an index wins.
 */
import { mkdir, open, readFile, rename, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError, type BulkResultCounts, type BulkResultItem, type BulkSendOutcome, type JobDetail } from '../../../shared/contract';

export const TARGETS_FILE = 'targets.json';
export const OUTCOMES_FILE = 'outcomes.jsonl';

/** A result item with what a send job keeps for undo and for the items that depend on it. */
export type SentItem = BulkResultItem & { createdId?: string };
/** What the send job records when it decides a target. */
export type Decision = Pick<SentItem, 'index' | 'outcome' | 'error' | 'exchangeId' | 'createdId'> & { differences?: string[] };

export interface BulkResultsOptions {
  filesDir: (jobId: string) => string;
  /** Read only when asked for results (never in the constructor), so it may be wired after this store. */
  jobs: { get(id: string): Pick<JobDetail, 'kind' | 'title' | 'state'> };
}

interface Loaded {
  planJobId: string;
  /** In plan order. */
  items: SentItem[];
  position: Map<number, number>;
}

/** Finished jobs' results kept in memory after a read (a page at a time is asked for while scrolling). */
const CACHED = 4;

export class BulkResults {
  private readonly live = new Map<string, Loaded>();
  private readonly cache = new Map<string, Loaded>();

  constructor(private readonly options: BulkResultsOptions) {}

  async page(
    jobId: string,
    query: { outcome?: BulkSendOutcome; offset: number; limit: number },
  ): Promise<{ planJobId: string; counts: BulkResultCounts; total: number; items: BulkResultItem[] }> {
    const loaded = await this.load(jobId);
    const counts: BulkResultCounts = { pending: 0, done: 0, failed: 0, conflict: 0, drifted: 0 };
    for (const item of loaded.items) counts[item.outcome] += 1;
    const matching = query.outcome ? loaded.items.filter((item) => item.outcome === query.outcome) : loaded.items;
    const items = matching.slice(query.offset, query.offset + query.limit).map(({ createdId: _createdId, ...item }) => item);
    return { planJobId: loaded.planJobId, counts, total: matching.length, items };
  }

  /** Every target with its outcome (undo and retry plans read this), created ids included. */
  async all(jobId: string): Promise<{ planJobId: string; items: SentItem[] }> {
    const loaded = await this.load(jobId);
    return { planJobId: loaded.planJobId, items: loaded.items.map((item) => ({ ...item })) };
  }

  /**
   * The send job's side: writes the targets (first run) or reads back what an earlier run decided
   * (resume), and keeps the results live until `close`.
   */
  async open(jobId: string, planJobId: string, targets: readonly BulkResultItem[]): Promise<BulkResultsWriter> {
    const dir = this.options.filesDir(jobId);
    await mkdir(dir, { recursive: true });
    let loaded = await readLoaded(dir).catch(() => undefined);
    if (!loaded || loaded.planJobId !== planJobId) {
      const pending = targets.map((t) => ({ ...t, outcome: 'pending' as const, differences: [] }));
      const temp = join(dir, `${TARGETS_FILE}.tmp`);
      await writeFile(temp, JSON.stringify({ v: 1, planJobId, targets: pending.map(withoutOutcome) }));
      await rename(temp, join(dir, TARGETS_FILE));
      await writeFile(join(dir, OUTCOMES_FILE), '');
      loaded = indexed(planJobId, pending);
    }
    this.cache.delete(jobId);
    this.live.set(jobId, loaded);
    const handle = await open(join(dir, OUTCOMES_FILE), 'a+');
    // A line torn by a crash ends where the next run's first line would start: end it first.
    const { size } = await handle.stat();
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) await handle.appendFile('\n', 'utf8');
    }
    return new BulkResultsWriter(loaded, handle, () => {
      this.live.delete(jobId);
    });
  }

  private async load(jobId: string): Promise<Loaded> {
    const job = this.options.jobs.get(jobId);
    if (job.kind !== 'bulkSend') throw new AppError({ code: 'invalid_input', message: `“${job.title}” does not send a bulk change, so it has no results.` });
    const live = this.live.get(jobId) ?? this.cache.get(jobId);
    if (live) return live;
    let loaded: Loaded;
    try {
      loaded = await readLoaded(this.options.filesDir(jobId));
    } catch {
      throw new AppError({
        code: 'not_found',
        message: `“${job.title}” has no results yet: ${job.state === 'queued' ? 'it has not started' : 'it stopped before sending anything'}.`,
      });
    }
    this.cache.set(jobId, loaded);
    while (this.cache.size > CACHED) this.cache.delete(this.cache.keys().next().value!);
    return loaded;
  }
}

/** Records the decisions of one run of a send job. */
export class BulkResultsWriter {
  constructor(
    private readonly loaded: Loaded,
    private readonly handle: FileHandle,
    private readonly onClose: () => void,
  ) {}

  /** The target's outcome so far (decided by an earlier run, or pending). */
  get(index: number): SentItem | undefined {
    const at = this.loaded.position.get(index);
    return at === undefined ? undefined : this.loaded.items[at];
  }

  get items(): readonly SentItem[] {
    return this.loaded.items;
  }

  /** Persists (fsync'd) and shows a decision; call before the job records the step done. */
  async decide(decision: Decision): Promise<void> {
    const at = this.loaded.position.get(decision.index);
    if (at === undefined) throw new Error(`No target ${decision.index} in this send.`);
    const line = { ...decision, differences: decision.differences ?? [] };
    await this.handle.appendFile(`${JSON.stringify(line)}\n`, 'utf8');
    await this.handle.datasync();
    this.loaded.items[at] = { ...this.loaded.items[at]!, ...line };
  }

  async close(): Promise<void> {
    this.onClose();
    await this.handle.close().catch(() => undefined);
  }
}

function withoutOutcome(item: SentItem): Omit<SentItem, 'outcome' | 'differences'> {
  const { outcome: _outcome, differences: _differences, ...rest } = item;
  return rest;
}

function indexed(planJobId: string, items: SentItem[]): Loaded {
  return { planJobId, items, position: new Map(items.map((item, i) => [item.index, i])) };
}

/** The targets and the decisions recorded so far; a torn last line (a crash while writing it) is dropped. */
async function readLoaded(dir: string): Promise<Loaded> {
  const header = JSON.parse(await readFile(join(dir, TARGETS_FILE), 'utf8')) as {
    planJobId: string;
    targets: Array<Omit<SentItem, 'outcome' | 'differences'>>;
  };
  const loaded = indexed(
    header.planJobId,
    header.targets.map((t) => ({ ...t, outcome: 'pending', differences: [] })),
  );
  const text = await readFile(join(dir, OUTCOMES_FILE), 'utf8').catch(() => '');
  for (const raw of text.split('\n')) {
    if (!raw.trim()) continue;
    let decision: Decision;
    try {
      decision = JSON.parse(raw) as Decision;
    } catch {
      continue;
    }
    const at = loaded.position.get(decision.index);
    if (at !== undefined) loaded.items[at] = { ...loaded.items[at]!, ...decision, differences: decision.differences ?? [] };
  }
  return loaded;
}
