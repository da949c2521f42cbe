import { useId, useState } from 'react';
import { delimiterLabels, readRows } from '../../../../shared/bulk/rows';
import { formatCount } from '../../lib/format';
import { useClearBulkSource, useGoTo, type BulkBrowserSource } from '../../stores';
import { ServerText } from '../../ui/ServerText';
import { TabList, TabPanels, useTabsId, type TabItem } from '../../ui/Tabs';
import { BadRowList } from './BadRowList';
import { fileFormatText, MAX_SOURCE_CHARS } from './model';
import type { BulkDraft, BulkDraftUpdate, FileDraft } from './state';

interface SourceSectionProps {
  draft: BulkDraft;
  update: BulkDraftUpdate;
  /** What a browser handed over for this connection, if anything. */
  browserSource: BulkBrowserSource | null;
}

/** Step 1: where the targets come from, a file's rows or a browser's selection or filter. */
export function SourceSection({ draft, update, browserSource }: SourceSectionProps) {
  const tabsId = useTabsId();
  const items: TabItem<'file' | 'browser'>[] = [
    { key: 'file', label: 'File', testId: 'bulk-source-tab-file' },
    { key: 'browser', label: 'From browser', testId: 'bulk-source-tab-browser' },
  ];
  const state = draft.sourceTab === 'file' ? (draft.file ? 'ready' : 'empty') : browserSource ? 'ready' : 'empty';
  return (
    <section className="bulk-step" aria-labelledby="bulk-source-title" data-testid="bulk-source" data-state={state} data-tab={draft.sourceTab}>
      <h2 id="bulk-source-title" className="bulk-step-title">
        <span className="bulk-step-number" aria-hidden="true">
          1
        </span>
        Targets
      </h2>
      <TabList
        id={tabsId}
        label="Where the targets come from"
        items={items}
        selected={draft.sourceTab}
        onSelect={(sourceTab) => update({ sourceTab })}
        className="tabs page-tabs"
      />
      <TabPanels id={tabsId} items={items} selected={draft.sourceTab} className="bulk-tab-panel">
        {draft.sourceTab === 'file' ? (
          <FileSource file={draft.file} onRead={(file) => update({ file, mapping: null })} onClear={() => update({ file: null, mapping: null })} />
        ) : (
          <BrowserSourceView source={browserSource} />
        )}
      </TabPanels>
    </section>
  );
}

function FileSource({ file, onRead, onClear }: { file: FileDraft | null; onRead: (file: FileDraft) => void; onClear: () => void }) {
  const inputId = useId();
  const [reading, setReading] = useState<'idle' | 'reading' | { error: string }>('idle');
  const [dragging, setDragging] = useState(false);

  const readFile = (chosen: File | undefined) => {
    if (!chosen) return;
    setReading('reading');
    chosen
      .text()
      .then((text) => {
        if (text.length > MAX_SOURCE_CHARS) throw new Error(`${chosen.name} is larger than ${formatCount(MAX_SOURCE_CHARS / 1024 / 1024)} MB.`);
        // Parsed once, here; the text itself goes to the plan job, which reads it the same way.
        onRead({ name: chosen.name, text, read: readRows(text) });
        setReading('idle');
      })
      .catch((error: unknown) => setReading({ error: error instanceof Error ? error.message : String(error) }));
  };
  return (
    <div
      className="bulk-file"
      data-testid="bulk-file"
      data-state={reading === 'reading' ? 'reading' : typeof reading === 'object' ? 'error' : file ? 'ready' : 'empty'}
    >
      {/* The file input covers the drop zone: a click opens the file dialog and a drop lands on it, natively. */}
      <div className={dragging ? 'bulk-drop is-dragging' : 'bulk-drop'} data-testid="bulk-drop">
        <label htmlFor={inputId} className="bulk-drop-label">
          <strong>{file ? 'Choose another file' : 'Choose a file'}</strong> or drop it here
        </label>
        <span className="muted small">CSV with a header row (comma, semicolon or tab; UTF-8) or JSON lines, one object a line</span>
        <input
          id={inputId}
          type="file"
          className="bulk-file-input"
          accept=".csv,.tsv,.txt,.jsonl,.ndjson,.json,text/csv,text/plain,application/json"
          data-testid="bulk-file-input"
          onDragEnter={() => setDragging(true)}
          onDragLeave={() => setDragging(false)}
          onDrop={() => setDragging(false)}
          onChange={(event) => {
            readFile(event.target.files?.[0]);
            event.target.value = '';
          }}
        />
      </div>
      {reading === 'reading' && (
        <p className="loading-state" role="status">
          Reading the file…
        </p>
      )}
      {typeof reading === 'object' && (
        <p className="error-state" role="alert" data-testid="bulk-file-error">
          The file could not be read: {reading.error}
        </p>
      )}
      {file && <FileFacts file={file} onClear={onClear} />}
    </div>
  );
}

function FileFacts({ file, onClear }: { file: FileDraft; onClear: () => void }) {
  const { read } = file;
  return (
    <div
      className="bulk-file-facts"
      data-testid="bulk-file-facts"
      data-format={read.format}
      data-delimiter={read.delimiter ? delimiterLabels[read.delimiter] : undefined}
      data-rows={read.rows.length}
      data-bad={read.bad.length}
    >
      <p>
        <strong className="mono" data-testid="bulk-file-name">
          {file.name}
        </strong>{' '}
        <span data-testid="bulk-file-format">{fileFormatText(read)}</span>
        {' · '}
        <span data-testid="bulk-file-rows">
          {formatCount(read.rows.length)} {read.rows.length === 1 ? 'row' : 'rows'}
        </span>
        {' · '}
        {formatCount(read.columns.length)} {read.columns.length === 1 ? 'column' : 'columns'}{' '}
        <button type="button" className="link-button" data-testid="bulk-file-clear" onClick={onClear}>
          Remove
        </button>
      </p>
      <BadRowList bad={read.bad} title="Rows left out of the file" testId="bulk-file-bad" />
    </div>
  );
}

function BrowserSourceView({ source }: { source: BulkBrowserSource | null }) {
  const goTo = useGoTo();
  const clear = useClearBulkSource();
  if (!source) {
    return (
      <div className="empty-state" data-testid="bulk-browser-empty">
        <p>Nothing handed over yet. In the Users or Groups browser, select rows or type a filter, then choose “Bulk change…”.</p>
        <div className="action-row">
          <button type="button" className="button" onClick={() => goTo('users')}>
            Go to Users
          </button>
          <button type="button" className="button" onClick={() => goTo('groups')}>
            Go to Groups
          </button>
        </div>
      </div>
    );
  }
  const { target, noun } = source;
  return (
    <div
      className="bulk-browser-source"
      data-testid="bulk-browser-source"
      data-kind={target.kind}
      data-count={target.kind === 'ids' ? target.ids.length : target.count}
      data-target={source.kind}
    >
      {target.kind === 'ids' ? (
        <p>
          <strong>
            {formatCount(target.ids.length)} selected {target.ids.length === 1 ? noun.one : noun.many}
          </strong>
          {target.names.length > 0 && (
            <>
              {': '}
              <ServerText value={target.names.slice(0, 5).join(', ')} />
              {target.ids.length > 5 && ` and ${formatCount(target.ids.length - 5)} more`}
            </>
          )}
        </p>
      ) : (
        <p>
          <strong>
            Every {noun.one} the filter matches: {formatCount(target.count)}
          </strong>{' '}
          (counted when handed over) <ServerText className="mono bulk-filter-text" value={target.filter} />
        </p>
      )}
      <div className="action-row">
        <button type="button" className="button" onClick={() => goTo(source.kind)}>
          Back to {source.kind === 'users' ? 'Users' : 'Groups'}
        </button>
        <button type="button" className="button button-subtle" data-testid="bulk-browser-clear" onClick={clear}>
          Clear
        </button>
      </div>
    </div>
  );
}
