import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { channels, eventNames, ipcChannelName, ipcEventChannel, type EventName, type PreloadApi } from '../../shared/contract';
import { fakeElectron, resetFakeElectron } from '../../test/fakes/electron';
import { createPreloadApi } from './preload-api';

const ipcRenderer = fakeElectron.ipcRenderer;

describe('preload entry', () => {
  let exposed: Map<string, unknown>;
  beforeAll(async () => {
    resetFakeElectron();
    await import('./preload');
    exposed = new Map(fakeElectron.contextBridge.exposed);
  });

  it('exposes exactly one global, window.scimDesk, with only channels and subscribe', () => {
    expect([...exposed.keys()]).toEqual(['scimDesk']);
    const api = exposed.get('scimDesk') as PreloadApi;
    expect(Object.keys(api).sort()).toEqual(['channels', 'subscribe']);
    expect(api.subscribe).toBeTypeOf('function');
  });

  it('has one function per contract channel, named exactly as the contract', () => {
    const api = exposed.get('scimDesk') as PreloadApi;
    expect(Object.keys(api.channels).sort()).toEqual([...channels].sort());
    for (const channel of channels) expect(api.channels[channel], channel).toBeTypeOf('function');
  });

  it('never exposes ipcRenderer or a generic send/invoke, at any depth', () => {
    const api = exposed.get('scimDesk') as PreloadApi;
    const seen = new Set<unknown>();
    const walk = (value: unknown): void => {
      if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) return;
      seen.add(value);
      expect(value).not.toBe(ipcRenderer);
      for (const key of Object.keys(value as object)) {
        expect(['send', 'sendSync', 'invoke', 'on', 'ipcRenderer', 'postMessage']).not.toContain(key);
        walk((value as Record<string, unknown>)[key]);
      }
    };
    walk(api);
  });
});

describe('createPreloadApi', () => {
  let api: PreloadApi;
  beforeEach(() => {
    resetFakeElectron();
    api = createPreloadApi(ipcRenderer);
  });

  it('invokes the channel’s own IPC name with (input, callId) and returns main’s envelope', async () => {
    ipcRenderer.respond = () => ({ ok: true, data: [] });
    await expect(api.channels['connections.list']({}, 'call-1')).resolves.toEqual({ ok: true, data: [] });
    await api.channels['app.info'](undefined);
    expect(ipcRenderer.invocations).toEqual([
      { channel: ipcChannelName('connections.list'), args: [{}, 'call-1'] },
      { channel: ipcChannelName('app.info'), args: [undefined, undefined] },
    ]);
  });

  it('drops a call id that is not a string', async () => {
    await api.channels['connections.list']({}, { evil: true } as unknown as string);
    expect(ipcRenderer.invocations[0]?.args).toEqual([{}, undefined]);
  });

  it('attaches a single IPC listener, however many subscriptions', () => {
    expect(ipcRenderer.listenerCount(ipcEventChannel)).toBe(1);
    for (const event of eventNames) api.subscribe(event, () => undefined);
    api.subscribe('connections.changed', () => undefined);
    expect(ipcRenderer.listenerCount(ipcEventChannel)).toBe(1);
  });

  it('rejects unknown event names and non-function listeners', () => {
    expect(() => api.subscribe('nope' as EventName, () => undefined)).toThrow(TypeError);
    expect(() => api.subscribe('__proto__' as EventName, () => undefined)).toThrow(TypeError);
    expect(() => api.subscribe(42 as unknown as EventName, () => undefined)).toThrow(TypeError);
    expect(() => api.subscribe('app.notice', 'x' as unknown as () => void)).toThrow(TypeError);
  });

  it('passes listeners only the payload, only for their event, until unsubscribed', () => {
    const changed = vi.fn();
    const notice = vi.fn();
    const off = api.subscribe('connections.changed', changed);
    api.subscribe('app.notice', notice);
    ipcRenderer.deliver(ipcEventChannel, 'connections.changed', { ids: ['a'] });
    expect(changed).toHaveBeenCalledTimes(1);
    expect(changed.mock.calls[0]).toEqual([{ ids: ['a'] }]);
    expect(notice).not.toHaveBeenCalled();
    off();
    off();
    ipcRenderer.deliver(ipcEventChannel, 'connections.changed', { ids: ['b'] });
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it('ignores unknown or malformed event messages, and a throwing listener does not stop the others', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const good = vi.fn();
    api.subscribe('app.notice', () => {
      throw new Error('boom');
    });
    api.subscribe('app.notice', good);
    ipcRenderer.deliver(ipcEventChannel, 'unknown.event', {});
    ipcRenderer.deliver(ipcEventChannel, 42, {});
    ipcRenderer.deliver(ipcEventChannel, 'app.notice', { level: 'info', message: 'x' });
    expect(good).toHaveBeenCalledExactlyOnceWith({ level: 'info', message: 'x' });
    expect(error).toHaveBeenCalledTimes(1);
    error.mockRestore();
  });

  it('is frozen', () => {
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.isFrozen(api.channels)).toBe(true);
  });
});
