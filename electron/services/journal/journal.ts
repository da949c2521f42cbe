import { currentJob } from '../jobs/context';
import { AppError } from '../../../shared/contract/errors';
import type { JournalEntry, JournalEventName, JournalEventPayload, JournalListQuery, JournalSession, JournalSummary } from '../../../shared/contract/journal';
import type { Quirk } from '../../../shared/contract/scim';
import { isDraftKey } from '../connections/draft-key';
import type { HttpClient, RawExchange } from '../http/client';
import { entryContains, entryCost, toJournalEntry, toSummary } from './entry';
import { JournalStore, mergeQuirks } from './store';

export interface RequestJournalOptions {
  /** Where the NDJSON files live (created 0700; files 0600). */
  dir: string;
  /** Bodies are cut at this many bytes (the entry keeps the true size). */
  maxBodyBytes?: number;
  /** A connection's file is rotated before it would grow past this. */
  maxFileBytes?: number;
  /** Files kept per connection, the current one included. */
  maxFiles?: number;
  /** Newest entries kept in memory (all connections together). */
  memoryEntries?: number;
  /** …and at most about this many bytes of them. */
  memoryBytes?: number;
  /** Connections whose files are kept; the least recently written beyond it are deleted. */
  maxSessions?: number;
  /** Where a failure is reported, once per kind of failure. */
  log?: (message: string) => void;
}

export type JournalListener = <E extends JournalEventName>(event: E, payload: JournalEventPayload<E>) => void;

export const JOURNAL_DEFAULTS = {
  maxBodyBytes: 5 * 1024 * 1024,
  maxFileBytes: 20 * 1024 * 1024,
  maxFiles: 5,
  memoryEntries: 2000,
  memoryBytes: 256 * 1024 * 1024,
  maxSessions: 100,
} as const;

/**
 * Every HTTP exchange the main side makes, for the raw request inspector. Exchanges are redacted
 * the moment they are recorded, before they are kept in memory, emitted or written; the newest
 * are kept in memory and every one is appended to disk, so a journal from an earlier run can be
 * reopened. Recording never blocks or fails the request it describes.
 */
export class RequestJournal {
  private readonly memory = new Map<string, { entry: JournalEntry; cost: number }>();
  private memoryCost = 0;
  private readonly listeners = new Set<JournalListener>();
  private readonly detachers = new Set<() => void>();
  private readonly reported = new Set<string>();
  private readonly store: JournalStore;
  private readonly settings: Required<Omit<RequestJournalOptions, 'log'>> & Pick<RequestJournalOptions, 'log'>;

  constructor(options: RequestJournalOptions) {
    this.settings = { ...JOURNAL_DEFAULTS, ...stripUndefined(options), dir: options.dir };
    const { dir, maxFileBytes, maxFiles, maxSessions } = this.settings;
    this.store = new JournalStore({
      dir,
      maxFileBytes,
      maxFiles: Math.max(1, maxFiles),
      maxSessions: Math.max(1, maxSessions),
      onError: (action, error) => this.reportError(action, error),
    });
  }

  /** Records every exchange the client makes from now on; returns a function that stops it. */
  attach(client: Pick<HttpClient, 'observe'>): () => void {
    const detach = client.observe((raw) => {
      try {
        this.record(raw);
      } catch (error) {
        // The request itself must not fail because journaling it did.
        this.reportError('record', error);
      }
    });
    this.detachers.add(detach);
    return () => {
      detach();
      this.detachers.delete(detach);
    };
  }

  /** Redacts, caps, keeps, emits and (in the background) writes one exchange. */
  record(raw: RawExchange): JournalEntry {
    // A job may keep less of each body (an export's pages are in its file already).
    const entry = toJournalEntry(raw, Math.min(this.settings.maxBodyBytes, currentJob()?.journalBodyBytes ?? Infinity));
    this.remember(entry);
    // A draft's exchanges (Test connection before saving) are kept for this run only: see draft-key.ts.
    if (!isDraftKey(entry.connectionId)) this.store.append(entry.connectionId, { type: 'exchange', id: entry.id, entry });
    this.emit('journal.exchange', toSummary(entry));
    return copy(entry);
  }

  /**
   * Adds quirks an exchange showed (parsing happens after the exchange is recorded). Emits
   * `journal.annotated` with the entry's full quirk list. Resolves false for an unknown id.
   */
  async annotate(id: string, quirks: Quirk[]): Promise<boolean> {
    const tagged = quirks.map((q) => ({ ...q, exchangeId: q.exchangeId ?? id }));
    const held = this.memory.get(id)?.entry;
    // In memory (the usual case) it all happens at once; otherwise find it on disk.
    const entry = held ?? (await this.store.read(id).catch(() => undefined));
    if (!entry) return false;
    const merged = mergeQuirks(entry.quirks, tagged);
    if (held) held.quirks = merged;
    if (!isDraftKey(entry.connectionId)) this.store.append(entry.connectionId, { type: 'annotate', id, quirks: tagged, at: new Date().toISOString() });
    this.emit('journal.annotated', { id, quirks: merged.map((q) => ({ ...q })) });
    return true;
  }

  /** Summaries, newest first: from memory, and from disk (earlier runs too) when memory has too few. */
  async list(query: Partial<JournalListQuery> = {}): Promise<JournalSummary[]> {
    const limit = query.limit ?? 200;
    const before = query.beforeStartedAt ? Date.parse(query.beforeStartedAt) : Infinity;
    const matches = (s: JournalSummary) => (!query.connectionId || s.connectionId === query.connectionId) && Date.parse(s.timings.startedAt) < before;
    if (query.text) return this.search(query.text, limit, matches);
    // Memory holds the newest entries, so when it has enough matches they are the answer.
    const fromMemory = [...this.memory.values()].map(({ entry }) => toSummary(entry)).filter(matches);
    if (fromMemory.length >= limit) return newestFirst(fromMemory).slice(0, limit);
    const merged = new Map<string, JournalSummary>();
    for (const summary of await this.store.summaries(query.connectionId)) if (matches(summary)) merged.set(summary.id, summary);
    for (const summary of fromMemory) merged.set(summary.id, summary);
    return newestFirst([...merged.values()]).slice(0, limit);
  }

  /** Entries whose URL or bodies contain the text: memory first (the newest), then every file on disk. */
  private async search(text: string, limit: number, matches: (s: JournalSummary) => boolean): Promise<JournalSummary[]> {
    const needle = text.toLowerCase();
    const found = new Map<string, JournalSummary>();
    for (const { entry } of this.memory.values()) {
      const summary = toSummary(entry);
      if (matches(summary) && entryContains(entry, needle)) found.set(summary.id, summary);
    }
    for (const summary of await this.store.search((entry) => entryContains(entry, needle)))
      if (matches(summary) && !found.has(summary.id)) found.set(summary.id, summary);
    return newestFirst([...found.values()]).slice(0, limit);
  }

  /** One full entry: from memory, else from disk; `not_found` once rotated out or cleared. */
  async get(id: string): Promise<JournalEntry> {
    const held = this.memory.get(id);
    if (held) return copy(held.entry);
    const entry = await this.store.read(id);
    if (!entry) throw new AppError({ code: 'not_found', message: 'That request is no longer in the journal: it was cleared or rotated out.' });
    return entry;
  }

  /** Forgets one connection's entries, or all, in memory and on disk; resolves how many were removed. */
  async clear(connectionId?: string): Promise<number> {
    const removed = new Set<string>();
    for (const [id, held] of this.memory) {
      if (connectionId !== undefined && held.entry.connectionId !== connectionId) continue;
      this.memory.delete(id);
      this.memoryCost -= held.cost;
      removed.add(id);
    }
    for (const id of await this.store.clear(connectionId)) removed.add(id);
    return removed.size;
  }

  /** Connections with a journal on disk (this run's and earlier runs'), most recently active first. */
  sessions(): Promise<JournalSession[]> {
    return this.store.sessions();
  }

  on(listener: JournalListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once everything recorded so far is on disk. */
  flush(): Promise<void> {
    return this.store.flush();
  }

  /** Stops recording and writes what is pending. */
  async close(): Promise<void> {
    for (const detach of this.detachers) detach();
    this.detachers.clear();
    await this.flush();
  }

  private remember(entry: JournalEntry): void {
    const cost = entryCost(entry);
    const previous = this.memory.get(entry.id);
    if (previous) {
      this.memory.delete(entry.id);
      this.memoryCost -= previous.cost;
    }
    this.memory.set(entry.id, { entry, cost });
    this.memoryCost += cost;
    const { memoryEntries, memoryBytes } = this.settings;
    for (const [id, held] of this.memory) {
      if (this.memory.size <= Math.max(1, memoryEntries) && this.memoryCost <= memoryBytes) break;
      if (id === entry.id) break;
      this.memory.delete(id);
      this.memoryCost -= held.cost;
    }
  }

  private emit<E extends JournalEventName>(event: E, payload: JournalEventPayload<E>): void {
    for (const listener of this.listeners) {
      try {
        listener(event, payload);
      } catch (error) {
        this.reportError('emit', error);
      }
    }
  }

  private reportError(action: string, error: unknown): void {
    if (this.reported.has(action)) return;
    this.reported.add(action);
    // File-system errors name a path and a code; other errors are reported by kind only, since
    // their message could quote an exchange.
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    const detail = code ? `${code}: ${(error as Error).message}` : error instanceof Error ? error.name : typeof error;
    const message = `[scim-desk] request journal: ${action} failed (${detail}); further ${action} failures are not logged.`;
    (this.settings.log ?? console.warn)(message);
  }
}

/** Newest first; entries that started in the same millisecond keep the order they were recorded in, newest first. */
function newestFirst(summaries: JournalSummary[]): JournalSummary[] {
  const time = new Map(summaries.map((s) => [s.id, Date.parse(s.timings.startedAt)]));
  return summaries.reverse().sort((a, b) => time.get(b.id)! - time.get(a.id)!);
}

function copy(entry: JournalEntry): JournalEntry {
  return { ...entry, quirks: entry.quirks.map((q) => ({ ...q })) };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
