import { formatCount } from '../lib/format';
import { useScanProgress } from '../stores';
import { ServerText } from './ServerText';

export interface ScanNoteProps {
  /** The search's `progressKey` (see searchInput in renderer/src/scim), when it has one. */
  progressKey: string | undefined;
  /** The search is still running. */
  searching: boolean;
  /** How the search was done (the page's scan reason), once it has come back. */
  note: string | undefined;
  onCancel: () => void;
  testId: string;
}

/**
 * A search the main side is matching itself (the server refused or ignored its filter): how far it has
 * read, with Cancel, while it runs; then what was done and over how much of the collection.
 */
export function ScanNote({ progressKey, searching, note, onCancel, testId }: ScanNoteProps) {
  const progress = useScanProgress(progressKey);
  if (searching && progress) {
    return (
      <p className="note-bar" role="status" data-testid={`${testId}-scanning`}>
        Matching here (the server does not apply this search): read {formatCount(progress.scanned)}
        {progress.total !== null ? ` of ${formatCount(progress.total)}` : ''}, {formatCount(progress.matched)} found so far.{' '}
        <button type="button" className="link-button" onClick={onCancel}>
          Cancel
        </button>
      </p>
    );
  }
  if (!note) return null;
  return (
    <p className="note-bar" role="note" data-testid={testId}>
      <ServerText value={note} />
    </p>
  );
}
