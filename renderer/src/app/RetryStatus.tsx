import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useBridge } from '../bridge';
import { connectionsListQuery } from '../scim';
import { currentRetries, retryAnnouncement, retryText, usePruneRetries, useRetries, useRetryCallCancelled, type RetryEntry } from '../stores';

/**
 * "Retrying 2 of 3 in 4 s (HTTP 503)" while main waits to repeat a request, with a Cancel that stops
 * the call on the main side (app.cancel). The countdown ticks visibly; screen readers hear each new
 * retry once, from a live region that does not change every second.
 */
export function RetryStatus({ activeConnectionId }: { activeConnectionId: string | null }) {
  const bridge = useBridge();
  const retries = useRetries();
  const prune = usePruneRetries();
  const callCancelled = useRetryCallCancelled();
  const { data: connections } = useQuery(connectionsListQuery(bridge));
  const [now, setNow] = useState(() => Date.now());
  const waiting = Object.keys(retries).length > 0;

  // Ticks only while something is retrying; also drops entries whose end never arrived.
  useEffect(() => {
    if (!waiting) return;
    const tick = () => {
      const at = Date.now();
      setNow(at);
      prune(at);
    };
    tick();
    const timer = setInterval(tick, 250);
    return () => clearInterval(timer);
  }, [waiting, prune]);

  const shown = currentRetries(retries, now);
  const entry = shown[0];
  const others = shown.length - 1;
  const elsewhere = entry && entry.connectionId !== activeConnectionId ? connections?.find((c) => c.id === entry.connectionId)?.name : undefined;
  const where = elsewhere ? ` on ${elsewhere}` : '';

  const cancel = (target: RetryEntry) => {
    const { callId } = target;
    if (!callId) return;
    // Gone from here at once; main stops the call and its screen shows it cancelled.
    callCancelled(callId);
    void bridge.call('app.cancel', { callId }).catch(() => undefined);
  };

  return (
    <>
      {entry && (
        <span
          className="status-item status-retry"
          data-testid="status-retrying"
          data-state={entry.startsAt > now ? 'waiting' : 'due'}
          title={`${entry.reason}${where}`}
        >
          <span className="status-retry-text" aria-hidden="true">
            {retryText(entry, now)}
            {where}
            {others > 0 && ` · ${others} more`}
          </span>
          <button
            type="button"
            className="button status-retry-cancel"
            data-testid="status-retry-cancel"
            onClick={() => cancel(entry)}
            disabled={!entry.callId}
            title={entry.callId ? 'Stop this request: no further attempts are made' : 'This request cannot be cancelled from here'}
            aria-label="Cancel the retried request"
          >
            Cancel
          </button>
        </span>
      )}
      {/* Always mounted, so the first announcement is heard; it changes once per retry, not per second. */}
      <span role="status" aria-live="polite" className="visually-hidden" data-testid="status-retry-announcer">
        {entry ? `${retryAnnouncement(entry)}${where}` : ''}
      </span>
    </>
  );
}
