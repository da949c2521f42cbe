/**
 * Bulk (RFC 7644 §3.7), only where ServiceProviderConfig advertises it: the declared maxOperations
 * is enforced (413 for one more), `bulkId` references resolve (a user and a group naming it as
 * `bulkId:…` in one request), and `failOnErrors` stops processing. The limit and failOnErrors are
 * proven with DELETEs of ids that do not exist, so a server that ignores them changes nothing.
 */
import { checkResourceName, type CheckRole, type Verdict } from '../../../../shared/check';
import { MESSAGE_BULK_REQUEST } from '../../../../shared/scim';
import { fail, ignored, pass, skipped, unsupported, warn, type Check, type CheckContext, type CheckOutcome } from '../types';
import { describeStatus, endpointFor, prop, type Rec } from './sample';
import { findByName, groupBody, idFromLocation, readBack, userBody, writeState, type Kind, type Made } from './write-kit';

function notAdvertised(ctx: CheckContext): CheckOutcome | undefined {
  const supported = ctx.capabilities.bulk.supported;
  if (supported === true) return undefined;
  return unsupported(`ServiceProviderConfig ${supported === false ? 'says bulk is not supported' : 'does not advertise bulk'}, so no bulk request was sent.`);
}

interface BulkResult {
  bulkId?: string;
  location?: string;
  status: number | undefined;
}

/** The BulkResponse's operations; `status` may be "201", 201 or (in RFC 7644's own example) {"code": 201}. */
function bulkResults(body: unknown): BulkResult[] | undefined {
  const list = prop(body, 'Operations');
  if (!Array.isArray(list)) return undefined;
  return list.map((op) => {
    const raw = prop(op, 'status');
    const code = typeof raw === 'object' && raw !== null ? prop(raw, 'code') : raw;
    const status = Number.parseInt(String(code), 10);
    const bulkId = prop(op, 'bulkId');
    const location = prop(op, 'location');
    return {
      ...(typeof bulkId === 'string' ? { bulkId } : {}),
      ...(typeof location === 'string' ? { location } : {}),
      status: Number.isFinite(status) ? status : undefined,
    };
  });
}

const bulkRequest = (operations: Rec[], extra: Rec = {}): Rec => ({ schemas: [MESSAGE_BULK_REQUEST], ...extra, Operations: operations });

/** DELETEs of ids no server has: harmless whether or not they are processed. */
function missingDeletes(ctx: CheckContext, endpoint: string, count: number): Rec[] {
  const base = checkResourceName(ctx.runId, 'bulk');
  return Array.from({ length: count }, (_, i) => ({ method: 'DELETE', path: `/${endpoint}/${base}-missing-${i + 1}` }));
}

const MOST_TO_SEND = 1000;

async function operations(ctx: CheckContext): Promise<CheckOutcome> {
  const off = notAdvertised(ctx);
  if (off) return off;
  const { maxOperations: max, maxPayloadSize } = ctx.capabilities.bulk;
  if (!max || max < 1) return fail('ServiceProviderConfig advertises bulk but declares no maxOperations (REQUIRED).');
  if (max >= MOST_TO_SEND) return skipped(`ServiceProviderConfig declares maxOperations ${max}: one more than that is more than the check sends to prove it.`);
  const endpoint = endpointFor(ctx, 'User');
  if (!endpoint) return skipped('Discovery found no User resource type to address.');
  const body = bulkRequest(missingDeletes(ctx, endpoint, max + 1));
  const bytes = Buffer.byteLength(JSON.stringify(body));
  if (maxPayloadSize && bytes > maxPayloadSize)
    return skipped(`${max + 1} operations take ${bytes} bytes, over the declared maxPayloadSize ${maxPayloadSize}.`);
  const response = await ctx.send({ method: 'POST', path: 'Bulk', body });
  const said = `POST /Bulk with ${max + 1} operations (maxOperations is ${max}) answered ${describeStatus(response)}`;
  if (response.status === 413) return pass(`${said}.`);
  if (response.status >= 200 && response.status <= 299) return fail(`${said}: the declared limit is not enforced.`);
  if (response.status >= 400 && response.status <= 499) return warn(`${said}, not 413 Payload Too Large.`);
  return fail(`${said}.`);
}

/** Registers what a bulk POST created (found by its Location, else by name) so the run removes it. */
async function registerCreated(ctx: CheckContext, kind: Kind, role: CheckRole, result: BulkResult | undefined): Promise<Made | undefined> {
  const endpoint = endpointFor(ctx, kind)!;
  const name = checkResourceName(ctx.runId, role);
  const id = idFromLocation(result?.location) ?? (await findByName(ctx, kind, endpoint, name));
  if (id === undefined) return undefined;
  const made: Made = { kind, role, endpoint, id, name, path: `${endpoint}/${encodeURIComponent(id)}` };
  ctx.created({ endpoint: `/${endpoint}`, id: made.id, name });
  (await writeState(ctx)).made[role] = made;
  return made;
}

async function bulkId(ctx: CheckContext): Promise<CheckOutcome> {
  const off = notAdvertised(ctx);
  if (off) return off;
  const users = endpointFor(ctx, 'User');
  const groups = endpointFor(ctx, 'Group');
  if (!users || !groups) return skipped(`Discovery found no ${users ? 'Group' : 'User'} resource type: a bulkId reference needs both.`);
  const body = bulkRequest([
    { method: 'POST', path: `/${users}`, bulkId: 'user', data: userBody(ctx, 'bulk') },
    { method: 'POST', path: `/${groups}`, bulkId: 'group', data: groupBody(ctx, 'bulkgroup', [{ value: 'bulkId:user' }]) },
  ]);
  const response = await ctx.send({ method: 'POST', path: 'Bulk', body });
  const results = response.status === 200 ? bulkResults(response.json) : undefined;
  const created = (id: string) => results?.find((r) => r.bulkId === id && r.status !== undefined && r.status >= 200 && r.status <= 299);
  // Whatever the verdict, what was created is registered first: it must not outlive the run.
  const answered = response.status >= 200 && response.status <= 299;
  const user = answered ? await registerCreated(ctx, 'User', 'bulk', created('user')) : undefined;
  const group = answered ? await registerCreated(ctx, 'Group', 'bulkgroup', created('group')) : undefined;
  const said = `POST /Bulk creating a user and a group with member "bulkId:user" answered ${describeStatus(response)}`;
  if (response.status !== 200) return fail(`${said}.`);
  if (!results) return fail(`${said} without an "Operations" list.`);
  const statuses = results.map((r) => `${r.bulkId ?? '?'} ${r.status ?? '?'}`).join(', ');
  if (!user || !group) return fail(`${said} (${statuses}), but the ${user ? 'group' : 'user'} was not created.`);
  const read = await readBack(ctx, group);
  const members = prop(read.resource, 'members');
  const values = Array.isArray(members) ? members.map((m) => String(prop(m, 'value'))) : [];
  if (values.includes(user.id)) return pass(`${said} (${statuses}); the group's member is the new user, id ${user.id}.`);
  if (values.includes('bulkId:user')) return fail(`${said}; the group's member is the literal "bulkId:user": the reference was not resolved.`);
  return fail(`${said}; the group's members are ${JSON.stringify(values)}, not the new user ${user.id}.`);
}

async function failOnErrors(ctx: CheckContext): Promise<CheckOutcome> {
  const off = notAdvertised(ctx);
  if (off) return off;
  const endpoint = endpointFor(ctx, 'User');
  if (!endpoint) return skipped('Discovery found no User resource type to address.');
  const response = await ctx.send({ method: 'POST', path: 'Bulk', body: bulkRequest(missingDeletes(ctx, endpoint, 2), { failOnErrors: 1 }) });
  const said = `POST /Bulk with failOnErrors 1 and two DELETEs of ids that do not exist answered ${describeStatus(response)}`;
  if (response.status !== 200)
    return response.status >= 400 && response.status <= 499 ? warn(`${said} instead of 200 with the first error.`) : fail(`${said}.`);
  const results = bulkResults(response.json);
  if (!results) return fail(`${said} without an "Operations" list.`);
  if (results.length === 1) return pass(`${said} with one result (${results[0]!.status ?? '?'}): processing stopped at the first error.`);
  if (results.length > 1) return ignored(`${said} with ${results.length} results: the second operation ran after the first error.`);
  return fail(`${said} with no results at all.`);
}

const meaning = (what: string): Partial<Record<Verdict, string>> => ({
  pass: `Clients can rely on ${what}.`,
  warn: `${what} works, answered with another status than the RFC's.`,
  fail: `${what} does not work as the RFC says.`,
  ignored: `The server accepts ${what} and does not apply it.`,
  unsupported: 'The server does not offer bulk: clients send one request per change.',
  skipped: 'Not proven by a request.',
});

const bulkCheck = (id: string, title: string, what: string, run: Check['run']): Check => ({
  id,
  title,
  rfc: 'RFC 7644 §3.7',
  group: 'bulk',
  writes: true,
  profiles: ['rfc'],
  meaning: meaning(what),
  run,
});

export const bulkChecks: Check[] = [
  bulkCheck('bulk.operations', 'Bulk enforces its declared maxOperations (413)', 'the declared maxOperations', operations),
  bulkCheck('bulk.bulk-id', 'Bulk resolves bulkId references', 'bulkId references', bulkId),
  bulkCheck('bulk.fail-on-errors', 'Bulk stops at failOnErrors', 'failOnErrors', failOnErrors),
];
