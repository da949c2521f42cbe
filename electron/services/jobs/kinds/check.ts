import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CheckJobParams, JobResult } from '../../../../shared/contract';
import type { CheckReport, CheckResult } from '../../../../shared/check';
import { hasBlockingVerdict, profileShortLabels, readinessLines, summaryLine } from '../../../../shared/check/report-text';
import { sweepPlanned } from '../../check/cleanup';
import { CheckRun } from '../../check/context';
import { CHECK_REPORT_FILE, type CheckReports } from '../../check/reports';
import { buildReport, runChecks, selectChecks } from '../../check/runner';
import type { ScimEngine } from '../../engine/engine';
import type { JobKindRunner } from '../types';

/**
 * The server check as a job: each check is a step (its verdict the message, its evidence the
 * exchanges), the live report is kept for `check.report` as results arrive, and the JSON report is
 * the job's file. A resumed check simply runs again: read-only checks are safe to repeat, and with
 * writes the run id stays the same (from the params, or derived from the job id), so what an
 * interrupted run left under those names is removed first.
 */
export function checkJob(engine: ScimEngine, reports: CheckReports): JobKindRunner<'check'> {
  return {
    kind: 'check',
    // With writes the manager refuses the job on a read-only connection (and the HTTP client refuses any write there).
    writes: (params) => params.writes,
    unit: () => 'checks',
    title: (params) =>
      `Check “${connectionName(engine, params)}” (${params.profiles.map((p) => profileShortLabels[p]).join(', ')})${params.writes ? ' with writes' : ''}`,
    async run(runtime): Promise<JobResult> {
      const params = runtime.params;
      const checkedAt = new Date().toISOString();
      const capabilities = await engine.capabilities(params.connectionId, { signal: runtime.signal });
      const connection = engine.resolve(params.connectionId);
      const run = new CheckRun({
        transport: { connection, sendRaw: (c, request) => engine.sendRaw(c, request) },
        capabilities,
        signal: runtime.signal,
        writes: params.writes,
        runId: params.runId ?? runIdFor(runtime.id),
      });
      const checks = selectChecks(params.profiles);
      const results: CheckResult[] = [];
      const report = (): CheckReport =>
        buildReport({ url: connection.settings.baseUrl, checkedAt, profiles: params.profiles, writes: params.writes, results, run });
      runtime.setStepsTotal(checks.length);
      runtime.progress(0, checks.length);
      reports.set(runtime.id, report());
      const path = runtime.filePath(CHECK_REPORT_FILE);
      let text = '';
      try {
        if (params.writes && runtime.previous.size > 0) await sweepPlanned(run, params.profiles);
        await runChecks({
          run,
          checks,
          profiles: params.profiles,
          signal: runtime.signal,
          beforeCheck: () => runtime.checkpoint(),
          onResult: async (result, index, total) => {
            results.push(result);
            reports.set(runtime.id, report());
            await runtime.step({
              key: result.id,
              label: result.title,
              status: 'done',
              message: `${result.verdict}: ${result.message}`,
              exchangeIds: result.evidence,
            });
            runtime.progress(index + 1, total);
          },
        });
      } finally {
        // Written however the run ends, so a cancelled or failed check keeps its report so far after a restart.
        reports.set(runtime.id, report());
        await mkdir(dirname(path), { recursive: true });
        // No credential in the file, even one a server echoed back into a message.
        text = runtime.redact(`${JSON.stringify(report(), null, 2)}\n`);
        await writeFile(path, text);
      }
      const final = report();
      return {
        summary: summaryLine(final.summary),
        outcome: hasBlockingVerdict(final) ? 'fail' : 'pass',
        file: { name: CHECK_REPORT_FILE, bytes: Buffer.byteLength(text), mime: 'application/json' },
        failures: final.checks
          .filter((c) => c.verdict === 'fail' || c.verdict === 'ignored')
          .map((c) => ({ item: `${c.id}: ${c.title}`, message: c.message, ...(c.evidence.length ? { exchangeId: c.evidence.at(-1)! } : {}) })),
        notes: readinessLines(final),
      };
    },
  };
}

/** A job's run id when the params name none: the same on every resume of that job. */
export function runIdFor(jobId: string): string {
  return createHash('sha256').update(jobId).digest('hex').slice(0, 8);
}

function connectionName(engine: ScimEngine, params: CheckJobParams): string {
  try {
    return engine.resolve(params.connectionId).settings.name;
  } catch {
    return params.connectionId;
  }
}
