import { useState } from 'react';
import type { AppInfo } from '../../../shared/contract';
import { CrossIcon } from '../ui/icons';

/** Things the user should know since launch (e.g. a corrupt file moved aside); each can be dismissed. */
export function NoticeBanner({ notices }: { notices: AppInfo['notices'] }) {
  const [dismissed, setDismissed] = useState<ReadonlySet<number>>(new Set());
  const shown = notices.map((notice, index) => ({ notice, index })).filter(({ index }) => !dismissed.has(index));
  if (shown.length === 0) return null;
  return (
    <div className="notice-banner" data-testid="notice-banner">
      {shown.map(({ notice, index }) => (
        <div key={index} className={`notice notice-${notice.level}`} role={notice.level === 'info' ? 'status' : 'alert'} data-testid="notice">
          <span>{notice.message}</span>
          <button type="button" className="button button-icon" aria-label="Dismiss notice" onClick={() => setDismissed((d) => new Set(d).add(index))}>
            <CrossIcon />
          </button>
        </div>
      ))}
    </div>
  );
}
