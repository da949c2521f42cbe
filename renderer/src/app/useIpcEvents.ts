import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useBridge } from '../bridge';
import { addExchangeToCache, annotateInCache, journalKeys } from '../features/inspector/queries';
import { applyJobView, jobKeys } from '../jobs';
import { connectionKeys, learnedKeys, quirkReportQuery, scimKeys } from '../scim';
import { useRetryEnded, useRetryStarted, useScanProgressed, useShowToast } from '../stores';

/** Every push event from the main side is subscribed here, and only here. */
export function useIpcEvents(): void {
  const bridge = useBridge();
  const queryClient = useQueryClient();
  const showToast = useShowToast();
  const retryStarted = useRetryStarted();
  const retryEnded = useRetryEnded();
  const scanProgressed = useScanProgressed();
  useEffect(() => {
    const unsubscribe = [
      bridge.subscribe('connections.changed', ({ ids }) => {
        void queryClient.invalidateQueries({ queryKey: connectionKeys.all });
        // A changed profile (URL, auth…) makes what was read through it stale.
        for (const id of ids) void queryClient.invalidateQueries({ queryKey: scimKeys.connection(id) });
      }),
      bridge.subscribe('app.notice', ({ level, message }) => showToast(level === 'info' ? 'info' : 'error', message)),
      // Every deviation the engine sees, from any screen's request, feeds the status bar's count.
      bridge.subscribe('quirk.found', ({ connectionId }) => void queryClient.invalidateQueries({ queryKey: quirkReportQuery(bridge, connectionId).queryKey })),
      // The inspector's live list: new exchanges on top, quirks found later added to theirs.
      bridge.subscribe('journal.exchange', (summary) => addExchangeToCache(queryClient, summary)),
      bridge.subscribe('journal.annotated', (annotated) => annotateInCache(queryClient, annotated)),
      // A search matched here (the server refused or ignored its filter) reports how far it has read.
      bridge.subscribe('scim.scanProgress', (event) => scanProgressed(event)),
      // What the engine learned about a server: the facts dialog and every feature that adapts read it.
      bridge.subscribe('learned.changed', ({ connectionId }) => void queryClient.invalidateQueries({ queryKey: learnedKeys.connection(connectionId) })),
      // "Retrying 2 of 3 in 4 s" in the status bar, with Cancel, until the request ends.
      bridge.subscribe('scim.retrying', (event) => retryStarted(event)),
      bridge.subscribe('scim.retryEnded', (event) => retryEnded(event)),
      // A job's state or progress: written into the jobs list and its detail (which refetches its step log as it moves).
      bridge.subscribe('jobs.progress', (view) => applyJobView(queryClient, view)),
      // Back after a drop (the web shell's stream): what the missed events would have updated is read again.
      bridge.onReconnect?.(() => {
        // Quirks, capabilities and lists live under each connection's 'scim' keys.
        for (const queryKey of [jobKeys.all, connectionKeys.all, journalKeys.all, learnedKeys.all, ['scim']]) void queryClient.invalidateQueries({ queryKey });
      }) ?? (() => undefined),
    ];
    return () => unsubscribe.forEach((off) => off());
  }, [bridge, queryClient, showToast, retryStarted, retryEnded, scanProgressed]);
}
