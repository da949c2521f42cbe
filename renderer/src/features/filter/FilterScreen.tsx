import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import type { Capabilities, ConnectionView } from '../../../../shared/contract';
import { attributeCatalogue, filterWarnings, incompleteIds, listRequestUrl, parseFilter, type FilterNode } from '../../../../shared/filter';
import { useBridge } from '../../bridge';
import { readDraft, useSetDraft, useShowExchange } from '../../stores';
import { DiscoveryStates } from '../../ui/DiscoveryStates';
import { predictFilter } from '../../../../shared/scim';
import { learnedFactsQuery, resourceKind, useActiveCapabilities } from '../../scim';
import { FilterResults } from './FilterResults';
import { FilterTextEditor } from './FilterTextEditor';
import { GroupEditor, type TreeContext } from './FilterTree';
import { learnedFilterLookup } from './learned';
import { filterRunQuery, RUN_PAGE_SIZE, useFiltersChange } from './queries';
import { SavedFilters } from './SavedFilters';
import { filterDraftKey, type FilterDraft } from './state';
import { useFilterEditor } from './useFilterEditor';
import './filter.css';
import { Select } from '../../ui/Select';
import { ShowExchangeLink } from '../../ui/ShowExchangeLink';

const DEFAULT_ATTRIBUTE: Record<string, string> = { users: 'userName', groups: 'displayName', other: 'displayName' };

function parsedOrNull(text: string): FilterNode | null {
  try {
    return text.trim() === '' ? null : parseFilter(text);
  } catch {
    return null;
  }
}

/** The builder proper, for one connection whose capabilities are known. */
function FilterBuilder({ connection, capabilities }: { connection: ConnectionView; capabilities: Capabilities }) {
  const bridge = useBridge();
  const types = capabilities.resourceTypes;
  // The draft left on this connection earlier in the session, if any.
  const [draft] = useState(() => readDraft<FilterDraft>(filterDraftKey(connection.id)));
  const setDraft = useSetDraft();
  const [endpoint, setEndpoint] = useState(() =>
    draft && types.some((t) => t.endpoint === draft.endpoint) ? draft.endpoint : (types.find((t) => resourceKind(t) === 'users') ?? types[0])!.endpoint,
  );
  const type = types.find((t) => t.endpoint === endpoint) ?? types[0]!;
  const editor = useFilterEditor(draft?.text ?? '');
  useEffect(
    () => setDraft(filterDraftKey(connection.id), { endpoint, text: editor.text } satisfies FilterDraft),
    [connection.id, endpoint, editor.text, setDraft],
  );
  const catalogue = useMemo(() => attributeCatalogue(type, capabilities.schemas), [type, capabilities.schemas]);

  // What the server was seen to do with filters (refetched when main learns more, e.g. after a Run it refused).
  const facts = useQuery(learnedFactsQuery(bridge, connection.id));
  const learned = useMemo(() => (facts.data ? learnedFilterLookup(facts.data, endpoint) : undefined), [facts.data, endpoint]);
  const showExchange = useShowExchange(connection.id);

  const filter = editor.error ? null : editor.text.trim();
  const warnings = useMemo(
    () =>
      filterWarnings(parsedOrNull(filter ?? ''), {
        catalogue,
        filterSupported: capabilities.filter.supported,
        schemasKnown: capabilities.discovery.schemas,
        coreUri: type.schema,
        typeName: type.name,
        learned,
      }),
    [filter, catalogue, capabilities, type, learned],
  );
  // A term the server refused before: the main side would refuse the filter at once, so it is not offered.
  const blocked = warnings.find((w) => w.severity === 'blocks');
  const runBlocked = filter === null ? 'Fix the filter text first' : blocked ? `${blocked.message} Change that part of the filter.` : null;
  const incomplete = useMemo(() => new Set(incompleteIds(editor.tree)), [editor.tree]);
  const ctx: TreeContext = {
    catalogue,
    coreUri: type.schema,
    incomplete,
    edit: editor.editTree,
    defaultEntry: catalogue.find((e) => e.text === DEFAULT_ATTRIBUTE[resourceKind(type)]) ?? catalogue.find((e) => e.type === 'string'),
    learned,
    showExchange,
  };

  const [run, setRun] = useState<{ filter: string; endpoint: string } | null>(null);
  const result = useQuery({ ...filterRunQuery(bridge, connection.id, run?.endpoint ?? endpoint, run?.filter ?? ''), enabled: run !== null });
  const history = useFiltersChange(connection.id);
  const onRun = () => {
    if (filter === null || runBlocked) return;
    const next = { filter, endpoint };
    if (run && run.filter === next.filter && run.endpoint === next.endpoint) void result.refetch();
    else setRun(next);
    history.mutate({ kind: 'history', ...next });
  };

  // The last run's filter, once the server refused it, is not sent again: no Retry.
  const runRefused = !!run?.filter && !!facts.data && predictFilter(facts.data, run.endpoint, run.filter).verdict === 'refused';

  let url = '';
  try {
    url = listRequestUrl(connection.baseUrl, endpoint, filter ?? '', RUN_PAGE_SIZE);
  } catch {
    url = `${connection.baseUrl} (not a valid URL)`;
  }
  const typeName = (e: string) => types.find((t) => t.endpoint === e)?.name ?? e;

  return (
    <section className="screen filter-screen" data-testid="screen-filter" data-state="ready" aria-labelledby="filter-title">
      <header className="screen-header">
        <h1 id="filter-title">Filter</h1>
        <span className="muted">
          on <strong>{connection.name}</strong>
        </span>
        <div className="spacer" />
        <label className="filter-type-picker">
          <span className="field-label">Resource type</span>
          <Select
            data-testid="filter-resource-type"
            value={endpoint}
            choices={types.map((t) => ({ value: t.endpoint, label: `${t.name} (${t.endpoint})` }))}
            onChange={setEndpoint}
          />
        </label>
      </header>
      <div className="filter-layout">
        <div className="filter-main">
          <FilterTextEditor text={editor.text} error={editor.error} attributes={catalogue} onChange={editor.setText} onRun={onRun} />
          <div className="filter-builder" data-testid="filter-builder" data-state={editor.error ? 'stale' : 'synced'}>
            <GroupEditor group={editor.tree} ctx={ctx} entries={catalogue} isRoot depth={0} />
          </div>
          {(warnings.length > 0 || incomplete.size > 0) && (
            <ul
              className={warnings.every((w) => w.severity === 'note') && incomplete.size === 0 ? 'filter-warnings is-notes' : 'filter-warnings'}
              data-testid="filter-warnings"
              role="status"
            >
              {warnings.map((w) => (
                <li key={w.message} data-code={w.code} data-severity={w.severity ?? 'warning'} className={w.severity ? `is-${w.severity}` : undefined}>
                  {w.message}
                  {w.detail && <span className="filter-warning-detail"> {w.detail}</span>}
                  <ShowExchangeLink id={w.exchangeId} onShow={showExchange} testId="warning-show-exchange" />
                </li>
              ))}
              {incomplete.size > 0 && (
                <li data-code="incomplete">
                  {incomplete.size === 1 ? 'One condition has' : `${incomplete.size} conditions have`} no value yet and is left out of the filter.
                </li>
              )}
            </ul>
          )}
          <div className="filter-request">
            <span className="badge">GET</span>
            <code className="filter-url" data-testid="filter-url" title={url}>
              {url}
            </code>
            <button
              type="button"
              className="button button-primary"
              data-testid="filter-run"
              disabled={runBlocked !== null}
              onClick={onRun}
              title={runBlocked ?? 'Run (Enter in the text)'}
            >
              Run
            </button>
          </div>
          {blocked && (
            <p className="filter-run-blocked" data-testid="filter-run-blocked" role="note">
              Run is off: SCIM Desk does not send a filter this server refused before. Change the part marked above, or forget what was learned about this
              server (the quirk count in the status bar) to try it again.
            </p>
          )}
          <FilterResults
            run={run}
            result={result}
            resourceType={types.find((t) => t.endpoint === run?.endpoint) ?? type}
            onRetry={runRefused ? undefined : () => void result.refetch()}
            onShowExchange={showExchange}
          />
        </div>
        <SavedFilters
          connectionId={connection.id}
          endpoint={endpoint}
          current={filter || null}
          typeName={typeName}
          onLoad={(saved) => {
            if (types.some((t) => t.endpoint === saved.endpoint)) setEndpoint(saved.endpoint);
            editor.setText(saved.filter);
          }}
        />
      </div>
    </section>
  );
}

/** The filter builder and tester: states up to discovery, then the builder for the active connection. */
export function FilterScreen() {
  const { connection, capabilities } = useActiveCapabilities();

  if (connection && capabilities.data && capabilities.data.resourceTypes.length > 0) {
    return <FilterBuilder key={connection.id} connection={connection} capabilities={capabilities.data} />;
  }
  const state = !connection ? 'empty' : capabilities.isError ? 'error' : capabilities.isPending ? 'loading' : 'empty';
  return (
    <section className="screen" data-testid="screen-filter" data-state={state} aria-labelledby="filter-title" aria-busy={state === 'loading'}>
      <header className="screen-header">
        <h1 id="filter-title">Filter</h1>
      </header>
      <DiscoveryStates
        state={state}
        hasConnection={connection !== null}
        error={capabilities.error}
        onRetry={() => void capabilities.refetch()}
        loadingText="Discovering the server's schemas…"
        emptyText={'This server offers no resource types to filter.'}
      />
    </section>
  );
}
