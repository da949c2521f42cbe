/**
 * What a send job leaves when it ends: `results.csv` (a row per target: key, outcome, error, what
 * differed), a one-line summary ("480 done, 5 failed, 3 conflicts, 2 drifted"), and the targets that
 * need attention as the job's failures, each with the exchange to inspect.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { BulkResultCounts, JobFailure, JobResult } from '../../../shared/contract';
import { resultsCsv } from '../../../shared/bulk';
import type { SentItem } from './results-store';

export const RESULTS_FILE = 'results.csv';
/** Failures listed in the result (the contract's cap); the CSV has them all. */
const MAX_FAILURES = 1000;

export function countsOf(items: readonly SentItem[]): BulkResultCounts {
  const counts: BulkResultCounts = { pending: 0, done: 0, failed: 0, conflict: 0, drifted: 0 };
  for (const item of items) counts[item.outcome] += 1;
  return counts;
}

const n = (count: number) => count.toLocaleString('en-US');

/** "480 done, 5 failed, 3 conflicts, 2 drifted": done always, the others when there are any. */
export function summaryOf(counts: BulkResultCounts): string {
  const parts = [`${n(counts.done)} done`];
  if (counts.failed) parts.push(`${n(counts.failed)} failed`);
  if (counts.conflict) parts.push(`${n(counts.conflict)} ${counts.conflict === 1 ? 'conflict' : 'conflicts'}`);
  if (counts.drifted) parts.push(`${n(counts.drifted)} drifted`);
  if (counts.pending) parts.push(`${n(counts.pending)} not sent`);
  return parts.join(', ');
}

/** The job's outcome word: the worst that happened. */
function outcomeOf(counts: BulkResultCounts): string {
  if (counts.failed || counts.pending) return 'failed';
  if (counts.conflict) return 'conflicts';
  if (counts.drifted) return 'differences';
  return 'verified';
}

/** "alice@example.com (line 12)". */
function describeItem(item: SentItem): string {
  const who = item.display && item.display !== item.key ? `${item.key} (${item.display})` : item.key || item.id || `#${item.index + 1}`;
  return item.line ? `${who}, line ${item.line}` : who;
}

function failureOf(item: SentItem): JobFailure {
  const what = item.outcome === 'drifted' ? `stored differently: ${item.differences.join('; ')}` : (item.error ?? item.outcome);
  return {
    item: describeItem(item).slice(0, 2000),
    message: `${item.outcome}: ${what}`.slice(0, 4000),
    ...(item.exchangeId ? { exchangeId: item.exchangeId } : {}),
  };
}

/** Writes the CSV (redacted) and says how the send went. */
export async function writeResult(
  items: readonly SentItem[],
  options: { filePath: string; redact: (text: string) => string; notes: string[] },
): Promise<JobResult> {
  const text = options.redact(resultsCsv(items));
  await mkdir(dirname(options.filePath), { recursive: true });
  await writeFile(options.filePath, text);
  const counts = countsOf(items);
  const failures = items
    .filter((item) => item.outcome !== 'done' && item.outcome !== 'pending')
    .slice(0, MAX_FAILURES)
    .map(failureOf);
  return {
    summary: summaryOf(counts),
    outcome: outcomeOf(counts),
    file: { name: RESULTS_FILE, bytes: Buffer.byteLength(text), mime: 'text/csv' },
    failures,
    notes: [...options.notes, ...unverifiedNote(items)].slice(0, 1000),
  };
}

/** Targets written but not read back (a read failed, or a group came back without its members). */
function unverifiedNote(items: readonly SentItem[]): string[] {
  const count = items.filter((item) => item.outcome === 'done' && item.error).length;
  return count ? [`${n(count)} written but not verified: see the error column of ${RESULTS_FILE}.`] : [];
}
