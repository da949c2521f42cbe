/**
 * Authentication (RFC 7644 §2 and §3.12, RFC 9110 §11.6.1, RFC 6750 §3): a list request without
 * credentials, and one with a made-up credential of the same kind, must each be refused with 401, a
 * `WWW-Authenticate` challenge and a SCIM error body. Skipped when the connection sends no credential.
 */
import { fail, pass, skipped, warn, type Check, type CheckContext, type CheckOutcome, type ProbeResponse } from '../types';
import { usersEndpoint } from './response-samples';
import { Findings, gradeErrorBody, named } from './verdict-findings';

type Variant = 'none' | 'wrong';
const WHAT: Record<Variant, string> = { none: 'without credentials', wrong: 'with a made-up credential' };

function probe(ctx: CheckContext, auth: Variant): Promise<ProbeResponse> {
  return ctx.memo(`auth.probe.${auth}`, () => ctx.send({ method: 'GET', path: usersEndpoint(ctx), query: { count: 1 }, auth }));
}

const noAuth = (ctx: CheckContext) =>
  ctx.connectionAuth === 'none' ? skipped('The connection sends no credentials, so there is nothing to take away.') : undefined;

async function refused(ctx: CheckContext, auth: Variant): Promise<CheckOutcome> {
  const response = await probe(ctx, auth);
  const request = `${named('GET', usersEndpoint(ctx))} ${WHAT[auth]}`;
  if (response.status === 401) return pass(`${request} was refused with 401.`);
  if (response.status === 403) return warn(`${request} was refused with 403, where RFC 7644 §3.12 uses 401 for a missing or invalid credential.`);
  if (response.status >= 200 && response.status < 300) return fail(`${request} was answered ${response.status}: the server served users ${WHAT[auth]}.`);
  return fail(`${request} was answered ${response.status}, not 401.`);
}

/** The probes that were refused with 401, for the checks that read the refusal. */
async function refusals(ctx: CheckContext): Promise<Array<{ auth: Variant; response: ProbeResponse }>> {
  const out: Array<{ auth: Variant; response: ProbeResponse }> = [];
  for (const auth of ['none', 'wrong'] as const) {
    const response = await probe(ctx, auth);
    if (response.status === 401) out.push({ auth, response });
  }
  return out;
}

const noRefusal = () => skipped('Neither request was refused with 401, so there is no refusal to read (see auth.no-credentials and auth.wrong-credentials).');

export const authChecks: Check[] = [
  {
    id: 'auth.no-credentials',
    title: 'A request without credentials gets 401',
    rfc: 'RFC 7644 §3.12',
    group: 'auth',
    writes: false,
    profiles: ['rfc', 'entra', 'okta'],
    meaning: {
      pass: 'Requests without credentials are refused as the RFC says.',
      warn: 'Requests without credentials are refused, with 403 instead of 401.',
      fail: 'Requests without credentials are not refused with 401: anyone who reaches the server may read it, or clients misread the refusal.',
    },
    consequence: {
      entra: 'Entra cannot tell a missing secret from a broken server: provisioning errors point at the wrong cause.',
      okta: 'Okta cannot tell a missing token from a broken server: its connection test reports the wrong cause.',
    },
    run: async (ctx) => noAuth(ctx) ?? refused(ctx, 'none'),
  },
  {
    id: 'auth.wrong-credentials',
    title: 'A request with a wrong credential gets 401',
    rfc: 'RFC 7644 §3.12',
    group: 'auth',
    writes: false,
    profiles: ['rfc', 'entra', 'okta'],
    meaning: {
      pass: 'A wrong credential is refused as the RFC says.',
      warn: 'A wrong credential is refused, with 403 instead of 401.',
      fail: 'A wrong credential is not refused with 401: the server may accept any token, or clients misread the refusal.',
    },
    consequence: {
      entra: "Entra's “Test Connection” cannot tell a wrong secret token from the right one.",
      okta: "Okta's “Test API Credentials” cannot tell a wrong token from the right one.",
    },
    run: async (ctx) => noAuth(ctx) ?? refused(ctx, 'wrong'),
  },
  {
    id: 'auth.www-authenticate',
    title: '401 answers carry a WWW-Authenticate challenge',
    rfc: 'RFC 9110 §11.6.1',
    group: 'auth',
    writes: false,
    profiles: ['rfc'],
    meaning: {
      pass: 'Clients learn from the 401 which scheme to use.',
      warn: 'The challenge names another scheme than the one the connection uses.',
      fail: 'A 401 without WWW-Authenticate breaks HTTP (RFC 9110 requires the challenge); clients cannot learn the scheme.',
    },
    async run(ctx) {
      const skip = noAuth(ctx);
      if (skip) return skip;
      const refused = await refusals(ctx);
      if (refused.length === 0) return noRefusal();
      const findings = new Findings();
      const challenges: string[] = [];
      for (const { auth, response } of refused) {
        const challenge = (response.headers['www-authenticate'] ?? '').trim();
        if (!challenge) findings.fail(`the 401 ${WHAT[auth]} has no WWW-Authenticate header`);
        else {
          challenges.push(challenge.split(/[\s,]/)[0]!);
          const bearer = ctx.connectionAuth === 'bearer' || ctx.connectionAuth === 'oauth2';
          if (bearer && !/^bearer\b/i.test(challenge))
            findings.warn(`the 401 ${WHAT[auth]} challenges ${JSON.stringify(challenge.split(/\s/)[0])}, not Bearer`);
        }
      }
      return findings.outcome(`Each 401 challenges with ${[...new Set(challenges)].join(', ')}.`);
    },
  },
  {
    id: 'auth.error-body',
    title: '401 answers carry a SCIM error body',
    rfc: 'RFC 7644 §3.12',
    group: 'auth',
    writes: false,
    profiles: ['rfc'],
    meaning: {
      pass: 'The refusal explains itself in a SCIM error clients can show.',
      warn: 'The refusal is a readable error, a little off §3.12.',
      fail: 'The refusal has no SCIM error body: clients can only show the status code.',
    },
    async run(ctx) {
      const skip = noAuth(ctx);
      if (skip) return skip;
      const refused = await refusals(ctx);
      if (refused.length === 0) return noRefusal();
      const findings = new Findings();
      for (const { auth, response } of refused) gradeErrorBody(response, `the 401 ${WHAT[auth]}`, findings);
      return findings.outcome('Each 401 carries a SCIM error with the Error schema and status "401".');
    },
  },
];
