import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  AppError,
  connectionSettingsSchema,
  demoPersonaSchema,
  type ConnectionDraft,
  type ConnectionSettings,
  type DemoPersonaName,
} from '../../../shared/contract';
import { readJsonFile, writeJsonFile, WriteQueue } from '../storage/json-file';

const storedConnectionSchema = connectionSettingsSchema.extend({
  id: z.string(),
  demo: z.object({ persona: demoPersonaSchema }).optional(),
  /** Names of the secret extra headers; their values are in the secret vault, never here. */
  secretHeaders: z.array(z.object({ name: z.string() })).default([]),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StoredConnection = z.infer<typeof storedConnectionSchema>;
/** What is saved of a connection besides its secrets: the settings and the names of its secret headers. */
export type ProfileSettings = ConnectionSettings & { secretHeaders: { name: string }[] };

const profileFileSchema = z.object({
  version: z.literal(1),
  /** Demo connections are offered once; a user who deletes them keeps them deleted. */
  demoProvisioned: z.boolean().default(false),
  connections: z.array(storedConnectionSchema),
});
type ProfileFile = z.infer<typeof profileFileSchema>;

/** Connection profiles without secrets, in one JSON file in the user data dir. */
export class ConnectionStore {
  private file: ProfileFile = { version: 1, demoProvisioned: false, connections: [] };
  private readonly queue = new WriteQueue();
  readonly notices: string[] = [];

  private constructor(private readonly path: string) {}

  static async open(path: string): Promise<ConnectionStore> {
    const store = new ConnectionStore(path);
    const read = await readJsonFile(path, (raw) => profileFileSchema.parse(raw));
    if (read.state === 'ok') store.file = read.value;
    if (read.state === 'corrupt') {
      store.notices.push(
        `The connections file could not be read (${read.reason}); it was moved to ${read.movedTo} and the app started with no saved connections.`,
      );
      // Don't resurrect demo connections over a file the user may want to recover.
      store.file.demoProvisioned = true;
    }
    return store;
  }

  list(): StoredConnection[] {
    return this.file.connections.map((c) => ({ ...c }));
  }

  get(id: string): StoredConnection {
    const found = this.file.connections.find((c) => c.id === id);
    if (!found) throw new AppError({ code: 'not_found', message: `No connection with id "${id}" exists (was it deleted?).` });
    return { ...found };
  }

  get demoProvisioned(): boolean {
    return this.file.demoProvisioned;
  }

  async provisionDemo(entries: { name: string; persona: DemoPersonaName; settings: ConnectionSettings }[]): Promise<StoredConnection[]> {
    const created = entries.map((entry) => this.newStored({ ...entry.settings, secretHeaders: [] }, { persona: entry.persona }));
    await this.mutate((file) => {
      file.connections.push(...created);
      file.demoProvisioned = true;
    });
    return created;
  }

  async create(settings: ProfileSettings): Promise<StoredConnection> {
    const created = this.newStored(settings);
    await this.mutate((file) => void file.connections.push(created));
    return created;
  }

  async update(id: string, settings: ProfileSettings): Promise<StoredConnection> {
    const current = this.get(id);
    const updated: StoredConnection = { ...current, ...settings, id, demo: current.demo, updatedAt: new Date().toISOString() };
    await this.mutate((file) => {
      file.connections = file.connections.map((c) => (c.id === id ? updated : c));
    });
    return updated;
  }

  /** Rewrites profiles in place (a file-format migration: `updatedAt` stays), in one write. */
  async rewrite(changes: ReadonlyMap<string, Partial<ProfileSettings>>): Promise<void> {
    if (changes.size === 0) return;
    await this.mutate((file) => {
      file.connections = file.connections.map((c) => ({ ...c, ...changes.get(c.id) }));
    });
  }

  async duplicate(id: string): Promise<StoredConnection> {
    const source = this.get(id);
    const names = new Set(this.file.connections.map((c) => c.name));
    let name = `${source.name} (copy)`;
    for (let n = 2; names.has(name); n++) name = `${source.name} (copy ${n})`;
    const { id: _id, createdAt: _c, updatedAt: _u, demo, ...settings } = source;
    const copy = this.newStored({ ...settings, name }, demo);
    await this.mutate((file) => void file.connections.push(copy));
    return copy;
  }

  async delete(id: string): Promise<void> {
    this.get(id);
    await this.mutate((file) => {
      file.connections = file.connections.filter((c) => c.id !== id);
    });
  }

  private newStored(settings: ProfileSettings, demo?: { persona: DemoPersonaName }): StoredConnection {
    const now = new Date().toISOString();
    return { ...settings, id: randomUUID(), ...(demo ? { demo } : {}), createdAt: now, updatedAt: now };
  }

  private mutate(change: (file: ProfileFile) => void): Promise<void> {
    return this.queue.run(async () => {
      const next = structuredClone(this.file);
      change(next);
      await writeJsonFile(this.path, next);
      this.file = next;
    });
  }
}

export type { ConnectionDraft };
