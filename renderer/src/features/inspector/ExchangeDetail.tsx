import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import type { JournalEntry } from '../../../../shared/contract';
import { placeholdersOf, statusText, toCurl, toFetch } from '../../../../shared/exchange';
import { errorMessage, useBridge } from '../../bridge';
import { formatDuration } from '../../lib/format';
import { useChosenConnectionId, useShowToast } from '../../stores';
import { Badge } from '../../ui/Badge';
import { connectionsListQuery } from '../../scim';
import { BodyView, HeadersTable } from './BodyView';
import { seedFromEntry } from './consoleSeed';
import { formatBytes, statusClassOf } from './filter';
import { journalEntryQuery } from './queries';
import { useCompareIds, useOpenConsole, useToggleCompare } from './state';
import { ErrorState } from '../../ui/ErrorState';

type Copied = { kind: 'curl' | 'fetch'; text: string; placeholders: string[]; clipboard: boolean };

/** Copies to the clipboard; false where the clipboard is refused (the text is shown to copy by hand). */
async function writeClipboard(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** The selected exchange in full: what was sent and received, timings, tries, quirks, and copy actions. */
export function ExchangeDetail({ id }: { id: string }) {
  const bridge = useBridge();
  const entry = useQuery(journalEntryQuery(bridge, id));
  const [copied, setCopied] = useState<Copied | null>(null);
  const [copiedFor, setCopiedFor] = useState(id);
  const showToast = useShowToast();
  const compareIds = useCompareIds();
  const toggleCompare = useToggleCompare();
  const openConsole = useOpenConsole();
  const connections = useQuery(connectionsListQuery(bridge)).data ?? [];
  const chosenId = useChosenConnectionId();
  // A different exchange drops the last copied command (React's "adjust state on prop change").
  if (copiedFor !== id) {
    setCopiedFor(id);
    setCopied(null);
  }

  if (entry.isPending) {
    return (
      <div className="inspector-detail" data-testid="inspector-detail" data-state="loading" aria-busy="true">
        <p className="loading-state">Loading the exchange…</p>
      </div>
    );
  }
  if (entry.isError) {
    return (
      <div className="inspector-detail" data-testid="inspector-detail" data-state="error">
        <ErrorState message={errorMessage(entry.error)} onRetry={() => void entry.refetch()} />
      </div>
    );
  }
  const e: JournalEntry = entry.data;
  const copy = async (kind: Copied['kind']) => {
    const text = kind === 'curl' ? toCurl(e) : toFetch(e);
    const clipboard = await writeClipboard(text);
    setCopied({ kind, text, placeholders: placeholdersOf(e), clipboard });
    showToast(clipboard ? 'info' : 'error', clipboard ? `Copied as ${kind}.` : 'The clipboard is not available here: copy the text shown below.');
  };
  const marked = compareIds.includes(e.id);
  const cls = statusClassOf(e);

  return (
    <div className="inspector-detail" data-testid="inspector-detail" data-state="ready" data-id={e.id}>
      {/* The exchange's heading: the sections below (headers, bodies) are its h3s. */}
      <h2 className="inspector-detail-head">
        <span className="inspector-method">{e.method}</span>
        <span className="inspector-url mono" title={e.url} data-testid="inspector-detail-url">
          {e.url}
        </span>
      </h2>
      <dl className="inspector-facts">
        <Fact term="Status" className={`inspector-status status-${cls}`} testId="inspector-detail-status">
          {e.status === null ? (e.error?.code ?? 'no answer') : `${e.status} ${statusText(e.status)}`}
        </Fact>
        <Fact term="Started">{new Date(e.timings.startedAt).toLocaleString()}</Fact>
        <Fact term="Headers after">{e.timings.ttfbMs === null ? '—' : formatDuration(e.timings.ttfbMs)}</Fact>
        <Fact term="Total">{formatDuration(e.timings.totalMs)}</Fact>
        <Fact term="Attempt" testId="inspector-detail-attempt">
          {e.attempt === 1 ? '1 (first try)' : `${e.attempt} (retry ${e.attempt - 1})`}
        </Fact>
        <Fact term="Sizes">
          sent {formatBytes(e.sizes.request)}, received {formatBytes(e.sizes.response)}
        </Fact>
        <Fact term="Connection">{e.connectionName}</Fact>
      </dl>
      {e.error && (
        <p className="inspector-error" role="status">
          {e.error.code}: {e.error.message}
        </p>
      )}
      {e.quirks.length > 0 && (
        <ul className="inspector-quirks" data-testid="inspector-detail-quirks" aria-label="Quirks this exchange showed">
          {e.quirks.map((q) => (
            <li key={q.code}>
              <Badge tone="warning">{q.code}</Badge> {q.message}
            </li>
          ))}
        </ul>
      )}
      <div className="inspector-actions">
        <button type="button" className="button" data-testid="inspector-copy-curl" onClick={() => void copy('curl')}>
          Copy as curl
        </button>
        <button type="button" className="button" data-testid="inspector-copy-fetch" onClick={() => void copy('fetch')}>
          Copy as fetch
        </button>
        <button
          type="button"
          className="button"
          data-testid="inspector-resend"
          disabled={connections.length === 0}
          onClick={() => {
            const seed = seedFromEntry(e, connections, chosenId);
            if (seed) openConsole(seed);
          }}
        >
          Edit and resend
        </button>
        <button type="button" className="button button-subtle" aria-pressed={marked} data-testid="inspector-mark-compare" onClick={() => toggleCompare(e.id)}>
          {marked ? 'Unmark for diff' : 'Mark for diff'}
        </button>
      </div>
      {copied && (
        <div className="inspector-copied" data-testid="inspector-copied" data-kind={copied.kind}>
          <p className="muted">
            {copied.clipboard ? `Copied as ${copied.kind}.` : 'Copy this by hand:'}{' '}
            {copied.placeholders.length > 0 &&
              `Secrets are never journaled: set ${copied.placeholders.map((p) => `$${p}`).join(', ')} in the environment before running it.`}
          </p>
          <pre className="inspector-code" role="region" aria-label={`Copied as ${copied.kind}`} tabIndex={0} data-testid="inspector-copied-text">
            {copied.text}
          </pre>
        </div>
      )}
      <HeadersTable label="Request headers" headers={e.requestHeaders} testId="inspector-request-headers" />
      <BodyView label="Request body" body={e.requestBody} testId="inspector-request-body" />
      <HeadersTable label="Response headers" headers={e.responseHeaders} testId="inspector-response-headers" />
      <BodyView label="Response body" body={e.responseBody} testId="inspector-response-body" />
    </div>
  );
}

/** A term and its value, kept together as one item of the facts list. */
function Fact({ term, className, testId, children }: { term: string; className?: string; testId?: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd className={className} data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}
