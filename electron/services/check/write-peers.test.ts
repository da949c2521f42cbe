/**
 * The write checks against servers that deviate: the coginiti and confirmit personas get exactly the
 * verdicts their vendors' documents predict, and SCIMMY (a peer we did not write, with its own Bulk
 * turned on) gets its report recorded here. Each run leaves nothing behind.
 */
import SCIMMY from 'scimmy';
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../../shared/check';
import { startScimmyServer } from '../../../test/support/scimmy-server';
import { startDemoServer, type DemoPersona } from '../demo';
import { writeChecks } from './catalog';
import { runChecks } from './runner';
import { useCheckTarget, type CheckTarget } from './test-helpers';
import { listedCheckResources, resultOf, verdictsOf } from './write-test-helpers';

const TOKEN = 'write-peers-token-77ad30';
const ALL = ['rfc', 'entra', 'okta'] as const;

function personaTarget(persona: DemoPersona): CheckTarget {
  return useCheckTarget(persona, async () => {
    const server = await startDemoServer({ users: 20, seed: 9, token: TOKEN, personas: [persona] });
    return { baseUrl: server.baseUrl(persona), token: TOKEN, close: () => server.close() };
  });
}

async function runWrites(target: CheckTarget, runId: string) {
  const run = await target.newRun({ writes: true, runId });
  const results = await runChecks({ run, checks: writeChecks(), profiles: [...ALL], signal: new AbortController().signal });
  return { run, results };
}

/** Every write check passes but those named. */
const allPassBut = (deviations: Record<string, Verdict>): Record<string, Verdict> => ({
  ...Object.fromEntries(writeChecks().map((c) => [c.id, 'pass' as Verdict])),
  ...deviations,
});

const NO_BULK: Record<string, Verdict> = { 'bulk.operations': 'unsupported', 'bulk.bulk-id': 'unsupported', 'bulk.fail-on-errors': 'unsupported' };

describe('write checks × coginiti persona (no meta, no ETags, DELETE 200 with a body)', () => {
  const target = personaTarget('coginiti');
  it('warns on creates without meta and deletes answered 200 {"status":"200"}, and says it has no versions', async () => {
    const { run, results } = await runWrites(target, 'cogi0001');
    expect(verdictsOf(results)).toEqual(
      allPassBut({
        'user.create': 'warn',
        'group.create': 'warn',
        'entra.user.create': 'warn',
        'okta.user.create': 'warn',
        'etag.if-match-stale': 'unsupported',
        'group.delete': 'warn',
        'user.delete': 'warn',
        ...NO_BULK,
      }),
    );
    expect(resultOf(results, 'user.create').message).toMatch(
      /^POST \/Users created scimdesk-check-cogi0001-user \(id [0-9a-f-]+\), but the representation has no "meta"\.$/,
    );
    // RFC 7644 §3.6 says 204; clients take any 2xx as done, so the body is tolerated, not a failure.
    expect(resultOf(results, 'user.delete').message).toMatch(
      /^DELETE \/Users\/[0-9a-f-]+ answered 200 with a body \("\{\\"status\\":\\"200\\"\}"\) instead of 204 No Content; GET then answered 404\.$/,
    );
    expect(resultOf(results, 'etag.if-match-stale').message).toMatch(
      /sent no ETag and no meta\.version .* ServiceProviderConfig says etag is not supported\.$/,
    );
    expect(run.leftovers.size).toBe(0);
    expect(await listedCheckResources(target.server.baseUrl, TOKEN)).toEqual([]);
  });
});

describe('write checks × confirmit persona (200 on create, integer ids, emails without type)', () => {
  const target = personaTarget('confirmit');
  it('warns on 200 creates without Location, and reads its schema for what cannot be patched', async () => {
    const { run, results } = await runWrites(target, 'conf0001');
    expect(verdictsOf(results)).toEqual(
      allPassBut({
        'user.create': 'warn',
        'user.get': 'warn',
        'user.patch.simple': 'skipped',
        'user.patch.multi-valued': 'unsupported',
        'user.patch.primary': 'unsupported',
        'user.patch.extension': 'unsupported',
        'etag.if-match-stale': 'unsupported',
        'group.create': 'warn',
        'entra.user.create': 'warn',
        'okta.user.create': 'warn',
        'user.delete': 'warn',
        ...NO_BULK,
      }),
    );
    expect(resultOf(results, 'user.create').message).toMatch(
      /^POST \/users created scimdesk-check-conf0001-user \(id \d+\), but it answered 200 instead of 201 Created; there is no Location header\.$/,
    );
    expect(resultOf(results, 'user.get').message).toMatch(
      /emails reads \[\{"value":"scimdesk-check-conf0001-user@example\.com","primary":true\}\] though .*"type":"work"/,
    );
    expect(resultOf(results, 'user.patch.multi-valued').message).toBe(`emails cannot be patched: the server's User schema declares "emails" immutable.`);
    expect(resultOf(results, 'user.delete').message).toMatch(/^DELETE \/users\/\d+ answered 200 instead of 204 No Content; GET then answered 404\.$/);
    expect(resultOf(results, 'bulk.operations').message).toBe('ServiceProviderConfig does not advertise bulk, so no bulk request was sent.');
    expect(run.leftovers.size).toBe(0);
    expect(await listedCheckResources(target.server.baseUrl, TOKEN, { users: 'users', groups: 'groups' })).toEqual([]);
  });
});

describe('write checks × SCIMMY (bulk turned on)', () => {
  const SCIMMY_TOKEN = 'scimmy-write-token-5be1';
  const target = useCheckTarget('SCIMMY', async () => {
    const server = await startScimmyServer({ token: SCIMMY_TOKEN, users: 12, groups: 3 });
    // SCIMMY implements Bulk; the test server turns it off, so it is turned back on (config is process-wide) before discovery.
    SCIMMY.Config.set({ bulk: { supported: true, maxOperations: 5, maxPayloadSize: 1048576 } });
    return { baseUrl: server.baseUrl, token: SCIMMY_TOKEN, close: () => server.close() };
  });

  it('records its report: no Location, two primaries, Entra\'s "False" refused, bulk by the book', async () => {
    const { run, results } = await runWrites(target, 'scimmy01');
    expect(verdictsOf(results)).toEqual(
      allPassBut({
        'user.create': 'warn',
        'group.create': 'warn',
        'entra.user.create': 'warn',
        'okta.user.create': 'warn',
        'user.patch.primary': 'fail',
        'etag.if-match-stale': 'unsupported',
        'entra.patch.pascal-ops': 'fail',
      }),
    );
    expect(resultOf(results, 'user.patch.primary').message).toBe(
      'After adding a primary email, 2 emails are primary ("scimdesk-check-scimmy01-user+replaced@example.com", "scimdesk-check-scimmy01-user+other@example.com"): the first was not unset.',
    );
    expect(resultOf(results, 'entra.patch.pascal-ops')).toMatchObject({
      message: expect.stringContaining(`answered HTTP 400 invalidValue: "Attribute 'active' expected value type 'boolean' but found type 'string'`),
      consequence: { entra: 'Users disabled in Entra ID stay active here, and its attribute updates do not land.' },
    });
    expect(resultOf(results, 'bulk.operations').message).toBe(
      'POST /Bulk with 6 operations (maxOperations is 5) answered HTTP 413 "Number of operations in BulkRequest exceeds maxOperations limit (5)".',
    );
    expect(resultOf(results, 'bulk.bulk-id').message).toMatch(
      /answered HTTP 200 \(user 201, group 201\); the group's member is the new user, id [0-9a-f-]+\.$/,
    );
    expect(resultOf(results, 'bulk.fail-on-errors').message).toMatch(/with one result \(404\): processing stopped at the first error\.$/);
    expect(run.leftovers.size).toBe(0);
    expect(await listedCheckResources(target.server.baseUrl, SCIMMY_TOKEN)).toEqual([]);
  });
});
