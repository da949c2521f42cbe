import { beforeEach, describe, expect, it } from 'vitest';
import type { RetryingEvent } from '../../../shared/contract';
import { useAppStore } from './appStore';
import { currentRetries, RETRY_END_GRACE_MS, retryAnnouncement, retryText, shortReason } from './retrySlice';

const event = (over: Partial<RetryingEvent> = {}): RetryingEvent => ({
  connectionId: 'c1',
  callId: 'call-1',
  requestId: 'r1',
  attempt: 2,
  of: 4,
  inMs: 4_000,
  reason: 'HTTP 503',
  timeoutMs: 10_000,
  ...over,
});
const store = () => useAppStore.getState();
const T0 = 1_000_000;

beforeEach(() => useAppStore.setState({ retries: {} }));

describe('the retry slice', () => {
  it('shows a retry with its countdown, then "now" once it is due', () => {
    store().retryStarted(event(), T0);
    const [entry] = currentRetries(store().retries, T0);
    expect(retryText(entry!, T0)).toBe('Retrying 2 of 4 in 4 s (HTTP 503)');
    expect(retryText(entry!, T0 + 1_200)).toBe('Retrying 2 of 4 in 3 s (HTTP 503)');
    expect(retryText(entry!, T0 + 4_000)).toBe('Retrying 2 of 4 now (HTTP 503)');
    // The live region's text is fixed at arrival, so it is announced once.
    expect(retryAnnouncement(entry!)).toBe('Retrying 2 of 4 in 4 s (HTTP 503)');
  });

  it('replaces a request’s entry with its next retry, and clears it when the request ends', () => {
    store().retryStarted(event(), T0);
    store().retryStarted(event({ attempt: 3, inMs: 8_000 }), T0 + 5_000);
    expect(currentRetries(store().retries, T0 + 5_000).map((e) => e.attempt)).toEqual([3]);
    store().retryEnded({ requestId: 'r1' });
    expect(store().retries).toEqual({});
  });

  it('keeps parallel requests apart, newest first, and a cancelled call’s entries go at once', () => {
    store().retryStarted(event({ requestId: 'a', callId: 'call-1' }), T0);
    store().retryStarted(event({ requestId: 'b', callId: 'call-2' }), T0);
    store().retryStarted(event({ requestId: 'c', callId: 'call-1' }), T0);
    expect(currentRetries(store().retries, T0).map((e) => e.requestId)).toEqual(['c', 'b', 'a']);
    store().retryCallCancelled('call-1');
    expect(Object.keys(store().retries)).toEqual(['b']);
  });

  it('drops an entry whose end never came once the attempt has had its whole timeout', () => {
    store().retryStarted(event(), T0);
    const expiry = T0 + 4_000 + 10_000 + RETRY_END_GRACE_MS;
    store().pruneRetries(expiry - 1);
    expect(currentRetries(store().retries, expiry - 1)).toHaveLength(1);
    // Not shown past expiry even before the prune runs.
    expect(currentRetries(store().retries, expiry)).toHaveLength(0);
    store().pruneRetries(expiry);
    expect(store().retries).toEqual({});
  });

  it('changes nothing for an end or a cancel it does not know', () => {
    store().retryStarted(event(), T0);
    const before = store().retries;
    store().retryEnded({ requestId: 'other' });
    store().retryCallCancelled('other');
    store().pruneRetries(T0);
    expect(store().retries).toBe(before);
  });

  it('shortens transport reasons to their code', () => {
    expect(shortReason('HTTP 429')).toBe('HTTP 429');
    expect(shortReason('timeout: The server at x did not answer within 5 s')).toBe('timeout');
    expect(shortReason('network: Could not reach x')).toBe('network');
  });
});
