/**
 * Writes sent the way Entra ID and Okta send them (see shared/patch/dialects.ts for the sources):
 * Entra creates with `meta` and `roles`, writes PascalCase ops with string booleans, sends path-less
 * replaces keyed by attribute paths, and removes members with a value list; Okta creates with
 * `groups: []`, deactivates with a path-less `replace` of `{active: false}`, and adds members with a
 * value list. The RFC reading of each body (decodePatchBody) is what the local engine applies.
 */
import { randomUUID } from 'node:crypto';
import { checkResourceName, type CheckProfile, type Verdict } from '../../../../shared/check';
import { decodePatchBody, encodePatch, type PatchBody } from '../../../../shared/patch';
import { MESSAGE_PATCH_OP, SCHEMA_ENTERPRISE_USER, SCHEMA_USER } from '../../../../shared/scim';
import { fail, type Check, type CheckContext, type CheckOutcome } from '../types';
import { MEMBERS } from './groups';
import { judgeStep, runSteps, sendStep, valueAt, type PatchStep } from './patch-judge';
import { prop, type Rec } from './sample';
import { createFailed, judgeCreate } from './users';
import { createResource, emailOf, hasEnterprise, need } from './write-kit';

/** A step whose wire body is a client's own; the engine applies the RFC reading of that body. */
function clientStep(label: string, body: PatchBody, probes: PatchStep['probes']): PatchStep {
  return { label, ops: decodePatchBody(body).ops, body, probes };
}

function entraUser(ctx: CheckContext): Rec {
  const name = checkResourceName(ctx.runId, 'entra');
  // Entra's "Create User" request: the enterprise schema named, meta.resourceType and an empty roles list sent along.
  return {
    schemas: hasEnterprise(ctx) ? [SCHEMA_USER, SCHEMA_ENTERPRISE_USER] : [SCHEMA_USER],
    externalId: randomUUID(),
    userName: name,
    active: true,
    emails: [{ primary: true, type: 'work', value: emailOf(name) }],
    meta: { resourceType: 'User' },
    name: { formatted: 'Scimdesk Check entra', familyName: 'Check entra', givenName: 'Scimdesk' },
    roles: [],
  };
}

function oktaUser(ctx: CheckContext): Rec {
  const name = checkResourceName(ctx.runId, 'okta');
  // Okta's "Create the User" request: locale, its own externalId and an empty groups list sent along.
  return {
    schemas: [SCHEMA_USER],
    userName: name,
    name: { givenName: 'Scimdesk', familyName: 'Check okta' },
    emails: [{ primary: true, value: emailOf(name), type: 'work' }],
    displayName: 'Scimdesk Check okta',
    locale: 'en-US',
    externalId: `00u${ctx.runId}okta`,
    groups: [],
    active: true,
  };
}

async function entraCreate(ctx: CheckContext): Promise<CheckOutcome> {
  const created = await createResource(ctx, 'User', 'entra', entraUser(ctx));
  return created.ok ? judgeCreate(created) : createFailed(created);
}

async function oktaCreate(ctx: CheckContext): Promise<CheckOutcome> {
  const created = await createResource(ctx, 'User', 'okta', oktaUser(ctx));
  return created.ok ? judgeCreate(created) : createFailed(created);
}

async function pascalOps(ctx: CheckContext): Promise<CheckOutcome> {
  const user = await need(ctx, 'entra');
  if (!user.ok) return user.outcome;
  // "op": "Replace" and "value": "False", as Entra disables a user and changes a name in one request.
  const body = encodePatch(
    [
      { op: 'replace', path: 'active', value: false },
      { op: 'replace', path: 'name.familyName', value: 'Check entra replaced' },
    ],
    'entra',
  );
  return runSteps(ctx, user.made, [clientStep('Replace active "False" and name.familyName', body, [{ path: 'active' }, { path: 'name.familyName' }])]);
}

async function pathless(ctx: CheckContext): Promise<CheckOutcome> {
  const user = await need(ctx, 'entra');
  if (!user.ok) return user.outcome;
  const body = {
    schemas: [MESSAGE_PATCH_OP],
    Operations: [{ op: 'Replace', value: { 'name.givenName': 'Entra', 'name.familyName': 'Pathless' } }],
  };
  return runSteps(ctx, user.made, [
    clientStep('Replace without a path, value {"name.givenName", "name.familyName"}', body, [{ path: 'name.givenName' }, { path: 'name.familyName' }]),
  ]);
}

async function entraMemberRemove(ctx: CheckContext): Promise<CheckOutcome> {
  const group = await need(ctx, 'group');
  if (!group.ok) return group.outcome;
  const user = await need(ctx, 'entra');
  if (!user.ok) return user.outcome;
  const id = user.made.id;
  const add = clientStep('Add members [{value}]', encodePatch([{ op: 'add', path: 'members', value: [{ value: id }] }], 'entra'), [MEMBERS]);
  const added = await sendStep(ctx, group.made, add);
  if (!added.ok) return added.outcome;
  const addVerdict = judgeStep(add, added.run);
  if (addVerdict.verdict !== 'pass' && addVerdict.verdict !== 'warn') return fail(`Adding the user the way Entra does failed first: ${addVerdict.message}`);
  // {"op":"Remove","path":"members","value":[{"value":"…"}]}: by the RFC's letter a remove of "members" drops every member.
  const body = encodePatch([{ op: 'remove', path: `members[value eq ${JSON.stringify(id)}]` }], 'entra');
  const remove = clientStep('Remove members with value [{value}]', body, [MEMBERS]);
  const removed = await sendStep(ctx, group.made, remove, added.run.after);
  if (!removed.ok) return removed.outcome;
  const left = valueAt(removed.run.after, 'members');
  const others = (valueAt(removed.run.before, 'members') as unknown[] | undefined)?.filter((m) => String(prop(m, 'value')) !== id).length ?? 0;
  if (others > 0 && (!Array.isArray(left) || left.length === 0)) {
    return fail(`Entra's member removal emptied the group: all ${others + 1} members are gone, not just the one named in "value".`);
  }
  return judgeStep(remove, removed.run);
}

async function oktaDeactivate(ctx: CheckContext): Promise<CheckOutcome> {
  const user = await need(ctx, 'okta');
  if (!user.ok) return user.outcome;
  const body = encodePatch([{ op: 'replace', path: 'active', value: false }], 'okta');
  return runSteps(ctx, user.made, [clientStep('replace (no path) value {"active": false}', body, [{ path: 'active' }])]);
}

async function oktaMemberAdd(ctx: CheckContext): Promise<CheckOutcome> {
  const group = await need(ctx, 'group');
  if (!group.ok) return group.outcome;
  const user = await need(ctx, 'okta');
  if (!user.ok) return user.outcome;
  const body = encodePatch([{ op: 'add', path: 'members', value: [{ value: user.made.id, display: user.made.name }] }], 'okta');
  return runSteps(ctx, group.made, [clientStep('add members [{value, display}]', body, [MEMBERS])]);
}

const meaning: Partial<Record<Verdict, string>> = {
  pass: 'Works exactly as that client sends it.',
  warn: 'Works as that client sends it, with an answer off the RFC that it tolerates.',
  fail: 'That client’s own request does not work here.',
  ignored: 'The server answers success to that client’s request and changes nothing.',
  unsupported: 'The server does not offer what that client needs here.',
};

const idpCheck = (profile: CheckProfile, id: string, title: string, rfc: string, consequence: string, run: Check['run']): Check => ({
  id,
  title,
  rfc,
  group: id.includes('.group.') ? 'groups' : 'users',
  writes: true,
  profiles: [profile],
  meaning,
  consequence: { [profile]: consequence },
  run,
});

export const entraWriteChecks: Check[] = [
  idpCheck(
    'entra',
    'entra.user.create',
    'Create a user as Entra ID does (meta, roles: [])',
    'RFC 7644 §3.3',
    'Entra ID cannot provision users here: its create request is refused.',
    entraCreate,
  ),
  idpCheck(
    'entra',
    'entra.patch.pascal-ops',
    'PATCH as Entra ID: "op": "Replace", "value": "False"',
    'RFC 7644 §3.5.2',
    'Users disabled in Entra ID stay active here, and its attribute updates do not land.',
    pascalOps,
  ),
  idpCheck(
    'entra',
    'entra.patch.pathless-replace',
    'PATCH as Entra ID: Replace without a path, value keyed by attribute paths',
    'RFC 7644 §3.5.2.3',
    'Name changes made in Entra ID never reach the server.',
    pathless,
  ),
  idpCheck(
    'entra',
    'entra.group.member-remove',
    'Remove a member as Entra ID: path "members" with a value list',
    'RFC 7644 §3.5.2.2',
    'People removed from a group in Entra ID keep their membership here (or the whole group is emptied).',
    entraMemberRemove,
  ),
];

export const oktaWriteChecks: Check[] = [
  idpCheck('okta', 'okta.user.create', 'Create a user as Okta does (groups: [], locale)', 'RFC 7644 §3.3', 'Okta cannot provision users here.', oktaCreate),
  idpCheck(
    'okta',
    'okta.user.deactivate',
    'Deactivate as Okta: replace with value {"active": false}',
    'RFC 7644 §3.5.2.3',
    'Users deactivated or unassigned in Okta stay active here.',
    oktaDeactivate,
  ),
  idpCheck(
    'okta',
    'okta.group.member-add',
    'Add a member as Okta: members with [{value, display}]',
    'RFC 7644 §3.5.2.1',
    'Okta Push Groups cannot add members.',
    oktaMemberAdd,
  ),
];
