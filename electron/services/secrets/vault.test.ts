import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { KeyFileCipher } from './cipher';
import { SecretVault } from './vault';

let dir: string;
const open = async () => SecretVault.open(join(dir, 'secrets.json'), await KeyFileCipher.open(join(dir, 'secret.key')));
const file = async () => JSON.parse(await readFile(join(dir, 'secrets.json'), 'utf8'));

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scim-desk-vault-'));
});

describe('SecretVault', () => {
  it('records the origin each secret was saved for next to its ciphertext, header values included', async () => {
    const vault = await open();
    await vault.set('c1', 'tok-1', 'https://a.example');
    await vault.apply('c1', { headers: [{ name: 'X-Api-Key', write: { value: 'key-1', origin: 'https://a.example' } }] });
    const text = JSON.stringify(await file());
    expect(text).not.toContain('tok-1');
    expect(text).not.toContain('key-1');
    expect((await file()).connections.c1).toEqual({
      auth: { value: expect.stringMatching(/^aes-256-gcm-keyfile-v1:/), origin: 'https://a.example' },
      headers: { 'x-api-key': { name: 'X-Api-Key', value: expect.stringMatching(/^aes-256-gcm-keyfile-v1:/), origin: 'https://a.example' } },
    });
    const reopened = await open();
    expect(reopened.get('c1')).toBe('tok-1');
    expect(reopened.origin('c1')).toBe('https://a.example');
    expect(reopened.getHeader('c1', 'x-api-key')).toEqual({ name: 'X-Api-Key', value: 'key-1', origin: 'https://a.example' });
  });

  it('reads the first file version (no origins) and binds its entries when told which origin they belong to', async () => {
    const vault = await open();
    await vault.set('c1', 'tok-1', 'https://a.example');
    const tagged = (await file()).connections.c1.auth.value as string;
    await writeFile(join(dir, 'secrets.json'), JSON.stringify({ version: 1, secrets: { c1: tagged } }));
    const old = await open();
    expect(old.get('c1')).toBe('tok-1');
    expect(old.origin('c1')).toBeUndefined();
    await old.bindUnbound('c1', { auth: 'https://a.example', headers: 'https://a.example' });
    expect(await file()).toEqual({ version: 2, connections: { c1: { auth: { value: tagged, origin: 'https://a.example' } } } });
    // Binding never moves a secret that already has an origin.
    await old.bindUnbound('c1', { auth: 'https://b.example', headers: 'https://b.example' });
    expect(old.origin('c1')).toBe('https://a.example');
  });

  it('keeps, replaces and drops header values in one change, and copies everything for a duplicate', async () => {
    const vault = await open();
    const at = (value: string) => ({ value, origin: 'https://a.example' });
    await vault.apply('c1', {
      auth: at('tok'),
      headers: [
        { name: 'X-Api-Key', write: at('k1') },
        { name: 'Cookie', write: at('sid=1') },
      ],
    });
    await vault.apply('c1', {
      headers: [
        { name: 'x-api-key', write: 'keep' },
        { name: 'X-Auth-Token', write: 'keep' },
      ],
    });
    expect(vault.getHeader('c1', 'X-API-KEY')?.value).toBe('k1');
    expect(vault.hasHeader('c1', 'Cookie')).toBe(false);
    expect(vault.hasHeader('c1', 'X-Auth-Token')).toBe(false);
    await vault.copy('c1', 'c2');
    expect(vault.get('c2')).toBe('tok');
    expect(vault.getHeader('c2', 'x-api-key')?.value).toBe('k1');
    await vault.apply('c1', { auth: null, headers: [] });
    expect((await file()).connections.c1).toBeUndefined();
  });
});
