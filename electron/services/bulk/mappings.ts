import { z } from 'zod';
import { bulkMappingSchema, type BulkMapping } from '../../../shared/contract';
import { normalizeEndpoint } from '../../../shared/scim';
import { readJsonFile, writeJsonFile, WriteQueue } from '../storage/json-file';

/** bulk-mappings.json: the column mapping last used per connection and endpoint, newest first. */
const entrySchema = z.object({ connectionId: z.string(), endpoint: z.string(), mapping: bulkMappingSchema, savedAt: z.string() });
const fileSchema = z.object({ version: z.literal(1), mappings: z.array(entrySchema) });
type MappingsFile = z.infer<typeof fileSchema>;

/** Mappings kept in all: the oldest beyond this are forgotten (one file's columns, not worth more). */
export const MAPPINGS_KEPT = 200;

/** The bulk import's remembered column mappings, persisted in the data dir (atomic writes, one at a time). */
export class BulkMappingStore {
  private file: MappingsFile = { version: 1, mappings: [] };
  private readonly queue = new WriteQueue();
  readonly notices: string[] = [];

  private constructor(
    private readonly path: string,
    private readonly now: () => Date,
  ) {}

  static async open(path: string, options: { now?: () => Date } = {}): Promise<BulkMappingStore> {
    const store = new BulkMappingStore(path, options.now ?? (() => new Date()));
    const read = await readJsonFile(path, (raw) => fileSchema.parse(raw));
    if (read.state === 'ok') store.file = read.value;
    if (read.state === 'corrupt') store.notices.push(`The remembered bulk mappings could not be read; the file was moved to ${read.movedTo} and starts empty.`);
    return store;
  }

  /** The mapping last saved for this connection and endpoint ("/Users" and "users" are the same). */
  get(connectionId: string, endpoint: string): BulkMapping | null {
    const key = normalizeEndpoint(endpoint);
    const entry = this.file.mappings.find((m) => m.connectionId === connectionId && m.endpoint === key);
    return entry ? structuredClone(entry.mapping) : null;
  }

  save(connectionId: string, endpoint: string, mapping: BulkMapping): Promise<void> {
    const key = normalizeEndpoint(endpoint);
    return this.write((mappings) => [
      { connectionId, endpoint: key, mapping, savedAt: this.now().toISOString() },
      ...mappings.filter((m) => !(m.connectionId === connectionId && m.endpoint === key)),
    ]);
  }

  /** Forgets a deleted connection's mappings. */
  forget(connectionId: string): Promise<void> {
    if (!this.file.mappings.some((m) => m.connectionId === connectionId)) return Promise.resolve();
    return this.write((mappings) => mappings.filter((m) => m.connectionId !== connectionId));
  }

  private write(edit: (mappings: MappingsFile['mappings']) => MappingsFile['mappings']): Promise<void> {
    return this.queue.run(async () => {
      const next: MappingsFile = { version: 1, mappings: edit(this.file.mappings).slice(0, MAPPINGS_KEPT) };
      await writeJsonFile(this.path, next);
      this.file = next;
    });
  }
}
