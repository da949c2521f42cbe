import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeElectron, resetFakeElectron } from '../../test/fakes/electron';
import { KeyFileCipher } from '../services/secrets/cipher';
import { SecretVault } from '../services/secrets/vault';
import { chooseSecretCipher, createSafeStorageCipher, SAFE_STORAGE_SCHEME, SafeStorageCipher } from './safe-storage-cipher';

const safeStorage = fakeElectron.safeStorage;
let dir: string;
beforeEach(async () => {
  resetFakeElectron();
  dir = await mkdtemp(join(tmpdir(), 'scim-desk-cipher-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('SafeStorageCipher', () => {
  it('round-trips through safeStorage as base64, never holding the plain text', () => {
    const cipher = createSafeStorageCipher(safeStorage, 'linux');
    const secret = 'hunter2 — ünïcødé 🔑';
    const payload = cipher.encrypt(secret);
    expect(payload).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(payload).not.toContain('hunter2');
    expect(Buffer.from(payload, 'base64').toString('utf8')).not.toContain('hunter2');
    expect(cipher.decrypt(payload)).toBe(secret);
    expect(safeStorage.calls.map((call) => call.method)).toEqual(['isEncryptionAvailable', 'encryptString', 'decryptString']);
  });

  it('rejects a payload that is not base64', () => {
    expect(() => createSafeStorageCipher(safeStorage, 'linux').decrypt('not base64!')).toThrow(/malformed/);
  });

  it('is stored tagged with its scheme by the vault, and read back', async () => {
    const cipher = createSafeStorageCipher(safeStorage, 'darwin');
    expect(cipher.scheme).toBe('electron-safe-storage-v1');
    const vault = await SecretVault.open(join(dir, 'secrets.json'), cipher);
    await vault.set('conn-1', 'token-123', 'https://scim.example.com');
    const file = JSON.parse(await readFile(join(dir, 'secrets.json'), 'utf8')) as { connections: Record<string, { auth: { value: string } }> };
    expect(file.connections['conn-1']!.auth.value).toMatch(new RegExp(`^${SAFE_STORAGE_SCHEME}:[A-Za-z0-9+/]+=*$`));
    expect(JSON.stringify(file)).not.toContain('token-123');
    const reopened = await SecretVault.open(join(dir, 'secrets.json'), cipher);
    expect(reopened.get('conn-1')).toBe('token-123');
  });

  it('will not read a secret written by the key-file cipher (different scheme)', async () => {
    const keyFile = await KeyFileCipher.open(join(dir, 'secret.key'));
    await (await SecretVault.open(join(dir, 'secrets.json'), keyFile)).set('conn-1', 'token-123', 'https://scim.example.com');
    const vault = await SecretVault.open(join(dir, 'secrets.json'), createSafeStorageCipher(safeStorage, 'linux'));
    expect(() => vault.get('conn-1')).toThrow(/aes-256-gcm-keyfile-v1/);
  });

  it.each([
    ['darwin', 'gnome_libsecret', true, /Keychain/],
    ['win32', 'unknown', true, /DPAPI/],
    ['linux', 'gnome_libsecret', true, /libsecret/],
    ['linux', 'kwallet5', true, /KWallet 5/],
    ['linux', 'basic_text', false, /only obfuscated/],
    ['linux', 'unknown', false, /could not be identified/],
  ] as const)('on %s with backend %s: osBacked %s', (platform, backend, osBacked, description) => {
    safeStorage.backend = backend;
    const cipher = new SafeStorageCipher(safeStorage, platform);
    expect(cipher.osBacked).toBe(osBacked);
    expect(cipher.description).toMatch(description);
  });

  it('refuses to be created when OS encryption is unavailable', () => {
    safeStorage.available = false;
    expect(() => createSafeStorageCipher(safeStorage, 'linux')).toThrow(/not available/);
  });
});

describe('chooseSecretCipher', () => {
  it('uses safeStorage when available', async () => {
    const cipher = await chooseSecretCipher({ safeStorage, dataDir: dir, platform: 'darwin' });
    expect(cipher.scheme).toBe(SAFE_STORAGE_SCHEME);
    expect(cipher.osBacked).toBe(true);
  });

  it('falls back to the key-file cipher in the data dir, and says so', async () => {
    safeStorage.available = false;
    const warn = vi.fn();
    const cipher = await chooseSecretCipher({ safeStorage, dataDir: dir, platform: 'linux', warn });
    expect(cipher.scheme).toBe('aes-256-gcm-keyfile-v1');
    expect(cipher.osBacked).toBe(false);
    expect(cipher.description).toMatch(/OS encryption was unavailable/);
    expect(warn).toHaveBeenCalledExactlyOnceWith(expect.stringMatching(/Falling back to a key file .*secret\.key/));
    expect((await stat(join(dir, 'secret.key'))).mode & 0o077).toBe(0);
    expect(cipher.decrypt(cipher.encrypt('s3cret'))).toBe('s3cret');
  });
});
