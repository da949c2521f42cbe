/**
 * Runs the checks a run asked for, in catalog order, one at a time: each gets its own context (its
 * exchanges become its evidence), a check that throws becomes a `fail` naming the error, and
 * cancellation stops the run. Each result is handed over as it arrives; the report is built from them.
 * A run with writes removes what its checks created when it ends, however it ends (see cleanup.ts).
 */
import { performance } from 'node:perf_hooks';
import { AppError } from '../../../shared/contract';
import { readiness, summarize, type CheckProfile, type CheckReport, type CheckResult, type Verdict } from '../../../shared/check';
import { checkCatalog } from './catalog';
import { removeLeftovers } from './cleanup';
import type { CheckRun } from './context';
import { skipped, type Check, type CheckOutcome } from './types';

export interface RunChecksOptions {
  run: CheckRun;
  checks: readonly Check[];
  profiles: readonly CheckProfile[];
  signal: AbortSignal;
  /** Before each check (a job's checkpoint: waits while paused, throws when cancelled). */
  beforeCheck?: (check: Check, index: number, total: number) => Promise<void>;
  /** Each result as it arrives. */
  onResult?: (result: CheckResult, index: number, total: number) => void | Promise<void>;
}

/** Verdicts whose consequence a profile's client suffers (a warn is tolerated). */
const harmful: readonly Verdict[] = ['fail', 'unsupported', 'ignored'];

/**
 * The checks a run takes: those counted by at least one chosen profile. Write checks stay in the list
 * without writes, to be reported as skipped (the report shows what writes would add).
 */
export function selectChecks(profiles: readonly CheckProfile[], catalog: readonly Check[] = checkCatalog): Check[] {
  return catalog.filter((check) => check.profiles.some((p) => profiles.includes(p)));
}

export async function runChecks(options: RunChecksOptions): Promise<CheckResult[]> {
  const { run, checks, profiles, signal } = options;
  const results: CheckResult[] = [];
  try {
    for (const [index, check] of checks.entries()) {
      await options.beforeCheck?.(check, index, checks.length);
      if (signal.aborted) throw signal.reason ?? cancelledError();
      const { ctx, evidence } = run.contextFor();
      const started = performance.now();
      let outcome: CheckOutcome;
      if (check.writes && !ctx.writes) outcome = skipped('Write checks were not enabled for this run.');
      else {
        try {
          outcome = await check.run(ctx);
        } catch (error) {
          if (signal.aborted || (error instanceof AppError && error.code === 'cancelled')) throw error;
          outcome = { verdict: 'fail', message: `The check could not finish: ${error instanceof Error ? error.message : String(error)}` };
        }
      }
      const result = toResult(check, outcome, evidence, profiles, performance.now() - started);
      results.push(result);
      await options.onResult?.(result, index, checks.length);
    }
  } finally {
    // Also after a failure or Cancel: what the write checks made must not outlive the run.
    if (run.writes) await removeLeftovers(run);
  }
  return results;
}

export function toResult(
  check: Check,
  outcome: CheckOutcome,
  evidence: readonly string[],
  profiles: readonly CheckProfile[],
  durationMs?: number,
): CheckResult {
  const counted = check.profiles.filter((p) => profiles.includes(p));
  const meaning = outcome.meaning ?? check.meaning?.[outcome.verdict];
  const consequence = harmful.includes(outcome.verdict)
    ? Object.fromEntries(counted.filter((p) => check.consequence?.[p]).map((p) => [p, check.consequence![p]!]))
    : {};
  return {
    id: check.id,
    title: check.title,
    rfc: check.rfc,
    group: check.group,
    verdict: outcome.verdict,
    message: clip(outcome.message, 2000),
    ...(meaning ? { meaning } : {}),
    evidence: [...evidence],
    profiles: counted,
    ...(Object.keys(consequence).length ? { consequence } : {}),
    ...(durationMs !== undefined ? { durationMs: Math.round(durationMs) } : {}),
  };
}

export interface ReportInput {
  url: string;
  checkedAt: string;
  profiles: readonly CheckProfile[];
  writes: boolean;
  results: readonly CheckResult[];
  run?: Pick<CheckRun, 'requests' | 'leftovers'>;
}

export function buildReport(input: ReportInput): CheckReport {
  const leftovers = input.run ? [...input.run.leftovers.values()] : [];
  return {
    target: { url: input.url, checkedAt: input.checkedAt, profiles: [...input.profiles], writes: input.writes },
    checks: [...input.results],
    summary: summarize(input.results),
    readiness: readiness(input.results, input.profiles),
    ...(input.run ? { requests: input.run.requests } : {}),
    ...(leftovers.length ? { leftovers } : {}),
  };
}

/** The report format bounds its texts (a message quoting a server must not outgrow it). */
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

const cancelledError = () => new AppError({ code: 'cancelled', message: 'The check was cancelled.' });
