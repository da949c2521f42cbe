import { mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  connectionDraftSchema,
  type AppError,
  type AppErrorData,
  type ConnectionDraftInput,
  type ConnectionView,
  type JournalEntry,
} from '../../../shared/contract';
import { toCurl } from '../../../shared/exchange';
import { json, listResponse, startScriptedServer, type ScriptedServer } from '../../../test/support/scripted-server';
import { createAppCore, type AppCore } from '../core';
import { dispatch } from '../dispatch';
import { KeyFileCipher } from '../secrets/cipher';
import { SecretVault } from '../secrets/vault';
import { ConnectionService } from './service';
import { ConnectionStore } from './store';

const TOKEN = 'tok_live_9f8e7d6c5b4a';
const HEADER_SECRET = 'hdr_live_51c0ffee77aa';
let dir: string;

async function openService(): Promise<{ service: ConnectionService; store: ConnectionStore; vault: SecretVault }> {
  const store = await ConnectionStore.open(join(dir, 'connections.json'));
  const vault = await SecretVault.open(join(dir, 'secrets.json'), await KeyFileCipher.open(join(dir, 'secret.key')));
  return { service: new ConnectionService(store, vault, null), store, vault };
}
const draft = (
  input: Partial<ConnectionDraftInput['settings']> = {},
  secret: ConnectionDraftInput['secret'] = { action: 'set', value: TOKEN },
  extra: Partial<Omit<ConnectionDraftInput, 'settings' | 'secret'>> = {},
) =>
  connectionDraftSchema.parse({
    settings: { name: 'Okta prod', baseUrl: 'https://scim.example.com/scim/v2', auth: { type: 'bearer' }, ...input },
    secret,
    ...extra,
  });
const failureOf = (call: () => unknown): AppError | undefined => {
  try {
    call();
  } catch (error) {
    return error as AppError;
  }
  return undefined;
};
const rejectionOf = async (call: Promise<unknown>): Promise<AppError | undefined> => {
  try {
    await call;
  } catch (error) {
    return error as AppError;
  }
  return undefined;
};

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
    // The origin the secret was saved for is recorded next to it.
    expect(JSON.parse(secrets).connections[view.id].auth).toEqual({
      value: expect.stringMatching(/^aes-256-gcm-keyfile-v1:/),
      origin: 'https://scim.example.com',
    });
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
    const { id } = await service.create(draft({}, undefined, { secretHeaders: [{ name: 'X-Api-Key', value: { action: 'set', value: HEADER_SECRET } }] }));
    const copy = await service.duplicate(id);
    expect(copy.name).toBe('Okta prod (copy)');
    expect(service.resolve(copy.id).secret).toBe(TOKEN);
    expect(copy.secretHeaders).toEqual([{ name: 'X-Api-Key', hasValue: true }]);
    expect(service.resolve(copy.id).secretHeaders?.map((h) => h.value)).toEqual([HEADER_SECRET]);
    await service.delete(id);
    expect(vault.has(id)).toBe(false);
    expect(service.list().map((c) => c.id)).toEqual([copy.id]);
  });

  it('says why a secret written under another protection cannot be read', async () => {
    const { service } = await openService();
    const { id } = await service.create(draft());
    const file = JSON.parse(await readFile(join(dir, 'secrets.json'), 'utf8'));
    file.connections[id].auth.value = 'electron-safe-storage-v1:AAAA';
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

/** A loopback SCIM-ish server that records every request it gets. */
const scimServer = () =>
  startScriptedServer((req, res) => {
    if (req.url.endsWith('/token'))
      return json(res, 200, { access_token: 'issued-access-token', token_type: 'Bearer', expires_in: 3600 }, { 'content-type': 'application/json' });
    if (req.url.includes('ServiceProviderConfig'))
      return json(res, 200, {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
        patch: { supported: true },
        filter: { supported: true, maxResults: 100 },
      });
    json(res, 200, listResponse([]));
  });

describe('a kept secret goes only to the origin it was saved for', () => {
  let a: ScriptedServer;
  let b: ScriptedServer;
  let core: AppCore;
  const call = async (channel: string, input: unknown) => dispatch(core.handlers, channel, input, new AbortController().signal);
  const errorOf = (result: Awaited<ReturnType<typeof call>>): AppErrorData => {
    expect(result.ok).toBe(false);
    return (result as { error: AppErrorData }).error;
  };
  const settings = (over: Record<string, unknown> = {}) => ({
    name: 'Bound',
    baseUrl: `${a.url}/scim/v2`,
    auth: { type: 'bearer' },
    proxy: { mode: 'none' },
    timeoutMs: 2000,
    ...over,
  });
  const create = async (over: Record<string, unknown>, secret: string) => {
    const created = await call('connections.create', { settings: settings(over), secret: { action: 'set', value: secret } });
    expect(created.ok).toBe(true);
    return (created as { data: ConnectionView }).data.id;
  };

  beforeEach(async () => {
    a = await scimServer();
    b = await scimServer();
    core = await createAppCore({ dataDir: dir, cipher: await KeyFileCipher.open(join(dir, 'secret.key')), shell: 'web', version: 'test', demo: false });
  });
  afterEach(async () => {
    await core.close();
    await Promise.all([a.close(), b.close()]);
  });

  it('refuses to test or save a kept bearer token against another origin, and that server receives nothing', async () => {
    const id = await create({}, TOKEN);
    const moved = { settings: settings({ baseUrl: `${b.url}/scim/v2` }), secret: { action: 'keep' } };
    const expected = {
      code: 'invalid_input',
      field: 'secret',
      message: `The saved bearer token was saved for ${a.url}; enter it again to send it to ${b.url}.`,
    };
    expect(errorOf(await call('connections.test', { id, draft: moved }))).toMatchObject(expected);
    expect(errorOf(await call('connections.update', { id, draft: moved }))).toMatchObject(expected);
    expect(b.seen).toEqual([]);
    // Nothing was saved: the profile still points at the first server, with its token.
    expect(((await call('connections.list', {})) as { data: ConnectionView[] }).data[0]).toMatchObject({ baseUrl: `${a.url}/scim/v2`, hasSecret: true });
    // Entering it again is the deliberate act that sends it there.
    const retyped = { ...moved, secret: { action: 'set', value: 'token-for-b' } };
    expect((await call('connections.update', { id, draft: retyped })).ok).toBe(true);
    expect((await call('connections.test', { id })).ok).toBe(true);
    expect(b.seen.length).toBeGreaterThan(0);
    expect(b.seen.every((r) => r.headers.authorization === 'Bearer token-for-b')).toBe(true);
    expect(JSON.stringify(b.seen)).not.toContain(TOKEN);
  });

  it('refuses a kept password or API key for another scheme or port just the same', async () => {
    const basic = await create({ auth: { type: 'basic', username: 'ann' } }, 'pw-kept');
    const other = a.url.replace('127.0.0.1', 'localhost');
    const result = await call('connections.test', {
      id: basic,
      draft: { settings: settings({ auth: { type: 'basic', username: 'ann' }, baseUrl: `${other}/scim/v2` }), secret: { action: 'keep' } },
    });
    expect(errorOf(result).message).toBe(`The saved password was saved for ${a.url}; enter it again to send it to ${other}.`);
    const header = await create({ auth: { type: 'header', headerName: 'X-Api-Key' } }, 'key-kept');
    const https = a.url.replace('http:', 'https:');
    const update = await call('connections.update', {
      id: header,
      draft: { settings: settings({ auth: { type: 'header', headerName: 'X-Api-Key' }, baseUrl: https }), secret: { action: 'keep' } },
    });
    expect(errorOf(update)).toMatchObject({
      field: 'secret',
      message: `The saved header value was saved for ${a.url}; enter it again to send it to ${https}.`,
    });
    expect(a.seen).toEqual([]);
  });

  it('never sends a kept OAuth client secret to a changed token URL, but keeps it when only the base URL moves', async () => {
    const CLIENT_SECRET = 'oauth-client-secret-3b7e';
    const auth = { type: 'oauth2', tokenUrl: `${a.url}/oauth/token`, clientId: 'app' };
    const id = await create({ auth }, CLIENT_SECRET);
    const moved = { settings: settings({ auth: { ...auth, tokenUrl: `${b.url}/oauth/token` } }), secret: { action: 'keep' } };
    const expected = {
      code: 'invalid_input',
      field: 'secret',
      message: `The saved client secret was saved for ${a.url}; enter it again to send it to ${b.url}.`,
    };
    expect(errorOf(await call('connections.test', { id, draft: moved }))).toMatchObject(expected);
    expect(errorOf(await call('connections.update', { id, draft: moved }))).toMatchObject(expected);
    expect(b.seen).toEqual([]);
    // The client secret is bound to the token URL's origin: the SCIM base URL may move.
    const baseMoved = { settings: settings({ auth, baseUrl: `${b.url}/scim/v2` }), secret: { action: 'keep' } };
    expect((await call('connections.update', { id, draft: baseMoved })).ok).toBe(true);
    expect((await call('connections.test', { id })).ok).toBe(true);
    const tokenRequests = a.seen.filter((r) => r.url.endsWith('/token'));
    expect(tokenRequests.length).toBeGreaterThan(0);
    expect(tokenRequests[0]!.headers.authorization).toBe(`Basic ${Buffer.from(`app:${CLIENT_SECRET}`).toString('base64')}`);
    expect(JSON.stringify(b.seen)).not.toContain(Buffer.from(`app:${CLIENT_SECRET}`).toString('base64'));
  });

  it('keeps the secret for another path on the same origin', async () => {
    const id = await create({}, TOKEN);
    const samePlace = { settings: settings({ baseUrl: `${a.url}/tenant-2/scim/v2` }), secret: { action: 'keep' } };
    expect((await call('connections.test', { id, draft: samePlace })).ok).toBe(true);
    expect((await call('connections.update', { id, draft: samePlace })).ok).toBe(true);
    expect((await call('connections.test', { id })).ok).toBe(true);
    expect(a.seen.some((r) => r.url.startsWith('/tenant-2/scim/v2/') && r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });
});

describe('an old vault entry without a recorded origin', () => {
  it('is bound to the origin of the profile as saved, and then refused elsewhere', async () => {
    const first = await openService();
    const { id } = await first.service.create(draft());
    // Rewrite the vault as the first version wrote it: ciphertext only, no origin.
    const current = JSON.parse(await readFile(join(dir, 'secrets.json'), 'utf8'));
    const tagged = typeof current.secrets?.[id] === 'string' ? current.secrets[id] : current.connections[id].auth.value;
    await writeFile(join(dir, 'secrets.json'), JSON.stringify({ version: 1, secrets: { [id]: tagged } }));

    const { service } = await openService();
    await service.migrate();
    expect(JSON.parse(await readFile(join(dir, 'secrets.json'), 'utf8')).connections[id].auth.origin).toBe('https://scim.example.com');
    expect(service.resolve(id).secret).toBe(TOKEN);
    const error = await rejectionOf(service.update(id, draft({ baseUrl: 'https://evil.example.net/scim/v2' }, { action: 'keep' })));
    expect(error?.data).toMatchObject({
      code: 'invalid_input',
      field: 'secret',
      message: 'The saved bearer token was saved for https://scim.example.com; enter it again to send it to https://evil.example.net.',
    });
    expect(failureOf(() => service.resolveDraft(draft({ baseUrl: 'https://evil.example.net/scim/v2' }, { action: 'keep' }), id))?.data.field).toBe('secret');
    expect(service.view(id).baseUrl).toBe('https://scim.example.com/scim/v2');
  });
});

describe('extra headers named like credentials are secrets', () => {
  it('are stored encrypted in the vault, bound to the origin, never in connections.json; the view only says they are set', async () => {
    const { service } = await openService();
    const view = await service.create(
      draft(
        // Named like a credential but sent as a plain extra header: main moves it to the vault all the same.
        {
          auth: { type: 'none' },
          extraHeaders: [
            { name: 'X-Tenant', value: 'tenant-1' },
            { name: 'X-Session-Id', value: 'sess-0a9b8c7d' },
          ],
        },
        { action: 'keep' },
        { secretHeaders: [{ name: 'X-Api-Key', value: { action: 'set', value: HEADER_SECRET } }] },
      ),
    );
    expect(view.extraHeaders).toEqual([{ name: 'X-Tenant', value: 'tenant-1' }]);
    expect(view.secretHeaders).toEqual([
      { name: 'X-Api-Key', hasValue: true },
      { name: 'X-Session-Id', hasValue: true },
    ]);
    const profiles = await readFile(join(dir, 'connections.json'), 'utf8');
    const secrets = await readFile(join(dir, 'secrets.json'), 'utf8');
    for (const text of [profiles, secrets, JSON.stringify(view), JSON.stringify(service.list())]) {
      expect(text).not.toContain(HEADER_SECRET);
      expect(text).not.toContain('sess-0a9b8c7d');
    }
    expect(profiles).toContain('tenant-1');
    expect(JSON.parse(secrets).connections[view.id].headers['x-api-key']).toEqual({
      name: 'X-Api-Key',
      value: expect.stringMatching(/^aes-256-gcm-keyfile-v1:/),
      origin: 'https://scim.example.com',
    });
    expect(service.resolve(view.id).secretHeaders).toEqual([
      { name: 'X-Api-Key', value: HEADER_SECRET, origin: 'https://scim.example.com' },
      { name: 'X-Session-Id', value: 'sess-0a9b8c7d', origin: 'https://scim.example.com' },
    ]);

    // Kept by name, replaced, or dropped by leaving it out.
    const kept = await service.update(
      view.id,
      draft({ auth: { type: 'none' } }, { action: 'keep' }, { secretHeaders: [{ name: 'x-api-key', value: { action: 'keep' } }] }),
    );
    // Names match ignoring case; the draft's spelling is the one kept.
    expect(kept.secretHeaders).toEqual([{ name: 'x-api-key', hasValue: true }]);
    expect(service.resolve(view.id).secretHeaders?.map((h) => h.value)).toEqual([HEADER_SECRET]);
    await service.update(
      view.id,
      draft({ auth: { type: 'none' } }, { action: 'keep' }, { secretHeaders: [{ name: 'X-Api-Key', value: { action: 'set', value: 'replaced-key' } }] }),
    );
    expect(service.resolve(view.id).secretHeaders?.map((h) => h.value)).toEqual(['replaced-key']);
    // A kept header value is bound to the base URL's origin like the auth secret.
    const moved = await rejectionOf(
      service.update(
        view.id,
        draft(
          { auth: { type: 'none' }, baseUrl: 'https://other.example.org/scim' },
          { action: 'keep' },
          { secretHeaders: [{ name: 'X-Api-Key', value: { action: 'keep' } }] },
        ),
      ),
    );
    expect(moved?.data).toMatchObject({
      code: 'invalid_input',
      field: 'secretHeaders.0.value',
      message: 'The saved value of the header X-Api-Key was saved for https://scim.example.com; enter it again to send it to https://other.example.org.',
    });
    // A kept name with nothing saved under it is refused, not sent empty.
    const missing = await rejectionOf(
      service.update(view.id, draft({ auth: { type: 'none' } }, { action: 'keep' }, { secretHeaders: [{ name: 'X-Auth-Token', value: { action: 'keep' } }] })),
    );
    expect(missing?.data).toMatchObject({ code: 'invalid_input', field: 'secretHeaders.0.value' });
    const cleared = await service.update(view.id, draft({ auth: { type: 'none' } }, { action: 'keep' }, { secretHeaders: [] }));
    expect(cleared.secretHeaders).toEqual([]);
    expect(JSON.parse(await readFile(join(dir, 'secrets.json'), 'utf8')).connections[view.id]?.headers ?? {}).toEqual({});
  });

  it('are moved out of an old connections.json into the vault on load, and the file is rewritten', async () => {
    const now = new Date().toISOString();
    const stored = {
      id: 'legacy-1',
      name: 'Legacy',
      baseUrl: 'https://legacy.example.com/scim/v2',
      auth: { type: 'none' },
      extraHeaders: [
        { name: 'X-Tenant', value: 'tenant-9' },
        { name: 'Authorization', value: 'Bearer legacy-clear-token-11' },
        { name: 'X-Api-Key', value: 'legacy-clear-key-22' },
      ],
      tls: { allowInvalidCertificates: false },
      proxy: { mode: 'none' },
      timeoutMs: 30000,
      readOnly: false,
      updateMethod: 'patch',
      createdAt: now,
      updatedAt: now,
    };
    await writeFile(join(dir, 'connections.json'), JSON.stringify({ version: 1, demoProvisioned: true, connections: [stored] }));
    const { service } = await openService();
    await service.migrate();
    const profiles = await readFile(join(dir, 'connections.json'), 'utf8');
    const secrets = await readFile(join(dir, 'secrets.json'), 'utf8');
    for (const text of [profiles, secrets, JSON.stringify(service.list())]) {
      expect(text).not.toContain('legacy-clear-token-11');
      expect(text).not.toContain('legacy-clear-key-22');
    }
    expect(profiles).toContain('tenant-9');
    const view = service.view('legacy-1');
    expect(view.extraHeaders).toEqual([{ name: 'X-Tenant', value: 'tenant-9' }]);
    expect(view.secretHeaders).toEqual([
      { name: 'Authorization', hasValue: true },
      { name: 'X-Api-Key', hasValue: true },
    ]);
    // Still sent as before, from the vault, bound to the profile's origin; and so after a restart.
    const reopened = await openService();
    await reopened.service.migrate();
    expect(reopened.service.resolve('legacy-1').secretHeaders).toEqual([
      { name: 'Authorization', value: 'Bearer legacy-clear-token-11', origin: 'https://legacy.example.com' },
      { name: 'X-Api-Key', value: 'legacy-clear-key-22', origin: 'https://legacy.example.com' },
    ]);
  });

  it('are sent, then redacted from every answer, error and journal entry, and copied as curl with a placeholder', async () => {
    const VALUE = 'tenant-auth-6d1e0f2a9c';
    const server = await startScriptedServer((req, res) => {
      const echoed = String(req.headers['x-tenant-auth'] ?? '');
      if (req.url.includes('/Users/plain')) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        return void res.end(`Could not check ${echoed} (${Buffer.from(echoed).toString('base64')})`);
      }
      json(
        res,
        400,
        { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', detail: `Unknown tenant credential ${echoed}` },
        { etag: `W/"${echoed}"` },
      );
    });
    const core = await createAppCore({ dataDir: dir, cipher: await KeyFileCipher.open(join(dir, 'secret.key')), shell: 'web', version: 'test', demo: false });
    try {
      const call = (channel: string, input: unknown) => dispatch(core.handlers, channel, input, new AbortController().signal);
      const created = await call('connections.create', {
        settings: {
          name: 'Echo',
          baseUrl: server.url,
          auth: { type: 'none' },
          proxy: { mode: 'none' },
          timeoutMs: 2000,
          extraHeaders: [{ name: 'X-Tenant-Auth', value: VALUE }],
        },
      });
      expect(created.ok).toBe(true);
      const id = (created as { data: ConnectionView }).data.id;
      const answers = [
        created,
        await call('scim.get', { connectionId: id, endpoint: '/Users', id: 'detail' }),
        await call('scim.get', { connectionId: id, endpoint: '/Users', id: 'plain' }),
        await call('connections.test', { id }),
        await call('connections.list', {}),
      ];
      expect(server.seen.length).toBeGreaterThan(2);
      expect(server.seen.every((r) => r.headers['x-tenant-auth'] === VALUE)).toBe(true);
      const text = JSON.stringify(answers);
      expect(text).toContain('[REDACTED]');
      expect(text).not.toContain(VALUE);
      expect(text).not.toContain(Buffer.from(VALUE).toString('base64'));
      const listed = (await call('journal.list', {})) as { ok: true; data: { id: string; path: string }[] };
      const exchangeId = listed.data.find((item) => item.path.includes('/Users/detail'))!.id;
      const entry = ((await call('journal.get', { id: exchangeId })) as { data: JournalEntry }).data;
      expect(entry.requestHeaders['x-tenant-auth']).toBe('[REDACTED]');
      expect(JSON.stringify(entry)).not.toContain(VALUE);
      expect(toCurl(entry)).toContain('-H "X-Tenant-Auth: $SCIM_X_TENANT_AUTH"');
    } finally {
      await core.close();
      await server.close();
    }
  });
});
