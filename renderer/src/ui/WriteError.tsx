import type { ReactNode } from 'react';
import type { AppErrorData } from '../../../shared/contract';

/** A refused write: what the server (or main side) said, its status and SCIM type, and each issue. */
export function WriteError({ failure, title, className, children }: { failure: AppErrorData; title: string; className?: string; children?: ReactNode }) {
  return (
    <div className={className ? `error-state ${className}` : 'error-state'} role="alert" data-testid="write-error" data-code={failure.code}>
      <p>
        <strong>{title}</strong> {failure.message}
        {failure.status ? ` (HTTP ${failure.status}${failure.scimType ? ` ${failure.scimType}` : ''})` : ''}
      </p>
      {failure.detail && !failure.message.includes(failure.detail) && <p className="mono">{failure.detail}</p>}
      {failure.issues && (
        <ul className="mono">
          {failure.issues.map((issue, i) => (
            <li key={i}>
              {issue.path}: {issue.message}
            </li>
          ))}
        </ul>
      )}
      {children}
    </div>
  );
}
