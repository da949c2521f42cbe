/**
 * Ground truth for the read-only discovery/auth/response checks: the RFC-complete demo persona passes
 * every one, and each vendor persona gets exactly the verdicts its documents' deviations call for.
 */
import { describe, expect, it } from 'vitest';
import type { CheckResult, Verdict } from '../../../shared/check';
import { startDemoServer, type DemoPersona } from '../demo';
import { authChecks } from './checks/auth';
import { discoveryChecks } from './checks/discovery';
import { responseChecks } from './checks/responses';
import { runChecks } from './runner';
import { useCheckTarget, type CheckTarget } from './test-helpers';

const TOKEN = 'read-checks-token-5d1e';
const CHECKS = [...discoveryChecks, ...authChecks, ...responseChecks];

function personaTarget(persona: DemoPersona): CheckTarget {
  return useCheckTarget(persona, async () => {
    // A generous rate limit: cortex's 429s are not what these checks are about.
    const server = await startDemoServer({ users: 30, seed: 11, token: TOKEN, personas: [persona], rateLimitPerSecond: 1000 });
    return { baseUrl: server.baseUrl(persona), token: TOKEN, close: () => server.close() };
  });
}

async function runAll(target: CheckTarget): Promise<CheckResult[]> {
  const run = await target.newRun();
  return runChecks({ run, checks: CHECKS, profiles: ['rfc', 'entra', 'okta'], signal: new AbortController().signal });
}

const verdicts = (results: CheckResult[]): Record<string, Verdict> => Object.fromEntries(results.map((r) => [r.id, r.verdict]));
const byId = (results: CheckResult[], id: string): CheckResult => results.find((r) => r.id === id)!;

/** Every verdict but skipped rests on exchanges the harness saw. */
function expectEvidence(target: CheckTarget, results: CheckResult[]): void {
  const seen = new Set(target.harness.exchanges.map((e) => e.id));
  for (const result of results) {
    if (result.verdict === 'skipped') continue;
    expect(result.evidence.length, result.id).toBeGreaterThan(0);
    for (const id of result.evidence) expect(seen.has(id), `${result.id} cites ${id}`).toBe(true);
  }
}

describe('read-only checks × rfc persona', () => {
  const target = personaTarget('rfc');
  it('passes every check, each with its evidence', async () => {
    const results = await runAll(target);
    expect(verdicts(results)).toEqual(Object.fromEntries(CHECKS.map((c) => [c.id, 'pass'])));
    expectEvidence(target, results);
    expect(byId(results, 'discovery.access').message).toBe('/ServiceProviderConfig is public; /ResourceTypes is public; /Schemas is public.');
    // A passing check carries no consequence: nothing goes wrong for any client.
    expect(results.filter((r) => r.consequence)).toEqual([]);
  });
});

describe('read-only checks × cortex persona (no discovery, no Groups)', () => {
  const target = personaTarget('cortex');
  it('fails the discovery documents, skips what needs them, and passes the rest', async () => {
    const results = await runAll(target);
    expect(verdicts(results)).toEqual({
      'discovery.spc.present': 'fail',
      'discovery.resource-types.present': 'fail',
      'discovery.schemas.present': 'fail',
      'discovery.access': 'skipped',
      'discovery.spc.well-formed': 'skipped',
      'discovery.resource-types.well-formed': 'skipped',
      'discovery.schemas.well-formed': 'skipped',
      'discovery.schemas.user': 'skipped',
      'discovery.consistency': 'skipped',
      'discovery.resource-types.endpoints': 'skipped',
      'auth.no-credentials': 'pass',
      'auth.wrong-credentials': 'pass',
      'auth.www-authenticate': 'pass',
      'auth.error-body': 'pass',
      'responses.content-type': 'pass',
      'responses.list.users': 'pass',
      'responses.list.groups': 'skipped',
      'responses.resource-id': 'pass',
      'responses.resource-meta': 'pass',
      'responses.get-by-id': 'pass',
      'responses.not-found': 'pass',
      'responses.error-body': 'pass',
    });
    expect(byId(results, 'discovery.spc.present').message).toBe(
      'GET /ServiceProviderConfig answered 404 (and so did the other spellings tried): the server publishes no ServiceProviderConfig.',
    );
    expect(byId(results, 'discovery.spc.well-formed').message).toBe('There is no ServiceProviderConfig document to read (see discovery.spc.present).');
    expect(byId(results, 'responses.list.groups').message).toBe('The server has no Groups resource type.');
    expectEvidence(target, results);
  });
});

describe('read-only checks × confirmit persona', () => {
  const target = personaTarget('confirmit');
  it('names each deviation of its documents with the verdict clients need', async () => {
    const results = await runAll(target);
    expect(verdicts(results)).toEqual({
      'discovery.spc.present': 'warn',
      'discovery.resource-types.present': 'fail',
      'discovery.schemas.present': 'warn',
      'discovery.access': 'pass',
      'discovery.spc.well-formed': 'fail',
      'discovery.resource-types.well-formed': 'pass',
      'discovery.schemas.well-formed': 'warn',
      'discovery.schemas.user': 'warn',
      'discovery.consistency': 'pass',
      'discovery.resource-types.endpoints': 'fail',
      'auth.no-credentials': 'pass',
      'auth.wrong-credentials': 'pass',
      'auth.www-authenticate': 'pass',
      'auth.error-body': 'fail',
      'responses.content-type': 'warn',
      'responses.list.users': 'warn',
      'responses.list.groups': 'fail',
      'responses.resource-id': 'warn',
      'responses.resource-meta': 'warn',
      'responses.get-by-id': 'pass',
      'responses.not-found': 'pass',
      'responses.error-body': 'warn',
    });
    const message = (id: string) => byId(results, id).message;
    expect(message('discovery.spc.present')).toContain('it answers only at /serviceProviderConfig');
    expect(message('discovery.resource-types.present')).toContain('the answer is a bare JSON array, not a ListResponse');
    expect(message('discovery.schemas.present')).toContain('the list is under "resources", not "Resources"');
    expect(message('discovery.spc.well-formed')).toContain('"bulk" has no "supported" (REQUIRED)');
    expect(message('discovery.schemas.well-formed')).toContain('The key "uniqueness " is not "uniqueness" (stray whitespace)');
    expect(message('discovery.schemas.user')).toContain('only under the key "uniqueness "');
    expect(message('discovery.resource-types.endpoints')).toBe('A published endpoint answered 404 (GET /Users, GET /Groups).');
    expect(message('auth.error-body')).toContain('The 401 without credentials has an empty body');
    expect(message('responses.content-type')).toContain('is sent as application/json, not application/scim+json');
    expect(message('responses.list.users')).toBe(
      'GET /users answered a ListResponse, but the resources are under "resources", not "Resources" (names are case-insensitive, but clients that read keys exactly find none); no "startIndex" on a partial page (REQUIRED when paging).',
    );
    expect(message('responses.list.groups')).toBe('GET /groups answered a bare JSON array of 20, not a ListResponse.');
    expect(message('responses.resource-id')).toContain('"id" is a JSON number, not a string');
    expect(message('responses.resource-meta')).toContain('"meta.location" is not an absolute URL');
    expect(message('responses.error-body')).toBe('The 404 to GET /users/2147483600 has "status" as the number 404, not the string "404".');
    // Only the chosen profiles' consequences, and only where the verdict hurts.
    expect(byId(results, 'responses.list.groups').consequence).toEqual({
      entra: expect.stringContaining('Entra cannot read'),
      okta: expect.stringContaining('Okta cannot read'),
    });
    expect(byId(results, 'responses.list.users').consequence).toBeUndefined();
    expectEvidence(target, results);
  });
});

describe('read-only checks × coginiti persona', () => {
  const target = personaTarget('coginiti');
  it('passes but for resources without meta', async () => {
    const results = await runAll(target);
    const expected = Object.fromEntries(CHECKS.map((c) => [c.id, 'pass']));
    expected['responses.resource-meta'] = 'warn';
    expect(verdicts(results)).toEqual(expected);
    expect(byId(results, 'responses.resource-meta').message).toMatch(
      /^A resource has no "meta" \(GET \/Users #1, GET \/Users #2, GET \/Users #3 and \d more\)\.$/,
    );
    expect(byId(results, 'discovery.access').message).toBe(
      '/ServiceProviderConfig needs credentials (401); /ResourceTypes needs credentials (401); /Schemas needs credentials (401).',
    );
    expectEvidence(target, results);
  });
});
