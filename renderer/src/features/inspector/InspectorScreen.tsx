import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import type { JournalEntry, JournalSummary } from '../../../../shared/contract';
import { errorMessage, useBridge } from '../../bridge';
import { formatCount } from '../../lib/format';
import { useShowToast } from '../../stores';
import { appInfoQuery, connectionsListQuery, useActiveConnection } from '../../scim';
import { ConsolePanel } from './ConsolePanel';
import { blankSeed } from './consoleSeed';
import { DiffView } from './DiffView';
import { ExchangeDetail } from './ExchangeDetail';
import { ExchangeList } from './ExchangeList';
import { exportHar } from './exportHar';
import { matchesFilters, METHODS, STATUS_CLASSES } from './filter';
import { ClearJournalDialog, ExportHarDialog, type HarScope } from './JournalDialogs';
import { useDebounced } from '../../lib/useDebounced';
import { useSlashToSearch } from '../../ui/focus';
import { journalEntryQuery, journalKeys, journalListQuery, journalSearchQuery, journalSessionsQuery, mergeNewestFirst } from './queries';
import {
  useCompareIds,
  useInspectorConsole,
  useInspectorFilters,
  useInspectorView,
  useOpenConsole,
  useResetInspectorSelection,
  useSelectedExchangeId,
  useSelectExchange,
  useSetInspectorFilters,
  useShowInspectorView,
  useToggleCompare,
} from './state';
import './inspector.css';
import { ErrorState } from '../../ui/ErrorState';
import { Select } from '../../ui/Select';

const EMPTY: JournalSummary[] = [];

/** The raw request inspector: every HTTP exchange main made, live, filtered, opened, copied, exported, compared. */
export function InspectorScreen() {
  const bridge = useBridge();
  const queryClient = useQueryClient();
  const showToast = useShowToast();
  const filters = useInspectorFilters();
  const setFilters = useSetInspectorFilters();
  const selectedId = useSelectedExchangeId();
  const select = useSelectExchange();
  const compareIds = useCompareIds();
  const toggleCompare = useToggleCompare();
  const view = useInspectorView();
  const showView = useShowInspectorView();
  const resetSelection = useResetInspectorSelection();
  const consoleState = useInspectorConsole();
  const openConsole = useOpenConsole();
  const active = useActiveConnection();
  const searchRef = useRef<HTMLInputElement>(null);

  const list = useInfiniteQuery(journalListQuery(bridge, filters.connectionId));
  const sessions = useQuery(journalSessionsQuery(bridge));
  const connections = useQuery(connectionsListQuery(bridge));
  const info = useQuery(appInfoQuery(bridge));
  const loaded = useMemo(() => list.data?.pages.flat() ?? EMPTY, [list.data]);

  // Text also matches the bodies of exchanges already opened (their entries are in the cache).
  const bodiesOf = (id: string) => {
    const entry = queryClient.getQueryData<JournalEntry>(journalEntryQuery(bridge, id).queryKey);
    return entry ? `${entry.requestBody?.text ?? ''}\n${entry.responseBody?.text ?? ''}` : undefined;
  };
  // Bodies of every exchange (earlier runs too) are searched on the main side once typing settles.
  const searchText = useDebounced(filters.text.trim(), 300);
  const search = useQuery({ ...journalSearchQuery(bridge, filters.connectionId, searchText), enabled: searchText !== '' });
  const found = useMemo(() => new Set(search.data?.map((s) => s.id) ?? []), [search.data]);
  const candidates = useMemo(() => (searchText && search.data ? mergeNewestFirst(loaded, search.data) : loaded), [searchText, search.data, loaded]);
  const shown = candidates.filter((s) => matchesFilters(s, filters, bodiesOf, found));
  const searchState = !filters.text.trim() ? 'off' : searchText !== filters.text.trim() || search.isFetching ? 'searching' : search.isError ? 'error' : 'done';

  // Connections to filter by: saved ones, and any with a journal on disk from earlier runs.
  const connectionChoices = useMemo(() => {
    const names = new Map<string, string>();
    for (const c of connections.data ?? []) names.set(c.id, c.name);
    for (const s of sessions.data ?? []) if (!names.has(s.connectionId)) names.set(s.connectionId, `${s.connectionName} (earlier run)`);
    return [...names].map(([id, name]) => ({ id, name }));
  }, [connections.data, sessions.data]);
  const connectionName = connectionChoices.find((c) => c.id === filters.connectionId)?.name ?? null;

  const [dialog, setDialog] = useState<'har' | 'clear' | null>(null);
  const har = useMutation({
    mutationFn: (scope: HarScope) => exportHar(bridge, queryClient, scope === 'shown' ? shown : loaded, info.data?.version ?? '0'),
    onSuccess: (result) => {
      if (result.kind !== 'saved') return;
      setDialog(null);
      showToast('success', `Exported ${formatCount(result.count)} exchanges to HAR.${result.missing ? ` ${result.missing} had left the journal.` : ''}`);
    },
    onError: (error) => showToast('error', `The HAR could not be saved: ${errorMessage(error)}`),
  });
  const clear = useMutation({
    mutationFn: () => bridge.call('journal.clear', filters.connectionId ? { connectionId: filters.connectionId } : {}),
    onSuccess: async ({ removed }) => {
      resetSelection();
      await queryClient.resetQueries({ queryKey: journalKeys.all });
      setDialog(null);
      showToast('info', `Cleared ${formatCount(removed)} exchanges from the journal.`);
    },
    onError: (error) => showToast('error', `The journal could not be cleared: ${errorMessage(error)}`),
  });
  const busy = har.isPending || clear.isPending;

  const screenRef = useRef<HTMLElement>(null);
  useSlashToSearch(screenRef, searchRef);

  const state = list.isError ? 'error' : list.isPending ? 'loading' : loaded.length === 0 ? 'empty' : 'ready';
  const pair = compareIds.length === 2 ? ([compareIds[0]!, compareIds[1]!] as const) : null;
  const filtered = filters.method !== '' || filters.statusClass !== '' || filters.text.trim() !== '';

  return (
    <section
      className="screen inspector"
      data-testid="screen-inspector"
      data-state={state}
      data-search={searchState}
      aria-labelledby="inspector-title"
      ref={screenRef}
    >
      <header className="screen-header">
        <h1 id="inspector-title">Inspector</h1>
        <span className="muted" data-testid="inspector-count" aria-live="polite">
          {state === 'ready' || state === 'empty' ? `${formatCount(shown.length)} of ${formatCount(loaded.length)} exchanges` : ''}
        </span>
        <div className="spacer" />
        <button
          type="button"
          className="button"
          disabled={!active}
          data-testid="inspector-console-open"
          onClick={() => active && openConsole(blankSeed(active.id))}
          title="Send a request of your own with a connection's credentials"
        >
          Console
        </button>
        <button
          type="button"
          className="button"
          disabled={!pair}
          data-testid="inspector-diff-open"
          onClick={() => showView('diff')}
          title="Mark two exchanges (Space, or the row's box) to compare their response bodies"
        >
          Diff marked ({compareIds.length}/2)
        </button>
        <button type="button" className="button" disabled={loaded.length === 0} data-testid="inspector-export-har" onClick={() => setDialog('har')}>
          Export HAR…
        </button>
        <button
          type="button"
          className="button button-danger-subtle"
          disabled={loaded.length === 0}
          data-testid="inspector-clear"
          onClick={() => setDialog('clear')}
        >
          Clear…
        </button>
      </header>

      <div className="inspector-toolbar" role="search" aria-label="Filter exchanges">
        <label className="inspector-filter">
          <span className="field-label">Connection</span>
          <Select
            data-testid="inspector-filter-connection"
            value={filters.connectionId}
            choices={connectionChoices.map((c) => ({ value: c.id, label: c.name }))}
            onChange={(connectionId) => setFilters({ connectionId })}
          >
            <option value="">All connections</option>
          </Select>
        </label>
        <label className="inspector-filter">
          <span className="field-label">Method</span>
          <Select data-testid="inspector-filter-method" value={filters.method} choices={METHODS} onChange={(method) => setFilters({ method })}>
            <option value="">Any</option>
          </Select>
        </label>
        <label className="inspector-filter">
          <span className="field-label">Status</span>
          <Select
            data-testid="inspector-filter-status"
            value={filters.statusClass}
            choices={STATUS_CLASSES.map((c) => (c === 'error' ? { value: c, label: 'no answer / error' } : c))}
            onChange={(statusClass) => setFilters({ statusClass })}
          >
            <option value="">Any</option>
          </Select>
        </label>
        <label className="inspector-filter inspector-filter-text">
          <span className="field-label">Text</span>
          <input
            ref={searchRef}
            className="input"
            type="search"
            data-testid="inspector-filter-text"
            placeholder="In URLs and request or response bodies  ( / )"
            value={filters.text}
            onChange={(e) => setFilters({ text: e.target.value })}
          />
        </label>
      </div>

      {state === 'error' && (
        <ErrorState message={`The journal could not be read: ${errorMessage(list.error)}`} onRetry={() => void list.refetch()} testId="inspector-error" />
      )}
      {state === 'loading' && <p className="loading-state">Loading the journal…</p>}
      {state === 'empty' && (
        <div className="empty-state" data-testid="inspector-empty">
          <p>
            No exchanges recorded{connectionName ? ` for ${connectionName}` : ''} yet. Open Users or Groups, or test a connection: every request the app makes
            shows up here live.
          </p>
        </div>
      )}

      {state === 'ready' && (
        <div className="inspector-body-split">
          <div className="inspector-left">
            {shown.length === 0 ? (
              <div className="empty-state" data-testid="inspector-no-match">
                <p>No exchange matches these filters.</p>
              </div>
            ) : (
              <ExchangeList summaries={shown} selectedId={selectedId} compareIds={compareIds} onSelect={select} onToggleCompare={toggleCompare} />
            )}
            <div className="inspector-more">
              {list.hasNextPage ? (
                <button
                  type="button"
                  className="button button-subtle"
                  data-testid="inspector-load-earlier"
                  disabled={list.isFetchingNextPage}
                  onClick={() => void list.fetchNextPage()}
                >
                  {list.isFetchingNextPage ? 'Loading…' : 'Load earlier exchanges'}
                </button>
              ) : (
                <span className="muted">
                  {filtered ? 'Filters apply to the exchanges loaded; text is also searched in every body on the main side.' : 'The start of the journal.'}
                </span>
              )}
            </div>
          </div>
          <div className="inspector-right">
            {view === 'console' && consoleState ? (
              <ConsolePanel key={consoleState.version} seed={consoleState.seed} onClose={() => showView('detail')} />
            ) : view === 'diff' && pair ? (
              <DiffView ids={pair} onClose={() => showView('detail')} />
            ) : selectedId ? (
              <ExchangeDetail id={selectedId} />
            ) : (
              <div className="empty-state" data-testid="inspector-no-selection">
                <p>Select an exchange to see its headers, bodies and timings. Mark two to compare their responses.</p>
              </div>
            )}
          </div>
        </div>
      )}
      {dialog === 'har' && (
        <ExportHarDialog shown={shown.length} loaded={loaded.length} busy={busy} onExport={(scope) => har.mutate(scope)} onCancel={() => setDialog(null)} />
      )}
      {dialog === 'clear' && (
        <ClearJournalDialog connectionName={connectionName} busy={busy} onConfirm={() => clear.mutate()} onCancel={() => setDialog(null)} />
      )}
    </section>
  );
}
