import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { connectionFiltersSchema, FILTER_HISTORY_LIMIT, type ConnectionFilters } from '../../shared/contract';
import { readJsonFile, writeJsonFile, WriteQueue } from './storage/json-file';

/** saved-filters.json: each connection's saved filters and run history, by connection id. */
const fileSchema = z.object({
  version: z.literal(1),
  connections: z.record(z.string(), connectionFiltersSchema),
});
type FiltersFile = z.infer<typeof fileSchema>;

const empty = (): ConnectionFilters => ({ saved: [], history: [] });
const copy = (value: ConnectionFilters): ConnectionFilters => ({ saved: value.saved.map((s) => ({ ...s })), history: value.history.map((h) => ({ ...h })) });

/** The filter builder's saved filters and history, persisted in the data dir (atomic writes, one at a time). */
export class SavedFilterStore {
  private file: FiltersFile = { version: 1, connections: {} };
  private readonly queue = new WriteQueue();
  readonly notices: string[] = [];

  private constructor(
    private readonly path: string,
    private readonly now: () => Date,
  ) {}

  static async open(path: string, options: { now?: () => Date } = {}): Promise<SavedFilterStore> {
    const store = new SavedFilterStore(path, options.now ?? (() => new Date()));
    const read = await readJsonFile(path, (raw) => fileSchema.parse(raw));
    if (read.state === 'ok') store.file = read.value;
    if (read.state === 'corrupt') store.notices.push(`The saved filters file could not be read; it was moved to ${read.movedTo} and starts empty.`);
    return store;
  }

  list(connectionId: string): ConnectionFilters {
    return copy(this.file.connections[connectionId] ?? empty());
  }

  /** Saves a named filter; the same name (any case) is replaced. Newest first. */
  save(connectionId: string, input: { name: string; endpoint: string; filter: string }): Promise<ConnectionFilters> {
    return this.change(connectionId, (current) => {
      const name = input.name.trim();
      const kept = current.saved.filter((s) => s.name.toLowerCase() !== name.toLowerCase());
      const saved = { id: randomUUID(), name, endpoint: input.endpoint, filter: input.filter, savedAt: this.now().toISOString() };
      return { ...current, saved: [saved, ...kept] };
    });
  }

  delete(connectionId: string, id: string): Promise<ConnectionFilters> {
    return this.change(connectionId, (current) => ({ ...current, saved: current.saved.filter((s) => s.id !== id) }));
  }

  /** Puts a filter run on top of the history; a repeat moves up, the oldest beyond the limit go. */
  addHistory(connectionId: string, input: { endpoint: string; filter: string }): Promise<ConnectionFilters> {
    return this.change(connectionId, (current) => {
      const rest = current.history.filter((h) => !(h.endpoint === input.endpoint && h.filter === input.filter));
      const entry = { endpoint: input.endpoint, filter: input.filter, ranAt: this.now().toISOString() };
      return { ...current, history: [entry, ...rest].slice(0, FILTER_HISTORY_LIMIT) };
    });
  }

  /** Forgets a deleted connection's filters. */
  forget(connectionId: string): Promise<void> {
    return this.queue.run(async () => {
      if (!(connectionId in this.file.connections)) return;
      const connections = { ...this.file.connections };
      delete connections[connectionId];
      const next: FiltersFile = { version: 1, connections };
      await writeJsonFile(this.path, next);
      this.file = next;
    });
  }

  private change(connectionId: string, edit: (current: ConnectionFilters) => ConnectionFilters): Promise<ConnectionFilters> {
    return this.queue.run(async () => {
      const updated = edit(this.list(connectionId));
      const next: FiltersFile = { version: 1, connections: { ...this.file.connections, [connectionId]: updated } };
      await writeJsonFile(this.path, next);
      this.file = next;
      return copy(updated);
    });
  }
}
