/**
 * A plan's records on disk: one JSON line per record, in index order, and an in-memory offset index
 * (a few numbers per record) so that a page, one record or the totals never need the whole file in
 * memory. Each line starts `{"index":N,"outcome":"…","destructive":…`, so the index of a plan read
 * back after a restart is built from line prefixes without parsing every before/after state.
 */
import { open, stat } from 'node:fs/promises';
import { bulkPlanOutcomes, type BulkPlanOutcome, type BulkPlanRecord, type BulkTotals } from '../../../shared/contract';

const OUTCOME_CODE = new Map<BulkPlanOutcome, number>(bulkPlanOutcomes.map((o, i) => [o, i]));
const DESTRUCTIVE_BIT = 0x80;
const PREFIX = /^\{"index":(\d+),"outcome":"([A-Za-z]+)","destructive":(true|false)/;
const NEWLINE = 0x0a;
/** Bytes read at once when scanning or reading runs of records. */
const CHUNK = 1024 * 1024;

/** The line a record is written as: the fields the index reads first, then the rest. */
export function recordLine(record: BulkPlanRecord): string {
  const { index, outcome, destructive, ...rest } = record;
  return `${JSON.stringify({ index, outcome, destructive, ...rest })}\n`;
}

/** Where each record is in the file, and what it is (outcome, destructive), by index. */
export class PlanIndex {
  readonly offsets: number[] = [];
  readonly lengths: number[] = [];
  /** Outcome code, with DESTRUCTIVE_BIT set for deletes and deactivations. */
  readonly kinds: number[] = [];
  /** Bytes of complete lines indexed so far (where the next line starts). */
  bytes = 0;

  get size(): number {
    return this.offsets.length;
  }

  add(index: number, outcome: BulkPlanOutcome, destructive: boolean, length: number): void {
    if (index !== this.size) throw new Error(`Plan records must be written in index order: got ${index}, expected ${this.size}.`);
    const code = OUTCOME_CODE.get(outcome);
    if (code === undefined) throw new Error(`Not a plan outcome: ${outcome}`);
    this.offsets.push(this.bytes);
    this.lengths.push(length);
    this.kinds.push(code | (destructive ? DESTRUCTIVE_BIT : 0));
    this.bytes += length;
  }

  /** Record slots of one outcome (all of them without one), in index order. */
  slots(outcome?: BulkPlanOutcome): number[] {
    if (outcome === undefined) return this.offsets.map((_o, i) => i);
    const code = OUTCOME_CODE.get(outcome)!;
    const slots: number[] = [];
    for (let i = 0; i < this.kinds.length; i++) if ((this.kinds[i]! & ~DESTRUCTIVE_BIT) === code) slots.push(i);
    return slots;
  }

  totals(): BulkTotals {
    const totals: BulkTotals = { change: 0, create: 0, delete: 0, skip: 0, notFound: 0, bad: 0, destructive: 0 };
    for (const kind of this.kinds) {
      totals[bulkPlanOutcomes[kind & ~DESTRUCTIVE_BIT]!] += 1;
      if (kind & DESTRUCTIVE_BIT) totals.destructive += 1;
    }
    return totals;
  }
}

/**
 * Indexes the complete lines of `path` from `index.bytes` on (the file only grows between scans). A
 * torn last line (the process died while writing it) is left out: its record was never confirmed.
 */
export async function scanPlanFile(path: string, index: PlanIndex): Promise<void> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (size <= index.bytes) return;
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK);
    let pending: Buffer[] = [];
    let position = index.bytes;
    while (position < size) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(CHUNK, size - position), position);
      if (bytesRead === 0) break;
      let start = 0;
      for (let i = 0; i < bytesRead; i++) {
        if (buffer[i] !== NEWLINE) continue;
        const line = pending.length ? Buffer.concat([...pending, buffer.subarray(start, i + 1)]) : buffer.subarray(start, i + 1);
        pending = [];
        indexLine(line, index);
        start = i + 1;
      }
      if (start < bytesRead) pending.push(Buffer.from(buffer.subarray(start, bytesRead)));
      position += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

function indexLine(line: Buffer, index: PlanIndex): void {
  const head = PREFIX.exec(line.subarray(0, 200).toString('utf8'));
  if (head) return index.add(Number(head[1]), head[2] as BulkPlanOutcome, head[3] === 'true', line.length);
  // Not written by recordLine (an older or hand-edited file): the whole line says it.
  const record = JSON.parse(line.toString('utf8')) as BulkPlanRecord;
  index.add(record.index, record.outcome, record.destructive, line.length);
}

/** The records at `slots` (ascending), read in runs of adjacent lines. */
export async function readSlots(path: string, index: PlanIndex, slots: readonly number[]): Promise<BulkPlanRecord[]> {
  if (slots.length === 0) return [];
  const handle = await open(path, 'r');
  try {
    const records: BulkPlanRecord[] = [];
    let run: number[] = [];
    const flush = async () => {
      const first = run[0]!;
      const last = run.at(-1)!;
      const start = index.offsets[first]!;
      const buffer = Buffer.alloc(index.offsets[last]! + index.lengths[last]! - start);
      await handle.read(buffer, 0, buffer.length, start);
      for (const slot of run) {
        const at = index.offsets[slot]! - start;
        records.push(JSON.parse(buffer.toString('utf8', at, at + index.lengths[slot]!)) as BulkPlanRecord);
      }
      run = [];
    };
    for (const slot of slots) {
      const adjacent = run.length > 0 && slot === run.at(-1)! + 1 && index.offsets[slot]! - index.offsets[run[0]!]! < CHUNK * 4;
      if (run.length > 0 && !adjacent) await flush();
      run.push(slot);
    }
    await flush();
    return records;
  } finally {
    await handle.close();
  }
}
