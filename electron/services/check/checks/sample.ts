/**
 * What the query checks share: the User and Group endpoints from discovery, a tolerant reading of
 * list answers, the memoized sample of users (the first page, as Okta asks for it) that every check
 * picks its values from, and the judge of a filter answer against the local evaluator.
 */
import { compileFilter, parseFilter, type AttributeLookup } from '../../../../shared/filter';
import type { Verdict } from '../../../../shared/check';
import { createAttributeLookup, SCHEMA_GROUP, SCHEMA_USER } from '../../../../shared/scim';
import { readListResponse } from '../../engine/list-response';
import { getCaseInsensitive } from '../../engine/response';
import { fail, ignored, pass, unsupported, type CheckContext, type CheckOutcome, type ProbeRequest, type ProbeResponse } from '../types';

export type Rec = Record<string, unknown>;

/** The first page every check reads its values from: also exactly Okta's first import request. */
export const SAMPLE_COUNT = 100;
/** Page size of filter probes: large enough that a narrow filter's whole answer fits in it. */
export const PROBE_COUNT = 100;

const isObject = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

export const idOf = (r: Rec): string => String(r.id ?? '');

/** `obj[name]`, matching the key case-insensitively when the exact spelling is absent. */
export function prop(obj: unknown, name: string): unknown {
  return isObject(obj) ? getCaseInsensitive(obj, name)?.value : undefined;
}

function resourceType(ctx: CheckContext, schema: string, name: string) {
  return ctx.capabilities.resourceTypes.find((t) => t.schema.toLowerCase() === schema.toLowerCase() || t.name === name);
}

/** The endpoint below the base URL (`Users`, `users`), as discovery (or probing) found it. */
export function endpointFor(ctx: CheckContext, kind: 'User' | 'Group'): string | undefined {
  const type = resourceType(ctx, kind === 'User' ? SCHEMA_USER : SCHEMA_GROUP, kind);
  return type?.endpoint.replace(/^\/+|\/+$/g, '') || undefined;
}

/** Types and case rules for local filter evaluation, from the server's own schemas. */
export function lookupFor(ctx: CheckContext, kind: 'User' | 'Group'): AttributeLookup | undefined {
  const type = resourceType(ctx, kind === 'User' ? SCHEMA_USER : SCHEMA_GROUP, kind);
  if (!type) return undefined;
  const ids = new Set([type.schema, ...type.schemaExtensions.map((e) => e.schema)].map((s) => s.toLowerCase()));
  const schemas = ctx.capabilities.schemas.filter((s) => ids.has(s.id.toLowerCase()));
  return schemas.length ? createAttributeLookup(schemas, type.schema) : undefined;
}

export interface ListAnswer {
  response: ProbeResponse;
  /** Why it is not a list (status or shape), else undefined. */
  problem?: string;
  resources: Rec[];
  totalResults: number | null;
  startIndex: number | null;
  itemsPerPage: number | null;
  nextCursor: string | null;
}

/** A list answer read as tolerantly as the engine reads one (bare arrays, `resources`, string numbers). */
export function readList(response: ProbeResponse): ListAnswer {
  const empty = { response, resources: [], totalResults: null, startIndex: null, itemsPerPage: null, nextCursor: null };
  if (response.status < 200 || response.status > 299) return { ...empty, problem: describeStatus(response) };
  try {
    const page = readListResponse(response.json === undefined ? null : response.json, [], 'The list');
    const { resources, totalResults, startIndex, itemsPerPage, nextCursor } = page;
    return { response, resources: resources as Rec[], totalResults, startIndex, itemsPerPage, nextCursor };
  } catch (err) {
    return { ...empty, problem: `HTTP ${response.status}, not a ListResponse: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** `scimType` and `detail` of an error answer, if it has them. */
export function errorOf(response: ProbeResponse): { scimType?: string; detail?: string } {
  const scimType = prop(response.json, 'scimType');
  const detail = prop(response.json, 'detail');
  return { scimType: typeof scimType === 'string' ? scimType : undefined, detail: typeof detail === 'string' ? detail : undefined };
}

/** "HTTP 400 invalidFilter: the detail" for messages. */
export function describeStatus(response: ProbeResponse): string {
  const { scimType, detail } = errorOf(response);
  const said = [scimType, detail ? `"${detail.length > 160 ? `${detail.slice(0, 159)}…` : detail}"` : undefined].filter(Boolean).join(': ');
  return `HTTP ${response.status}${said ? ` ${said}` : ''}`;
}

/** A 400 or 501: the server's honest "no" (RFC 7644 §3.12). */
export const isRefusal = (response: ProbeResponse): boolean => response.status === 400 || response.status === 501;

export type UserSample = { ok: true; endpoint: string; users: Rec[]; total: number; answer: ListAnswer } | { ok: false; why: string; endpoint?: string };

/** `GET /Users?startIndex=1&count=100`, once per run; its exchange joins the evidence of each check using it. */
export function userSample(ctx: CheckContext): Promise<UserSample> {
  return ctx.memo('query.users.sample', async () => {
    const endpoint = endpointFor(ctx, 'User');
    if (!endpoint) return { ok: false, why: 'Discovery found no User resource type to query.' };
    const answer = readList(await ctx.send({ method: 'GET', path: endpoint, query: { startIndex: 1, count: SAMPLE_COUNT } }));
    if (answer.problem) return { ok: false, endpoint, why: `Listing users failed (${answer.problem}), so there is nothing to test on.` };
    const users = answer.resources.filter((r) => r.id !== undefined && r.id !== null);
    if (!users.length) return { ok: false, endpoint, why: 'The server has no users to test on (the first page came back empty).' };
    return { ok: true, endpoint, users, total: answer.totalResults ?? users.length, answer } satisfies UserSample;
  });
}

export type GroupSample = { ok: true; endpoint: string; groups: Rec[]; total: number } | { ok: false; why: string };

/** A few groups without their members (a group's member list can be huge). */
export function groupSample(ctx: CheckContext): Promise<GroupSample> {
  return ctx.memo('query.groups.sample', async () => {
    const endpoint = endpointFor(ctx, 'Group');
    if (!endpoint) return { ok: false, why: 'Discovery found no Group resource type.' };
    const answer = readList(await ctx.send({ method: 'GET', path: endpoint, query: { startIndex: 1, count: 10, excludedAttributes: 'members' } }));
    if (answer.problem) return { ok: false, why: `Listing groups failed (${answer.problem}).` };
    const groups = answer.resources.filter((g) => typeof g.displayName === 'string' && g.displayName !== '');
    if (!groups.length) return { ok: false, why: 'The server has no groups with a displayName to test on.' };
    return { ok: true, endpoint, groups, total: answer.totalResults ?? answer.resources.length } satisfies GroupSample;
  });
}

/** A filter literal: SCIM string values are JSON strings. */
export const literal = (value: unknown): string => JSON.stringify(value);

/** Worst first: a check of several probes reports the worst of them. */
const severity: Verdict[] = ['ignored', 'fail', 'unsupported', 'warn', 'skipped', 'pass'];

/** The worst outcome; its message leads, the others follow. */
export function worst(outcomes: CheckOutcome[]): CheckOutcome {
  const sorted = [...outcomes].sort((a, b) => severity.indexOf(a.verdict) - severity.indexOf(b.verdict));
  const [first, ...rest] = sorted;
  return { ...first!, message: [first!.message, ...rest.map((o) => o.message)].join(' ') };
}

/** What a filter is sent to and judged against: the collection, what was sampled of it, and its size. */
export interface FilterTarget {
  endpoint: string;
  sampled: Rec[];
  all: number;
  kind?: 'User' | 'Group';
}

export const usersTarget = (s: Extract<UserSample, { ok: true }>): FilterTarget => ({ endpoint: s.endpoint, sampled: s.users, all: s.total });

export interface FilterProbe {
  filter: string;
  /** Default GET with startIndex=1&count=100; `entra` sends only the filter, as Entra does. */
  shape?: 'get' | 'entra' | 'search';
  /** Exactly this many results in all (a value that is unique, or one that does not exist). */
  total?: number;
  /** Extra query parameters (`excludedAttributes=members`). */
  query?: ProbeRequest['query'];
  /** Statuses that mean "not supported" besides 400 and 501 (a 404 for a missing `/.search`). */
  refusals?: number[];
}

export interface FilterVerdict {
  outcome: CheckOutcome;
  answer?: ListAnswer;
}

/** How a resource reads in a message. */
export function nameOf(r: Rec): string {
  const label = r.userName ?? r.displayName ?? r.id;
  return typeof label === 'string' || typeof label === 'number' ? `"${label}"` : 'a resource';
}

/**
 * Sends a filter and judges the answer here: resources that do not match it mean the server did not
 * apply it (everything came back: ignored) or applied it wrongly (fail); sampled resources that match
 * but are missing, or a total that cannot be, fail too; a 400/501 is the server's honest "no".
 */
export async function probeFilter(ctx: CheckContext, target: FilterTarget, probe: FilterProbe): Promise<FilterVerdict> {
  const { endpoint, sampled, all, kind = 'User' } = target;
  const test = compileFilter(parseFilter(probe.filter), lookupFor(ctx, kind));
  const shown = `‹${probe.filter}›`;
  let response: ProbeResponse;
  if (probe.shape === 'search') {
    const body = { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: probe.filter, startIndex: 1, count: PROBE_COUNT };
    response = await ctx.send({ method: 'POST', path: `${endpoint}/.search`, body });
  } else {
    const paging = probe.shape === 'entra' ? {} : { startIndex: 1, count: PROBE_COUNT };
    response = await ctx.send({ method: 'GET', path: endpoint, query: { ...probe.query, filter: probe.filter, ...paging } });
  }
  if (isRefusal(response) || probe.refusals?.includes(response.status)) {
    const spc = ctx.capabilities.filter.supported === false ? ' (ServiceProviderConfig says filter is not supported)' : '';
    return { outcome: unsupported(`The server refused ${shown}: ${describeStatus(response)}${spc}.`) };
  }
  const answer = readList(response);
  if (answer.problem) return { outcome: fail(`${shown} failed: ${answer.problem}.`), answer };
  const got = answer.resources;
  const total = answer.totalResults ?? got.length;
  const wrong = got.filter((r) => !safeTest(test, r));
  const matching = sampled.filter((r) => safeTest(test, r));
  // Everything came back (all counted, or a full page without a count) though some are known not to match.
  const everything = total >= all || (answer.totalResults === null && got.length >= Math.min(PROBE_COUNT, all));
  if (wrong.length) {
    const seen = `${shown} gave ${total} of ${all} resources, ${wrong.length} of the ${got.length} returned not matching (${nameOf(wrong[0]!)})`;
    if (!everything) return { outcome: fail(`${seen}.`), answer };
    // Unfiltered answers from a server whose ServiceProviderConfig says it does not filter: it told clients so.
    if (ctx.capabilities.filter.supported === false) return { outcome: unsupported(`${seen}. ServiceProviderConfig says filter is not supported.`), answer };
    return { outcome: ignored(`${seen}: the filter was not applied.`), answer };
  }
  if (total >= all && matching.length < sampled.length) {
    return {
      outcome: fail(`${shown} counted all ${all} resources (totalResults ${total}), though ${sampled.length - matching.length} sampled do not match.`),
      answer,
    };
  }
  if (probe.total !== undefined && total !== probe.total) {
    return { outcome: fail(`${shown} gave ${total} resources where exactly ${probe.total} ${probe.total === 1 ? 'exists' : 'exist'}.`), answer };
  }
  const ids = new Set(got.map(idOf));
  const missing = matching.filter((r) => !ids.has(idOf(r)));
  if (total < matching.length || (got.length >= total && missing.length)) {
    const example = missing[0] ? ` (${nameOf(missing[0])} is missing)` : '';
    return { outcome: fail(`${shown} gave ${total} resources, but ${matching.length} of the ${sampled.length} sampled match it${example}.`), answer };
  }
  const of = matching.length ? `; the ${matching.length} sampled that match are among them` : '';
  return {
    outcome: pass(
      total
        ? `${shown} gave ${total} of ${all}, all matching${of}.`
        : `${shown} gave none of ${all}${probe.total === 0 ? ', as expected' : ', and none of the sampled match it'}.`,
    ),
    answer,
  };
}

/** A local evaluation that refuses (gt on a boolean) counts as no match: our probes never ask that. */
function safeTest(test: (r: Rec) => boolean, r: Rec): boolean {
  try {
    return test(r);
  } catch {
    return false;
  }
}
