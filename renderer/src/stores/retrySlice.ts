import type { StateCreator } from 'zustand';
import type { RetryEndedEvent, RetryingEvent } from '../../../shared/contract';
import type { AppStore } from './appStore';

/** One request main is waiting to repeat: "Retrying 2 of 3 in 4 s (HTTP 503)". */
export interface RetryEntry {
  requestId: string;
  connectionId: string;
  /** The call to cancel (app.cancel); absent when main did not know it. */
  callId?: string;
  attempt: number;
  of: number;
  reason: string;
  /** The wait main announced. */
  inMs: number;
  /** When the attempt starts, on this renderer's clock (ms). */
  startsAt: number;
  /**
   * When the entry goes even without word from main: the attempt has had its whole timeout and
   * neither a newer retry nor the end of the request arrived (an event was lost), so it is not shown stale.
   */
  expiresAt: number;
  /** Order of arrival: the newest is the one shown. */
  seq: number;
}

export interface RetrySlice {
  /** By request id. */
  retries: Readonly<Record<string, RetryEntry>>;
  retryStarted: (event: RetryingEvent, now?: number) => void;
  retryEnded: (event: Pick<RetryEndedEvent, 'requestId'>) => void;
  /** The user cancelled this call: its entries go at once (main's end events follow). */
  retryCallCancelled: (callId: string) => void;
  /** Drops entries past their expiry. */
  pruneRetries: (now?: number) => void;
}

/** Used when main does not say the connection's timeout. */
const DEFAULT_ATTEMPT_MS = 30_000;
/** Slack for the end event to arrive after the attempt's timeout. */
export const RETRY_END_GRACE_MS = 5_000;

let nextSeq = 1;

export const createRetrySlice: StateCreator<AppStore, [], [], RetrySlice> = (set, get) => ({
  retries: {},
  retryStarted: (event, now = Date.now()) => {
    const startsAt = now + Math.max(0, event.inMs);
    const entry: RetryEntry = {
      requestId: event.requestId,
      connectionId: event.connectionId,
      ...(event.callId ? { callId: event.callId } : {}),
      attempt: event.attempt,
      of: event.of,
      reason: event.reason,
      inMs: event.inMs,
      startsAt,
      expiresAt: startsAt + (event.timeoutMs ?? DEFAULT_ATTEMPT_MS) + RETRY_END_GRACE_MS,
      seq: nextSeq++,
    };
    set((state) => ({ retries: { ...state.retries, [event.requestId]: entry } }));
  },
  retryEnded: ({ requestId }) => {
    if (!(requestId in get().retries)) return;
    set((state) => ({ retries: without(state.retries, (entry) => entry.requestId === requestId) }));
  },
  retryCallCancelled: (callId) => {
    if (!Object.values(get().retries).some((entry) => entry.callId === callId)) return;
    set((state) => ({ retries: without(state.retries, (entry) => entry.callId === callId) }));
  },
  pruneRetries: (now = Date.now()) => {
    if (!Object.values(get().retries).some((entry) => entry.expiresAt <= now)) return;
    set((state) => ({ retries: without(state.retries, (entry) => entry.expiresAt <= now) }));
  },
});

function without(retries: Readonly<Record<string, RetryEntry>>, drop: (entry: RetryEntry) => boolean): Record<string, RetryEntry> {
  return Object.fromEntries(Object.entries(retries).filter(([, entry]) => !drop(entry)));
}

/** The entries still current at `now`, newest first. */
export function currentRetries(retries: Readonly<Record<string, RetryEntry>>, now: number): RetryEntry[] {
  return Object.values(retries)
    .filter((entry) => entry.expiresAt > now)
    .sort((a, b) => b.seq - a.seq);
}

/** Whole seconds until the attempt, 0 once it is due. */
function secondsUntil(entry: RetryEntry, now: number): number {
  return Math.max(0, Math.ceil((entry.startsAt - now) / 1000));
}

/** "HTTP 503" as is; "timeout: The server at … did not answer …" as "timeout" (the full reason goes in a tooltip). */
export function shortReason(reason: string): string {
  if (/^HTTP \d{3}$/.test(reason)) return reason;
  const code = /^([a-z_]+):/.exec(reason)?.[1];
  return code ?? reason.slice(0, 40);
}

/** "Retrying 2 of 3 in 4 s (HTTP 503)", or "… now …" once the attempt is due. */
export function retryText(entry: RetryEntry, now: number): string {
  const seconds = secondsUntil(entry, now);
  return `Retrying ${entry.attempt} of ${entry.of} ${seconds > 0 ? `in ${seconds} s` : 'now'} (${shortReason(entry.reason)})`;
}

/** What a screen reader hears once per retry (the visible countdown is not re-announced every second). */
export function retryAnnouncement(entry: RetryEntry): string {
  return `Retrying ${entry.attempt} of ${entry.of} in ${Math.max(0, Math.ceil(entry.inMs / 1000))} s (${shortReason(entry.reason)})`;
}
