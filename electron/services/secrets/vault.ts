import { z } from 'zod';
import { readJsonFile, writeJsonFile, WriteQueue } from '../storage/json-file';
import { splitTag, tagCiphertext, type SecretCipher } from './cipher';

/** One encrypted value ("scheme:payload") and the origin it was saved for, recorded next to it. */
const sealedSchema = z.object({
  value: z.string(),
  /** Absent only in entries written before origins were recorded; the connection service binds those. */
  origin: z.string().optional(),
});
const sealedHeaderSchema = sealedSchema.extend({ name: z.string() });
const entrySchema = z.object({
  auth: sealedSchema.optional(),
  /** Secret extra headers by lowercase name; `name` keeps the spelling the user gave. */
  headers: z.record(z.string(), sealedHeaderSchema).optional(),
});
type Sealed = z.infer<typeof sealedSchema>;
type Entry = z.infer<typeof entrySchema>;

const vaultFileSchema = z.union([
  z.object({ version: z.literal(2), connections: z.record(z.string(), entrySchema) }),
  // The first version: the auth secret's ciphertext only, without the origin it was saved for.
  z.object({ version: z.literal(1), secrets: z.record(z.string(), z.string()) }).transform(({ secrets }) => ({
    version: 2 as const,
    connections: Object.fromEntries(Object.entries(secrets).map(([id, value]) => [id, { auth: { value } }])),
  })),
]);

export class SecretUnreadableError extends Error {}

/** A secret to write: the plain value and the origin it may be sent to. */
export interface SecretWrite {
  value: string;
  origin: string;
}

/** What to do with one connection's secrets, applied and written at once. */
export interface VaultChange {
  /** Set, remove (null), or leave as it is (undefined). */
  auth?: SecretWrite | null;
  /** The connection's secret headers after the change, by name: a new value, or 'keep' the saved one. Those not listed are removed. Undefined: leave them all. */
  headers?: ReadonlyArray<{ name: string; write: SecretWrite | 'keep' }>;
}

/** A decrypted secret header: its value and the origin it was saved for. */
export interface OpenedHeader {
  name: string;
  value: string;
  origin: string | undefined;
}

/**
 * Connection secrets, encrypted at rest, keyed by connection id: the auth secret and the values of
 * secret extra headers, each with the origin it was saved for. Only the main side holds this.
 */
export class SecretVault {
  private entries = new Map<string, Entry>();
  private readonly queue = new WriteQueue();
  readonly notices: string[] = [];

  private constructor(
    private readonly path: string,
    readonly cipher: SecretCipher,
  ) {}

  static async open(path: string, cipher: SecretCipher): Promise<SecretVault> {
    const vault = new SecretVault(path, cipher);
    const read = await readJsonFile(path, (raw) => vaultFileSchema.parse(raw));
    if (read.state === 'ok') vault.entries = new Map(Object.entries(read.value.connections));
    if (read.state === 'corrupt') {
      vault.notices.push(`The secrets file could not be read and was moved to ${read.movedTo}; re-enter your connections' secrets.`);
    }
    return vault;
  }

  has(id: string): boolean {
    return this.entries.get(id)?.auth !== undefined;
  }

  /** Decrypts the auth secret; throws SecretUnreadableError with a message naming why, never the secret. */
  get(id: string): string | undefined {
    const sealed = this.entries.get(id)?.auth;
    return sealed === undefined ? undefined : this.open(sealed);
  }

  /** The origin the auth secret was saved for; undefined when there is none, or none was recorded. */
  origin(id: string): string | undefined {
    return this.entries.get(id)?.auth?.origin;
  }

  set(id: string, plain: string, origin: string): Promise<void> {
    return this.apply(id, { auth: { value: plain, origin } });
  }

  hasHeader(id: string, name: string): boolean {
    return this.entries.get(id)?.headers?.[name.toLowerCase()] !== undefined;
  }

  headerOrigin(id: string, name: string): string | undefined {
    return this.entries.get(id)?.headers?.[name.toLowerCase()]?.origin;
  }

  /** Decrypts one secret header; undefined when none is saved under that name. */
  getHeader(id: string, name: string): OpenedHeader | undefined {
    const sealed = this.entries.get(id)?.headers?.[name.toLowerCase()];
    return sealed === undefined ? undefined : { name: sealed.name, value: this.open(sealed), origin: sealed.origin };
  }

  /** Applies a change to one connection's secrets and writes the file once. */
  apply(id: string, change: VaultChange): Promise<void> {
    const entry: Entry = { ...this.entries.get(id) };
    if (change.auth === null) delete entry.auth;
    else if (change.auth) entry.auth = this.seal(change.auth);
    if (change.headers) {
      const before = entry.headers ?? {};
      const after: Record<string, Sealed & { name: string }> = {};
      for (const { name, write } of change.headers) {
        const key = name.toLowerCase();
        if (write !== 'keep') after[key] = { name, ...this.seal(write) };
        else if (before[key]) after[key] = { ...before[key], name };
      }
      entry.headers = after;
    }
    return this.put(id, entry);
  }

  /** Records `origin` for the auth secret and headers that have none (entries from before origins were kept). */
  bindUnbound(id: string, origins: { auth: string; headers: string }): Promise<void> {
    const current = this.entries.get(id);
    if (!current) return Promise.resolve();
    let changed = false;
    const entry: Entry = { ...current };
    if (entry.auth && entry.auth.origin === undefined) {
      entry.auth = { ...entry.auth, origin: origins.auth };
      changed = true;
    }
    if (entry.headers) {
      entry.headers = Object.fromEntries(
        Object.entries(entry.headers).map(([key, sealed]) => {
          if (sealed.origin !== undefined) return [key, sealed];
          changed = true;
          return [key, { ...sealed, origin: origins.headers }];
        }),
      );
    }
    return changed ? this.put(id, entry) : Promise.resolve();
  }

  /** Removes every secret of a connection. */
  delete(id: string): Promise<void> {
    if (!this.entries.delete(id)) return Promise.resolve();
    return this.persist();
  }

  copy(fromId: string, toId: string): Promise<void> {
    const entry = this.entries.get(fromId);
    if (entry === undefined) return Promise.resolve();
    this.entries.set(toId, structuredClone(entry));
    return this.persist();
  }

  private seal(write: SecretWrite): Sealed {
    return { value: tagCiphertext(this.cipher.scheme, this.cipher.encrypt(write.value)), origin: write.origin };
  }

  private open(sealed: Sealed): string {
    const parts = splitTag(sealed.value);
    if (!parts) throw new SecretUnreadableError('The stored secret is damaged; enter it again.');
    if (parts.scheme !== this.cipher.scheme) {
      throw new SecretUnreadableError(
        `The stored secret was encrypted with "${parts.scheme}", which this app instance (using "${this.cipher.scheme}") cannot read; enter it again.`,
      );
    }
    try {
      return this.cipher.decrypt(parts.payload);
    } catch {
      throw new SecretUnreadableError('The stored secret could not be decrypted (the key changed?); enter it again.');
    }
  }

  private put(id: string, entry: Entry): Promise<void> {
    const empty = entry.auth === undefined && Object.keys(entry.headers ?? {}).length === 0;
    if (empty) {
      if (!this.entries.has(id)) return Promise.resolve();
      this.entries.delete(id);
    } else this.entries.set(id, entry);
    return this.persist();
  }

  private persist(): Promise<void> {
    return this.queue.run(() => writeJsonFile(this.path, { version: 2, connections: Object.fromEntries(this.entries) }));
  }
}
