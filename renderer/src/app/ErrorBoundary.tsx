import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useRootState } from './useRootState';

interface ErrorBoundaryProps {
  /** What to render instead of the broken tree. */
  fallback: (error: Error, reset: () => void) => ReactNode;
  children: ReactNode;
}

interface ErrorBoundaryState {
  error: Error | null;
}

/** Keeps a render crash from blanking the window: the tree is replaced by a message and a way out. */
export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  override state: ErrorBoundaryState = { error: null };

  static getDerivedStateFromError(error: unknown): ErrorBoundaryState {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // The stack, not props or state: those could hold what the user typed.
    console.error('[scim-desk] render error:', error.message, info.componentStack);
  }

  private readonly reset = () => this.setState({ error: null });

  override render(): ReactNode {
    return this.state.error ? this.props.fallback(this.state.error, this.reset) : this.props.children;
  }
}

/** The whole-app fallback. */
export function AppCrashed({ error }: { error: Error }) {
  useRootState('error');
  return (
    <div className="boot-screen" data-testid="app" data-state="error" role="alert">
      <h1>SCIM Desk hit a problem</h1>
      <p>{error.message || 'An unexpected error occurred.'}</p>
      <button type="button" className="button button-primary" onClick={() => location.reload()}>
        Reload
      </button>
    </div>
  );
}

/** A screen's fallback: the frame (nav, connection switcher) keeps working. */
export function ScreenCrashed({ name, error, reset }: { name: string; error: Error; reset: () => void }) {
  return (
    <section className="screen" data-testid={`screen-${name}`} data-state="error" role="alert">
      <div className="error-state">
        <p>
          <strong>This screen hit a problem.</strong> {error.message}
        </p>
        <button type="button" className="button" onClick={reset}>
          Try again
        </button>
      </div>
    </section>
  );
}
