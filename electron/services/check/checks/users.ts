/**
 * The user lifecycle by the RFC (RFC 7644 §3.3, §3.4.1, §3.5.1, §3.6): create, a duplicate userName,
 * read, replace, deactivate and reactivate, delete. One test user (`…-user`) goes through all of them;
 * its PATCH checks are in user-patch.ts. Each later check is skipped with why when there is no user.
 */
import type { Verdict } from '../../../../shared/check';
import { fail, pass, warn, type Check, type CheckContext, type CheckOutcome, type ProbeResponse } from '../types';
import { describeStatus, errorOf, prop } from './sample';
import { runSteps, same, shown, valueAt } from './patch-judge';
import { Findings, isObject, quote } from './verdict-findings';
import {
  createResource,
  deleteMade,
  idText,
  isSuccess,
  nameAttribute,
  need,
  readBack,
  undeclared,
  untestable,
  userBody,
  type Created,
  type Made,
} from './write-kit';

/** RFC 7644 §3.3: 201 with Location, the representation with `id` and `meta`; a 200 works for clients that read the body. */
export function judgeCreate(created: Extract<Created, { ok: true }>): CheckOutcome {
  const { made, response, resource } = created;
  const request = `POST /${made.endpoint}`;
  const findings = new Findings();
  if (response.status !== 201) findings.warn(`it answered ${response.status} instead of 201 Created`);
  if (!response.headers.location) findings.warn('there is no Location header');
  if (!resource) findings.warn('the body holds no representation of it');
  else {
    if (idText(prop(resource, 'id')) === undefined) findings.fail('the representation has no "id"');
    if (!isObject(prop(resource, 'meta'))) findings.warn('the representation has no "meta"');
    const name = prop(resource, nameAttribute(made.kind));
    if (typeof name === 'string' && name.toLowerCase() !== made.name.toLowerCase()) findings.fail(`${nameAttribute(made.kind)} came back as ${quote(name)}`);
  }
  return findings.outcome(
    `${request} created ${made.name}: 201 Created, Location ${response.headers.location}, id ${made.id} and meta.`,
    `${request} created ${made.name} (id ${made.id}), but `,
  );
}

/** A write refused outright: 501 or 405 is the server's honest "not here", anything else a failure. */
const refusal = (response: ProbeResponse, message: string): CheckOutcome =>
  response.status === 501 || response.status === 405 ? { verdict: 'unsupported', message } : fail(message);

export function createFailed(created: Extract<Created, { ok: false }>): CheckOutcome {
  // Nothing was sent: the server has no such resource type to create in.
  if (!created.response) return { verdict: 'skipped', message: created.why };
  return refusal(created.response, created.why);
}

async function create(ctx: CheckContext): Promise<CheckOutcome> {
  const created = await createResource(ctx, 'User', 'user', userBody(ctx, 'user'));
  return created.ok ? judgeCreate(created) : createFailed(created);
}

/** RFC 7644 §3.3: a taken userName (uniqueness server) gives 409 with scimType "uniqueness". */
async function duplicate(ctx: CheckContext): Promise<CheckOutcome> {
  const user = await need(ctx, 'user');
  if (!user.ok) return user.outcome;
  const response = await ctx.send({ method: 'POST', path: user.made.endpoint, body: userBody(ctx, 'user') });
  const { scimType } = errorOf(response);
  const said = `POST /${user.made.endpoint} with the taken userName ${user.made.name} answered ${describeStatus(response)}`;
  if (response.status === 409) return scimType === 'uniqueness' ? pass(`${said}.`) : warn(`${said}, without scimType "uniqueness".`);
  if (isSuccess(response)) {
    const id = idText(prop(response.json, 'id'));
    if (id === user.made.id) return warn(`${said} with the existing user instead of 409 Conflict.`);
    if (id === undefined) return fail(`${said} instead of 409 Conflict, with no id to tell whether it created a second user.`);
    // A second user with the same name: registered at once so the run removes it, then removed here.
    ctx.created({ endpoint: `/${user.made.endpoint}`, id, name: user.made.name });
    const gone = await ctx.send({ method: 'DELETE', path: `${user.made.endpoint}/${encodeURIComponent(id)}` });
    if (isSuccess(gone) || gone.status === 404) ctx.removed(`/${user.made.endpoint}`, id);
    return fail(`${said}: it created a second user (id ${id}) with the same userName.`);
  }
  if (scimType === 'uniqueness') return warn(`${said}: refused as it should be, but with ${response.status} instead of 409 Conflict.`);
  return fail(`${said}, not 409 Conflict with scimType "uniqueness".`);
}

/** What was sent on create that the server declares: what a read must give back. */
const SENT = ['userName', 'name.givenName', 'name.familyName', 'displayName', 'emails', 'active'];

async function get(ctx: CheckContext): Promise<CheckOutcome> {
  const user = await need(ctx, 'user');
  if (!user.ok) return user.outcome;
  const read = await readBack(ctx, user.made);
  const request = `GET /${user.made.path}`;
  if (!read.resource) return fail(`${request} answered ${describeStatus(read.response)}.`);
  const findings = new Findings();
  const id = idText(prop(read.resource, 'id'));
  if (id !== user.made.id) findings.fail(`"id" is ${shown(prop(read.resource, 'id'))}, not ${user.made.id}`);
  const sent = userBody(ctx, 'user');
  for (const path of SENT) {
    if (undeclared(ctx, 'User', path)) continue;
    const probe = { path };
    const value = valueAt(read.resource, path);
    const compared = path === 'userName' && typeof value === 'string' ? value.toLowerCase() : value;
    const expected = path === 'userName' ? user.made.name.toLowerCase() : valueAt(sent, path);
    if (!same(compared, expected, probe)) findings.warn(`${path} reads ${shown(value)} though ${shown(valueAt(sent, path))} was sent`);
  }
  return findings.outcome(`${request} answered 200 with the user as created.`, `${request} answered 200, but `);
}

/** RFC 7644 §3.5.1: PUT replaces the whole resource; what the body leaves out is cleared. */
async function put(ctx: CheckContext): Promise<CheckOutcome> {
  const user = await need(ctx, 'user');
  if (!user.ok) return user.outcome;
  const why = untestable(ctx, 'User', 'name.familyName');
  if (why) return { verdict: 'skipped', message: `PUT was not tried: ${why}.` };
  const { displayName: _left, ...body } = userBody(ctx, 'user');
  const familyName = 'Check user replaced';
  const sent = { ...body, id: user.made.id, name: { givenName: 'Scimdesk', familyName } };
  const response = await ctx.send({ method: 'PUT', path: user.made.path, body: sent });
  const request = `PUT /${user.made.path}`;
  if (!isSuccess(response)) return refusal(response, `${request} answered ${describeStatus(response)}.`);
  const read = await readBack(ctx, user.made);
  if (!read.resource) return fail(`${request} answered ${response.status}, then GET answered ${describeStatus(read.response)}.`);
  const now = valueAt(read.resource, 'name.familyName');
  if (now !== familyName) {
    const message = `${request} answered ${response.status}, but name.familyName reads ${shown(now)}, not ${shown(familyName)}.`;
    return now === 'Check user' ? { verdict: 'ignored', message } : fail(message);
  }
  if (untestable(ctx, 'User', 'displayName')) return pass(`${request} replaced the user: name.familyName is ${shown(familyName)}.`);
  const kept = valueAt(read.resource, 'displayName');
  if (kept !== undefined && kept !== null) {
    return warn(`${request} changed name.familyName, but kept displayName ${shown(kept)} that the body left out: it merged instead of replacing.`);
  }
  return pass(`${request} replaced the user: name.familyName is ${shown(familyName)} and displayName, left out, is gone.`);
}

/** RFC 7643 §4.1.1: `active` false and back to true, the user still readable in between. */
async function deactivate(ctx: CheckContext): Promise<CheckOutcome> {
  const user = await need(ctx, 'user');
  if (!user.ok) return user.outcome;
  const why = untestable(ctx, 'User', 'active');
  if (why) return { verdict: 'unsupported', message: `Deactivation cannot be tested: ${why}.` };
  return runSteps(ctx, user.made, [
    { label: 'replace active false', ops: [{ op: 'replace', path: 'active', value: false }], probes: [{ path: 'active' }] },
    { label: 'replace active true', ops: [{ op: 'replace', path: 'active', value: true }], probes: [{ path: 'active' }] },
  ]);
}

/** RFC 7644 §3.6: 204 No Content, then the resource is gone (404). */
export async function judgeDelete(ctx: CheckContext, made: Made, by: string): Promise<CheckOutcome> {
  const deleted = await deleteMade(ctx, made, by);
  const request = `DELETE /${made.path}`;
  const { response, after } = deleted;
  if (!after) return refusal(response, `${request} answered ${describeStatus(response)}.`);
  if (!deleted.gone) {
    const message = `${request} answered ${response.status}, but GET still answers ${describeStatus(after)}.`;
    return after.status === 200 ? { verdict: 'ignored', message } : fail(message);
  }
  if (response.status === 404) return fail(`${request} answered 404 for a ${made.kind.toLowerCase()} that existed; GET then answered ${after.status}.`);
  if (response.status !== 204) {
    const body = response.text.trim() ? ` with a body (${quote(response.text, 60)})` : '';
    return warn(`${request} answered ${response.status}${body} instead of 204 No Content; GET then answered ${after.status}.`);
  }
  return pass(`${request} answered 204; GET then answered ${after.status}.`);
}

async function remove(ctx: CheckContext): Promise<CheckOutcome> {
  const user = await need(ctx, 'user');
  if (!user.ok) return user.outcome;
  return judgeDelete(ctx, user.made, 'user.delete');
}

const RFC = 'RFC 7644 §3';
const lifecycleMeaning = (what: string): Partial<Record<Verdict, string>> => ({
  pass: `Clients can ${what}.`,
  warn: `Clients can ${what}, though the answer is off the RFC in a way most tolerate.`,
  fail: `Clients cannot ${what} reliably.`,
  ignored: `The server says it did it, and did not: clients believe a change that never happened.`,
  unsupported: `The server does not let clients ${what}.`,
});

export const userChecks: Check[] = [
  {
    id: 'user.create',
    title: 'Creating a user answers 201 with Location and meta',
    rfc: `${RFC}.3`,
    group: 'users',
    writes: true,
    profiles: ['rfc'],
    meaning: lifecycleMeaning('create users'),
    run: create,
  },
  {
    id: 'user.duplicate',
    title: 'A taken userName gives 409 uniqueness',
    rfc: `${RFC}.3, §3.12`,
    group: 'users',
    writes: true,
    profiles: ['rfc', 'entra', 'okta'],
    meaning: lifecycleMeaning('tell a taken userName from other errors'),
    consequence: {
      entra: 'Entra ID cannot tell an existing user from a failed create: it keeps retrying, or creates a duplicate.',
      okta: 'Okta cannot match the existing user on a taken userName: the assignment fails or a duplicate appears.',
    },
    run: duplicate,
  },
  {
    id: 'user.get',
    title: 'A created user reads back as sent',
    rfc: `${RFC}.4.1`,
    group: 'users',
    writes: true,
    profiles: ['rfc', 'entra', 'okta'],
    meaning: lifecycleMeaning('read a user back as they wrote it'),
    consequence: {
      entra: 'Entra ID sees a difference on every sync cycle and sends the same update again and again.',
      okta: 'Okta sees a difference on every import and pushes the profile again.',
    },
    run: get,
  },
  {
    id: 'user.put',
    title: 'PUT replaces the whole user',
    rfc: `${RFC}.5.1`,
    group: 'users',
    writes: true,
    profiles: ['rfc', 'okta'],
    meaning: lifecycleMeaning('replace a user with PUT'),
    consequence: { okta: 'Okta updates profiles with PUT: its profile changes do not reach the server.' },
    run: put,
  },
];

export const userDeactivateCheck: Check = {
  id: 'user.deactivate',
  title: 'Deactivate and reactivate (active false, then true)',
  rfc: 'RFC 7643 §4.1.1, RFC 7644 §3.5.2.3',
  group: 'users',
  writes: true,
  profiles: ['rfc'],
  meaning: lifecycleMeaning('deactivate and reactivate users'),
  run: deactivate,
};

export const userDeleteCheck: Check = {
  id: 'user.delete',
  title: 'Deleting a user answers 204, then 404',
  rfc: `${RFC}.6`,
  group: 'users',
  writes: true,
  profiles: ['rfc', 'entra'],
  meaning: lifecycleMeaning('delete users'),
  consequence: { entra: 'Entra ID cannot remove users it deprovisions: they stay on the server.' },
  run: remove,
};
