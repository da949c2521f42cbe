import { useState } from 'react';
import { formatCount } from '../../lib/format';
import { ConfirmDialog } from '../../ui/Dialog';

export type HarScope = 'shown' | 'loaded';

type DialogProps = { busy: boolean; onConfirm: () => void; onCancel: () => void };
type HarDialogProps = { shown: number; loaded: number; busy: boolean; onExport: (scope: HarScope) => void; onCancel: () => void };

/** Which exchanges go in the HAR: the filtered list, or everything loaded for the connection choice. */
export function ExportHarDialog({ shown, loaded, onExport, ...dialog }: HarDialogProps) {
  const [scope, setScope] = useState<HarScope>(shown > 0 ? 'shown' : 'loaded');
  return (
    <ConfirmDialog title="Export HAR" confirmLabel="Export" onConfirm={() => onExport(scope)} {...dialog}>
      <fieldset className="inspector-scope" data-testid="inspector-har-dialog">
        <legend className="visually-hidden">Exchanges to export</legend>
        <label className="check-field">
          <input type="radio" name="har-scope" checked={scope === 'shown'} disabled={shown === 0} onChange={() => setScope('shown')} />
          The {formatCount(shown)} shown (filters applied)
        </label>
        <label className="check-field">
          <input type="radio" name="har-scope" checked={scope === 'loaded'} onChange={() => setScope('loaded')} />
          All {formatCount(loaded)} loaded
        </label>
      </fieldset>
      <p className="muted">HAR 1.2, for browser devtools and HAR viewers. Credentials are already redacted in the journal and stay so.</p>
    </ConfirmDialog>
  );
}

/** "Clear" names what it clears and asks first: a journal cannot be brought back. */
export function ClearJournalDialog({ connectionName, ...dialog }: DialogProps & { connectionName: string | null }) {
  return (
    <ConfirmDialog title="Clear the journal?" confirmLabel="Clear" danger {...dialog}>
      <p data-testid="inspector-clear-scope">
        {connectionName
          ? `Every recorded exchange of “${connectionName}”, in memory and on disk (earlier runs too), is deleted.`
          : 'Every recorded exchange of every connection, in memory and on disk (earlier runs too), is deleted.'}
      </p>
      <p className="muted">This cannot be undone.</p>
    </ConfirmDialog>
  );
}
