import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AppError, type CheckJobParams, type JobResult } from '../../../../shared/contract';
import type { CheckReport, CheckResult } from '../../../../shared/check';
import { hasBlockingVerdict, profileShortLabels, readinessLines, summaryLine } from '../../../../shared/check/report-text';
import { CheckRun } from '../../check/context';
import { CHECK_REPORT_FILE, type CheckReports } from '../../check/reports';
import { buildReport, runChecks, selectChecks } from '../../check/runner';
import type { ScimEngine } from '../../engine/engine';
import type { JobKindRunner } from '../types';

/**
 * The server check as a job: each check is a step (its verdict the message, its evidence the
 * exchanges), the live report is kept for `check.report` as results arrive, and the JSON report is
 * the job's file. Read-only checks are safe to repeat, so a resumed check simply runs again.
 */
export function checkJob(engine: ScimEngine, reports: CheckReports): JobKindRunner<'check'> {
  return {
    kind: 'check',
    // Write checks are not in this version: a run that asks for them is refused when it starts.
    writes: false,
    unit: () => 'checks',
    title: (params) => `Check “${connectionName(engine, params)}” (${params.profiles.map((p) => profileShortLabels[p]).join(', ')})`,
    async run(runtime): Promise<JobResult> {
      const params = runtime.params;
      if (params.writes) throw new AppError({ code: 'invalid_input', message: 'Write checks are not available yet: run the read-only check.' });
      const checkedAt = new Date().toISOString();
      const capabilities = await engine.capabilities(params.connectionId, { signal: runtime.signal });
      const connection = engine.resolve(params.connectionId);
      const run = new CheckRun({
        transport: { connection, sendRaw: (c, request) => engine.sendRaw(c, request) },
        capabilities,
        signal: runtime.signal,
        writes: false,
        runId: randomBytes(4).toString('hex'),
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

function connectionName(engine: ScimEngine, params: CheckJobParams): string {
  try {
    return engine.resolve(params.connectionId).settings.name;
  } catch {
    return params.connectionId;
  }
}
