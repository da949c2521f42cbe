import { mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { connectionDraftSchema, type AppError, type ConnectionDraftInput } from '../../../shared/contract';
import { KeyFileCipher } from '../secrets/cipher';
import { SecretVault } from '../secrets/vault';
import { ConnectionService } from './service';
import { ConnectionStore } from './store';

const TOKEN = 'tok_live_9f8e7d6c5b4a';
let dir: string;

async function openService(): Promise<{ service: ConnectionService; store: ConnectionStore; vault: SecretVault }> {
  const store = await ConnectionStore.open(join(dir, 'connections.json'));
  const vault = await SecretVault.open(join(dir, 'secrets.json'), await KeyFileCipher.open(join(dir, 'secret.key')));
  return { service: new ConnectionService(store, vault, null), store, vault };
}
const draft = (input: Partial<ConnectionDraftInput['settings']> = {}, secret: ConnectionDraftInput['secret'] = { action: 'set', value: TOKEN }) =>
  connectionDraftSchema.parse({ settings: { name: 'Okta prod', baseUrl: 'https://scim.example.com/scim/v2', auth: { type: 'bearer' }, ...input }, secret });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scim-desk-conn-'));
});

describe('ConnectionService secrets', () => {
  it('keeps the secret out of the view and out of the profile file, encrypted and tagged at rest', async () => {
    const { service } = await openService();
    const view = await service.create(draft());
    expect(view.hasSecret).toBe(true);
    expect(JSON.stringify(view)).not.toContain(TOKEN);
    expect(JSON.stringify(service.list())).not.toContain(TOKEN);
    const profiles = await readFile(join(dir, 'connections.json'), 'utf8');
    const secrets = await readFile(join(dir, 'secrets.json'), 'utf8');
    expect(profiles).not.toContain(TOKEN);
    expect(secrets).not.toContain(TOKEN);
    expect(JSON.parse(secrets).secrets[view.id]).toMatch(/^aes-256-gcm-keyfile-v1:/);
    expect((await stat(join(dir, 'secret.key'))).mode & 0o777).toBe(0o600);
    // A fresh process reads it back.
    const reopened = await openService();
    expect(reopened.service.resolve(view.id).secret).toBe(TOKEN);
  });

  it('keeps, replaces and clears the secret on update', async () => {
    const { service } = await openService();
    const { id } = await service.create(draft());
    await service.update(id, draft({ name: 'Renamed' }, { action: 'keep' }));
    expect(service.resolve(id).secret).toBe(TOKEN);
    await service.update(id, draft({}, { action: 'set', value: 'new-one' }));
    expect(service.resolve(id).secret).toBe('new-one');
    const cleared = await service.update(id, draft({}, { action: 'clear' }));
    expect(cleared.hasSecret).toBe(false);
  });

  it('drops a kept secret when the auth type changes (a token is no password)', async () => {
    const { service } = await openService();
    const { id } = await service.create(draft());
    const changed = await service.update(id, draft({ auth: { type: 'basic', username: 'ann' } }, { action: 'keep' }));
    expect(changed.hasSecret).toBe(false);
  });

  it('duplicates with the secret and deletes both profile and secret', async () => {
    const { service, vault } = await openService();
    const { id } = await service.create(draft());
    const copy = await service.duplicate(id);
    expect(copy.name).toBe('Okta prod (copy)');
    expect(service.resolve(copy.id).secret).toBe(TOKEN);
    await service.delete(id);
    expect(vault.has(id)).toBe(false);
    expect(service.list().map((c) => c.id)).toEqual([copy.id]);
  });

  it('says why a secret written under another protection cannot be read', async () => {
    const { service } = await openService();
    const { id } = await service.create(draft());
    const file = JSON.parse(await readFile(join(dir, 'secrets.json'), 'utf8'));
    file.secrets[id] = 'electron-safe-storage-v1:AAAA';
    await writeFile(join(dir, 'secrets.json'), JSON.stringify(file));
    const reopened = await openService();
    let error: AppError | undefined;
    try {
      reopened.service.resolve(id);
    } catch (e) {
      error = e as AppError;
    }
    expect(error?.code).toBe('auth');
    expect(error?.message).toMatch(/encrypted with "electron-safe-storage-v1".*enter it again/);
  });

});

describe('ConnectionStore file handling', () => {
  it('moves a corrupt profile file aside with a notice and starts empty', async () => {
    await writeFile(join(dir, 'connections.json'), '{"version": 1, "connections": [ {oops');
    const { service, store } = await openService();
    expect(service.list()).toEqual([]);
    expect(store.notices[0]).toMatch(/could not be read .* moved to .*connections\.json\.corrupt-/);
    expect((await readdir(dir)).some((f) => f.startsWith('connections.json.corrupt-'))).toBe(true);
    await service.create(draft());
    expect(service.list()).toHaveLength(1);
  });

  it('rejects an invalid base URL by schema, naming the field', () => {
    const parsed = connectionDraftSchema.safeParse({ settings: { name: 'x', baseUrl: 'ftp://nope', auth: { type: 'none' } } });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0].path.join('.')).toBe('settings.baseUrl');
    expect(parsed.error!.issues[0].message).toBe('Enter an absolute http:// or https:// URL');
  });
});
