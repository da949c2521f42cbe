import { errorMessage } from '../bridge';
import { useGoTo } from '../stores';

export type DiscoveryState = 'empty' | 'loading' | 'error';

export interface DiscoveryStatesProps {
  state: DiscoveryState;
  hasConnection: boolean;
  error: unknown;
  onRetry: () => void;
  loadingText: string;
  /** Said when the server offers nothing this screen can use. */
  emptyText: string;
}

/** What a screen shows before discovery has given it something to work on: no connection, discovering, failed, nothing offered. */
export function DiscoveryStates({ state, hasConnection, error, onRetry, loadingText, emptyText }: DiscoveryStatesProps) {
  const goTo = useGoTo();
  return (
    <>
      {!hasConnection && (
        <div className="empty-state">
          <p>No connection is selected.</p>
          <button type="button" className="button button-primary" onClick={() => goTo('connections')}>
            Set up a connection
          </button>
        </div>
      )}
      {state === 'loading' && <p className="loading-state">{loadingText}</p>}
      {state === 'error' && (
        <div className="error-state" role="alert">
          <p>
            <strong>The server's capabilities could not be read.</strong> {errorMessage(error)}
          </p>
          <button type="button" className="button" onClick={onRetry}>
            Retry
          </button>
        </div>
      )}
      {hasConnection && state === 'empty' && (
        <div className="empty-state">
          <p>{emptyText}</p>
        </div>
      )}
    </>
  );
}
