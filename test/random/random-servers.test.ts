/**
 * SCIM Desk against servers whose behaviour is drawn at random (test/support/random-profile.ts): for
 * each drawn server the core journeys run through the engine and the renderer's query layer, in a drawn
 * order, and then three properties are checked against the server's request log:
 *  - every journey succeeded (or, for a raw filter, ended with an error naming what was refused);
 *  - no request identical to one the server refused with 400 was sent again;
 *  - every deviation the server showed is a quirk or a learned fact.
 *
 * The seed is drawn per run; replay a failure with SCIM_RANDOM_SEED=<seed> (and SCIM_RANDOM_PATH=<path>
 * to go straight to the failing case) as fast-check prints them. SCIM_RANDOM_RUNS sets how many servers;
 * SCIM_RANDOM_LOG=<file> writes the failing server's request log there (one JSON line per request).
 */
import { writeFileSync } from 'node:fs';
import { QueryClient } from '@tanstack/react-query';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Capabilities, ConnectionView, LearnedFact } from '../../shared/contract';
import { normalizeEndpoint } from '../../shared/scim';
import { userAndGroupTypes } from '../../renderer/src/scim';
import { acceptsTerm, describeProfile, profileArbitrary, USER_FILTER_ATTRIBUTES, FILTER_OPS, type RandomProfile } from '../support/random-profile';
import { termsOf } from '../support/random-query';
import { startRandomServer, type Deviation, type RandomServer } from '../support/random-server';
import { parseFilter } from '../../shared/filter';
import { bridgeOver, connect, data, useRandomCore } from './harness';
import {
  createAndDelete,
  editUser,
  exportAll,
  groupSideMembership,
  JourneyFailure,
  listAll,
  quickSearch,
  rawFilterSearch,
  sortedList,
  userSideMembership,
  type Picks,
  type Run,
} from './journeys';

const ctx = useRandomCore();

const SEED = Number(process.env.SCIM_RANDOM_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = Number(process.env.SCIM_RANDOM_RUNS ?? 40);
const PATH = process.env.SCIM_RANDOM_PATH;

const JOURNEYS = {
  'list users': (run: Run) => listAll(run, 'User'),
  'list groups': (run: Run) => listAll(run, 'Group'),
  'list users sorted': sortedList,
  'export users': (run: Run) => exportAll(run, 'User'),
  'export groups': (run: Run) => exportAll(run, 'Group'),
  'quick search users': (run: Run) => quickSearch(run, 'User'),
  'quick search groups': (run: Run) => quickSearch(run, 'Group'),
  'edit a user': editUser,
  'create and delete a user': createAndDelete,
  'add and remove a member (group side)': groupSideMembership,
  "a user's groups, add and remove (user side)": userSideMembership,
  'raw filter': rawFilterSearch,
} satisfies Record<string, (run: Run) => Promise<void>>;
type JourneyName = keyof typeof JOURNEYS;

const RAW_ATTRIBUTES = ['userName', 'displayName', 'name.familyName', 'name.givenName', 'emails.value', 'title', 'externalId', 'active'];
const rawTerm = { attribute: fc.constantFrom(...RAW_ATTRIBUTES), op: fc.constantFrom(...FILTER_OPS), from: fc.nat() };
const picksArbitrary: fc.Arbitrary<Picks> = fc.record({
  user: fc.nat(),
  other: fc.nat(),
  group: fc.nat(),
  cut: fc.nat({ max: 1000 }),
  length: fc.integer({ min: 2, max: 5 }),
  upper: fc.boolean(),
  updateMethod: fc.constantFrom('patch' as const, 'put' as const),
  raw: fc.record({ ...rawTerm, join: fc.option(fc.record({ ...rawTerm, logical: fc.constantFrom('and' as const, 'or' as const) }), { nil: undefined }) }),
});
const orderArbitrary = fc.shuffledSubarray(Object.keys(JOURNEYS) as JourneyName[], { minLength: Object.keys(JOURNEYS).length });

let serial = 0;
/** How often each deviation was shown, and how journeys ended, over the run (printed at the end). */
const coverage = new Map<string, number>();
const count = (key: string) => coverage.set(key, (coverage.get(key) ?? 0) + 1);

/** Runs every journey on one drawn server, then checks the request log and what the app noticed. */
async function runServer(profile: RandomProfile, picks: Picks, order: JourneyName[]): Promise<void> {
  const server = await startRandomServer(profile);
  const connectionId = await connect(ctx, `Random ${++serial}`, server.baseUrl, picks.updateMethod);
  const failures: string[] = [];
  try {
    const { bridge, pages } = bridgeOver(ctx);
    const caps = await bridge.call('scim.discover', { connectionId });
    const { users, groups } = userAndGroupTypes(caps);
    if (!users || !groups) throw new JourneyFailure(`discovery found ${caps.resourceTypes.map((t) => t.endpoint).join(', ') || 'no resource types'}`);
    const connection = (await bridge.call('connections.list', {})).find((c: ConnectionView) => c.id === connectionId)!;
    const run: Run = {
      server,
      connectionId,
      connection,
      bridge,
      core: ctx.core,
      pages,
      caps,
      users,
      groups,
      client: new QueryClient({ defaultOptions: { queries: { retry: false } } }),
      picks,
      refused: [],
    };
    for (const name of order) {
      try {
        await JOURNEYS[name](run);
      } catch (error) {
        failures.push(`${name}: ${error instanceof JourneyFailure ? '' : 'unexpected error: '}${error instanceof Error ? error.message : String(error)}`);
      }
    }
    for (const deviation of new Set(server.log.flatMap((r) => r.shown))) count(`shown ${deviation}`);
    if (server.log.some((r) => r.method === 'PUT' && r.status < 300)) count('edits and membership sent as PUT');
    for (const refusal of run.refused) count(`ended with a stated refusal or bound: ${refusal.split(':')[0]}`);
    failures.push(...repeatedRefusals(server), ...serverErrors(server));
    const quirks = data<Array<{ code: string }>>(await ctx.call('scim.quirks', { connectionId }), 'scim.quirks').map((q) => q.code);
    const learned = data<LearnedFact[]>(await ctx.call('scim.learned', { connectionId }), 'scim.learned');
    failures.push(...unnoticed(server, caps, quirks, learned));
  } finally {
    await server.close();
    await ctx.call('connections.delete', { id: connectionId });
  }
  if (failures.length) {
    if (process.env.SCIM_RANDOM_LOG) writeFileSync(process.env.SCIM_RANDOM_LOG, server.log.map((r) => JSON.stringify(r)).join('\n'));
    throw new Error(
      `${failures.length} propert${failures.length === 1 ? 'y' : 'ies'} failed on this server:\n- ${failures.join('\n- ')}\nprofile: ${describeProfile(profile)}\njourney order: ${order.join(' → ')}`,
    );
  }
}

/**
 * Requests identical to one the server answered 400 before: the same method, path and filter (whatever
 * the page asked); without a filter, the same query and body.
 */
function repeatedRefusals(server: RandomServer): string[] {
  const refused = new Map<string, number>();
  const out: string[] = [];
  server.log.forEach((request, index) => {
    const key =
      request.filter !== undefined
        ? `${request.method} ${request.path} filter=${request.filter}`
        : `${request.method} ${request.path}${request.query} ${request.body}`;
    const first = refused.get(key);
    if (first !== undefined)
      out.push(
        `sent again after a 400 (request ${first + 1}, again ${index + 1}): ${request.method} ${request.path}${request.filter ? ` filter=${request.filter}` : ''}`,
      );
    if (request.status === 400 && first === undefined) refused.set(key, index);
  });
  return out.slice(0, 5);
}

/** A 5xx or a readOnly refusal means the app sent something the server could not take. */
function serverErrors(server: RandomServer): string[] {
  return server.log
    .filter((r) => r.status >= 500 || r.shown.includes('mutability-refused'))
    .slice(0, 3)
    .map((r) => `the app sent ${r.method} ${r.path} which the server answered ${r.status}: ${r.detail ?? ''} (body ${r.body.slice(0, 200)})`);
}

/** Each deviation the server showed, without the quirk or learned fact that should record it. */
function unnoticed(server: RandomServer, caps: Capabilities, quirks: string[], learned: LearnedFact[]): string[] {
  const { profile } = server;
  const endpoint = (kind: 'User' | 'Group' | undefined) => normalizeEndpoint(kind === 'Group' ? server.paths.Groups : server.paths.Users);
  const fact = (kind: 'User' | 'Group' | undefined, test: (f: LearnedFact) => boolean) => learned.some((f) => f.endpoint === endpoint(kind) && test(f));
  const shown = new Map<Deviation, Array<'User' | 'Group' | undefined>>();
  const example = new Map<string, string>();
  for (const request of server.log) {
    for (const deviation of request.shown) {
      shown.set(deviation, [...(shown.get(deviation) ?? []), request.kind]);
      if (!example.has(`${deviation} ${request.kind}`))
        example.set(
          `${deviation} ${request.kind}`,
          `${request.method} ${request.path}${request.filter ? ` filter=${request.filter}` : ''} → ${request.status}`,
        );
    }
  }
  const errorQuirk = { scim: '', problem: 'error.problem-json', empty: 'error.empty-body', text: 'error.not-json' }[profile.errors];

  const evidence: Record<Deviation, (kind: 'User' | 'Group' | undefined) => boolean> = {
    'filter-refused': (kind) => fact(kind, (f) => f.kind === 'filter' && f.state === 'refused'),
    'filter-ignored': (kind) => fact(kind, (f) => f.kind === 'filter' && f.state === 'ignored') || quirks.includes('filter.ignored'),
    'page-capped': (kind) => fact(kind, (f) => f.kind === 'page-cap' && f.value === profile.pageCap),
    'start-index-ignored': (kind) => fact(kind, (f) => f.kind === 'param' && f.subject === 'startIndex' && f.state === 'ignored'),
    'search-start-index-ignored': (kind) => fact(kind, (f) => f.kind === 'search' && f.state === 'refused'),
    'search-absent': (kind) => fact(kind, (f) => f.kind === 'search' && f.state === 'refused'),
    'sort-ignored': (kind) => quirks.includes('sort.ignored') || fact(kind, (f) => f.subject === 'sortBy' && f.state === 'ignored'),
    'projection-ignored': (kind) => fact(kind, (f) => f.kind === 'param' && /attributes$/i.test(f.subject) && f.state === 'ignored'),
    'error-shape': () => quirks.includes(errorQuirk),
    'create-200': () => quirks.includes('create.status-200'),
    'delete-200': () => quirks.includes('delete.status-200'),
    'path-case': () => quirks.some((q) => ['discovery.path-case', 'discovery.endpoint-case', 'discovery.no-resource-types'].includes(q)),
    'mutability-refused': () => false, // reported by serverErrors
  };
  const out: string[] = [];
  for (const [deviation, kinds] of shown) {
    if (deviation === 'mutability-refused') continue;
    for (const kind of new Set(kinds))
      if (!evidence[deviation](kind))
        out.push(
          `the server showed "${deviation}"${kind ? ` on ${kind}s` : ''} (first: ${example.get(`${deviation} ${kind}`)}), and no quirk or learned fact says so (quirks: ${quirks.join(', ') || 'none'}; learned: ${learned.map((f) => `${f.key}=${f.state}`).join(', ') || 'nothing'})`,
        );
  }
  // A fact blaming the server for a filter it applies in full is false (the quirk would mislead the user).
  for (const f of learned.filter((f) => f.kind === 'filter' && f.state !== 'accepted')) {
    const quoted = /‹(.*)›/.exec(f.message)?.[1];
    if (!quoted || quoted.endsWith('…')) continue;
    const kind = f.endpoint === normalizeEndpoint(server.paths.Groups) ? 'Group' : 'User';
    if (termsOf(parseFilter(quoted)).every((t) => acceptsTerm(profile, kind, t)))
      out.push(`learned "${f.subject}" ${f.state} on ${f.endpoint}, but the server applies ${quoted} in full: ${f.message}`);
  }
  if (!profile.discovery && (caps.discovery.serviceProviderConfig || caps.discovery.resourceTypes || !quirks.includes('discovery.no-resource-types')))
    out.push('discovery is absent, and the capabilities do not say so');
  return out;
}

describe('servers drawn at random', () => {
  it(`every journey works, no refused request is repeated, every deviation is noticed (${RUNS} servers)`, async () => {
    console.info(`random servers: seed ${SEED} (replay: SCIM_RANDOM_SEED=${SEED})`);
    await fc.assert(fc.asyncProperty(profileArbitrary, picksArbitrary, orderArbitrary, runServer), {
      numRuns: RUNS,
      seed: SEED,
      endOnFailure: !process.env.SCIM_RANDOM_SHRINK,
      ...(PATH ? { path: PATH } : {}),
    });
    console.info(
      `over ${serial} servers:\n${[...coverage]
        .sort()
        .map(([key, n]) => `  ${key}: ${n}`)
        .join('\n')}`,
    );
  }, 180_000);

  it('the filters the journeys send are judged by the profile as the server judges them', () => {
    // The server's term names are the ones profiles are drawn over (a typo would make a refusal unreachable).
    const terms = termsOf(parseFilter('userName sw "a" or displayName co "a" or emails.value co "a"'));
    expect(terms).toEqual(['or', 'username sw', 'displayname co', 'emails.value co']);
    for (const term of terms.filter((t) => t.includes(' '))) expect(USER_FILTER_ATTRIBUTES as readonly string[]).toContain(term.split(' ')[0]);
  });
});
