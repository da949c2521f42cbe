import type { EventName, EventPayload } from '../../shared/contract';

export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** Push events from main to every attached renderer (Electron window or web-shell SSE stream). */
export class EventBus {
  private readonly listeners = new Set<EventListener>();
  /** `redact` runs on every payload before any listener sees it (see OutboundRedactor). */
  constructor(private readonly redact: <T>(payload: T) => T = (payload) => payload) {}
  on(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    if (this.listeners.size === 0) return;
    const redacted = this.redact(payload);
    for (const listener of this.listeners) listener(event, redacted);
  }
}
