import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConnectionDraftInput, ConnectionTestResult } from '../../../../shared/contract';
import { errorMessage, isBridgeError, useBridge } from '../../bridge';

export type TestState = { status: 'idle'; note?: string } | { status: 'running' } | { status: 'ok' | 'failed'; result?: ConnectionTestResult; error?: string };

/**
 * Runs "Test connection" on the form as it stands. Cancellable; a new test or leaving the form
 * aborts the previous one (the bridge tells the main side, which stops the requests).
 */
export function useConnectionTester(onError: (error: unknown) => void) {
  const bridge = useBridge();
  const [state, setState] = useState<TestState>({ status: 'idle' });
  const running = useRef<AbortController | null>(null);

  useEffect(() => () => running.current?.abort(), []);

  const run = useCallback(
    async (id: string | undefined, draft: ConnectionDraftInput) => {
      running.current?.abort();
      const controller = new AbortController();
      running.current = controller;
      setState({ status: 'running' });
      try {
        const result = await bridge.call('connections.test', { id, draft }, { signal: controller.signal });
        setState({ status: result.ok ? 'ok' : 'failed', result });
      } catch (error) {
        if (controller.signal.aborted) return; // superseded or cancelled: cancel() already set the state
        if (isBridgeError(error) && error.code === 'cancelled') {
          setState({ status: 'idle', note: 'The test was cancelled.' });
          return;
        }
        onError(error); // e.g. invalid_input: the form places it next to the fields
        setState({ status: 'failed', error: errorMessage(error) });
      } finally {
        if (running.current === controller) running.current = null;
      }
    },
    [bridge, onError],
  );

  const cancel = useCallback(() => {
    running.current?.abort();
    running.current = null;
    setState({ status: 'idle', note: 'The test was cancelled.' });
  }, []);

  return { state, run, cancel };
}
