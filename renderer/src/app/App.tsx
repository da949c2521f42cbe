import { QueryClientProvider, useQueries, type QueryClient } from '@tanstack/react-query';
import type { Bridge } from '../../../shared/contract';
import { BridgeProvider, errorMessage, useBridge } from '../bridge';
import { appInfoQuery, connectionsListQuery, settingsQuery } from '../scim';
import { AppFrame } from './AppFrame';
import { AppCrashed, ErrorBoundary } from './ErrorBoundary';
import { Toasts } from './Toasts';
import { FeatureSlots } from './screens';
import { useIpcEvents } from './useIpcEvents';
import { useRootState, type BootState } from './useRootState';
import { useApplyTheme } from './useTheme';

export function App({ bridge, queryClient }: { bridge: Bridge; queryClient: QueryClient }) {
  return (
    <ErrorBoundary fallback={(error) => <AppCrashed error={error} />}>
      <QueryClientProvider client={queryClient}>
        <BridgeProvider bridge={bridge}>
          <FeatureSlots>
            <Boot />
          </FeatureSlots>
          <Toasts />
        </BridgeProvider>
      </QueryClientProvider>
    </ErrorBoundary>
  );
}

/** Loads what every screen needs (app info, settings, connections) before showing the frame. */
function Boot() {
  const bridge = useBridge();
  const results = useQueries({ queries: [appInfoQuery(bridge), settingsQuery(bridge), connectionsListQuery(bridge)] as const });
  useIpcEvents();
  useApplyTheme();
  // A failed background refetch keeps its data: only a first load that failed stops the app.
  const failed = results.find((r) => r.data === undefined && r.isError);
  const [info] = results;
  const state: BootState = failed ? 'error' : results.every((r) => r.data !== undefined) ? 'ready' : 'loading';
  useRootState(state);

  if (failed) {
    return (
      <div className="boot-screen" data-testid="app" data-state="error" role="alert">
        <h1>SCIM Desk could not start</h1>
        <p>{errorMessage(failed.error)}</p>
        <button type="button" className="button button-primary" onClick={() => results.forEach((r) => r.isError && void r.refetch())}>
          Retry
        </button>
      </div>
    );
  }
  if (state === 'loading' || !info.data) {
    return (
      <div className="boot-screen" data-testid="app" data-state="loading" aria-busy="true">
        <span className="spinner" aria-hidden="true" /> Starting SCIM Desk…
      </div>
    );
  }
  return <AppFrame info={info.data} />;
}
