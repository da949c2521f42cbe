import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WebContents } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { channels, ipcChannelName, ipcEventChannel, type Channel, type Handlers } from '../../shared/contract';
import { FakeWebContents, FakeWebFrameMain, fakeElectron, resetFakeElectron } from '../../test/fakes/electron';
import { createAppCore } from '../services/core';
import { CallRegistry } from '../services/dispatch';
import { EventBus } from '../services/events';
import { KeyFileCipher } from '../services/secrets/cipher';
import { forwardEvents, isTrustedSenderFrame, registerIpc } from './ipc';

const appFrame = () => new FakeWebFrameMain('app://scim-desk/index.html');

type HandlerMock = Mock<(input: unknown, ctx: { signal: AbortSignal }) => Promise<unknown>>;

/** Every handler a mock; dispatch (input validation included) is the real one. */
function stubCore() {
  const handlers = Object.fromEntries(
    channels.map((channel) => [channel, vi.fn(async (): Promise<unknown> => (channel === 'connections.list' ? [] : { ok: true }))]),
  ) as unknown as Record<Channel, HandlerMock>;
  return { handlers, calls: new CallRegistry() };
}
const asCore = (stub: ReturnType<typeof stubCore>) => ({ handlers: stub.handlers as unknown as Handlers, calls: stub.calls });

const ipcMain = fakeElectron.ipcMain;
let core: ReturnType<typeof stubCore>;
beforeEach(() => {
  resetFakeElectron();
  core = stubCore();
  registerIpc(ipcMain, asCore(core));
});

describe('registerIpc', () => {
  it('registers exactly one handler per contract channel', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(channels.map(ipcChannelName).sort());
    expect(ipcMain.handlers.size).toBe(channels.length);
  });

  it.each([
    ['a foreign origin', new FakeWebFrameMain('https://evil.example/')],
    ['a look-alike custom origin', new FakeWebFrameMain('app://evil.example/index.html')],
    ['a file: page', new FakeWebFrameMain('file:///tmp/index.html')],
    ['a subframe of the app', new FakeWebFrameMain('app://scim-desk/frame.html', appFrame())],
    ['a missing sender frame', null],
  ])('rejects calls from %s with "forbidden" and runs nothing', async (_label, frame) => {
    for (const channel of channels) {
      const result = await ipcMain.invoke(ipcChannelName(channel), frame, {}, 'call-1');
      expect(result, channel).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
    }
    for (const channel of channels) expect(core.handlers[channel], channel).not.toHaveBeenCalled();
  });

  it('treats a sender frame that throws on access as missing', async () => {
    const handler = ipcMain.handlers.get(ipcChannelName('connections.list'))!;
    const event = {
      sender: new FakeWebContents(),
      get senderFrame(): FakeWebFrameMain {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    };
    expect(await handler(event, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('answers invalid input from the trusted frame with "invalid_input", without running the handler', async () => {
    const result = await ipcMain.invoke(ipcChannelName('connections.delete'), appFrame(), { id: 42 });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(core.handlers['connections.delete']).not.toHaveBeenCalled();
  });

  it('rejects a call id that is not a short string', async () => {
    const result = await ipcMain.invoke(ipcChannelName('connections.list'), appFrame(), {}, { evil: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'callId' } });
    expect(core.handlers['connections.list']).not.toHaveBeenCalled();
  });

  it('dispatches a valid call from the trusted frame and returns its envelope', async () => {
    const result = await ipcMain.invoke(ipcChannelName('connections.list'), appFrame(), undefined, 'call-7');
    expect(result).toEqual({ ok: true, data: [] });
    expect(core.handlers['connections.list']).toHaveBeenCalledWith({}, { signal: expect.any(AbortSignal) });
  });

  it('registers the call id so app.cancel can abort it, and forgets it afterwards', async () => {
    let seen: AbortSignal | undefined;
    let release!: () => void;
    core.handlers['connections.list'].mockImplementation(async (_input, ctx) => {
      seen = ctx.signal;
      await new Promise<void>((resolve) => (release = resolve));
      return [];
    });
    const pending = ipcMain.invoke(ipcChannelName('connections.list'), appFrame(), {}, 'call-9');
    await vi.waitFor(() => expect(seen).toBeDefined());
    expect(core.calls.cancel('call-9')).toBe(true);
    expect(seen?.aborted).toBe(true);
    release();
    await pending;
    expect(core.calls.cancel('call-9')).toBe(false);
  });

  it('returns an unregister function that removes every handler', () => {
    resetFakeElectron();
    const unregister = registerIpc(ipcMain, asCore(core));
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });
});

describe('isTrustedSenderFrame', () => {
  it('accepts only the top frame on app://scim-desk', () => {
    expect(isTrustedSenderFrame(appFrame())).toBe(true);
    expect(isTrustedSenderFrame({ url: 'app://scim-desk/connections/1?x#y', parent: null })).toBe(true);
    expect(isTrustedSenderFrame({ url: 'app://scim-desk/', parent: appFrame() })).toBe(false);
    expect(isTrustedSenderFrame({ url: 'https://evil.example/', parent: null })).toBe(false);
    expect(isTrustedSenderFrame({ url: '', parent: null })).toBe(false);
    expect(isTrustedSenderFrame(null)).toBe(false);
    expect(isTrustedSenderFrame(undefined)).toBe(false);
  });
});

describe('forwardEvents', () => {
  const asContents = (contents: FakeWebContents) => contents as unknown as WebContents;

  it('sends each bus event to the window as (event channel, name, payload)', async () => {
    const bus = new EventBus();
    const contents = new FakeWebContents();
    await contents.loadURL('app://scim-desk/index.html');
    forwardEvents(bus, asContents(contents));
    bus.emit('connections.changed', { ids: ['a'] });
    bus.emit('app.notice', { level: 'info', message: 'hi' });
    expect(contents.sent).toEqual([
      { channel: ipcEventChannel, args: ['connections.changed', { ids: ['a'] }] },
      { channel: ipcEventChannel, args: ['app.notice', { level: 'info', message: 'hi' }] },
    ]);
  });

  it('sends nothing while the window shows a page that is not the app', async () => {
    const bus = new EventBus();
    const contents = new FakeWebContents();
    await contents.loadURL('https://evil.example/');
    forwardEvents(bus, asContents(contents));
    bus.emit('connections.changed', { ids: ['a'] });
    expect(contents.sent).toEqual([]);
  });

  it('unsubscribes when the webContents is destroyed', async () => {
    const bus = new EventBus();
    const contents = new FakeWebContents();
    await contents.loadURL('app://scim-desk/index.html');
    const on = vi.spyOn(bus, 'on');
    forwardEvents(bus, asContents(contents));
    const off = on.mock.results[0]?.value as () => boolean;
    contents.destroy();
    expect(off()).toBe(false); // already removed
    expect(() => bus.emit('connections.changed', { ids: [] })).not.toThrow();
    expect(contents.sent).toEqual([]);
  });
});

// The real core end to end through IPC, Electron faked.
describe('registerIpc with the real app core', () => {
  let dataDir: string;
  let close: (() => Promise<void>) | undefined;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'scim-desk-ipc-'));
  });
  afterEach(async () => {
    await close?.();
    close = undefined;
    await rm(dataDir, { recursive: true, force: true });
  });

  it('rejects invalid input and foreign frames, and lists connections', async () => {
    const cipher = await KeyFileCipher.open(join(dataDir, 'secret.key'));
    const real = await createAppCore({ dataDir, cipher, shell: 'electron', version: '0.0.0-test', demo: false });
    close = () => real.close();
    resetFakeElectron();
    registerIpc(ipcMain, real);
    expect(await ipcMain.invoke(ipcChannelName('connections.create'), appFrame(), { name: 42 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await ipcMain.invoke(ipcChannelName('connections.list'), appFrame(), {})).toMatchObject({ ok: true, data: expect.any(Array) });
    expect(await ipcMain.invoke(ipcChannelName('connections.list'), new FakeWebFrameMain('https://evil.example/'), {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });
});
