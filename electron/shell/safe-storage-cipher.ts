import { join } from 'node:path';
import type { SafeStorage } from 'electron';
import { KeyFileCipher, type SecretCipher } from '../services/secrets/cipher';

export const SAFE_STORAGE_SCHEME = 'electron-safe-storage-v1';

type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'>;

const LINUX_BACKENDS: Record<string, string> = {
  gnome_libsecret: 'the Secret Service (libsecret)',
  kwallet: 'KWallet',
  kwallet5: 'KWallet 5',
  kwallet6: 'KWallet 6',
};

function describe(storage: SafeStorageLike, platform: NodeJS.Platform): { description: string; osBacked: boolean } {
  if (platform === 'darwin') return { description: 'Electron safeStorage, key held by the macOS Keychain', osBacked: true };
  if (platform === 'win32') return { description: 'Electron safeStorage, key protected by Windows DPAPI', osBacked: true };
  const backend = storage.getSelectedStorageBackend?.() ?? 'unknown';
  if (backend === 'basic_text') {
    return {
      description: 'Electron safeStorage without an OS keyring (basic_text): secrets are only obfuscated with a fixed key, not protected by the OS',
      osBacked: false,
    };
  }
  const name = LINUX_BACKENDS[backend];
  if (name) return { description: `Electron safeStorage, key held by ${name}`, osBacked: true };
  return { description: `Electron safeStorage (keyring backend "${backend}" could not be identified)`, osBacked: false };
}

/** Secrets encrypted by the OS keyring via Electron safeStorage; payload is the ciphertext in base64. */
export class SafeStorageCipher implements SecretCipher {
  readonly scheme = SAFE_STORAGE_SCHEME;
  readonly description: string;
  readonly osBacked: boolean;

  constructor(
    private readonly storage: SafeStorageLike,
    platform: NodeJS.Platform = process.platform,
  ) {
    ({ description: this.description, osBacked: this.osBacked } = describe(storage, platform));
  }

  encrypt(plain: string): string {
    return this.storage.encryptString(plain).toString('base64');
  }

  decrypt(payload: string): string {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(payload)) throw new Error('malformed ciphertext');
    return this.storage.decryptString(Buffer.from(payload, 'base64'));
  }
}

/** Throws when the OS offers no encryption (e.g. Linux without a keyring before 'ready', or headless). */
export function createSafeStorageCipher(storage: SafeStorageLike, platform: NodeJS.Platform = process.platform): SafeStorageCipher {
  if (!storage.isEncryptionAvailable()) {
    throw new Error('Electron safeStorage reports that OS-backed encryption is not available on this system.');
  }
  return new SafeStorageCipher(storage, platform);
}

/** A cipher whose description also says why it was chosen; encryption is the wrapped cipher's. */
class FallbackCipher implements SecretCipher {
  readonly scheme: string;
  readonly osBacked: boolean;
  readonly description: string;
  constructor(
    private readonly inner: SecretCipher,
    reason: string,
  ) {
    this.scheme = inner.scheme;
    this.osBacked = inner.osBacked;
    this.description = `${inner.description} — OS encryption was unavailable (${reason})`;
  }
  encrypt(plain: string): string {
    return this.inner.encrypt(plain);
  }
  decrypt(payload: string): string {
    return this.inner.decrypt(payload);
  }
}

/**
 * The desktop app's cipher: safeStorage when the OS provides it (call after app 'ready'), otherwise
 * the web shell's key-file cipher in `dataDir`, saying so in the log and in the cipher's description.
 */
export async function chooseSecretCipher(options: {
  safeStorage: SafeStorageLike;
  dataDir: string;
  platform?: NodeJS.Platform;
  warn?: (message: string) => void;
}): Promise<SecretCipher> {
  try {
    return createSafeStorageCipher(options.safeStorage, options.platform);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const keyPath = join(options.dataDir, 'secret.key');
    (options.warn ?? console.warn)(`[scim-desk] ${reason} Falling back to a key file (${keyPath}); secrets are protected only by file permissions.`);
    return new FallbackCipher(await KeyFileCipher.open(keyPath), reason.replace(/\.$/, ''));
  }
}
