/**
 * PATCH on the test user (RFC 7644 §3.5.2): add, replace and remove on a simple attribute, a
 * sub-attribute (`name.givenName`), a multi-valued one through a value filter
 * (`emails[type eq "work"].value`), `primary` exclusivity, and the enterprise extension. Each
 * request's verdict comes from reading the user back and comparing with the local PatchOp engine.
 */
import { SCHEMA_ENTERPRISE_USER } from '../../../../shared/scim';
import type { Verdict } from '../../../../shared/check';
import { fail, pass, skipped, unsupported, type Check, type CheckContext, type CheckOutcome } from '../types';
import { runSteps, sendStep, shown, valueAt, type PatchStep } from './patch-judge';
import { describeStatus, prop, type Rec } from './sample';
import { emailOf, hasEnterprise, need, readBack, untestable } from './write-kit';

/** The first simple string attribute the server lets clients write (nickName where it is declared). */
const SIMPLE = ['nickName', 'title', 'displayName', 'profileUrl', 'locale'];

/** add, replace, then remove on one attribute path (`label` names it in messages). */
function threeSteps(path: string, first: string, second: string, order: 'add-first' | 'replace-first' = 'add-first', label = path): PatchStep[] {
  const probes = [{ path, label }];
  const add: PatchStep = { label: `add ${label}`, ops: [{ op: 'add', path, value: first }], probes };
  const replace: PatchStep = { label: `replace ${label}`, ops: [{ op: 'replace', path, value: second }], probes };
  const remove: PatchStep = { label: `remove ${label}`, ops: [{ op: 'remove', path }], probes };
  return order === 'add-first' ? [add, replace, remove] : [replace, remove, add];
}

async function simple(ctx: CheckContext): Promise<CheckOutcome> {
  const user = await need(ctx, 'user');
  if (!user.ok) return user.outcome;
  const path = SIMPLE.find((name) => !untestable(ctx, 'User', name));
  if (!path) return skipped(`The server's User schema declares none of ${SIMPLE.join(', ')} as writable.`);
  return runSteps(ctx, user.made, threeSteps(path, `SCIM Desk check ${ctx.runId}`, `SCIM Desk check ${ctx.runId} (replaced)`));
}

async function complex(ctx: CheckContext): Promise<CheckOutcome> {
  const user = await need(ctx, 'user');
  if (!user.ok) return user.outcome;
  const why = untestable(ctx, 'User', 'name.givenName');
  if (why) return unsupported(`name.givenName cannot be patched: ${why}.`);
  // Replace first: the user has a givenName from its creation; then remove it and add it back.
  return runSteps(ctx, user.made, threeSteps('name.givenName', 'Scimdesk-Added', 'Scimdesk-Replaced', 'replace-first'));
}

const EMAILS = { path: 'emails' };

async function multiValued(ctx: CheckContext): Promise<CheckOutcome> {
  const user = await need(ctx, 'user');
  if (!user.ok) return user.outcome;
  const why = untestable(ctx, 'User', 'emails');
  if (why) return unsupported(`emails cannot be patched: ${why}.`);
  const name = user.made.name;
  return runSteps(ctx, user.made, [
    {
      label: 'replace emails[type eq "work"].value',
      ops: [{ op: 'replace', path: 'emails[type eq "work"].value', value: emailOf(name, 'replaced') }],
      probes: [EMAILS],
    },
    { label: 'add emails (a home address)', ops: [{ op: 'add', path: 'emails', value: [{ value: emailOf(name, 'home'), type: 'home' }] }], probes: [EMAILS] },
    { label: 'remove emails[type eq "home"]', ops: [{ op: 'remove', path: 'emails[type eq "home"]' }], probes: [EMAILS] },
  ]);
}

const primaries = (resource: Rec): Rec[] =>
  ((valueAt(resource, 'emails') as unknown[] | undefined) ?? []).filter((e): e is Rec => typeof e === 'object' && e !== null && prop(e, 'primary') === true);

/** RFC 7643 §2.4: adding a primary value unsets the primary of the others. */
async function primary(ctx: CheckContext): Promise<CheckOutcome> {
  const user = await need(ctx, 'user');
  if (!user.ok) return user.outcome;
  const why = untestable(ctx, 'User', 'emails');
  if (why) return unsupported(`emails cannot be patched: ${why}.`);
  const value = emailOf(user.made.name, 'other');
  const step: PatchStep = {
    label: 'add emails (a second primary)',
    ops: [{ op: 'add', path: 'emails', value: [{ value, type: 'other', primary: true }] }],
    probes: [EMAILS],
  };
  const read = await readBack(ctx, user.made);
  if (!read.resource) return fail(`GET /${user.made.path} answered ${describeStatus(read.response)}.`);
  const had = primaries(read.resource).length;
  if (had !== 1) return skipped(`The user's emails have ${had} primary values, not one to displace.`);
  const result = await sendStep(ctx, user.made, step, read.resource);
  if (!result.ok) return result.outcome;
  const { after } = result.run;
  const now = primaries(after);
  if (now.length > 1)
    return fail(
      `After adding a primary email, ${now.length} emails are primary (${now.map((e) => shown(prop(e, 'value'))).join(', ')}): the first was not unset.`,
    );
  const winner = now[0] ? String(prop(now[0], 'value')).toLowerCase() : undefined;
  if (winner !== value.toLowerCase()) {
    const added = ((valueAt(after, 'emails') as unknown[] | undefined) ?? []).some((e) => String(prop(e, 'value')).toLowerCase() === value.toLowerCase());
    if (!added) return { verdict: 'ignored', message: `add emails answered ${result.run.response.status}, but the new email is not on the user.` };
    return fail(`After adding ${value} as primary, the primary email is ${winner ? shown(winner) : 'none'}.`);
  }
  return pass(`Adding ${value} as primary made it the only primary email; the work email is no longer primary.`);
}

const DEPARTMENT = `${SCHEMA_ENTERPRISE_USER}:department`;

async function extension(ctx: CheckContext): Promise<CheckOutcome> {
  const user = await need(ctx, 'user');
  if (!user.ok) return user.outcome;
  if (!hasEnterprise(ctx)) return unsupported('The User resource type does not declare the enterprise extension, so its department cannot be patched.');
  const why = untestable(ctx, 'User', DEPARTMENT);
  if (why) return unsupported(`The enterprise department cannot be patched: ${why}.`);
  return runSteps(ctx, user.made, threeSteps(DEPARTMENT, 'SCIM Desk added', 'SCIM Desk replaced', 'replace-first', 'enterprise:department'));
}

const meaning: Partial<Record<Verdict, string>> = {
  pass: 'Clients can change this kind of attribute with PATCH.',
  warn: 'PATCH works, though its answer is off the RFC.',
  fail: 'PATCH of this kind of attribute does not do what the RFC says: clients end up with other data than they sent.',
  ignored: 'The server answers success and keeps the old value: clients believe changes that never happened.',
  unsupported: 'The server does not let clients change this attribute with PATCH.',
};

const RFC = 'RFC 7644 §3.5.2';
const patchCheck = (id: string, title: string, run: Check['run']): Check => ({
  id,
  title,
  rfc: RFC,
  group: 'users',
  writes: true,
  profiles: ['rfc', 'entra'],
  meaning,
  consequence: { entra: 'Entra ID sends these PATCH operations on every attribute change: the change never lands, and Entra retries it forever.' },
  run,
});

export const userPatchChecks: Check[] = [
  patchCheck('user.patch.simple', 'PATCH add, replace and remove a simple attribute', simple),
  patchCheck('user.patch.complex', 'PATCH replace, remove and add name.givenName', complex),
  patchCheck('user.patch.multi-valued', 'PATCH emails through a value filter (emails[type eq "work"].value)', multiValued),
  {
    id: 'user.patch.primary',
    title: 'Adding a primary email unsets the other primary',
    rfc: 'RFC 7643 §2.4, RFC 7644 §3.5.2.1',
    group: 'users',
    writes: true,
    profiles: ['rfc'],
    meaning: { ...meaning, fail: 'Two values end up primary: clients pick either one as the address to use.' },
    run: primary,
  },
  patchCheck('user.patch.extension', 'PATCH the enterprise extension (department)', extension),
];
