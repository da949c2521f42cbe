import type { Bridge, CallResult, EventName, webApiPrefix } from '../../../shared/contract';
import { BridgeError } from './BridgeError';
import { callWithCancel } from './callWithCancel';

// The contract's prefix, restated so the renderer takes only types from the contract; the type keeps them in step.
const API_PREFIX: typeof webApiPrefix = '/api';

const SESSION_EXPIRED = 'The web shell session expired: open the URL printed in the terminal again';

/** The web shell: the same contract over HTTP on 127.0.0.1, push events over one SSE stream. */
export function createWebBridge(): Bridge {
  const cancel = (callId: string) => {
    void send('app.cancel', { callId }, crypto.randomUUID(), undefined).catch(() => undefined);
  };
  const events = new EventStream(`${API_PREFIX}/events`);
  return {
    call(channel, input, options) {
      return callWithCancel((callId, signal) => send(channel, input, callId, signal), cancel, options?.signal);
    },
    subscribe(event, listener) {
      return events.on(event, listener as (payload: unknown) => void);
    },
    onReconnect(listener) {
      return events.onReconnect(listener);
    },
  };
}

async function send(channel: string, input: unknown, callId: string, signal: AbortSignal | undefined): Promise<CallResult<unknown>> {
  let response: Response;
  try {
    response = await fetch(`${API_PREFIX}/call/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input, callId }),
      credentials: 'same-origin',
      // Also frees the browser's connection; the main side is told separately through app.cancel.
      signal,
    });
  } catch {
    throw new BridgeError({ code: 'network', message: 'The SCIM Desk web shell is not reachable. Is it still running?' });
  }
  if (response.status === 401) throw new BridgeError({ code: 'forbidden', status: 401, message: SESSION_EXPIRED });
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new BridgeError({ code: 'internal', status: response.status, message: `The web shell answered HTTP ${response.status} without a result.` });
  }
  if (!isEnvelope(body))
    throw new BridgeError({ code: 'internal', status: response.status, message: `The web shell answered HTTP ${response.status} with an unexpected body.` });
  return body;
}

function isEnvelope(value: unknown): value is CallResult<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const envelope = value as { ok: unknown; error?: unknown };
  return envelope.ok === true || (envelope.ok === false && typeof envelope.error === 'object' && envelope.error !== null);
}

/** One EventSource shared by all subscribers, opened on first use; EventSource reconnects by itself. */
export class EventStream {
  private source: EventSource | null = null;
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  private readonly reconnectListeners = new Set<() => void>();
  /** Set by an error after the stream was open: the next `open` is a reconnect, with events missed in between. */
  private dropped = false;

  constructor(private readonly url: string) {}

  onReconnect(listener: () => void): () => void {
    this.open();
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  on(event: EventName, listener: (payload: unknown) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
      this.open().addEventListener(event, (message) => this.deliver(event, message));
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  private open(): EventSource {
    if (!this.source) {
      const source = new EventSource(this.url);
      source.addEventListener('error', () => {
        if (source.readyState !== EventSource.OPEN) this.dropped = true;
      });
      source.addEventListener('open', () => {
        if (!this.dropped) return;
        this.dropped = false;
        for (const listener of this.reconnectListeners) listener();
      });
      this.source = source;
    }
    return this.source;
  }

  private deliver(event: string, message: Event): void {
    let payload: unknown;
    try {
      payload = JSON.parse((message as MessageEvent<string>).data);
    } catch {
      return; // a malformed event is dropped rather than breaking every listener
    }
    for (const listener of this.listeners.get(event) ?? []) listener(payload);
  }
}
