import { errorMessage } from '../bridge';
import { useGoTo } from '../stores';
import { ErrorState } from './ErrorState';

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
      {state === 'error' && <ErrorState title="The server's capabilities could not be read." message={errorMessage(error)} onRetry={onRetry} />}
      {hasConnection && state === 'empty' && (
        <div className="empty-state">
          <p>{emptyText}</p>
        </div>
      )}
    </>
  );
}
