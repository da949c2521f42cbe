import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, readFile, stat } from 'node:fs/promises';
import { writeTextFileExclusive } from '../storage/json-file';

/**
 * Encrypts secrets at rest. Ciphertext is tagged with its scheme ("scheme:payload") so a vault
 * written by one protection (Electron safeStorage) is never fed to another (the web shell's key file).
 */
export interface SecretCipher {
  readonly scheme: string;
  readonly description: string;
  /** True when the key is held by the OS (keychain, DPAPI, libsecret), not by a file next to the data. */
  readonly osBacked: boolean;
  encrypt(plain: string): string;
  decrypt(payload: string): string;
}

export function tagCiphertext(scheme: string, payload: string): string {
  return `${scheme}:${payload}`;
}

export function splitTag(tagged: string): { scheme: string; payload: string } | null {
  const at = tagged.indexOf(':');
  if (at <= 0) return null;
  return { scheme: tagged.slice(0, at), payload: tagged.slice(at + 1) };
}

const KEY_FILE_SCHEME = 'aes-256-gcm-keyfile-v1';

/** AES-256-GCM with a random key kept in a mode-0600 file in the user data dir (web shell). */
export class KeyFileCipher implements SecretCipher {
  readonly scheme = KEY_FILE_SCHEME;
  readonly osBacked = false;
  readonly description: string;
  private constructor(
    private readonly key: Buffer,
    keyPath: string,
  ) {
    this.description = `AES-256-GCM with a key file readable only by you (${keyPath})`;
  }

  static async open(keyPath: string): Promise<KeyFileCipher> {
    await writeTextFileExclusive(keyPath, randomBytes(32).toString('base64'), 0o600);
    const info = await stat(keyPath);
    // A key file others can read protects nothing; tighten it rather than refuse to start.
    if ((info.mode & 0o077) !== 0) await chmod(keyPath, 0o600);
    const key = Buffer.from((await readFile(keyPath, 'utf8')).trim(), 'base64');
    if (key.length !== 32) throw new Error(`The key file ${keyPath} is damaged (expected 32 bytes of base64).`);
    return new KeyFileCipher(key, keyPath);
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64')).join('.');
  }

  decrypt(payload: string): string {
    const [iv, tag, body] = payload.split('.').map((part) => Buffer.from(part, 'base64'));
    if (!iv || !tag || !body) throw new Error('malformed ciphertext');
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  }
}
