import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventStream } from './webBridge';

/** The browser's EventSource as far as EventStream uses it: listeners, readyState, and events a test fires. */
class FakeEventSource extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static last: FakeEventSource | null = null;
  readyState = FakeEventSource.CONNECTING;
  constructor(readonly url: string) {
    super();
    FakeEventSource.last = this;
  }
  opened(): void {
    this.readyState = FakeEventSource.OPEN;
    this.dispatchEvent(new Event('open'));
  }
  /** The connection dropped; EventSource itself will try again (CONNECTING). */
  dropped(): void {
    this.readyState = FakeEventSource.CONNECTING;
    this.dispatchEvent(new Event('error'));
  }
  push(event: string, data: string): void {
    this.dispatchEvent(new MessageEvent(event, { data }));
  }
}

beforeEach(() => vi.stubGlobal('EventSource', FakeEventSource));
afterEach(() => vi.unstubAllGlobals());

describe('EventStream', () => {
  it('tells reconnect listeners when the stream opens again after a drop, not on its first open', () => {
    const stream = new EventStream('/api/events');
    const reconnects = vi.fn();
    const off = stream.onReconnect(reconnects);
    const source = FakeEventSource.last!;
    source.opened();
    expect(reconnects).not.toHaveBeenCalled();

    source.dropped();
    source.dropped(); // retries that fail say nothing more
    expect(reconnects).not.toHaveBeenCalled();
    source.opened();
    expect(reconnects).toHaveBeenCalledTimes(1);

    off();
    source.dropped();
    source.opened();
    expect(reconnects).toHaveBeenCalledTimes(1);
  });

  it('shares one EventSource between event listeners and reconnect listeners, and delivers parsed payloads', () => {
    const stream = new EventStream('/api/events');
    const progress = vi.fn();
    stream.on('jobs.progress', progress);
    const source = FakeEventSource.last!;
    stream.onReconnect(() => undefined);
    expect(FakeEventSource.last).toBe(source);
    source.push('jobs.progress', '{"id":"j1"}');
    source.push('jobs.progress', 'not json');
    expect(progress).toHaveBeenCalledTimes(1);
    expect(progress).toHaveBeenCalledWith({ id: 'j1' });
  });
});
