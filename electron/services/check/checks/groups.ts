/**
 * The group lifecycle and membership by the RFC (RFC 7644 §3.3, §3.5.2, §3.6): create an empty test
 * group, add the member user by PatchOp, remove it through `members[value eq "…"]`, replace the whole
 * member list, rename, delete. Members are compared by `value` only: servers add display, $ref, type.
 */
import { checkResourceName, type Verdict } from '../../../../shared/check';
import { skipped, type Check, type CheckContext, type CheckOutcome } from '../types';
import { runSteps, valueAt } from './patch-judge';
import { prop } from './sample';
import { createFailed, judgeCreate, judgeDelete } from './users';
import { createResource, groupBody, need, readBack, userBody, writeState, type Made } from './write-kit';

export const MEMBERS = { path: 'members', keys: ['value'] } as const;

/** Whether the group (as read now) has `id` among its members. */
export async function hasMember(ctx: CheckContext, group: Made, id: string): Promise<boolean | undefined> {
  const read = await readBack(ctx, group);
  if (!read.resource) return undefined;
  const members = valueAt(read.resource, 'members');
  return Array.isArray(members) && members.some((m) => String(prop(m, 'value')) === id);
}

async function create(ctx: CheckContext): Promise<CheckOutcome> {
  const created = await createResource(ctx, 'Group', 'group', groupBody(ctx, 'group'));
  return created.ok ? judgeCreate(created) : createFailed(created);
}

async function memberAdd(ctx: CheckContext): Promise<CheckOutcome> {
  const group = await need(ctx, 'group');
  if (!group.ok) return group.outcome;
  const member = await createResource(ctx, 'User', 'member', userBody(ctx, 'member'));
  if (!member.ok) return skipped(`The member user could not be created: ${member.why}`);
  return runSteps(ctx, group.made, [
    { label: 'add members (the member user)', ops: [{ op: 'add', path: 'members', value: [{ value: member.made.id }] }], probes: [MEMBERS] },
  ]);
}

async function memberRemove(ctx: CheckContext): Promise<CheckOutcome> {
  const group = await need(ctx, 'group');
  if (!group.ok) return group.outcome;
  const member = await need(ctx, 'member');
  if (!member.ok) return member.outcome;
  if ((await hasMember(ctx, group.made, member.made.id)) !== true)
    return skipped('The member user is not in the group (group.member-add did not put it there).');
  const path = `members[value eq ${JSON.stringify(member.made.id)}]`;
  return runSteps(ctx, group.made, [{ label: `remove ${path}`, ops: [{ op: 'remove', path }], probes: [MEMBERS] }]);
}

async function membersReplace(ctx: CheckContext): Promise<CheckOutcome> {
  const group = await need(ctx, 'group');
  if (!group.ok) return group.outcome;
  const member = await need(ctx, 'member');
  if (!member.ok) return member.outcome;
  const state = await writeState(ctx);
  const values = [state.made.user, member.made].filter((m): m is Made => Boolean(m)).map((m) => ({ value: m.id }));
  return runSteps(ctx, group.made, [
    {
      label: `replace members (${values.length === 2 ? 'the test and member users' : 'the member user'})`,
      ops: [{ op: 'replace', path: 'members', value: values }],
      probes: [MEMBERS],
    },
  ]);
}

async function rename(ctx: CheckContext): Promise<CheckOutcome> {
  const group = await need(ctx, 'group');
  if (!group.ok) return group.outcome;
  const renamed = checkResourceName(ctx.runId, 'renamed');
  const outcome = await runSteps(ctx, group.made, [
    { label: 'replace displayName', ops: [{ op: 'replace', path: 'displayName', value: renamed }], probes: [{ path: 'displayName' }] },
  ]);
  const read = await readBack(ctx, group.made);
  const now = read.resource ? prop(read.resource, 'displayName') : undefined;
  if (now === renamed) {
    // The leftover carries the name the server now shows, so a report names what is really there.
    group.made.name = renamed;
    ctx.created({ endpoint: `/${group.made.endpoint}`, id: group.made.id, name: renamed });
  }
  return outcome;
}

async function remove(ctx: CheckContext): Promise<CheckOutcome> {
  const group = await need(ctx, 'group');
  if (!group.ok) return group.outcome;
  return judgeDelete(ctx, group.made, 'group.delete');
}

const meaning = (what: string): Partial<Record<Verdict, string>> => ({
  pass: `Clients can ${what}.`,
  warn: `Clients can ${what}, though the answer is off the RFC in a way most tolerate.`,
  fail: `Clients cannot ${what}: group memberships drift from what the client sent.`,
  ignored: 'The server answers success and changes nothing: clients believe memberships that do not exist.',
  unsupported: `The server does not let clients ${what}.`,
  skipped: 'Not tested: an earlier group check left nothing to test on.',
});

const groupCheck = (id: string, title: string, rfc: string, what: string, run: Check['run'], extra: Partial<Check> = {}): Check => ({
  id,
  title,
  rfc,
  group: 'groups',
  writes: true,
  profiles: ['rfc'],
  meaning: meaning(what),
  run,
  ...extra,
});

export const groupChecks: Check[] = [
  groupCheck('group.create', 'Creating a group answers 201 with Location and meta', 'RFC 7644 §3.3', 'create groups', create, {
    profiles: ['rfc', 'entra', 'okta'],
    consequence: {
      entra: 'Entra ID cannot provision groups to this server.',
      okta: 'Okta Push Groups cannot create the group on this server.',
    },
  }),
  groupCheck('group.member-add', 'PATCH add a member', 'RFC 7644 §3.5.2.1', 'add members', memberAdd, { profiles: ['rfc', 'entra'] }),
  groupCheck('group.member-remove', 'PATCH remove a member by members[value eq "…"]', 'RFC 7644 §3.5.2.2', 'remove one member', memberRemove, {
    profiles: ['rfc', 'okta'],
    consequence: { okta: 'Okta removes members with members[value eq "…"]: people unassigned in Okta stay in the group.' },
  }),
  groupCheck('group.members-replace', 'PATCH replace the whole member list', 'RFC 7644 §3.5.2.3', 'replace a member list', membersReplace),
  groupCheck('group.rename', 'PATCH replace displayName renames the group', 'RFC 7644 §3.5.2.3', 'rename groups', rename, {
    profiles: ['rfc', 'entra', 'okta'],
    consequence: {
      entra: 'Group renames in Entra ID never reach the server.',
      okta: 'Group renames pushed from Okta never reach the server.',
    },
  }),
];

export const groupDeleteCheck: Check = groupCheck('group.delete', 'Deleting a group answers 204, then 404', 'RFC 7644 §3.6', 'delete groups', remove, {
  profiles: ['rfc', 'entra', 'okta'],
  consequence: {
    entra: 'Entra ID cannot remove groups it deprovisions: they stay on the server.',
    okta: 'Deleting a pushed group in Okta leaves it on the server.',
  },
});
