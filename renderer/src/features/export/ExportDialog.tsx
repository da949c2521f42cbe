import { useId, useMemo, useRef, useState } from 'react';
import type { ResourceTypeDef } from '../../../../shared/contract';
import { errorMessage, isBridgeError, useBridge } from '../../bridge';
import { formatCount } from '../../lib/format';
import { useShowToast } from '../../stores';
import { browserViewKey, useSavedColumns } from '../../stores/browserColumnsSlice';
import { resourceKind } from '../../scim';
import { columnFor, defaultColumns } from '../browser/columns';
import type { BrowseView } from '../browser/queries';
import { toCsv } from './csv';
import { fetchAll } from './fetchAll';
import { useModalDialog } from '../../ui/Dialog';
import { chooseSaveTarget, discardTarget, isAbortError, saveBlob, suggestedFileName } from './saveFile';

export type ExportFormat = 'csv' | 'json';

export interface ExportDialogProps {
  connectionId: string;
  resourceType: ResourceTypeDef;
  noun: { one: string; many: string };
  /** The browser's view when the dialog opened: its filter and sort. */
  view: BrowseView;
  onClose: () => void;
}

type Phase =
  | { kind: 'idle' }
  | { kind: 'running'; done: number; total: number | null }
  | { kind: 'cancelled'; done: number; leftover: string }
  | { kind: 'error'; message: string };

const FORMATS: Record<ExportFormat, { mime: string; label: string }> = {
  csv: { mime: 'text/csv', label: 'CSV' },
  json: { mime: 'application/json', label: 'JSON' },
};

/** "Export the current view": every page with the browser's filter, sort and columns, to CSV or JSON. */
export function ExportDialog({ connectionId, resourceType, noun, view: openedView, onClose }: ExportDialogProps) {
  const bridge = useBridge();
  const showToast = useShowToast();
  const endpoint = resourceType.endpoint;
  const saved = useSavedColumns(browserViewKey(connectionId, endpoint));
  const kind = resourceKind(resourceType);
  const columns = useMemo(() => (saved ?? defaultColumns(kind)).map(columnFor), [saved, kind]);
  // The view as it was when the dialog opened: what the user sees behind it.
  const [view] = useState(openedView);
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const abortRef = useRef<AbortController | null>(null);
  // Closing the dialog any way stops an export still running.
  const dialogRef = useModalDialog(() => abortRef.current?.abort());
  const titleId = useId();
  const running = phase.kind === 'running';

  const start = async () => {
    const { mime } = FORMATS[format];
    const fileName = suggestedFileName(endpoint, format);
    // Asked first, while the click still counts as a user gesture; cancelling the picker is not an error.
    const target = await chooseSaveTarget(fileName, mime, format);
    if (!target) return;
    const controller = new AbortController();
    abortRef.current = controller;
    setPhase({ kind: 'running', done: 0, total: null });
    let done = 0;
    try {
      const resources = await fetchAll(bridge, view, controller.signal, (count, total) => {
        done = count;
        setPhase({ kind: 'running', done: count, total });
      });
      if (controller.signal.aborted) throw new DOMException('Export cancelled', 'AbortError');
      const body = format === 'csv' ? toCsv(resources, columns) : JSON.stringify(resources, null, 2);
      await saveBlob(target, new Blob([body], { type: `${mime};charset=utf-8` }), fileName);
      showToast('success', `Exported ${formatCount(resources.length)} ${resources.length === 1 ? noun.one : noun.many} to ${FORMATS[format].label}.`);
      onClose();
    } catch (error) {
      const clean = await discardTarget(target);
      const leftover = clean ? '' : ' An empty file may remain where you chose to save.';
      if (controller.signal.aborted || isAbortError(error) || (isBridgeError(error) && error.data.code === 'cancelled')) setPhase({ kind: 'cancelled', done, leftover });
      else setPhase({ kind: 'error', message: errorMessage(error) + leftover });
    } finally {
      if (abortRef.current === controller) abortRef.current = null;
    }
  };

  const cancel = () => {
    if (running) abortRef.current?.abort();
    else onClose();
  };

  const progressText = running ? (phase.total !== null ? `${formatCount(phase.done)} of ${formatCount(phase.total)}` : `${formatCount(phase.done)} so far`) : '';
  const percent = running && phase.total ? Math.min(100, (phase.done / phase.total) * 100) : 0;

  return (
    <dialog
      ref={dialogRef}
      className="dialog export-dialog"
      aria-labelledby={titleId}
      data-testid="export-dialog"
      onCancel={(event) => {
        event.preventDefault();
        cancel();
      }}
    >
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          if (!running) void start();
        }}
      >
        <h2 id={titleId} className="dialog-title">
          Export {noun.many}
        </h2>
        <div className="dialog-body">
          <p>All pages with the current filter, sort and columns.</p>
          <dl className="export-view">
            <dt>Filter</dt>
            <dd className="mono" data-testid="export-filter">
              {view.filter ?? 'none'}
            </dd>
            <dt>Sort</dt>
            <dd className="mono">{view.sortBy ? `${view.sortBy} ${view.sortOrder ?? 'ascending'}` : 'server order'}</dd>
            <dt>Columns</dt>
            <dd>{format === 'csv' ? columns.map((c) => c.label).join(', ') : 'every attribute, as received'}</dd>
          </dl>
          <fieldset className="export-formats" disabled={running}>
            <legend>Format</legend>
            {(Object.keys(FORMATS) as ExportFormat[]).map((f) => (
              <label key={f} className="check-field">
                <input type="radio" name="export-format" value={f} checked={format === f} onChange={() => setFormat(f)} />
                {FORMATS[f].label}
              </label>
            ))}
          </fieldset>
          {running && (
            <div className="export-progress-row">
              <div
                className="export-progress"
                role="progressbar"
                data-testid="export-progress"
                aria-label="Export progress"
                aria-valuemin={0}
                aria-valuemax={phase.total ?? undefined}
                aria-valuenow={phase.done}
                aria-valuetext={progressText}
              >
                <div className={phase.total === null ? 'export-progress-bar is-indeterminate' : 'export-progress-bar'} style={{ width: phase.total === null ? undefined : `${percent}%` }} />
              </div>
              <span className="export-progress-text" data-testid="export-progress-text">
                {progressText}
              </span>
            </div>
          )}
          {phase.kind === 'cancelled' && (
            <p className="export-status" role="status" data-testid="export-status">
              Export cancelled after {formatCount(phase.done)} {phase.done === 1 ? noun.one : noun.many}; nothing was saved.{phase.leftover}
            </p>
          )}
          {phase.kind === 'error' && (
            <p className="error-state" role="alert" data-testid="export-error">
              <strong>The export failed.</strong> {phase.message}
            </p>
          )}
        </div>
        <div className="dialog-actions">
          <button type="button" className="button" data-testid="export-cancel" onClick={cancel}>
            {running ? 'Cancel' : 'Close'}
          </button>
          <button type="submit" className="button button-primary" data-testid="export-start" disabled={running} autoFocus>
            {running ? 'Exporting…' : phase.kind === 'idle' ? 'Export' : 'Export again'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
