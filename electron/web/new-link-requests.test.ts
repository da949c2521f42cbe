import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { NEW_LINK_SIGNAL, onNewLinkRequest } from './new-link-requests';

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('asking the running web shell for a new launch link', () => {
  it('answers Enter and "n" typed in the terminal, and nothing else', async () => {
    const input = new PassThrough();
    const request = vi.fn();
    const stop = onNewLinkRequest({ input }, request);
    input.write('\n');
    input.write('n\n');
    input.write(' N \n');
    input.write('quit\n');
    input.write('no\n');
    await settle();
    expect(request).toHaveBeenCalledTimes(3);
    stop();
    input.write('\n');
    await settle();
    expect(request).toHaveBeenCalledTimes(3);
  });

  it('answers SIGUSR2, until stopped', () => {
    const signals = new EventEmitter();
    const request = vi.fn();
    const stop = onNewLinkRequest({ signals }, request);
    signals.emit(NEW_LINK_SIGNAL);
    expect(request).toHaveBeenCalledTimes(1);
    stop();
    signals.emit(NEW_LINK_SIGNAL);
    expect(request).toHaveBeenCalledTimes(1);
    expect(signals.listenerCount(NEW_LINK_SIGNAL)).toBe(0);
  });
});
