/**
 * "Export everything" as the app runs it: an export job started through the contract, waited for,
 * and its JSON file read back. For tests that check every resource comes out exactly once.
 */
import { readFile } from 'node:fs/promises';
import type { Bridge, ExportJobParams, JobDetail } from '../../shared/contract';
import type { AppCore } from '../../electron/services/core';

export interface ExportedView {
  resources: Array<Record<string, unknown>>;
  /** Why the export could not list everything (paging stops), from the job's result. */
  notes: string[];
  job: JobDetail;
}

export async function exportViaJob(
  bridge: Bridge,
  core: AppCore,
  view: Pick<ExportJobParams, 'connectionId' | 'endpoint' | 'filter' | 'sortBy' | 'sortOrder' | 'excludedAttributes'>,
): Promise<ExportedView> {
  const started = await bridge.call('jobs.start', { kind: 'export', params: { ...view, format: 'json' } });
  let job = await bridge.call('jobs.get', { id: started.id });
  // The job runs on the main side; its state is what changes (no time limit here: the test's own applies).
  while (job.state === 'queued' || job.state === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 5));
    job = await bridge.call('jobs.get', { id: started.id });
  }
  if (job.state !== 'succeeded') throw new Error(`the export job ${job.state}: ${job.message ?? ''}`);
  const resources = JSON.parse(await readFile(core.jobs.file(job.id).path, 'utf8')) as Array<Record<string, unknown>>;
  return { resources, notes: job.result?.notes ?? [], job };
}
