import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { errorMessage } from '../../bridge';
import { isJobUnfinished, JobProgressBar, jobProgressText, useJob, useJobAction, useSaveJobFile, useStartJob } from '../../jobs';
import { formatCount } from '../../lib/format';
import { browserViewKey, useSavedColumns, useShowToast } from '../../stores';
import { columnFor, defaultColumns, resourceKind } from '../../scim';
import { useModalDialog } from '../../ui/Dialog';
import type { ExportDialogProps } from '../../ui/ResourcePanels';
import { ServerText } from '../../ui/ServerText';
import './export.css';

type ExportFormat = 'csv' | 'json';

const FORMATS: Record<ExportFormat, string> = { csv: 'CSV', json: 'JSON' };

// The job's summary is one line, maybe without a full stop; a sentence follows it here.
const sentence = (text: string) => (/[.!?…]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

/**
 * "Export the current view": every page with the browser's filter, sort and columns, to CSV or JSON.
 * The export is a main-side job: this dialog starts it and follows it, and can leave it running in
 * the background (the Jobs panel has it); once it succeeds the file is saved from here.
 */
export function ExportDialog({ connectionId, resourceType, noun, view: openedView, onClose }: ExportDialogProps) {
  const showToast = useShowToast();
  const endpoint = resourceType.endpoint;
  const saved = useSavedColumns(browserViewKey(connectionId, endpoint));
  const kind = resourceKind(resourceType);
  const columns = useMemo(() => (saved ?? defaultColumns(kind)).map(columnFor), [saved, kind]);
  // The view as it was when the dialog opened: what the user sees behind it.
  const [view] = useState(openedView);
  const [format, setFormat] = useState<ExportFormat>('csv');
  const start = useStartJob();
  const action = useJobAction();
  const save = useSaveJobFile();
  // The live view, or the start's answer until the jobs list has the job.
  const live = useJob(start.data?.id);
  const job = live ?? start.data;
  const primaryRef = useRef<HTMLButtonElement>(null);
  const dialogRef = useModalDialog(primaryRef);
  const titleId = useId();

  const state = job?.state;
  const unfinished = state !== undefined && isJobUnfinished(state);
  const succeeded = state === 'succeeded';
  const busy = start.isPending || unfinished;
  // The main action changes with the job (Export, Resume, Save file…): focus follows it to the new one.
  const step = job && (state === 'paused' || state === 'interrupted') ? 'resume' : succeeded ? 'save' : 'start';
  useEffect(() => primaryRef.current?.focus(), [step]);

  const begin = () =>
    start.mutate({
      kind: 'export',
      params: {
        connectionId,
        endpoint,
        ...(view.filter ? { filter: view.filter } : {}),
        ...(view.sortBy ? { sortBy: view.sortBy, sortOrder: view.sortOrder ?? 'ascending' } : {}),
        ...(view.excludedAttributes?.length ? { excludedAttributes: view.excludedAttributes } : {}),
        format,
        columns: columns.map((c) => ({ label: c.label, path: c.path })),
        noun,
      },
    });

  // The job goes on without the dialog; the Jobs panel (and the status bar) has it.
  const runInBackground = () => {
    showToast('info', 'Export continues in Jobs');
    onClose();
  };

  const cancelJob = () => {
    if (!job) return;
    action.mutate({ id: job.id, action: 'cancel' }, { onError: (error) => showToast('error', `The export could not be cancelled: ${errorMessage(error)}`) });
  };

  const resumeJob = (id: string) =>
    action.mutate({ id, action: 'resume' }, { onError: (error) => showToast('error', `The export could not be resumed: ${errorMessage(error)}`) });

  const saveFile = () => {
    if (!job) return;
    save.mutate(job, {
      onSuccess: (answer) => {
        // Dismissing the native save dialog keeps this one open, to save again.
        if (!answer.saved && !answer.downloadUrl) return;
        // "Saved to …" is toasted by useSaveJobFile; a download shows in the browser, so say what it holds.
        if (!answer.path && job.result) showToast('success', sentence(job.result.summary));
        onClose();
      },
      onError: (error) => showToast('error', `The file could not be saved: ${errorMessage(error)}`),
    });
  };

  const dismiss = () => (unfinished ? runInBackground() : onClose());

  return (
    <dialog
      ref={dialogRef}
      className="dialog export-dialog"
      aria-labelledby={titleId}
      data-testid="export-dialog"
      data-state={state ?? (start.isPending ? 'starting' : 'idle')}
      onCancel={(event) => {
        event.preventDefault();
        dismiss();
      }}
    >
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          if (succeeded) saveFile();
          else if (!busy) begin();
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
          <fieldset className="export-formats" disabled={busy || succeeded}>
            <legend>Format</legend>
            {(Object.keys(FORMATS) as ExportFormat[]).map((f) => (
              <label key={f} className="check-field">
                <input type="radio" name="export-format" value={f} checked={format === f} onChange={() => setFormat(f)} />
                {FORMATS[f]}
              </label>
            ))}
          </fieldset>
          {job && unfinished && (
            <div className="export-progress-row">
              <JobProgressBar progress={job.progress} moving={state === 'running' || state === 'queued'} label="Export progress" testId="export-progress" />
              <span className="export-progress-text" data-testid="export-progress-text">
                {state === 'queued' ? 'Waiting to start' : jobProgressText(job.progress)}
                {state === 'paused' && ' · paused'}
              </span>
            </div>
          )}
          {job && state === 'interrupted' && job.message && (
            <p className="export-status" role="status" data-testid="export-status">
              <ServerText value={job.message} />
            </p>
          )}
          {job && succeeded && (
            <p className="export-status" role="status" data-testid="export-summary">
              <ServerText value={sentence(job.result?.summary ?? `Exported ${jobProgressText(job.progress)}`)} /> Choose where to save it.
            </p>
          )}
          {job && state === 'cancelled' && (
            <p className="export-status" role="status" data-testid="export-status">
              Export cancelled after {formatCount(job.progress.done)} {job.progress.done === 1 ? noun.one : noun.many}; nothing was saved.
            </p>
          )}
          {(start.isError || state === 'failed') && (
            <p className="error-state" role="alert" data-testid="export-error">
              <strong>The export failed.</strong>{' '}
              {start.isError ? errorMessage(start.error) : <ServerText value={job?.message ?? 'The main side gave no reason.'} />}
            </p>
          )}
        </div>
        <div className="dialog-actions">
          {unfinished && (
            <button type="button" className="button" data-testid="export-background" onClick={runInBackground}>
              Run in background
            </button>
          )}
          <button
            type="button"
            className="button"
            data-testid="export-cancel"
            disabled={unfinished && action.isPending}
            onClick={unfinished ? cancelJob : onClose}
          >
            {unfinished ? 'Cancel' : 'Close'}
          </button>
          {job && (state === 'paused' || state === 'interrupted') ? (
            <button
              type="button"
              className="button button-primary"
              data-testid="export-resume"
              ref={primaryRef}
              disabled={action.isPending}
              onClick={() => resumeJob(job.id)}
            >
              Resume
            </button>
          ) : succeeded ? (
            <button type="submit" className="button button-primary" data-testid="export-save" ref={primaryRef} disabled={save.isPending}>
              {save.isPending ? 'Saving…' : 'Save file…'}
            </button>
          ) : (
            <button type="submit" className="button button-primary" data-testid="export-start" ref={primaryRef} disabled={busy}>
              {busy ? 'Exporting…' : job || start.isError ? 'Export again' : 'Export'}
            </button>
          )}
        </div>
      </form>
    </dialog>
  );
}
