import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { channels, ipcChannelName, ipcEventChannel, type Handlers } from '../../shared/contract';
import type { AppCoreOptions } from '../services/core';
import { CallRegistry } from '../services/dispatch';
import { EventBus } from '../services/events';

// The entry wires real shell modules to a fake Electron and a stub core (the core has its own tests).
const core = vi.hoisted(() => ({ created: [] as { options: unknown; core: unknown }[] }));
vi.mock('../services/core', () => ({
  createAppCore: vi.fn(async (options: unknown) => {
    const handlers = Object.fromEntries(channels.map((channel) => [channel, vi.fn(async () => [])])) as unknown as Handlers;
    const instance = { handlers, events: new EventBus(), calls: new CallRegistry(), close: vi.fn(async () => undefined) };
    core.created.push({ options, core: instance });
    return instance;
  }),
}));

// eslint-disable-next-line @typescript-eslint/consistent-type-imports -- the mocked module's shape, not a value import
type Fake = typeof import('../../test/fakes/electron');
type StubCore = { events: EventBus; close: ReturnType<typeof vi.fn> };

/** Loads main.ts afresh against a fresh fake (the fake is reset with the module registry). */
async function loadMain(setup: (fake: Fake) => void = () => undefined): Promise<Fake> {
  vi.resetModules();
  core.created.length = 0;
  const fake = await import('../../test/fakes/electron');
  fake.resetFakeElectron();
  setup(fake);
  await import('./main');
  return fake;
}

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'scim-desk-main-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('main entry', () => {
  it('prepares before ready: sandbox for all renderers, app:// privileged, single-instance lock', async () => {
    const fake = await loadMain();
    const methods = fake.fakeElectron.app.calls.map((call) => call.method);
    expect(methods).toEqual(expect.arrayContaining(['enableSandbox', 'requestSingleInstanceLock', 'whenReady']));
    expect(fake.fakeElectron.protocol.privileged.map((entry) => entry.scheme)).toEqual(['app']);
    expect(fake.FakeBrowserWindow.instances).toHaveLength(0);
  });

  it('on ready: builds the core, registers IPC and the protocol, and opens a guarded, hidden window on app://', async () => {
    const fake = await loadMain((f) => {
      f.fakeElectron.app.paths.userData = dataDir;
      f.fakeElectron.app.appPath = '/opt/scim-desk/app.asar';
      f.fakeElectron.app.version = '1.2.3';
    });
    const { app, ipcMain, protocol, session, BrowserWindow } = fake.fakeElectron;
    app.becomeReady();
    await vi.waitFor(() => expect(BrowserWindow.instances).toHaveLength(1));

    expect(core.created).toHaveLength(1);
    const options = core.created[0]?.options as AppCoreOptions;
    expect(options).toMatchObject({ dataDir, shell: 'electron', version: '1.2.3', demo: { users: expect.any(Number) } });
    expect(options.cipher.scheme).toBe('electron-safe-storage-v1');

    expect([...ipcMain.handlers.keys()].sort()).toEqual(channels.map(ipcChannelName).sort());
    expect(protocol.isProtocolHandled('app')).toBe(true);
    expect(session.permissionRequestHandler).not.toBeNull();
    await expect(session.requestPermission('media')).resolves.toBe(false);

    const win = BrowserWindow.instances[0]!;
    expect(win.options).toMatchObject({
      show: false,
      webPreferences: { preload: '/opt/scim-desk/app.asar/dist-electron/preload.cjs', sandbox: true, contextIsolation: true, nodeIntegration: false },
    });
    expect(win.webContents.getURL()).toBe('app://scim-desk/index.html');
    expect(win.visible).toBe(false);
    win.emit('ready-to-show');
    expect(win.visible).toBe(true);

    expect(win.webContents.simulateWindowOpen('https://example.com/')).toEqual({ action: 'deny' });
    expect(win.webContents.simulateNavigation('will-navigate', 'https://evil.example/')).toBe(true);
    expect(win.webContents.listenerCount('will-navigate')).toBe(1);

    // Push events reach the window.
    const stub = core.created[0]?.core as StubCore;
    stub.events.emit('connections.changed', { ids: ['x'] });
    expect(win.webContents.sent).toEqual([{ channel: ipcEventChannel, args: ['connections.changed', { ids: ['x'] }] }]);

    // Any other webContents (a devtools or stray one) is guarded too.
    const other = new fake.FakeWebContents();
    app.emit('web-contents-created', new fake.FakeEvent(), other);
    expect(other.simulateNavigation('will-navigate', 'https://evil.example/')).toBe(true);
    expect(other.simulateWindowOpen('https://evil.example/')).toEqual({ action: 'deny' });

    // A second launch focuses the existing window.
    win.minimized = true;
    app.emit('second-instance', new fake.FakeEvent(), [], '/');
    expect(win.minimized).toBe(false);
    expect(win.focused).toBe(true);

    // Quitting closes the core before the app goes.
    const quit = new fake.FakeEvent();
    app.emit('will-quit', quit);
    expect(quit.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(stub.close).toHaveBeenCalledTimes(1));
    await vi.waitFor(() => expect(app.calls.filter((call) => call.method === 'quit')).toHaveLength(1));
  });

  it('falls back to the key-file cipher when safeStorage is unavailable', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const fake = await loadMain((f) => {
      f.fakeElectron.app.paths.userData = dataDir;
      f.fakeElectron.safeStorage.available = false;
    });
    fake.fakeElectron.app.becomeReady();
    await vi.waitFor(() => expect(core.created).toHaveLength(1));
    expect((core.created[0]?.options as AppCoreOptions).cipher.scheme).toBe('aes-256-gcm-keyfile-v1');
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/Falling back to a key file/));
    warn.mockRestore();
  });

  it('quits at once when another instance holds the lock', async () => {
    const fake = await loadMain((f) => {
      f.fakeElectron.app.singleInstanceLock = false;
    });
    const methods = fake.fakeElectron.app.calls.map((call) => call.method);
    expect(methods).toContain('quit');
    expect(methods).not.toContain('whenReady');
  });
});
