import type { ReactNode } from 'react';

interface ErrorStateProps {
  /** Said in bold before the message. */
  title?: ReactNode;
  message: ReactNode;
  onRetry: () => void;
  testId?: string;
  /** More said between the message and Retry. */
  children?: ReactNode;
}

/** A read that failed: what failed, why, and a Retry button, announced as an alert. */
export function ErrorState({ title, message, onRetry, testId, children }: ErrorStateProps) {
  return (
    <div className="error-state" role="alert" data-testid={testId}>
      <p>
        {title ? (
          <>
            <strong>{title}</strong> {message}
          </>
        ) : (
          message
        )}
      </p>
      {children}
      <button type="button" className="button" onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}
