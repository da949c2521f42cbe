import { createHash } from 'node:crypto';
import { appendFile, chmod, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { journalEntrySchema, type JournalEntry, type JournalSession, type JournalSummary } from '../../../shared/contract/journal';
import { quirkSchema, type Quirk } from '../../../shared/contract/scim';
import { isDraftKey } from '../connections/draft-key';
import { WriteQueue } from '../storage/json-file';
import { toSummary } from './entry';

/**
 * The journal on disk: one NDJSON file per connection, `<name>.ndjson`, rotated to `<name>.1.ndjson`
 * … `<name>.<maxFiles-1>.ndjson` when it would grow past `maxFileBytes`, the oldest deleted. Lines
 * are `{"type":"exchange","id","entry"}` or `{"type":"annotate","id","quirks","at"}`; everything
 * written is already redacted. Every disk operation runs through one queue, so reads never see a
 * rotation half done; appends are batched and never make the caller wait.
 */
export interface JournalStoreOptions {
  dir: string;
  maxFileBytes: number;
  maxFiles: number;
  /** Connections with files kept; the least recently written beyond it are deleted. */
  maxSessions: number;
  onError: (action: string, error: unknown) => void;
}

export type JournalLine = { type: 'exchange'; id: string; entry: JournalEntry } | { type: 'annotate'; id: string; quirks: Quirk[]; at: string };

interface IndexedEntry {
  summary: JournalSummary;
  offset: number;
  length: number;
}

/** What has been parsed of one file, kept by inode so it survives rotation's renames. */
interface FileIndex {
  base: string;
  path: string;
  generation: number;
  size: number;
  parsed: number;
  entries: Map<string, IndexedEntry>;
  annotations: Map<string, Quirk[]>;
}

const FILE_NAME = /^([A-Za-z0-9_-]+?)(?:\.(\d+))?\.ndjson$/;
const annotationSchema = z.array(quirkSchema);

/** A file-name-safe form of a connection id, distinct for distinct ids. */
export function safeName(connectionId: string): string {
  const cleaned = connectionId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80);
  if (cleaned === connectionId && cleaned && !/^(con|prn|aux|nul|com\d|lpt\d)$/i.test(cleaned)) return cleaned;
  return `${cleaned || 'c'}-${createHash('sha256').update(connectionId).digest('hex').slice(0, 12)}`;
}

export function mergeQuirks(...lists: Quirk[][]): Quirk[] {
  const seen = new Map<string, Quirk>();
  for (const list of lists) for (const q of list) seen.set(`${q.code}\u0000${q.message}\u0000${q.exchangeId ?? ''}`, q);
  return [...seen.values()];
}

export class JournalStore {
  private readonly queue = new WriteQueue();
  private pending = new Map<string, string[]>();
  private drainScheduled = false;
  private dirReady = false;
  private readonly sizes = new Map<string, number>();
  private readonly indexes = new Map<string, FileIndex>();

  constructor(private readonly options: JournalStoreOptions) {}

  /** Queues a line for the connection's file; returns at once. */
  append(connectionId: string, line: JournalLine): void {
    const base = safeName(connectionId);
    const lines = this.pending.get(base) ?? [];
    lines.push(`${JSON.stringify(line)}\n`);
    this.pending.set(base, lines);
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    void this.queue.run(async () => {
      await new Promise((resolve) => setImmediate(resolve));
      await this.drain();
    });
  }

  /** Resolves once every line appended so far is on disk (or has failed). */
  flush(): Promise<void> {
    return this.queue.run(() => this.drain());
  }

  /** Summaries on disk (annotations merged), for one connection or all, in the order they were written. */
  summaries(connectionId?: string): Promise<JournalSummary[]> {
    return this.queue.run(async () => {
      await this.drain();
      const out: JournalSummary[] = [];
      for (const files of (await this.scan(connectionId)).values()) {
        // Oldest file first and lines in file order: the order they were appended.
        for (const file of [...files].reverse()) {
          for (const [id, { summary }] of file.entries) out.push({ ...summary, quirks: mergeQuirks(summary.quirks, ...annotationsFor(files, id)) });
        }
      }
      return out;
    });
  }

  /** Summaries of the entries on disk that pass `test` (each line read whole: a search, not a listing). */
  search(test: (entry: JournalEntry) => boolean): Promise<JournalSummary[]> {
    return this.queue.run(async () => {
      await this.drain();
      const out: JournalSummary[] = [];
      for (const files of (await this.scan()).values()) {
        for (const file of files) {
          let text: string;
          try {
            text = await readFile(file.path, 'utf8');
          } catch (error) {
            this.options.onError('read', error);
            continue;
          }
          for (const line of text.split('\n')) {
            if (!line.includes('"entry"')) continue;
            try {
              const parsed = journalEntrySchema.safeParse((JSON.parse(line) as { entry?: unknown }).entry);
              if (parsed.success && test(parsed.data))
                out.push({ ...toSummary(parsed.data), quirks: mergeQuirks(parsed.data.quirks, ...annotationsFor(files, parsed.data.id)) });
            } catch {
              // A torn last line (the app stopped mid-write) is skipped, as the index does.
            }
          }
        }
      }
      return out;
    });
  }

  /** One full entry from disk, annotations merged. */
  read(id: string): Promise<JournalEntry | undefined> {
    return this.queue.run(async () => {
      await this.drain();
      for (const files of (await this.scan()).values()) {
        const file = files.find((f) => f.entries.has(id));
        if (!file) continue;
        const { offset, length } = file.entries.get(id)!;
        try {
          const handle = await open(file.path, 'r');
          try {
            const buffer = Buffer.alloc(length);
            await handle.read(buffer, 0, length, offset);
            const line = JSON.parse(buffer.toString('utf8')) as { entry?: unknown };
            const entry = journalEntrySchema.parse(line.entry);
            return { ...entry, quirks: mergeQuirks(entry.quirks, ...annotationsFor(files, id)) };
          } finally {
            await handle.close();
          }
        } catch (error) {
          this.options.onError('read', error);
          return undefined;
        }
      }
      return undefined;
    });
  }

  /** Deletes the files (and unwritten lines) of one connection, or all; returns the entry ids they held. */
  clear(connectionId?: string): Promise<Set<string>> {
    const base = connectionId === undefined ? undefined : safeName(connectionId);
    if (base === undefined) this.pending.clear();
    else this.pending.delete(base);
    return this.queue.run(async () => {
      const removed = new Set<string>();
      const sessions = await this.scan(connectionId);
      for (const [name, files] of sessions) {
        for (const file of files) for (const id of file.entries.keys()) removed.add(id);
        await Promise.all(files.map((f) => rm(f.path, { force: true }).catch((error) => this.options.onError('clear', error))));
        this.forget(name);
      }
      return removed;
    });
  }

  /** Connections with journals on disk, most recently active first (drafts' throwaway keys left out). */
  sessions(): Promise<JournalSession[]> {
    return this.queue.run(async () => {
      await this.drain();
      const out: JournalSession[] = [];
      for (const files of (await this.scan()).values()) {
        let newest: JournalSummary | undefined;
        let oldest: JournalSummary | undefined;
        const ids = new Set<string>();
        // Oldest file first and lines in file order: the order they were appended.
        for (const file of [...files].reverse()) {
          for (const [id, { summary }] of file.entries) {
            ids.add(id);
            if (!newest || summary.timings.startedAt > newest.timings.startedAt) newest = summary;
            if (!oldest || summary.timings.startedAt < oldest.timings.startedAt) oldest = summary;
          }
        }
        // Journals of drafts written by earlier versions are not connections to pick from.
        if (!newest || !oldest || isDraftKey(newest.connectionId)) continue;
        out.push({
          connectionId: newest.connectionId,
          connectionName: newest.connectionName,
          entries: ids.size,
          bytes: files.reduce((sum, f) => sum + f.size, 0),
          oldest: oldest.timings.startedAt,
          newest: newest.timings.startedAt,
        });
      }
      return out.sort((a, b) => (b.newest ?? '').localeCompare(a.newest ?? ''));
    });
  }

  private path(base: string, generation: number): string {
    return join(this.options.dir, generation === 0 ? `${base}.ndjson` : `${base}.${generation}.ndjson`);
  }

  private async ensureDir(): Promise<void> {
    if (this.dirReady) return;
    await mkdir(this.options.dir, { recursive: true, mode: 0o700 });
    await chmod(this.options.dir, 0o700).catch(() => undefined);
    this.dirReady = true;
  }

  private async drain(): Promise<void> {
    this.drainScheduled = false;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    try {
      await this.ensureDir();
    } catch (error) {
      this.options.onError('write', error);
      return;
    }
    for (const [base, lines] of batch) {
      try {
        await this.write(base, lines);
      } catch (error) {
        this.sizes.delete(base);
        this.options.onError('write', error);
      }
    }
  }

  private async write(base: string, lines: string[]): Promise<void> {
    const file = this.path(base, 0);
    let size = this.sizes.get(base);
    let created = false;
    let chunk = '';
    let chunkBytes = 0;
    if (size === undefined) {
      size = await stat(file).then(
        (s) => s.size,
        () => -1,
      );
      created = size < 0;
      size = Math.max(size, 0);
      // A line cut short by a crash in an earlier run must not swallow the first line of this one.
      if (size > 0 && !(await endsWithNewline(file, size))) {
        chunk = '\n';
        chunkBytes = 1;
      }
    }
    for (const line of lines) {
      const bytes = Buffer.byteLength(line, 'utf8');
      if (size + chunkBytes > 0 && size + chunkBytes + bytes > this.options.maxFileBytes) {
        if (chunk) await appendFile(file, chunk, { mode: 0o600 });
        size += chunkBytes;
        chunk = '';
        chunkBytes = 0;
        await this.rotate(base);
        size = 0;
      }
      chunk += line;
      chunkBytes += bytes;
    }
    if (chunk) await appendFile(file, chunk, { mode: 0o600 });
    this.sizes.set(base, size + chunkBytes);
    if (created) await this.pruneSessions(base);
  }

  private async rotate(base: string): Promise<void> {
    const { maxFiles } = this.options;
    if (maxFiles <= 1) {
      await rm(this.path(base, 0), { force: true });
      return;
    }
    await rm(this.path(base, maxFiles - 1), { force: true });
    for (let generation = maxFiles - 2; generation >= 0; generation--) {
      await rename(this.path(base, generation), this.path(base, generation + 1)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
  }

  /** Keeps at most `maxSessions` connections' files (throwaway draft keys would otherwise pile up). */
  private async pruneSessions(keep: string): Promise<void> {
    const groups = await this.listFiles();
    if (groups.size <= this.options.maxSessions) return;
    const byActivity: { base: string; mtime: number }[] = [];
    for (const [base, files] of groups) {
      if (base === keep) continue;
      const times = await Promise.all(
        files.map((f) =>
          stat(f.path).then(
            (s) => s.mtimeMs,
            () => 0,
          ),
        ),
      );
      byActivity.push({ base, mtime: Math.max(0, ...times) });
    }
    byActivity.sort((a, b) => a.mtime - b.mtime);
    for (const { base } of byActivity.slice(0, groups.size - this.options.maxSessions)) {
      await Promise.all(groups.get(base)!.map((f) => rm(f.path, { force: true })));
      this.forget(base);
    }
  }

  private forget(base: string): void {
    this.sizes.delete(base);
    for (const [key, index] of this.indexes) if (index.base === base) this.indexes.delete(key);
  }

  private async listFiles(): Promise<Map<string, { path: string; generation: number }[]>> {
    const groups = new Map<string, { path: string; generation: number }[]>();
    let names: string[];
    try {
      names = await readdir(this.options.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.options.onError('read', error);
      return groups;
    }
    for (const name of names) {
      const match = FILE_NAME.exec(name);
      if (!match) continue;
      const files = groups.get(match[1]) ?? [];
      files.push({ path: join(this.options.dir, name), generation: Number(match[2] ?? 0) });
      groups.set(match[1], files);
    }
    for (const files of groups.values()) files.sort((a, b) => a.generation - b.generation);
    return groups;
  }

  /** Brings the index of each file up to date, reading only what was appended since the last scan. */
  private async scan(connectionId?: string): Promise<Map<string, FileIndex[]>> {
    const only = connectionId === undefined ? undefined : safeName(connectionId);
    const out = new Map<string, FileIndex[]>();
    const seen = new Set<string>();
    for (const [base, files] of await this.listFiles()) {
      if (only !== undefined && base !== only) continue;
      const indexed: FileIndex[] = [];
      for (const { path, generation } of files) {
        try {
          const index = await this.indexFile(base, path, generation);
          if (index) {
            seen.add(index.path);
            indexed.push(index);
          }
        } catch (error) {
          this.options.onError('read', error);
        }
      }
      if (indexed.length > 0) out.set(base, indexed);
    }
    for (const [key, index] of this.indexes) if ((only === undefined || index.base === only) && !seen.has(index.path)) this.indexes.delete(key);
    return out;
  }

  private async indexFile(base: string, path: string, generation: number): Promise<FileIndex | undefined> {
    const handle = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (!handle) return undefined;
    try {
      const info = await handle.stat();
      const key = `${info.dev}:${info.ino}`;
      let index = this.indexes.get(key);
      if (!index || info.size < index.parsed) {
        index = { base, path, generation, size: 0, parsed: 0, entries: new Map(), annotations: new Map() };
        this.indexes.set(key, index);
      }
      Object.assign(index, { base, path, generation, size: info.size });
      if (info.size > index.parsed) {
        const buffer = Buffer.alloc(info.size - index.parsed);
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, index.parsed);
        index.parsed += parseLines(buffer.subarray(0, bytesRead), index.parsed, index);
      }
      return index;
    } finally {
      await handle.close();
    }
  }
}

async function endsWithNewline(path: string, size: number): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, size - 1);
    return byte[0] === 10;
  } finally {
    await handle.close();
  }
}

/** Parses whole lines from `buffer` (which starts at `start` in the file); returns the bytes consumed. */
function parseLines(buffer: Buffer, start: number, index: FileIndex): number {
  let position = 0;
  for (let newline = buffer.indexOf(10, position); newline >= 0; newline = buffer.indexOf(10, position)) {
    const text = buffer.toString('utf8', position, newline);
    const offset = start + position;
    position = newline + 1;
    let line: { type?: unknown; id?: unknown; entry?: unknown; quirks?: unknown };
    try {
      line = JSON.parse(text) as typeof line;
    } catch {
      continue; // a line cut short by a crash: skip it
    }
    if (typeof line.id !== 'string') continue;
    if (line.type === 'exchange') {
      const entry = journalEntrySchema.safeParse(line.entry);
      if (entry.success) index.entries.set(line.id, { summary: toSummary(entry.data), offset, length: newline - (offset - start) });
    } else if (line.type === 'annotate') {
      const quirks = annotationSchema.safeParse(line.quirks);
      if (quirks.success) index.annotations.set(line.id, mergeQuirks(index.annotations.get(line.id) ?? [], quirks.data));
    }
  }
  return position;
}

/** The annotations for an entry across a connection's files, oldest file first. */
function annotationsFor(files: FileIndex[], id: string): Quirk[][] {
  return [...files]
    .sort((a, b) => b.generation - a.generation)
    .map((f) => f.annotations.get(id) ?? [])
    .filter((list) => list.length > 0);
}
