import { useQuery } from '@tanstack/react-query';
import { useDeferredValue, useEffect, useMemo } from 'react';
import { applyMapping, mappingIssues, suggestMapping } from '../../../../shared/bulk';
import type { BulkMapping, BulkSource, Capabilities, ConnectionView } from '../../../../shared/contract';
import { errorMessage, useBridge } from '../../bridge';
import { isJobFinished, jobStateLabel, useJob, useStartJob } from '../../jobs';
import { formatCount, hostOf } from '../../lib/format';
import { useActiveCapabilities } from '../../scim';
import { useBulkJobToOpen, useBulkSource, useShowToast, type BulkBrowserSource } from '../../stores';
import { DiscoveryStates } from '../../ui/DiscoveryStates';
import { ServerText } from '../../ui/ServerText';
import { ActionSection } from './ActionSection';
import { MappingSection } from './MappingSection';
import { buildAction, fitMapping, planTitle, savedMappingFits, sourceWords, type TargetKind } from './model';
import { PlanSection } from './PlanSection';
import { jobMoment, planSummaryQuery, resultsPageQuery, useLatestBulkJobs, useSavedMapping, useSaveMapping } from './queries';
import { ResultsSection } from './ResultsSection';
import { SourceSection } from './SourceSection';
import { useBulkDraft, type FileDraft } from './state';
import { revealHeading } from './useReveal';
import { typeOfPath, useTarget } from './useTarget';
import './bulk.css';
import './bulk-review.css';

/**
 * Bulk changes (issue #14) on one page, step by step: the targets (a file, or what a browser handed
 * over), the file's columns, the change, the dry run's plan (reads only), the send and its results,
 * and from there a retry or an undo. The newest plan and send of the connection are shown on coming
 * back, also after a restart.
 */
export function BulkScreen() {
  const { connection, capabilities } = useActiveCapabilities();
  const state = !connection ? 'empty' : capabilities.isError ? 'error' : capabilities.isPending ? 'loading' : 'ready';
  return (
    <section className="screen bulk-screen" data-testid="screen-bulk" data-state={state} aria-labelledby="bulk-title" aria-busy={state === 'loading'}>
      <header className="screen-header">
        <h1 id="bulk-title">Bulk changes</h1>
        {connection && (
          <span className="muted" data-testid="bulk-connection">
            {connection.name} · <span className="mono">{hostOf(connection.baseUrl)}</span>
          </span>
        )}
        {capabilities.data && <BulkSupport capabilities={capabilities.data} />}
      </header>
      {connection && capabilities.data ? (
        <BulkWorkspace key={connection.id} connection={connection} capabilities={capabilities.data} />
      ) : (
        <DiscoveryStates
          state={state === 'ready' ? 'empty' : state}
          hasConnection={connection !== null}
          error={capabilities.error}
          onRetry={() => void capabilities.refetch()}
          loadingText="Discovering what the server offers…"
          emptyText=""
        />
      )}
    </section>
  );
}

function BulkSupport({ capabilities }: { capabilities: Capabilities }) {
  const { supported, maxOperations } = capabilities.bulk;
  return (
    <span className="muted small" data-testid="bulk-support" data-supported={String(supported)}>
      {supported === true
        ? `Advertises /Bulk${maxOperations ? ` (up to ${formatCount(maxOperations)} operations a request)` : ''}`
        : supported === false
          ? 'No /Bulk: changes go as single requests'
          : 'Does not say whether it supports /Bulk: single requests'}
    </span>
  );
}

function BulkWorkspace({ connection, capabilities }: { connection: ConnectionView; capabilities: Capabilities }) {
  const bridge = useBridge();
  const showToast = useShowToast();
  const [draft, update] = useBulkDraft(connection.id);
  const handed = useBulkSource();
  const browserSource = handed?.connectionId === connection.id ? handed : null;
  // A new hand-over from a browser is what the user came for: show it.
  const handedVersion = browserSource?.version ?? 0;
  useEffect(() => {
    if (handedVersion > draft.browserVersion) update({ sourceTab: 'browser', browserVersion: handedVersion });
  }, [handedVersion, draft.browserVersion, update]);
  // A job asked to be shown (from the Jobs panel): its plan, or its send (whose plan is found below).
  const toOpen = useBulkJobToOpen();
  const opening = toOpen?.connectionId === connection.id ? toOpen : null;
  useEffect(() => {
    if (!opening || opening.version <= draft.openedVersion) return;
    const { jobId, version } = opening;
    update(
      opening.kind === 'bulkPlan'
        ? { planJobId: jobId, sendJobId: null, openedVersion: version, reveal: jobId, planOutcome: null }
        : { planJobId: null, sendJobId: jobId, openedVersion: version, reveal: jobId, resultOutcome: null },
    );
  }, [opening, draft.openedVersion, update]);

  const sourceKind = draft.sourceTab;
  const targetKind: TargetKind = sourceKind === 'browser' ? (browserSource?.kind ?? 'users') : draft.fileTarget;
  const target = useTarget(capabilities, targetKind);
  const groupsTarget = useTarget(capabilities, 'groups');
  const file = sourceKind === 'file' ? draft.file : null;

  // The mapping: as edited, else the one saved for files with these columns, else a suggestion.
  const saved = useSavedMapping(connection.id, file ? target?.endpoint : undefined);
  const mapping = useMemo(() => {
    if (!file || !target) return null;
    if (draft.mapping) return { mapping: draft.mapping, origin: 'edited' as const };
    // A remembered mapping would replace the suggestion as it arrives: wait for it (briefly).
    if (saved.isLoading) return null;
    if (savedMappingFits(saved.data?.mapping, file.read.columns))
      return { mapping: fitMapping(saved.data.mapping, file.read.columns), origin: 'saved' as const };
    const extensions = target.type.schemaExtensions.map((e) => e.schema);
    return { mapping: suggestMapping(file.read.columns, capabilities.schemas, target.coreSchemaUrn, extensions), origin: 'suggested' as const };
  }, [file, target, draft.mapping, saved.isLoading, saved.data, capabilities.schemas]);

  // The rows as the mapping reads them. Applying a mapping to 10,000 rows is quick but not free: the
  // mapping stays responsive to typing while this catches up.
  const deferredMapping = useDeferredValue(mapping?.mapping ?? null);
  const applied = useMemo(
    () => (file && target && deferredMapping ? applyMapping(file.read, deferredMapping, capabilities.schemas, target.coreSchemaUrn) : null),
    [file, target, deferredMapping, capabilities.schemas],
  );

  // The jobs shown: the ones chosen here, else the newest of the connection.
  const latest = useLatestBulkJobs(connection.id);
  // A send chosen without its plan (from the Jobs panel): its results name the plan.
  const sendPlan = useQuery({ ...resultsPageQuery(bridge, draft.sendJobId ?? '', null, 0, ''), enabled: draft.sendJobId !== null && draft.planJobId === null });
  const chosenPlan = useJob(draft.planJobId ?? sendPlan.data?.planJobId);
  const planJob = chosenPlan ?? latest.data?.plan ?? null;
  const summary = useQuery(planSummaryQuery(bridge, planJob?.id, jobMoment(planJob)));
  const sendJobId = draft.sendJobId ?? summary.data?.sendJobId ?? null;
  const sendJob = useJob(sendJobId) ?? null;

  const start = useStartJob();
  const saveMapping = useSaveMapping();
  const planning = planJob !== null && (planJob.state === 'queued' || planJob.state === 'running');

  const plan = (() => {
    if (!target) return { problem: `This server offers no ${targetKind === 'users' ? 'User' : 'Group'} resource type.` };
    const source = sourceFor(file, mapping?.mapping ?? null, applied?.rows.length ?? null, sourceKind === 'browser' ? browserSource : null);
    if ('problem' in source) return source;
    if (file && mapping) {
      const { problems } = mappingIssues(mapping.mapping, capabilities.schemas, target.coreSchemaUrn);
      if (problems.length > 0) return { problem: 'Fix the column mapping first.' };
    }
    const built = buildAction(draft.action, sourceKind, typeOfPath(target));
    if ('problem' in built) return built;
    return { source: source.source, what: source.what(target.noun), action: built.action };
  })();

  const dryRun = () => {
    if (!target || !('source' in plan)) return;
    const params = {
      connectionId: connection.id,
      endpoint: target.endpoint,
      source: plan.source,
      action: plan.action,
      dialect: draft.dialect,
      title: planTitle(plan.action, plan.what),
    };
    start.mutate(
      { kind: 'bulkPlan', params },
      {
        onSuccess: (view) => update({ planJobId: view.id, sendJobId: null, planOutcome: null, resultOutcome: null, reveal: view.id }),
        onError: (error) => showToast('error', `The dry run could not start: ${errorMessage(error)}`),
      },
    );
    if (plan.source.kind === 'file') {
      const input = { connectionId: connection.id, endpoint: target.endpoint, mapping: plan.source.mapping };
      saveMapping.mutate(input, { onError: (error) => showToast('error', `The mapping could not be remembered: ${errorMessage(error)}`) });
    }
  };

  const nothing = !file && !browserSource && !planJob;
  // Steps are numbered as shown: the columns step only for a file.
  const showMapping = file !== null && target !== null && mapping !== null && applied !== null;
  const step = showMapping ? 3 : 2;
  // A send that wants attention (running, paused, interrupted) is named at the top, with a way down to it.
  const sendWaiting = sendJob !== null && !isJobFinished(sendJob.state);
  return (
    <div className="bulk-body" data-testid="bulk-body" data-state={nothing ? 'empty' : 'ready'}>
      {nothing && (
        <p className="note-bar" data-testid="bulk-empty">
          Choose a file or select users in a browser. Every change is planned first with a dry run that only reads, and can be undone after it is sent.
        </p>
      )}
      {sendWaiting && (
        <p className="note-bar bulk-jump" data-testid="bulk-send-waiting" data-state={sendJob.state}>
          <span>
            <ServerText value={sendJob.title} />: {jobStateLabel[sendJob.state].toLowerCase()}.
          </span>
          <button type="button" className="link-button" onClick={() => revealHeading('bulk-results-title')}>
            Go to its results
          </button>
        </p>
      )}
      <SourceSection draft={draft} update={update} browserSource={browserSource} />
      {showMapping && (
        <MappingSection
          file={file}
          mapping={mapping.mapping}
          origin={mapping.origin}
          fileTarget={draft.fileTarget}
          target={target}
          applied={applied}
          stale={deferredMapping !== mapping.mapping}
          hasGroups={groupsTarget !== null}
          onChange={(next) => update({ mapping: next })}
          onTargetChange={(fileTarget) => update({ fileTarget, mapping: null })}
        />
      )}
      {target && (
        <ActionSection
          connectionId={connection.id}
          source={sourceKind}
          target={target}
          action={draft.action}
          dialect={draft.dialect}
          groupsEndpoint={groupsTarget?.endpoint}
          onChange={(action) => update({ action })}
          onDialectChange={(dialect) => update({ dialect })}
          problem={'problem' in plan ? plan.problem : null}
          planning={planning}
          starting={start.isPending}
          onDryRun={dryRun}
          step={step}
        />
      )}
      {planJob && <PlanSection key={planJob.id} connection={connection} job={planJob} draft={draft} update={update} sendJobId={sendJobId} step={step + 1} />}
      {sendJob && <ResultsSection key={sendJob.id} connection={connection} job={sendJob} draft={draft} update={update} step={step + 2} />}
    </div>
  );
}

type SourceChoice = { source: BulkSource; what: (noun: { one: string; many: string }) => string } | { problem: string };

/** The plan's source from the file (with its mapping) or the browser's hand-over, or what is missing. */
function sourceFor(file: FileDraft | null, mapping: BulkMapping | null, usable: number | null, handed: BulkBrowserSource | null): SourceChoice {
  if (file) {
    if (!mapping || usable === null) return { problem: 'Reading the saved mapping…' };
    if (file.read.rows.length === 0) return { problem: 'The file has no rows to use.' };
    // The title counts the rows the plan can use (the bad ones are listed in it apart).
    const rows = usable;
    return {
      source: { kind: 'file', name: file.name.slice(0, 300), text: file.text, mapping },
      what: (noun) => sourceWords({ kind: 'file', name: file.name, rows }, noun),
    };
  }
  if (!handed) return { problem: 'Choose a file, or hand over a selection or a filter from a browser.' };
  const { target } = handed;
  if (target.kind === 'ids') {
    const count = target.ids.length;
    return { source: { kind: 'ids', ids: [...target.ids] }, what: (noun) => sourceWords({ kind: 'ids', count }, noun) };
  }
  if (target.count === 0) return { problem: 'The filter matches nothing.' };
  return {
    source: { kind: 'filter', filter: target.filter, expectedCount: target.count },
    what: (noun) => sourceWords({ kind: 'filter', count: target.count }, noun),
  };
}
