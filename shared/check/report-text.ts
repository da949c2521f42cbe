/**
 * The few phrases every rendering of a check report shares (the job's summary, the CLI, Markdown and
 * HTML), so they say the same thing in the same words.
 */
import { checkProfiles, profileLabels, verdicts, type CheckProfile, type CheckReport, type Verdict } from './types';

/** Short names for titles and tables: "Check “Acme” (Entra ID, RFC)". */
export const profileShortLabels: Record<CheckProfile, string> = { rfc: 'RFC', entra: 'Entra ID', okta: 'Okta' };

/** "31 checks: 25 pass, 2 warn, 3 fail, 1 ignored" (verdicts with no check left out). */
export function summaryLine(summary: Record<Verdict, number>): string {
  const total = verdicts.reduce((sum, v) => sum + (summary[v] ?? 0), 0);
  const parts = verdicts.filter((v) => (summary[v] ?? 0) > 0).map((v) => `${summary[v]} ${v}`);
  return `${total} ${total === 1 ? 'check' : 'checks'}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

/** One line per chosen profile: "Entra ID provisioning: 14/16 ready". */
export function readinessLines(report: Pick<CheckReport, 'readiness'>): string[] {
  return checkProfiles.filter((p) => report.readiness[p]).map((p) => `${profileLabels[p]}: ${report.readiness[p]!.passed}/${report.readiness[p]!.total} ready`);
}

/** Whether a report holds a verdict CI should stop on: a fail, or a parameter silently ignored. */
export const hasBlockingVerdict = (report: Pick<CheckReport, 'summary'>): boolean => (report.summary.fail ?? 0) > 0 || (report.summary.ignored ?? 0) > 0;

/** Verdicts as marks for plain text (Markdown, the CLI). */
export const verdictMarks: Record<Verdict, string> = { pass: '✓', warn: '!', fail: '✗', unsupported: '–', ignored: '✗', skipped: '·' };
