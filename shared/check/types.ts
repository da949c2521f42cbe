/**
 * The server check's vocabulary: verdicts, profiles, checks and the report. The JSON report is a
 * stable format others build on (documented in the README); its zod schema is in shared/contract/check.ts.
 */

/**
 * - pass: works as the RFC says.
 * - warn: works, off the RFC in a way clients tolerate.
 * - fail: broken.
 * - unsupported: the server says so honestly (400/501, or ServiceProviderConfig).
 * - ignored: the server accepted the parameter and did not apply it (proven by checking the answer here).
 * - skipped: not run, with why (no data to test on, writes not allowed, an earlier check failed).
 */
export const verdicts = ['pass', 'warn', 'fail', 'unsupported', 'ignored', 'skipped'] as const;
export type Verdict = (typeof verdicts)[number];

/** IdP readiness profiles: the checks that client depends on, sent the way it sends them. */
export const checkProfiles = ['rfc', 'entra', 'okta'] as const;
export type CheckProfile = (typeof checkProfiles)[number];
export const profileLabels: Record<CheckProfile, string> = {
  rfc: 'RFC 7644 core',
  entra: 'Entra ID provisioning',
  okta: 'Okta provisioning',
};

export const checkGroups = ['discovery', 'auth', 'responses', 'paging', 'filtering', 'sorting', 'projection', 'versioning', 'users', 'groups', 'bulk'] as const;
export type CheckGroup = (typeof checkGroups)[number];

/** What a check is, independent of any run. */
export interface CheckDefinition {
  /** Stable, dotted: `paging.count-capped`, `filter.op.co`, `entra.filter.username-eq`. */
  id: string;
  title: string;
  /** The RFC section it rests on: "RFC 7644 §3.4.2.4". */
  rfc: string;
  group: CheckGroup;
  /** Writes to the server (opt-in, refused on read-only connections). */
  writes: boolean;
  /** The profiles that count it towards their readiness. */
  profiles: readonly CheckProfile[];
  /** What a client does wrong when this check does not pass, per profile ("Entra will create duplicate users: …"). */
  consequence?: Partial<Record<CheckProfile, string>>;
}

/** One check's verdict with the exchanges that prove it. */
export interface CheckResult {
  id: string;
  title: string;
  rfc: string;
  group: CheckGroup;
  verdict: Verdict;
  /** What was seen, in one or two sentences naming the values ("count=5 gave 3 resources of 40"). */
  message: string;
  /** What it means for a client, one sentence. */
  meaning?: string;
  /** Journal exchange ids, in the order sent; the report's HAR holds the exchanges themselves. */
  evidence: string[];
  profiles: CheckProfile[];
  /** What each profile's client will do wrong, shown when the verdict is not pass. */
  consequence?: Partial<Record<CheckProfile, string>>;
  durationMs?: number;
}

export interface CheckReport {
  target: { url: string; checkedAt: string; profiles: CheckProfile[]; writes: boolean };
  checks: CheckResult[];
  summary: Record<Verdict, number>;
  readiness: Partial<Record<CheckProfile, { passed: number; total: number }>>;
  /** Requests the check sent (the whole run, evidence or not). */
  requests?: number;
  /** Things created by write checks that could not be removed, with their ids. */
  leftovers?: Array<{ endpoint: string; id: string; name: string }>;
}

/** Verdicts that count as ready for a profile (unsupported counts against: the client needs it). */
export const readyVerdicts: readonly Verdict[] = ['pass', 'warn'];

export function summarize(checks: readonly Pick<CheckResult, 'verdict'>[]): Record<Verdict, number> {
  const summary = Object.fromEntries(verdicts.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const check of checks) summary[check.verdict] += 1;
  return summary;
}

/** Readiness per profile: checks passed (or warned) of those the profile counts; skipped ones are left out of the total. */
export function readiness(checks: readonly CheckResult[], profiles: readonly CheckProfile[]): CheckReport['readiness'] {
  const out: CheckReport['readiness'] = {};
  for (const profile of profiles) {
    const counted = checks.filter((c) => c.profiles.includes(profile) && c.verdict !== 'skipped');
    out[profile] = { passed: counted.filter((c) => readyVerdicts.includes(c.verdict)).length, total: counted.length };
  }
  return out;
}
