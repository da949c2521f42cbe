/**
 * Projection (RFC 7644 §3.4.2.5, §3.9; RFC 7643 §7 `returned`): `attributes` and `excludedAttributes`
 * compared with the sampled users' default representation, `returned: always` attributes kept,
 * `returned: never` ones (password) never sent; and Entra's group lookup with excludedAttributes=members.
 */
import type { Verdict } from '../../../../shared/check';
import { SCHEMA_USER } from '../../../../shared/scim';
import { fail, ignored, pass, skipped, warn, type Check, type CheckContext, type CheckOutcome } from '../types';
import {
  describeStatus,
  groupSample,
  idOf,
  isRefusal,
  literal,
  probeFilter,
  readList,
  userSample,
  worst,
  type ListAnswer,
  type Rec,
  type UserSample,
} from './sample';

type Sample = Extract<UserSample, { ok: true }>;
const RFC = 'RFC 7644 §3.4.2.5';
const COUNT = 5;
/** Sent with any projection by many servers, and not what a projection is about. */
const NOISE = new Set(['schemas', 'meta']);

const present = (v: unknown) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);
const keysOf = (r: Rec) => Object.keys(r).filter((k) => present(r[k]));

function userSchemaAttrs(ctx: CheckContext) {
  return ctx.capabilities.schemas.find((s) => s.id.toLowerCase() === SCHEMA_USER.toLowerCase())?.attributes ?? [];
}

/** `id` and every core User attribute the schema says is always returned. */
function alwaysNames(ctx: CheckContext): Set<string> {
  return new Set([
    'id',
    ...userSchemaAttrs(ctx)
      .filter((a) => a.returned === 'always')
      .map((a) => a.name.toLowerCase()),
  ]);
}

/** A default-returned attribute most sampled users carry, for projections to leave out. */
function excludable(ctx: CheckContext, s: Sample, skip: string[] = []): string | undefined {
  const always = alwaysNames(ctx);
  const head = s.users.slice(0, COUNT);
  return ['emails', 'name', 'displayName', 'phoneNumbers', 'title', 'active', 'externalId'].find(
    (a) => !always.has(a.toLowerCase()) && !skip.includes(a) && head.every((u) => present(u[a])),
  );
}

async function project(ctx: CheckContext, s: Sample, query: Record<string, string>): Promise<ListAnswer> {
  return readList(await ctx.send({ method: 'GET', path: s.endpoint, query: { ...query, startIndex: 1, count: COUNT } }));
}

/** The sampled user's default attributes the projected one also carries, beyond `allowed`. */
function extrasOf(r: Rec, s: Sample, allowed: Set<string>): { extra: string[]; defaults: number } {
  const original = s.users.find((u) => idOf(u) === idOf(r));
  const extra = keysOf(r).filter((k) => !allowed.has(k.toLowerCase()) && !NOISE.has(k));
  const defaults = original ? keysOf(original).filter((k) => !allowed.has(k.toLowerCase()) && !NOISE.has(k)).length : Infinity;
  return { extra, defaults };
}

async function attributes(ctx: CheckContext, s: Sample): Promise<CheckOutcome> {
  const a = await project(ctx, s, { attributes: 'userName' });
  if (a.problem) return fail(`attributes=userName failed: ${a.problem}.`);
  if (!a.resources.length) return fail('attributes=userName gave no users.');
  const allowed = new Set([...alwaysNames(ctx), 'username']);
  const lacking = a.resources.filter((r) => !present(r.id) || !present(r.userName));
  if (lacking.length) return fail(`attributes=userName gave ${lacking.length} of ${a.resources.length} users without id or userName.`);
  const seen = a.resources.map((r) => extrasOf(r, s, allowed));
  const extra = [...new Set(seen.flatMap((x) => x.extra))];
  if (seen.every((x) => x.extra.length > 0 && x.extra.length >= x.defaults)) {
    return ignored(`attributes=userName was ignored: the ${a.resources.length} users came back whole (${extra.slice(0, 5).join(', ')}, …).`);
  }
  if (extra.length) return warn(`attributes=userName also sent ${extra.join(', ')} (not asked for, not returned:always).`);
  return pass(`attributes=userName gave ${a.resources.length} users with id and userName only.`);
}

async function excluded(ctx: CheckContext, s: Sample): Promise<CheckOutcome> {
  const attr = excludable(ctx, s);
  if (!attr) return skipped('The sampled users share no default attribute (emails, name, …) to exclude.');
  const asked = `excludedAttributes=${attr}`;
  const a = await project(ctx, s, { excludedAttributes: attr });
  if (a.problem) return fail(`${asked} failed: ${a.problem}.`);
  const still = a.resources.filter((r) => present(r[attr])).length;
  if (still === a.resources.length && still > 0) return ignored(`${asked} was ignored: all ${still} users still have ${attr}.`);
  if (still) return fail(`${asked}: ${still} of ${a.resources.length} users still have ${attr}.`);
  const lost = a.resources.filter((r) => !present(r.id) || !present(r.userName)).length;
  if (lost) return fail(`${asked} also dropped id or userName from ${lost} of ${a.resources.length} users.`);
  return pass(`${asked}: none of the ${a.resources.length} users has ${attr}; id and userName kept.`);
}

async function returnedAlways(ctx: CheckContext, s: Sample): Promise<CheckOutcome> {
  const always = [...alwaysNames(ctx)].filter((n) => n === 'id' || s.users.every((u) => Object.keys(u).some((k) => k.toLowerCase() === n)));
  const asked = excludable(ctx, s);
  const other = excludable(ctx, s, asked ? [asked] : []);
  if (!asked) return skipped('The sampled users share no default attribute to project on.');
  const only = await project(ctx, s, { attributes: asked });
  const without = await project(ctx, s, { excludedAttributes: [...always, ...(other ? [other] : [])].join(',') });
  const outcomes: CheckOutcome[] = [];
  let vacuous = 0;
  for (const [label, answer, leftOut] of [
    [`attributes=${asked}`, only, other],
    [`excludedAttributes=${[...always, other].filter(Boolean).join(',')}`, without, other],
  ] as const) {
    if (answer.problem) {
      outcomes.push(fail(`${label} failed: ${answer.problem}.`));
      continue;
    }
    const has = (r: Rec, n: string) => Object.keys(r).some((k) => k.toLowerCase() === n && present(r[k]));
    const lacking = always.filter((n) => answer.resources.some((r) => !has(r, n)));
    // A projection the server ignored altogether keeps everything: it proves nothing about `always`.
    if (leftOut && answer.resources.length && answer.resources.every((r) => present(r[leftOut]))) vacuous += 1;
    if (lacking.length) outcomes.push(fail(`${label} gave users without ${lacking.join(', ')} (returned: always).`));
    else outcomes.push(pass(`${label} kept ${always.join(', ')} on all ${answer.resources.length} users.`));
  }
  if (vacuous === 2 && outcomes.every((o) => o.verdict === 'pass')) {
    return skipped('attributes and excludedAttributes are both ignored (see projection.attributes): returned:always cannot be told apart.');
  }
  return worst(outcomes);
}

async function returnedNever(ctx: CheckContext, s: Sample): Promise<CheckOutcome> {
  const never = new Set([
    'password',
    ...userSchemaAttrs(ctx)
      .filter((a) => a.returned === 'never')
      .map((a) => a.name.toLowerCase()),
  ]);
  const leaks = (users: Rec[]) => users.filter((u) => Object.keys(u).some((k) => never.has(k.toLowerCase()) && present(u[k])));
  const inSample = leaks(s.users);
  if (inSample.length) return fail(`${inSample.length} of the ${s.users.length} sampled users carry ${[...never].join('/')} (returned: never).`);
  const a = await project(ctx, s, { attributes: [...never].join(',') });
  if (isRefusal(a.response))
    return pass(`None of the ${s.users.length} sampled users carries ${[...never].join(', ')}; asking for it was refused (${describeStatus(a.response)}).`);
  if (a.problem) return fail(`attributes=${[...never].join(',')} failed: ${a.problem}.`);
  const asked = leaks(a.resources);
  if (asked.length) return fail(`attributes=${[...never].join(',')} gave ${asked.length} users with it: returned:never attributes must never be sent.`);
  return pass(`None of the ${s.users.length} sampled users, nor the ${a.resources.length} asked for it by name, carries ${[...never].join(', ')}.`);
}

async function entraGroups(ctx: CheckContext): Promise<CheckOutcome> {
  const gs = await groupSample(ctx);
  if (!gs.ok) return skipped(gs.why);
  const g = gs.groups[0]!;
  const target = { endpoint: gs.endpoint, sampled: gs.groups, all: gs.total, kind: 'Group' as const };
  const query = { excludedAttributes: 'members' };
  const found = await probeFilter(ctx, target, { filter: `displayName eq ${literal(g.displayName)}`, shape: 'entra', query });
  const none = await probeFilter(ctx, target, { filter: `displayName eq ${literal(`scimdesk-check-absent-${ctx.runId}`)}`, shape: 'entra', query, total: 0 });
  const outcomes = [found.outcome, none.outcome];
  const withMembers = [...gs.groups, ...(found.answer?.resources ?? [])].filter((r) => Array.isArray(r.members) && r.members.length > 0);
  if (withMembers.length) {
    const n = (withMembers[0]!.members as unknown[]).length;
    outcomes.push(ignored(`excludedAttributes=members was ignored: "${String(withMembers[0]!.displayName)}" came back with ${n} members.`));
  } else outcomes.push(pass(`No group came back with members.`));
  return worst(outcomes);
}

const meaning = (ok: string, bad: string): Partial<Record<Verdict, string>> => ({
  pass: ok,
  warn: `${ok} Some extra attributes come along.`,
  fail: bad,
  ignored: `The server accepts the parameter and sends the default representation: ${bad[0]!.toLowerCase()}${bad.slice(1)}`,
  skipped: 'Not tested: nothing to project on, or projection is ignored altogether.',
});

const withSample =
  (body: (ctx: CheckContext, s: Sample) => Promise<CheckOutcome>) =>
  async (ctx: CheckContext): Promise<CheckOutcome> => {
    const s = await userSample(ctx);
    return s.ok ? body(ctx, s) : skipped(s.why);
  };

const base = { group: 'projection', writes: false } as const;

export const projectionChecks: Check[] = [
  {
    ...base,
    id: 'projection.attributes',
    title: 'attributes= returns only what was asked (and returned:always)',
    rfc: RFC,
    profiles: ['rfc'],
    meaning: meaning('Clients can ask for just the attributes they need.', 'Clients asking for a few attributes get whole resources, slowly.'),
    run: withSample(attributes),
  },
  {
    ...base,
    id: 'projection.excluded',
    title: 'excludedAttributes= leaves attributes out',
    rfc: RFC,
    profiles: ['rfc'],
    meaning: meaning('Clients can leave large attributes out.', 'Clients leaving attributes out still receive them.'),
    run: withSample(excluded),
  },
  {
    ...base,
    id: 'projection.returned-always',
    title: 'returned:always attributes (id) are kept by any projection',
    rfc: 'RFC 7643 §7, RFC 7644 §3.9',
    profiles: ['rfc'],
    meaning: meaning('Projected resources still carry their id.', 'Projected resources lose their id: clients cannot act on them.'),
    run: withSample(returnedAlways),
  },
  {
    ...base,
    id: 'projection.returned-never',
    title: 'returned:never attributes (password) are never sent',
    rfc: 'RFC 7643 §7, §4.1.1',
    profiles: ['rfc'],
    meaning: meaning('Passwords never leave the server.', 'The server sends passwords (or other never-returned attributes) to clients.'),
    run: withSample(returnedNever),
  },
  {
    ...base,
    id: 'entra.groups.excluded-members',
    title: 'Entra: GET /Groups?excludedAttributes=members&filter=displayName eq "…"',
    rfc: 'RFC 7644 §3.4.2.2, §3.4.2.5',
    profiles: ['entra'],
    consequence: {
      entra: 'Entra looks groups up this way before creating them: it will create duplicate groups, or time out on groups with many members.',
    },
    meaning: meaning('Entra finds existing groups quickly.', 'Entra cannot find existing groups reliably.'),
    run: entraGroups,
  },
];
