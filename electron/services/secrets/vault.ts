import { z } from 'zod';
import { readJsonFile, writeJsonFile, WriteQueue } from '../storage/json-file';
import { splitTag, tagCiphertext, type SecretCipher } from './cipher';

const vaultFileSchema = z.object({ version: z.literal(1), secrets: z.record(z.string(), z.string()) });

export class SecretUnreadableError extends Error {}

/** Connection secrets, encrypted at rest, keyed by connection id. Only the main side holds this. */
export class SecretVault {
  private secrets = new Map<string, string>();
  private readonly queue = new WriteQueue();
  readonly notices: string[] = [];

  private constructor(private readonly path: string, readonly cipher: SecretCipher) {}

  static async open(path: string, cipher: SecretCipher): Promise<SecretVault> {
    const vault = new SecretVault(path, cipher);
    const read = await readJsonFile(path, (raw) => vaultFileSchema.parse(raw));
    if (read.state === 'ok') vault.secrets = new Map(Object.entries(read.value.secrets));
    if (read.state === 'corrupt') {
      vault.notices.push(`The secrets file could not be read and was moved to ${read.movedTo}; re-enter your connections' secrets.`);
    }
    return vault;
  }

  has(id: string): boolean {
    return this.secrets.has(id);
  }

  /** Decrypts a secret; throws SecretUnreadableError with a message naming why, never the secret. */
  get(id: string): string | undefined {
    const tagged = this.secrets.get(id);
    if (tagged === undefined) return undefined;
    const parts = splitTag(tagged);
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

  set(id: string, plain: string): Promise<void> {
    this.secrets.set(id, tagCiphertext(this.cipher.scheme, this.cipher.encrypt(plain)));
    return this.persist();
  }

  delete(id: string): Promise<void> {
    if (!this.secrets.delete(id)) return Promise.resolve();
    return this.persist();
  }

  copy(fromId: string, toId: string): Promise<void> {
    const tagged = this.secrets.get(fromId);
    if (tagged === undefined) return Promise.resolve();
    this.secrets.set(toId, tagged);
    return this.persist();
  }

  private persist(): Promise<void> {
    return this.queue.run(() => writeJsonFile(this.path, { version: 1, secrets: Object.fromEntries(this.secrets) }));
  }
}
