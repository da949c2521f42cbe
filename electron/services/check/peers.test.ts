/**
 * The read-only checks against servers we did not write: SCIMMY (its report recorded here), and a
 * scripted server whose refusals are wrong in the ways the auth checks exist to catch.
 */
import { describe, expect, it } from 'vitest';
import type { CheckResult, Verdict } from '../../../shared/check';
import { json, listResponse, startScriptedServer, type Route } from '../../../test/support/scripted-server';
import { startScimmyServer } from '../../../test/support/scimmy-server';
import { authChecks } from './checks/auth';
import { discoveryChecks } from './checks/discovery';
import { responseChecks } from './checks/responses';
import { CheckRun } from './context';
import { runChecks } from './runner';
import { useCheckTarget, type CheckTarget } from './test-helpers';

const CHECKS = [...discoveryChecks, ...authChecks, ...responseChecks];
const verdicts = (results: CheckResult[]): Record<string, Verdict> => Object.fromEntries(results.map((r) => [r.id, r.verdict]));
const byId = (results: CheckResult[], id: string): CheckResult => results.find((r) => r.id === id)!;

async function runAll(target: CheckTarget, run?: CheckRun): Promise<CheckResult[]> {
  return runChecks({ run: run ?? (await target.newRun()), checks: CHECKS, profiles: ['rfc', 'entra', 'okta'], signal: new AbortController().signal });
}

describe('read-only checks × SCIMMY', () => {
  const TOKEN = 'scimmy-check-token-91b2';
  const target = useCheckTarget('SCIMMY', async () => {
    const server = await startScimmyServer({ token: TOKEN, users: 12, groups: 3 });
    return { baseUrl: server.baseUrl, token: TOKEN, close: () => server.close() };
  });

  it('reports 401s without a challenge and a group page whose itemsPerPage is the count asked', async () => {
    const results = await runAll(target);
    const expected: Record<string, Verdict> = Object.fromEntries(CHECKS.map((c) => [c.id, 'pass']));
    expected['auth.www-authenticate'] = 'fail';
    expected['responses.list.groups'] = 'warn';
    expect(verdicts(results)).toEqual(expected);
    expect(byId(results, 'auth.www-authenticate').message).toBe(
      'The 401 without credentials has no WWW-Authenticate header; the 401 with a made-up credential has no WWW-Authenticate header.',
    );
    expect(byId(results, 'responses.list.groups').message).toBe('GET /Groups answered a ListResponse, but "itemsPerPage" is 5 for 3 resources on the page.');
  });
});

describe('auth checks × a scripted server', () => {
  const TOKEN = 'scripted-token-44c0';
  const users = [{ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: 'u1', userName: 'ada@example.com' }];
  const error = (status: number) => ({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status), detail: 'No.' });
  /** Users for the right token; `refuse` answers everything else. */
  const serving =
    (refuse: Route): Route =>
    (req, res) => {
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return refuse(req, res);
      if (new URL(req.url, 'http://x').pathname === '/scim/Users') return json(res, 200, listResponse(users));
      return json(res, 404, error(404));
    };
  let server: Awaited<ReturnType<typeof startScriptedServer>>;
  const target = useCheckTarget('scripted', async () => {
    server = await startScriptedServer(serving((_req, res) => json(res, 401, error(401))));
    return { baseUrl: `${server.url}/scim`, token: TOKEN, close: () => server.close() };
  });
  const authVerdicts = async (refuse: Route) => {
    server.route = serving(refuse);
    const results = await runAll(target);
    return Object.fromEntries(results.filter((r) => r.group === 'auth').map((r) => [r.id, [r.verdict, r.message]]));
  };

  it('fails a 401 without WWW-Authenticate, whose SCIM error body is fine', async () => {
    expect(await authVerdicts((_req, res) => json(res, 401, error(401)))).toEqual({
      'auth.no-credentials': ['pass', 'GET /Users without credentials was refused with 401.'],
      'auth.wrong-credentials': ['pass', 'GET /Users with a made-up credential was refused with 401.'],
      'auth.www-authenticate': [
        'fail',
        'The 401 without credentials has no WWW-Authenticate header; the 401 with a made-up credential has no WWW-Authenticate header.',
      ],
      'auth.error-body': ['pass', 'Each 401 carries a SCIM error with the Error schema and status "401".'],
    });
  });

  it('fails a server that serves users for any token, and warns on 403', async () => {
    const answers = await authVerdicts((req, res) =>
      req.headers.authorization ? json(res, 200, listResponse(users)) : json(res, 403, error(403), { 'www-authenticate': 'Bearer' }),
    );
    expect(answers['auth.no-credentials']).toEqual([
      'warn',
      'GET /Users without credentials was refused with 403, where RFC 7644 §3.12 uses 401 for a missing or invalid credential.',
    ]);
    expect(answers['auth.wrong-credentials']).toEqual([
      'fail',
      'GET /Users with a made-up credential was answered 200: the server served users with a made-up credential.',
    ]);
    expect(answers['auth.www-authenticate']?.[0]).toBe('skipped');
    expect(answers['auth.error-body']?.[0]).toBe('skipped');
  });

  it('fails a 401 with an HTML page for a body, and warns on a numeric status', async () => {
    let calls = 0;
    const answers = await authVerdicts((_req, res) => {
      calls += 1;
      if (calls % 2 === 1) {
        res.writeHead(401, { 'content-type': 'text/html', 'www-authenticate': 'Bearer realm="x"' });
        return void res.end('<html>Login required</html>');
      }
      return json(res, 401, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: 401 }, { 'www-authenticate': 'Bearer' });
    });
    expect(answers['auth.www-authenticate']?.[0]).toBe('pass');
    expect(answers['auth.error-body']).toEqual([
      'fail',
      'The 401 without credentials is not a JSON error object (text/html: "<html>Login required</html>"); the 401 with a made-up credential has "status" as the number 401, not the string "401".',
    ]);
  });

  it('skips every auth check on a connection that sends no credential', async () => {
    server.route = (_req, res) => json(res, 200, listResponse(users));
    const before = server.seen.length;
    const engine = target.harness.engine;
    const resolved = engine.resolve(target.connectionId);
    const run = new CheckRun({
      transport: {
        connection: { ...resolved, secret: undefined, settings: { ...resolved.settings, auth: { type: 'none' } } },
        sendRaw: (c, r) => engine.sendRaw(c, r),
      },
      capabilities: await target.caps(),
      signal: new AbortController().signal,
      writes: false,
      runId: 'none',
    });
    const results = (await runAll(target, run)).filter((r) => r.group === 'auth' || r.id === 'discovery.access');
    expect(results.map((r) => [r.id, r.verdict])).toEqual([
      ['discovery.access', 'skipped'],
      ['auth.no-credentials', 'skipped'],
      ['auth.wrong-credentials', 'skipped'],
      ['auth.www-authenticate', 'skipped'],
      ['auth.error-body', 'skipped'],
    ]);
    const sent = server.seen.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.filter((r) => r.headers.authorization)).toEqual([]);
  });
});
