import { checkProfiles, verdicts, type CheckProfile, type CheckResult, type Verdict } from '../../../../shared/check';
import type { ConnectionView, JobView } from '../../../../shared/contract';
import type { ScimAttribute } from '../../../../shared/scim';
import type { BadgeTone } from '../../ui/Badge';

/** Words for each verdict, shown on its badge: the colour is never the only cue. */
export const verdictLabels: Record<Verdict, string> = {
  pass: 'Pass',
  warn: 'Warn',
  fail: 'Fail',
  unsupported: 'Unsupported',
  ignored: 'Ignored',
  skipped: 'Skipped',
};

export const verdictTones: Record<Verdict, BadgeTone> = {
  pass: 'success',
  warn: 'warning',
  fail: 'danger',
  unsupported: 'info',
  ignored: 'danger',
  skipped: 'neutral',
};

/** What each verdict means, for the filter toggles' tooltips and the legend. */
export const verdictHelp: Record<Verdict, string> = {
  pass: 'Works as the RFC says.',
  warn: 'Works, off the RFC in a way clients tolerate.',
  fail: 'Broken.',
  unsupported: 'The server says honestly that it does not support this.',
  ignored: 'The server accepted the parameter and did not apply it.',
  skipped: 'Not run, with why.',
};

/** The verdicts in the order the summary shows them: what needs attention first. */
export const verdictOrder: readonly Verdict[] = ['fail', 'ignored', 'warn', 'unsupported', 'skipped', 'pass'] satisfies readonly Verdict[];

/** Only verdicts the report knows, in the summary's order (an unknown one from a newer main is dropped). */
export const knownVerdicts = (chosen: readonly string[]): Verdict[] => verdictOrder.filter((v) => chosen.includes(v));

/** The checks a verdict filter lets through; no verdict chosen shows them all. */
export function filterChecks<T extends Pick<CheckResult, 'verdict'>>(checks: readonly T[], chosen: readonly Verdict[]): T[] {
  return chosen.length === 0 ? [...checks] : checks.filter((c) => chosen.includes(c.verdict));
}

/** Toggles one verdict in the filter, keeping the summary's order. */
export function toggleVerdict(chosen: readonly Verdict[], verdict: Verdict): Verdict[] {
  return chosen.includes(verdict) ? chosen.filter((v) => v !== verdict) : knownVerdicts([...chosen, verdict]);
}

/** Toggles one profile, in the contract's order; the last one chosen stays (a check needs at least one). */
export function toggleProfile(chosen: readonly CheckProfile[], profile: CheckProfile): CheckProfile[] {
  if (chosen.includes(profile)) return chosen.length === 1 ? [...chosen] : chosen.filter((p) => p !== profile);
  return checkProfiles.filter((p) => p === profile || chosen.includes(p));
}

/** A verdict count for every verdict (zero when the report has none). */
export function summaryCounts(summary: Partial<Record<Verdict, number>> | undefined): Record<Verdict, number> {
  return Object.fromEntries(verdicts.map((v) => [v, summary?.[v] ?? 0])) as Record<Verdict, number>;
}

/** The newest check job of a connection (jobs.list is newest first), or undefined. */
export function lastCheckJob(jobs: readonly JobView[] | undefined, connectionId: string): JobView | undefined {
  return jobs?.find((j) => j.kind === 'check' && j.connectionId === connectionId);
}

/**
 * The profiles whose consequence a result states, in the contract's order: only for a check that ran
 * and did not pass (a skipped one, a write check left out of a read-only run say, proves nothing wrong).
 */
export function consequencesOf(result: Pick<CheckResult, 'verdict' | 'consequence'>): Array<[CheckProfile, string]> {
  if (result.verdict === 'pass' || result.verdict === 'skipped' || !result.consequence) return [];
  return checkProfiles.flatMap((p) => (result.consequence?.[p] ? [[p, result.consequence[p]] as [CheckProfile, string]] : []));
}

/** The number of attributes in a tree, sub-attributes included. */
export function attributeCount(attributes: readonly ScimAttribute[]): number {
  return attributes.reduce((n, a) => n + 1 + attributeCount(a.subAttributes ?? []), 0);
}

const RUN_ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** The largest multiple of the alphabet's size a byte can reach: bytes from here up are drawn again, so every character is as likely. */
const RUN_ID_BYTE_LIMIT = 256 - (256 % RUN_ID_ALPHABET.length);

/**
 * A run id for write checks (`checkRunIdPattern`: lower-case letters and digits), drawn here so the
 * confirmation can name exactly what the run will create; `fill` is `crypto.getRandomValues` by default.
 */
export function drawRunId(length = 8, fill: (bytes: Uint8Array) => Uint8Array = (bytes) => crypto.getRandomValues(bytes)): string {
  let id = '';
  while (id.length < length) {
    for (const byte of fill(new Uint8Array(length * 2))) {
      if (byte < RUN_ID_BYTE_LIMIT && id.length < length) id += RUN_ID_ALPHABET[byte % RUN_ID_ALPHABET.length];
    }
  }
  return id;
}

/** Why write checks cannot be chosen on this connection, or null when they can. */
export function writeChecksBlockedReason(connection: Pick<ConnectionView, 'name' | 'readOnly'>): string | null {
  return connection.readOnly
    ? `“${connection.name}” is read-only: write checks create and remove resources. Turn read-only off in its connection settings to include them.`
    : null;
}
