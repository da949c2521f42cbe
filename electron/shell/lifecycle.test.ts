import type { App } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeEvent, fakeElectron, resetFakeElectron } from '../../test/fakes/electron';
import { closeOnQuit } from './lifecycle';

const app = fakeElectron.app;
const asApp = () => app as unknown as Pick<App, 'on' | 'quit'>;
const quits = () => app.calls.filter((call) => call.method === 'quit').length;

beforeEach(() => resetFakeElectron());
afterEach(() => vi.useRealTimers());

describe('closeOnQuit', () => {
  it('holds the quit until the core has closed, then quits once', async () => {
    let finish!: () => void;
    const close = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    closeOnQuit(asApp(), close);

    const first = new FakeEvent();
    app.emit('will-quit', first);
    expect(first.defaultPrevented).toBe(true);
    const second = new FakeEvent();
    app.emit('will-quit', second);
    expect(second.defaultPrevented).toBe(true);
    expect(close).toHaveBeenCalledTimes(1);
    expect(quits()).toBe(0);

    finish();
    await vi.waitFor(() => expect(quits()).toBe(1));
    const last = new FakeEvent();
    app.emit('will-quit', last);
    expect(last.defaultPrevented).toBe(false);
  });

  it('still quits when close fails or hangs', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    closeOnQuit(asApp(), () => Promise.reject(new Error('boom')));
    app.emit('will-quit', new FakeEvent());
    await vi.waitFor(() => expect(quits()).toBe(1));

    resetFakeElectron();
    vi.useFakeTimers();
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    closeOnQuit(asApp(), () => new Promise<void>(() => undefined), 1_000);
    app.emit('will-quit', new FakeEvent());
    await vi.advanceTimersByTimeAsync(1_000);
    expect(quits()).toBe(1);
    vi.restoreAllMocks();
  });
});
