/**
 * Ground truth for the write checks: against the RFC-complete demo persona every one passes (Bulk
 * included), each with its evidence; a run creates only what its plan names, and leaves nothing behind.
 */
import { describe, expect, it } from 'vitest';
import { plannedNames, writeCheckPlan } from '../../../shared/check';
import { startDemoServer } from '../demo';
import { writeChecks } from './catalog';
import { runChecks, selectChecks } from './runner';
import { useCheckTarget } from './test-helpers';
import { listedCheckResources, namesWritten, recordCreated, resultOf, verdictsOf } from './write-test-helpers';

const TOKEN = 'write-checks-token-0c4f7e';
const ALL = ['rfc', 'entra', 'okta'] as const;

describe('write checks × rfc persona', () => {
  const target = useCheckTarget('rfc', async () => {
    const server = await startDemoServer({ users: 20, seed: 5, token: TOKEN, personas: ['rfc'] });
    return { baseUrl: server.baseUrl('rfc'), token: TOKEN, close: () => server.close() };
  });

  it('passes every write check, creates only what the plan names, and leaves nothing behind', async () => {
    const run = await target.newRun({ writes: true, runId: 'rfcall01' });
    const created = recordCreated(run);
    const before = target.harness.exchanges.length;
    const results = await runChecks({ run, checks: selectChecks([...ALL]).filter((c) => c.writes), profiles: [...ALL], signal: new AbortController().signal });

    const expected = Object.fromEntries(writeChecks().map((c) => [c.id, 'pass']));
    expect(verdictsOf(results)).toEqual(expected);
    expect(resultOf(results, 'bulk.bulk-id').message).toMatch(
      /^POST \/Bulk creating a user and a group with member "bulkId:user" answered HTTP 200 \(user 201, group 201\); the group's member is the new user, id [0-9a-f-]+\.$/,
    );
    expect(resultOf(results, 'bulk.operations').message).toMatch(
      /^POST \/Bulk with 101 operations \(maxOperations is 100\) answered HTTP 413 .*maxOperations \(100\)/,
    );
    expect(resultOf(results, 'bulk.fail-on-errors').message).toMatch(/with one result \(404\): processing stopped at the first error\.$/);
    const seen = new Set(target.harness.exchanges.map((e) => e.id));
    for (const result of results) {
      expect(result.evidence.length, result.id).toBeGreaterThan(0);
      for (const id of result.evidence) expect(seen.has(id), `${result.id} cites ${id}`).toBe(true);
    }

    const planned = new Set(plannedNames('rfcall01', [...ALL]).map((p) => p.name));
    expect(created.map((c) => c.name).filter((name) => !planned.has(name))).toEqual([]);
    expect(namesWritten(target.harness.exchanges.slice(before)).filter((name) => !planned.has(name))).toEqual([]);
    // Created: the test, member, bulk, Entra and Okta users, the group (renamed on the way) and the bulk group.
    expect(new Set(created.map((c) => c.name))).toEqual(
      new Set(['user', 'member', 'group', 'renamed', 'bulk', 'bulkgroup', 'entra', 'okta'].map((role) => `scimdesk-check-rfcall01-${role}`)),
    );
    expect(run.leftovers.size).toBe(0);
    expect(await listedCheckResources(target.server.baseUrl, TOKEN)).toEqual([]);
  });

  it('judges each write by reading back: the messages name what the server holds', async () => {
    const run = await target.newRun({ writes: true, runId: 'rfcmsg01' });
    const results = await runChecks({ run, checks: selectChecks(['rfc']).filter((c) => c.writes), profiles: ['rfc'], signal: new AbortController().signal });
    expect(resultOf(results, 'user.duplicate').message).toBe(
      'POST /Users with the taken userName scimdesk-check-rfcmsg01-user answered HTTP 409 uniqueness: "userName "scimdesk-check-rfcmsg01-user" is already in use".',
    );
    expect(resultOf(results, 'user.patch.primary').message).toBe(
      'Adding scimdesk-check-rfcmsg01-user+other@example.com as primary made it the only primary email; the work email is no longer primary.',
    );
    expect(resultOf(results, 'user.patch.complex').message).toBe(
      'replace name.givenName: read back as the RFC says (name.givenName "Scimdesk-Replaced"). ' +
        'remove name.givenName: read back as the RFC says (name.givenName nothing). ' +
        'add name.givenName: read back as the RFC says (name.givenName "Scimdesk-Added").',
    );
    expect(resultOf(results, 'etag.if-match-stale').message).toMatch(
      /^PATCH with the replaced version W\/"\d+" in If-Match answered HTTP 412 "Precondition failed: .*"; the current version was accepted, and name\.familyName is still "Check user current"\.$/,
    );
    expect(resultOf(results, 'user.delete').message).toMatch(/^DELETE \/Users\/[0-9a-f-]+ answered 204; GET then answered 404\.$/);
    // Entra and Okta checks are not selected for an RFC-only run, so neither are their users.
    expect(results.some((r) => r.id.startsWith('entra.') || r.id.startsWith('okta.'))).toBe(false);
    expect(writeCheckPlan('rfcmsg01', ['rfc']).map((p) => p.name)).not.toContain('scimdesk-check-rfcmsg01-entra');
    expect(await listedCheckResources(target.server.baseUrl, TOKEN)).toEqual([]);
  });

  it('sends the Entra- and Okta-shaped writes exactly as those clients do', async () => {
    const run = await target.newRun({ writes: true, runId: 'idpwire1' });
    const results = await runChecks({
      run,
      checks: selectChecks(['entra', 'okta']).filter((c) => c.writes),
      profiles: ['entra', 'okta'],
      signal: new AbortController().signal,
    });
    /** The exchanges a check sent with `method`, from its evidence, and their request bodies. */
    const exchanges = (id: string, method: string) =>
      resultOf(results, id)
        .evidence.map((e) => target.harness.exchanges.find((x) => x.id === e)!)
        .filter((x) => x.method === method);
    const sent = (id: string, method: string) => exchanges(id, method).map((x) => JSON.parse(x.requestBody!) as Record<string, unknown>);
    expect(sent('entra.user.create', 'POST')[0]).toMatchObject({ userName: 'scimdesk-check-idpwire1-entra', meta: { resourceType: 'User' }, roles: [] });
    expect(sent('entra.patch.pascal-ops', 'PATCH')[0]!.Operations).toEqual([
      { op: 'Replace', path: 'active', value: 'False' },
      { op: 'Replace', path: 'name.familyName', value: 'Check entra replaced' },
    ]);
    expect(sent('entra.patch.pathless-replace', 'PATCH')[0]!.Operations).toEqual([
      { op: 'Replace', value: { 'name.givenName': 'Entra', 'name.familyName': 'Pathless' } },
    ]);
    const entraId = (JSON.parse(exchanges('entra.user.create', 'POST')[0]!.responseBody!) as { id: string }).id;
    const [add, remove] = sent('entra.group.member-remove', 'PATCH');
    expect(add!.Operations).toEqual([{ op: 'Add', path: 'members', value: [{ value: entraId }] }]);
    expect(remove!.Operations).toEqual([{ op: 'Remove', path: 'members', value: [{ value: entraId }] }]);
    expect(sent('okta.user.create', 'POST')[0]).toMatchObject({ userName: 'scimdesk-check-idpwire1-okta', groups: [], locale: 'en-US' });
    expect(sent('okta.user.deactivate', 'PATCH')[0]!.Operations).toEqual([{ op: 'replace', value: { active: false } }]);
    expect(sent('okta.group.member-add', 'PATCH')[0]!.Operations).toEqual([
      { op: 'add', path: 'members', value: [{ value: expect.any(String), display: 'scimdesk-check-idpwire1-okta' }] },
    ]);
    for (const id of ['entra.patch.pascal-ops', 'entra.patch.pathless-replace', 'entra.group.member-remove', 'okta.user.deactivate', 'okta.group.member-add'])
      expect(resultOf(results, id).verdict, id).toBe('pass');
  });

  it('skips a check whose resource an earlier check could not make, saying why', async () => {
    const run = await target.newRun({ writes: true, runId: 'rfcdup01' });
    // The test user's name is taken before the run: user.create gets 409, and everything using that user is skipped.
    const taken = await fetch(`${target.server.baseUrl}/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'scimdesk-check-rfcdup01-user' }),
    });
    const takenId = ((await taken.json()) as { id: string }).id;
    const results = await runChecks({ run, checks: writeChecks(), profiles: ['rfc'], signal: new AbortController().signal });
    expect(resultOf(results, 'user.create')).toMatchObject({ verdict: 'fail', message: expect.stringMatching(/^POST \/Users answered HTTP 409 uniqueness/) });
    expect(resultOf(results, 'user.patch.simple')).toMatchObject({
      verdict: 'skipped',
      message: expect.stringMatching(/^There is no test user to work on: POST \/Users answered HTTP 409 uniqueness/),
    });
    expect(resultOf(results, 'group.member-add').verdict).toBe('pass');
    // The run removed only what it created: the user made outside the run is still there.
    expect(await listedCheckResources(target.server.baseUrl, TOKEN)).toEqual(['scimdesk-check-rfcdup01-user']);
    await fetch(`${target.server.baseUrl}/Users/${takenId}`, { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } });
  });
});
