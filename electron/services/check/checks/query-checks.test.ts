/**
 * The query checks (paging, filtering, sorting, projection, versioning) against real servers on
 * loopback: the four demo personas, a scripted server that lies about what it applies, and a
 * 10,000-user rfc server whose whole run must stay within a request budget.
 */
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../../../shared/check';
import { startLyingScimServer } from '../../../../test/support/lying-scim-server';
import { startDemoServer, type DemoPersona } from '../../demo';
import { useCheckTarget, type CheckTarget } from '../test-helpers';
import { filteringChecks } from './filtering';
import { pagingChecks } from './paging';
import { projectionChecks } from './projection';
import { sortingChecks } from './sorting';
import { versioningChecks } from './versioning';

const CHECKS = [...pagingChecks, ...filteringChecks, ...sortingChecks, ...projectionChecks, ...versioningChecks];
const IDS = CHECKS.map((c) => c.id);
const TOKEN = 'query-checks-token-7e21';
/** The most requests one check may send, the shared sample included for the first check that reads it. */
const MAX_PER_CHECK = 8;

interface Ran {
  verdicts: Record<string, Verdict>;
  messages: Record<string, string>;
  /** Requests each check sent (its exchanges in the harness), in run order. */
  requests: Record<string, number>;
  total: number;
}

/** Runs every query check in one run (memos shared, as the runner shares them), counting exchanges per check. */
async function runAll(target: CheckTarget): Promise<Ran> {
  const run = await target.newRun();
  const ran: Ran = { verdicts: {}, messages: {}, requests: {}, total: 0 };
  const known = new Set<string>();
  for (const check of CHECKS) {
    const before = target.harness.exchanges.length;
    const outcome = await target.run(check, run);
    const sent = target.harness.exchanges.slice(before).map((e) => e.id);
    ran.verdicts[check.id] = outcome.verdict;
    ran.messages[check.id] = outcome.message;
    ran.requests[check.id] = sent.length;
    ran.total += sent.length;
    for (const id of sent) known.add(id);
    // Every exchange a check sent is its evidence, and its evidence is exchanges that really happened.
    expect(outcome.evidence, check.id).toEqual(expect.arrayContaining(sent));
    for (const id of outcome.evidence) expect(known.has(id), `${check.id} cites ${id}`).toBe(true);
  }
  return ran;
}

function demoTarget(persona: DemoPersona, users: number) {
  return useCheckTarget(persona, async () => {
    const server = await startDemoServer({ users, token: TOKEN, personas: [persona], rateLimitPerSecond: 1000 });
    return { baseUrl: server.baseUrl(persona), token: TOKEN, close: () => server.close() };
  });
}

const allOf = (verdict: Verdict) => Object.fromEntries(IDS.map((id) => [id, verdict]));

describe('definitions', () => {
  it('have unique stable ids, an RFC section, no writes, and profile consequences where a client depends on them', () => {
    expect(new Set(IDS).size).toBe(IDS.length);
    for (const check of CHECKS) {
      expect(check.writes).toBe(false);
      expect(check.rfc).toMatch(/^RFC \d+/);
      expect(check.meaning?.pass && check.meaning.fail).toBeTruthy();
      for (const profile of check.profiles.filter((p) => p !== 'rfc')) expect(check.consequence?.[profile], `${check.id} ${profile}`).toBeTruthy();
    }
    const of = (profile: string) => CHECKS.filter((c) => c.profiles.includes(profile as 'rfc')).map((c) => c.id);
    expect(of('entra')).toEqual(
      expect.arrayContaining(['entra.filter.username-eq', 'entra.filter.externalid-eq', 'entra.groups.excluded-members', 'paging.start-index', 'filter.op.eq']),
    );
    expect(of('okta')).toEqual(expect.arrayContaining(['okta.paging', 'okta.filter.username-eq', 'paging.start-index', 'filter.op.eq']));
  });
});

describe('rfc persona (1,200 users: more than its maxResults of 1,000)', () => {
  const target = demoTarget('rfc', 1200);
  it('passes every query check, each within its request budget', async () => {
    const ran = await runAll(target);
    expect(ran.verdicts).toEqual(allOf('pass'));
    for (const id of IDS) expect(ran.requests[id], id).toBeLessThanOrEqual(MAX_PER_CHECK);
    expect(ran.messages['paging.count-capped']).toBe('count=1001 gave 1000 of 1200: capped at maxResults 1000, as ServiceProviderConfig says.');
    expect(ran.messages['paging.walk']).toMatch(/^Walked the first 100 of 1200 in 4 pages of count=25 \(only a sample/);
  });
});

/** Filter checks whose filter is a plain `userName eq`, the one filter coginiti and cortex apply. */
const USERNAME_EQ = ['filter.op.eq', 'filter.username-case', 'entra.filter.username-eq', 'okta.filter.username-eq'];
const FILTER_IDS = filteringChecks.map((c) => c.id);

describe('coginiti persona: unsupported filters silently return everything, sortBy ignored, no ETags', () => {
  const target = demoTarget('coginiti', 230);
  it('calls every filter other than userName eq ignored, and sorting unsupported as its ServiceProviderConfig says', async () => {
    const ran = await runAll(target);
    const ignoredFilters = FILTER_IDS.filter((id) => !USERNAME_EQ.includes(id) && id !== 'filter.search-post');
    expect(ran.verdicts).toEqual({
      ...Object.fromEntries(FILTER_IDS.map((id) => [id, ignoredFilters.includes(id) ? 'ignored' : 'pass'])),
      'filter.search-post': 'unsupported', // no /.search route: 405
      'paging.start-index': 'pass',
      'paging.count-zero': 'pass',
      'paging.walk': 'pass',
      'paging.count-capped': 'skipped', // 230 users under maxResults 1000
      'paging.cursor': 'unsupported',
      'okta.paging': 'pass',
      'sort.ascending': 'unsupported',
      'sort.descending': 'unsupported',
      'projection.attributes': 'warn', // adds `roles` to every user
      'projection.excluded': 'pass',
      'projection.returned-always': 'pass',
      'projection.returned-never': 'pass',
      'entra.groups.excluded-members': 'ignored', // group filters are ignored too
      'etag.version': 'unsupported',
      'etag.if-none-match': 'unsupported',
    });
    expect(ignoredFilters.length).toBe(17); // 9 operators, and/or/not, grouping, value path, sub-attribute, extension, externalId eq
    expect(ran.messages['filter.op.co']).toMatch(
      /^‹userName co "[^"]+"› gave 230 of 230 resources, \d+ of the 100 returned not matching .*: the filter was not applied\.$/,
    );
    expect(ran.messages['sort.ascending']).toMatch(/^sortBy=userName: \d+ of 49 pairs out of order\. ServiceProviderConfig says sort is not supported\.$/);
    expect(ran.messages['projection.attributes']).toContain('also sent roles');
    for (const id of IDS) expect(ran.requests[id], id).toBeLessThanOrEqual(MAX_PER_CHECK);
  });
});

describe('cortex persona: only userName eq (others 400 invalidFilter), Users only, no discovery', () => {
  const target = demoTarget('cortex', 230);
  it('calls refused filters unsupported and the rest what the server really does', async () => {
    const ran = await runAll(target);
    expect(ran.verdicts).toEqual({
      ...Object.fromEntries(FILTER_IDS.map((id) => [id, USERNAME_EQ.includes(id) ? 'pass' : 'unsupported'])),
      'paging.start-index': 'pass',
      'paging.count-zero': 'pass',
      'paging.walk': 'pass',
      'paging.count-capped': 'skipped', // no maxResults known, 230 users all returned to count=2000
      'paging.cursor': 'unsupported',
      'okta.paging': 'pass',
      'sort.ascending': 'pass',
      'sort.descending': 'pass',
      'projection.attributes': 'pass',
      'projection.excluded': 'pass',
      'projection.returned-always': 'pass',
      'projection.returned-never': 'pass',
      'entra.groups.excluded-members': 'skipped', // no Groups
      'etag.version': 'warn', // meta.version without an ETag header
      'etag.if-none-match': 'unsupported',
    });
    expect(ran.messages['filter.op.sw']).toMatch(/^The server refused ‹userName sw "[^"]+"›: HTTP 400 invalidFilter: /);
    expect(ran.messages['entra.groups.excluded-members']).toBe('Discovery found no Group resource type.');
  });
});

describe('confirmit persona: lowercase paths, integer ids, `resources` without startIndex, bare-array groups', () => {
  const target = demoTarget('confirmit', 230);
  it('passes the filters it applies and names its deviations', async () => {
    const ran = await runAll(target);
    expect(ran.verdicts).toEqual({
      ...allOf('pass'),
      'paging.count-capped': 'skipped', // maxResults 10000 above the 2000 asked for, 230 users
      'paging.cursor': 'unsupported',
      'okta.paging': 'warn', // no startIndex in its ListResponse
      'filter.op.pr': 'skipped', // every sampled user carries every attribute
      'filter.extension': 'skipped', // its "expanded" extension has the same values for all
      'filter.search-post': 'unsupported', // 404
      'projection.attributes': 'warn', // the expanded extension always comes along
      'entra.groups.excluded-members': 'ignored', // GET /groups is a bare array of everything, members included
      'etag.version': 'unsupported',
      'etag.if-none-match': 'unsupported',
    });
    expect(ran.messages['okta.paging']).toContain('no startIndex');
    expect(ran.messages['entra.groups.excluded-members']).toMatch(/excludedAttributes=members was ignored: "[^"]+" came back with \d+ members/);
  });
});

describe('a lying server: sortBy ignored, count capped silently, unsupported filters answered unfiltered', () => {
  const target = useCheckTarget('Liar', async () => startLyingScimServer({ users: 300, token: TOKEN }));
  it('gets ignored for each lie, never pass', async () => {
    const ran = await runAll(target);
    const lies = ['sort.ascending', 'sort.descending', 'paging.count-capped', 'projection.attributes', 'projection.excluded'];
    // Filters made only of eq/and/or are applied; every other operator is accepted and not applied.
    const unapplied = ['ne', 'co', 'sw', 'ew', 'pr', 'gt', 'ge', 'lt', 'le'].map((op) => `filter.op.${op}`).concat('filter.logic.not', 'filter.value-path');
    for (const id of [...lies, ...unapplied]) expect(ran.verdicts[id], id).toBe('ignored');
    expect(ran.messages['paging.count-capped']).toBe(
      "count=201 gave 50 of 300 resources: capped at 50 without saying so (ServiceProviderConfig's maxResults is 200).",
    );
    expect(ran.messages['sort.ascending']).toMatch(/^sortBy=userName: \d+ of 49 pairs out of order\. ServiceProviderConfig says sort is supported\.$/);
    expect(ran.verdicts).toMatchObject({
      'filter.op.eq': 'pass',
      'filter.logic.and': 'pass',
      'filter.logic.or': 'pass',
      'filter.grouping': 'pass',
      'paging.start-index': 'pass',
      'paging.walk': 'pass',
      'okta.paging': 'warn', // 50 of a page of count=100
      'projection.returned-always': 'skipped', // both projections ignored: nothing to tell apart
      'filter.search-post': 'unsupported',
      'etag.version': 'unsupported',
    });
  });
});

describe('a server with honest bugs: 0-based startIndex, co read as sw, an ETag ahead of meta.version', () => {
  const target = useCheckTarget('Buggy', async () =>
    startLyingScimServer({ users: 300, token: TOKEN, mistakes: { startIndexFromZero: true, containsAsStartsWith: true, etagAhead: true } }),
  );
  it('fails what is applied wrongly, naming what was seen', async () => {
    const ran = await runAll(target);
    expect(ran.verdicts).toMatchObject({ 'paging.start-index': 'fail', 'paging.walk': 'fail', 'filter.op.co': 'fail', 'etag.version': 'fail' });
    expect(ran.messages['paging.start-index']).toMatch(/^startIndex is counted from 0: startIndex=0 gave ".+" first, which startIndex=1 skips\.$/);
    expect(ran.messages['paging.walk']).toBe('The walk ended after 299 of totalResults 300 (pages of count=75): a gap.');
    expect(ran.messages['filter.op.co']).toMatch(/^‹userName co "[^"]+"› gave \d+ resources, but \d+ of the 50 sampled match it \(".+" is missing\)\.$/);
    expect(ran.messages['etag.version']).toMatch(/sent ETag W\/"2" but meta\.version W\/"1": they must be the same version\.$/);
  });
});

describe('a 10,000-user rfc server', () => {
  const target = demoTarget('rfc', 10_000);
  // The bound: the whole read-only query run sends at most 60 requests (about 1.6 per check), never paging the tenant.
  it('passes every check within 60 requests in all', async () => {
    const ran = await runAll(target);
    expect(ran.verdicts).toEqual(allOf('pass'));
    expect(ran.total).toBeLessThanOrEqual(60);
    expect(ran.messages['paging.walk']).toContain('the first 100 of 10000');
    expect(ran.messages['paging.walk']).toContain('startIndex=9996&count=10 gave 5');
  }, 60_000);
});
