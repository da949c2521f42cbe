/**
 * Filtering (RFC 7644 §3.4.2.2): every operator, logic, grouping, value paths, sub-attributes and
 * extension URNs, each on values picked from the sampled users so that some sampled users match and
 * some do not; the answer is judged by the local evaluator (see `probeFilter`). Entra's and Okta's
 * own `userName eq` / `externalId eq` requests are sent exactly as those clients send them.
 */
import type { CheckProfile, Verdict } from '../../../../shared/check';
import { skipped, warn, type Check, type CheckContext, type CheckOutcome } from '../types';
import { literal, lookupFor, probeFilter, prop, userSample, usersTarget, worst, type FilterProbe, type Rec, type UserSample } from './sample';

type Sample = Extract<UserSample, { ok: true }>;
const RFC = 'RFC 7644 §3.4.2.2';

const hasValue = (v: unknown) =>
  v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && !v.length) && !(typeof v === 'object' && !Array.isArray(v) && !Object.keys(v).length);
const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v);

/** A value at `name` or `name.sub` (case-insensitive keys). */
function valueAt(r: Rec, path: string): unknown {
  const [name, sub] = path.split('.');
  const v = prop(r, name!);
  return sub === undefined ? v : prop(v, sub);
}

const named = (s: Sample) => s.users.filter((u) => typeof u.userName === 'string' && u.userName !== '');

/** Two users with userNames, the second holding a different value of some simple attribute than the first (for `and`). */
function pair(s: Sample): { u1: Rec; u2: Rec; attr: string } | undefined {
  const users = named(s);
  for (const attr of ['displayName', 'title', 'userType', 'active', 'externalId', 'nickName', 'locale', 'preferredLanguage']) {
    for (const u1 of users.slice(0, 10)) {
      const a = prop(u1, attr);
      if (typeof a !== 'string' && typeof a !== 'boolean') continue;
      const u2 = users.find((u) => u !== u1 && typeof prop(u, attr) === typeof a && lower(prop(u, attr)) !== lower(a));
      if (u2) return { u1, u2, attr };
    }
  }
  return undefined;
}

/** A prefix, suffix or inner substring of a sampled userName that a few, but not all, sampled users share. */
function affix(s: Sample, op: 'sw' | 'ew' | 'co'): string | undefined {
  const names = named(s).map((u) => String(u.userName));
  const narrow = Math.max(1, Math.floor(names.length / 4));
  for (const name of names) {
    const local = op === 'co' ? name.split('@')[0]! : name;
    for (let len = op === 'co' ? 3 : 2; len <= local.length - (op === 'co' ? 1 : 0); len++) {
      const c = op === 'sw' ? local.slice(0, len) : op === 'ew' ? local.slice(-len) : local.slice(1, 1 + len);
      const hits = names.filter((n) => {
        const l = n.toLowerCase();
        const x = c.toLowerCase();
        return op === 'sw' ? l.startsWith(x) : op === 'ew' ? l.endsWith(x) : l.includes(x);
      }).length;
      if (hits <= narrow && hits < names.length) return c;
    }
  }
  return undefined;
}

/** A letter that splits the sampled userNames by their first letter: an ordering every collation agrees on. */
function boundary(s: Sample): string | undefined {
  const letters = [...new Set(named(s).map((u) => String(u.userName)[0]!.toLowerCase()))].filter((c) => /[a-z]/.test(c)).sort();
  return letters.length >= 2 ? letters[Math.floor(letters.length / 2)] : undefined;
}

const PRESENCE_ORDER = ['nickName', 'title', 'userType', 'displayName', 'profileUrl', 'preferredLanguage', 'locale', 'timezone', 'externalId'];

/** An attribute some sampled users have and others lack; failing that, one the schema has and none of them carry. */
function presence(ctx: CheckContext, s: Sample): string | undefined {
  const counts = new Map<string, number>();
  const bump = (path: string) => counts.set(path, (counts.get(path) ?? 0) + 1);
  for (const u of s.users) {
    for (const [k, v] of Object.entries(u)) {
      if (['schemas', 'id', 'meta'].includes(k) || !hasValue(v)) continue;
      if (k.startsWith('urn:') && typeof v === 'object' && !Array.isArray(v)) {
        for (const [e, ev] of Object.entries(v as Rec)) if (hasValue(ev)) bump(`${k}:${e}`);
      } else if (k === 'name' && typeof v === 'object' && !Array.isArray(v)) {
        for (const [e, ev] of Object.entries(v as Rec)) if (hasValue(ev)) bump(`name.${e}`);
        bump(k);
      } else bump(k);
    }
  }
  const partial = [...counts].filter(([, n]) => n > 0 && n < s.users.length).map(([p]) => p);
  const rank = (p: string) => (PRESENCE_ORDER.includes(p) ? PRESENCE_ORDER.indexOf(p) : p.startsWith('urn:') ? 200 : p.includes('.') ? 100 : 50);
  const best = partial.sort((a, b) => rank(a) - rank(b))[0];
  if (best) return best;
  const core = ctx.capabilities.schemas.find((x) => x.id.toLowerCase() === 'urn:ietf:params:scim:schemas:core:2.0:user');
  const simple = core?.attributes.filter(
    (a) => a.type === 'string' && !a.multiValued && a.returned !== 'never' && a.mutability !== 'writeOnly' && a.name !== 'password' && !counts.has(a.name),
  );
  return simple?.sort((a, b) => rank(a.name) - rank(b.name))[0]?.name;
}

/** A multi-valued complex attribute's element with a string `value` (and its `type` when it has one). */
function valuePath(s: Sample): string | undefined {
  for (const attr of ['emails', 'phoneNumbers', 'ims', 'photos', 'entitlements', 'roles']) {
    for (const u of s.users) {
      const list = prop(u, attr);
      if (!Array.isArray(list)) continue;
      const el = list.find((e) => typeof prop(e, 'value') === 'string') as Rec | undefined;
      if (!el) continue;
      const type = prop(el, 'type');
      const inner = typeof type === 'string' ? `type eq ${literal(type)} and value eq ${literal(prop(el, 'value'))}` : `value eq ${literal(prop(el, 'value'))}`;
      return `${attr}[${inner}]`;
    }
  }
  return undefined;
}

/** `path eq value` on a value the first holder has and some other sampled user does not. */
function distinctEq(s: Sample, paths: string[]): string | undefined {
  for (const path of paths) {
    for (const u of s.users.slice(0, 20)) {
      const v = path.startsWith('urn:') ? extensionValue(u, path) : valueAt(u, path);
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') continue;
      const differs = s.users.some((o) => lower(path.startsWith('urn:') ? extensionValue(o, path) : valueAt(o, path)) !== lower(v));
      if (differs && v !== '') return `${path} eq ${literal(v)}`;
    }
  }
  return undefined;
}

function extensionValue(u: Rec, path: string): unknown {
  const at = path.lastIndexOf(':');
  return prop(prop(u, path.slice(0, at)), path.slice(at + 1));
}

/** Extension attributes in the sample with simple values, enterprise department first. */
function extensionPaths(s: Sample): string[] {
  const paths = new Set<string>();
  for (const u of s.users)
    for (const [k, v] of Object.entries(u))
      if (k.startsWith('urn:') && typeof v === 'object' && v !== null && !Array.isArray(v))
        for (const [e, ev] of Object.entries(v as Rec)) if (['string', 'number', 'boolean'].includes(typeof ev)) paths.add(`${k}:${e}`);
  return [...paths].sort((a, b) => Number(!/:department$/i.test(a)) - Number(!/:department$/i.test(b)));
}

const absent = (ctx: CheckContext) => `scimdesk-check-absent-${ctx.runId}@example.invalid`;

const meaningFor = (what: string): Partial<Record<Verdict, string>> => ({
  pass: `Clients can let the server narrow results with ${what}.`,
  unsupported: `The server refuses ${what}: clients must ask differently or filter themselves.`,
  ignored: `The server answers ${what} with unfiltered results: a client trusting the answer acts on the wrong resources.`,
  fail: `The server answers ${what} with the wrong resources.`,
  warn: `${what} works, off the RFC in a way clients tolerate.`,
  skipped: `Not tested: the sampled users offered nothing to test ${what} on.`,
});

interface Spec {
  id: string;
  title: string;
  what: string;
  rfc?: string;
  profiles?: CheckProfile[];
  consequence?: Partial<Record<CheckProfile, string>>;
  /** The probes, or why there are none. */
  probes(s: Sample, ctx: CheckContext): FilterProbe[] | string;
  /** Adjusts the outcome (a case-sensitive userName that its schema declares so). */
  judge?(outcome: CheckOutcome, ctx: CheckContext): CheckOutcome;
}

function filterCheck(spec: Spec): Check {
  return {
    id: spec.id,
    title: spec.title,
    rfc: spec.rfc ?? RFC,
    group: 'filtering',
    writes: false,
    profiles: spec.profiles ?? ['rfc'],
    consequence: spec.consequence,
    meaning: meaningFor(spec.what),
    async run(ctx) {
      const s = await userSample(ctx);
      if (!s.ok) return skipped(s.why);
      const probes = spec.probes(s, ctx);
      if (typeof probes === 'string') return skipped(probes);
      const outcomes: CheckOutcome[] = [];
      for (const probe of probes) outcomes.push((await probeFilter(ctx, usersTarget(s), probe)).outcome);
      const outcome = worst(outcomes);
      return spec.judge ? spec.judge(outcome, ctx) : outcome;
    },
  };
}

const first = (s: Sample) => named(s)[0];
const eqUser = (u: Rec) => `userName eq ${literal(u.userName)}`;
const NO_USERNAME = 'No sampled user has a userName.';
const NO_PAIR = 'The sampled users offer no two users differing in a simple attribute (displayName, title, active, …).';

const compare = (op: 'gt' | 'ge' | 'lt' | 'le'): Spec => ({
  id: `filter.op.${op}`,
  title: `Filter operator ${op}`,
  what: `\`${op}\``,
  probes: (s) => {
    const c = boundary(s);
    return c ? [{ filter: `userName ${op} ${literal(c)}` }] : 'The sampled userNames do not start with two different letters.';
  },
});

const affixSpec = (op: 'sw' | 'ew' | 'co', title: string): Spec => ({
  id: `filter.op.${op}`,
  title,
  what: `\`${op}\``,
  probes: (s) => {
    const v = affix(s, op);
    return v ? [{ filter: `userName ${op} ${literal(v)}` }] : `No part of the sampled userNames is shared by a few users only, to test ${op} on.`;
  },
});

const ENTRA_USERNAME = 'Entra looks users up with `userName eq` before creating them: it will create duplicate users (or match the wrong one).';
const OKTA_USERNAME = 'Okta looks users up with `userName eq` before creating them: it will create duplicates or fail the assignment.';

export const filteringChecks: Check[] = [
  filterCheck({
    id: 'filter.op.eq',
    title: 'Filter operator eq',
    what: '`eq`',
    profiles: ['rfc', 'entra', 'okta'],
    consequence: { entra: ENTRA_USERNAME, okta: OKTA_USERNAME },
    probes: (s) => (first(s) ? [{ filter: eqUser(first(s)!), total: 1 }] : NO_USERNAME),
  }),
  filterCheck({
    id: 'filter.op.ne',
    title: 'Filter operator ne',
    what: '`ne`',
    probes: (s) => (first(s) ? [{ filter: `userName ne ${literal(first(s)!.userName)}`, total: s.total - 1 }] : NO_USERNAME),
  }),
  filterCheck(affixSpec('co', 'Filter operator co')),
  filterCheck(affixSpec('sw', 'Filter operator sw')),
  filterCheck(affixSpec('ew', 'Filter operator ew')),
  filterCheck({
    id: 'filter.op.pr',
    title: 'Filter operator pr',
    what: '`pr`',
    probes: (s, ctx) => {
      const path = presence(ctx, s);
      return path ? [{ filter: `${path} pr` }] : 'No attribute to test presence on.';
    },
  }),
  filterCheck(compare('gt')),
  filterCheck(compare('ge')),
  filterCheck(compare('lt')),
  filterCheck(compare('le')),
  filterCheck({
    id: 'filter.logic.and',
    title: 'Filter logic and',
    what: '`and`',
    probes: (s) => {
      const p = pair(s);
      if (!p) return NO_PAIR;
      const right = (u: Rec) => `${p.attr} eq ${literal(prop(u, p.attr))}`;
      return [
        { filter: `${eqUser(p.u1)} and ${right(p.u1)}`, total: 1 },
        { filter: `${eqUser(p.u1)} and ${right(p.u2)}`, total: 0 },
      ];
    },
  }),
  filterCheck({
    id: 'filter.logic.or',
    title: 'Filter logic or',
    what: '`or`',
    probes: (s) => {
      const [u1, u2] = named(s);
      return u1 && u2 ? [{ filter: `${eqUser(u1)} or ${eqUser(u2)}`, total: 2 }] : 'Fewer than two sampled users have a userName.';
    },
  }),
  filterCheck({
    id: 'filter.logic.not',
    title: 'Filter logic not',
    what: '`not`',
    probes: (s) => (first(s) ? [{ filter: `not (${eqUser(first(s)!)})`, total: s.total - 1 }] : NO_USERNAME),
  }),
  filterCheck({
    id: 'filter.grouping',
    title: 'Filter grouping with parentheses',
    what: 'grouping',
    probes: (s) => {
      const p = pair(s);
      // Grouped, only u2 matches; read as `u1 or (u2 and …)` (precedence without the parentheses), u1 comes back too.
      return p ? [{ filter: `(${eqUser(p.u1)} or ${eqUser(p.u2)}) and ${p.attr} eq ${literal(prop(p.u2, p.attr))}`, total: 1 }] : NO_PAIR;
    },
  }),
  filterCheck({
    id: 'filter.value-path',
    title: 'Filter value path (emails[type eq "work"])',
    what: 'value paths',
    probes: (s) => {
      const f = valuePath(s);
      return f ? [{ filter: f }] : 'No sampled user has a multi-valued attribute (emails, phoneNumbers, …) with values.';
    },
  }),
  filterCheck({
    id: 'filter.sub-attribute',
    title: 'Filter on a sub-attribute (name.familyName)',
    what: 'sub-attributes',
    probes: (s) => {
      const f = distinctEq(s, ['name.familyName', 'name.givenName', 'name.formatted']);
      return f ? [{ filter: f }] : 'No sampled user has a name.familyName or name.givenName that others do not share.';
    },
  }),
  filterCheck({
    id: 'filter.extension',
    title: 'Filter on an extension attribute by URN',
    rfc: 'RFC 7644 §3.4.2.2, §3.10',
    what: 'extension attributes',
    probes: (s) => {
      const f = distinctEq(s, extensionPaths(s));
      return f ? [{ filter: f }] : 'No sampled user has an extension attribute whose value differs from other users.';
    },
  }),
  filterCheck({
    id: 'filter.username-case',
    title: 'userName eq ignores case (caseExact false)',
    rfc: 'RFC 7643 §4.1.1, RFC 7644 §3.4.2.2',
    what: '`userName eq` in another case',
    profiles: ['rfc', 'entra', 'okta'],
    consequence: {
      entra: 'Entra will create a duplicate user when the userName it sends differs only in case.',
      okta: 'Okta will create a duplicate user when the userName differs only in case.',
    },
    probes: (s) => {
      const u = named(s).find((x) => String(x.userName).toUpperCase() !== x.userName || String(x.userName).toLowerCase() !== x.userName);
      if (!u) return 'No sampled userName has letters whose case can change.';
      const name = String(u.userName);
      const other = name.toUpperCase() !== name ? name.toUpperCase() : name.toLowerCase();
      return [{ filter: `userName eq ${literal(other)}`, total: 1 }];
    },
    judge: (outcome, ctx) => {
      const exact = lookupFor(ctx, 'User')?.({ name: 'userName' })?.caseExact === true;
      if (outcome.verdict !== 'fail' || !exact) return outcome;
      return warn(`${outcome.message} The server's schema declares userName caseExact, unlike RFC 7643's caseExact false.`);
    },
  }),
  filterCheck({
    id: 'filter.search-post',
    title: 'Filter on POST /Users/.search',
    rfc: 'RFC 7644 §3.4.3',
    what: 'POST /.search',
    probes: (s) => (first(s) ? [{ filter: eqUser(first(s)!), total: 1, shape: 'search', refusals: [404, 405] }] : NO_USERNAME),
  }),
  filterCheck({
    id: 'entra.filter.username-eq',
    title: 'Entra: GET /Users?filter=userName eq "…"',
    what: "Entra's `userName eq` lookup",
    profiles: ['entra'],
    consequence: { entra: ENTRA_USERNAME },
    probes: (s, ctx) =>
      first(s)
        ? [
            { filter: eqUser(first(s)!), shape: 'entra', total: 1 },
            { filter: `userName eq ${literal(absent(ctx))}`, shape: 'entra', total: 0 },
          ]
        : NO_USERNAME,
  }),
  filterCheck({
    id: 'entra.filter.externalid-eq',
    title: 'Entra: GET /Users?filter=externalId eq "…"',
    what: "Entra's `externalId eq` lookup",
    profiles: ['entra'],
    consequence: { entra: 'Entra matches users on externalId when so mapped: it will create duplicate users or update the wrong one.' },
    probes: (s, ctx) => {
      const u = s.users.find((x) => typeof x.externalId === 'string' && x.externalId !== '');
      if (!u) return 'No sampled user has an externalId.';
      return [
        { filter: `externalId eq ${literal(u.externalId)}`, shape: 'entra' },
        { filter: `externalId eq ${literal(`scimdesk-check-absent-${ctx.runId}`)}`, shape: 'entra', total: 0 },
      ];
    },
  }),
  filterCheck({
    id: 'okta.filter.username-eq',
    title: 'Okta: GET /Users?filter=userName eq "…"&startIndex=1&count=100',
    what: "Okta's `userName eq` lookup",
    profiles: ['okta'],
    consequence: { okta: OKTA_USERNAME },
    probes: (s, ctx) =>
      first(s)
        ? [
            { filter: eqUser(first(s)!), total: 1 },
            { filter: `userName eq ${literal(absent(ctx))}`, total: 0 },
          ]
        : NO_USERNAME,
  }),
];
