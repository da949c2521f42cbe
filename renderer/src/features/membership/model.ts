/**
 * Group membership as SCIM servers allow it to be read and changed: which requests list a group's
 * members without one 10,000-member response, and which PATCH (or PUT) requests carry a change.
 */
import type { Capabilities, ScimResource } from '../../../../shared/contract';
import type { PatchOperation } from '../../../../shared/patch';
import { withoutKeys } from '../../../../shared/scim';
import { usersHaveGroups } from '../../scim/capabilities';
import { memberValuePath } from '../../scim/filters';
import { isObject, keyOf, nameOf, withoutMeta } from '../detail/model';

/** A member or a group as the workbench shows it: ids are text (servers send numbers too). */
export interface MemberRef {
  value: string;
  display?: string;
  /** "User" or "Group" where the server says. */
  type?: string;
}

export interface MembershipChange {
  groupId: string | number;
  groupName: string;
  add: MemberRef[];
  remove: MemberRef[];
}

/** One request of a change: a chunk of it as PATCH operations, or (servers without PATCH) a PUT of the whole group. */
export interface PlannedRequest {
  kind: 'patch' | 'put';
  groupId: string | number;
  groupName: string;
  add: MemberRef[];
  remove: MemberRef[];
  /** The PATCH operations (also shown for PUT, as what the PUT body changes). */
  ops: PatchOperation[];
  /** Member sub-attributes left out because the server's schema marks them readOnly. */
  readOnly?: readonly string[];
}

/** Without a limit stated by the server, members per request; editable before sending, halved on a 413. */
export const DEFAULT_CHUNK_SIZE = 1000;
export const MEMBER_PAGE_SIZE = 50;

/** Attributes asked for when members are listed as Users: `groups` is there so the local filter check can run. */
export const MEMBER_USER_ATTRIBUTES = ['userName', 'displayName', 'name', 'emails', 'active', 'groups'];

export const idText = (resource: ScimResource): string => (typeof resource.id === 'string' || typeof resource.id === 'number' ? String(resource.id) : '');

/** A user (or group) as a member entry: its id and the name people know it by (`display` is conventionally displayName). */
export function refOf(resource: ScimResource): MemberRef {
  const displayName = resource[keyOf(resource, 'displayName')];
  const display = typeof displayName === 'string' && displayName ? displayName : nameOf(resource);
  return { value: idText(resource), ...(display ? { display } : {}) };
}

/** Multi-valued references (`members`, `groups`) as member entries, skipping entries without a value. */
export function refsIn(resource: ScimResource, attribute: 'members' | 'groups'): MemberRef[] | undefined {
  const raw = resource[keyOf(resource, attribute)];
  if (!Array.isArray(raw)) return undefined;
  const out: MemberRef[] = [];
  for (const entry of raw) {
    if (!isObject(entry)) continue;
    const value = entry[keyOf(entry, 'value')];
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    const display = entry[keyOf(entry, 'display')];
    const type = entry[keyOf(entry, 'type')];
    out.push({ value: String(value), ...(typeof display === 'string' && display ? { display } : {}), ...(typeof type === 'string' ? { type } : {}) });
  }
  return out;
}

/**
 * A group's members can be paged by the server by searching Users with `groups.value eq "<id>"`
 * when users carry `groups` and the server filters; otherwise the group is read with only its members.
 */
export function canPageMembersAsUsers(capabilities: Capabilities): boolean {
  return capabilities.filter.supported !== false && usersHaveGroups(capabilities);
}

/** Case-insensitive search over display names and ids, for member lists held in memory. */
export function searchRefs(refs: readonly MemberRef[], query: string): MemberRef[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...refs];
  return refs.filter((r) => r.value.toLowerCase().includes(q) || (r.display?.toLowerCase().includes(q) ?? false));
}

/** Whether a group resource lists `memberId` in `members` (undefined when it carries no members at all). */
export function listsMember(group: ScimResource, memberId: string): boolean | undefined {
  const members = refsIn(group, 'members');
  return members ? members.some((m) => m.value === memberId) : undefined;
}

/** A member entry as sent: without the sub-attributes the server's schema marks readOnly (e.g. `display`). */
function memberValue(m: MemberRef, readOnly: readonly string[], withType = false): Record<string, unknown> {
  return withoutKeys({ value: m.value, ...(m.display ? { display: m.display } : {}), ...(withType && m.type ? { type: m.type } : {}) }, readOnly);
}

/**
 * The PatchOp operations of a membership change: one `add` of every new member, a `remove` per member
 * by value filter. `readOnly` names member sub-attributes the server computes itself, left out.
 */
export function memberOps(add: readonly MemberRef[], remove: readonly MemberRef[], readOnly: readonly string[] = []): PatchOperation[] {
  const ops: PatchOperation[] = [];
  if (add.length) ops.push({ op: 'add', path: 'members', value: add.map((m) => memberValue(m, readOnly)) });
  for (const m of remove) ops.push({ op: 'remove', path: memberValuePath(m.value) });
  return ops;
}

/**
 * The requests of a change: one PATCH when it fits in `chunkSize` members, else PATCHes of at most
 * `chunkSize` members each (adds first); a single PUT where the server has no PATCH.
 */
export function planRequests(change: MembershipChange, options: { patch: boolean; chunkSize: number; readOnly?: readonly string[] }): PlannedRequest[] {
  const add = dedupe(change.add);
  const remove = dedupe(change.remove).filter((r) => !add.some((a) => a.value === r.value));
  if (add.length + remove.length === 0) return [];
  const base = { groupId: change.groupId, groupName: change.groupName };
  const readOnly = options.readOnly ?? [];
  if (!options.patch) return [{ ...base, kind: 'put', add, remove, ops: memberOps(add, remove, readOnly), readOnly }];
  const size = Math.max(1, Math.floor(options.chunkSize));
  const entries: Array<{ ref: MemberRef; adding: boolean }> = [...add.map((ref) => ({ ref, adding: true })), ...remove.map((ref) => ({ ref, adding: false }))];
  const out: PlannedRequest[] = [];
  for (let i = 0; i < entries.length; i += size) {
    const slice = entries.slice(i, i + size);
    const chunkAdd = slice.filter((e) => e.adding).map((e) => e.ref);
    const chunkRemove = slice.filter((e) => !e.adding).map((e) => e.ref);
    out.push({ ...base, kind: 'patch', add: chunkAdd, remove: chunkRemove, ops: memberOps(chunkAdd, chunkRemove, readOnly), readOnly });
  }
  return out;
}

/** A request split in two halves (after a 413 Payload Too Large), or undefined when it cannot be split further. */
export function halve(request: PlannedRequest): [PlannedRequest, PlannedRequest] | undefined {
  const total = request.add.length + request.remove.length;
  if (request.kind !== 'patch' || total < 2) return undefined;
  const [first, second] = planRequests({ groupId: request.groupId, groupName: request.groupName, add: request.add, remove: request.remove }, { patch: true, chunkSize: Math.ceil(total / 2), readOnly: request.readOnly });
  return first && second ? [first, second] : undefined;
}

/** The PUT body for a servers without PATCH: the group as read, with its members changed. */
export function putBody(group: ScimResource, request: PlannedRequest): ScimResource {
  const current = refsIn(group, 'members') ?? [];
  const removed = new Set(request.remove.map((r) => r.value));
  const kept = current.filter((m) => !removed.has(m.value));
  const added = request.add.filter((a) => !kept.some((m) => m.value === a.value));
  const members = [...kept, ...added].map((m) => memberValue(m, request.readOnly ?? [], true));
  return { ...withoutMeta(group), [keyOf(group, 'members')]: members };
}

export interface Verification {
  /** Asked to be added, not found afterwards. */
  missing: MemberRef[];
  /** Asked to be removed, still there afterwards. */
  remaining: MemberRef[];
  checked: number;
}

/** What the server stored against what was asked, given which of the changed ids are present afterwards. */
export function verify(add: readonly MemberRef[], remove: readonly MemberRef[], present: ReadonlySet<string>): Verification {
  return {
    missing: add.filter((m) => !present.has(m.value)),
    remaining: remove.filter((m) => present.has(m.value)),
    checked: add.length + remove.length,
  };
}

export const describeRef = (ref: MemberRef): string => (ref.display ? `${ref.display} (${ref.value})` : ref.value);

function dedupe(refs: readonly MemberRef[]): MemberRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => (seen.has(r.value) ? false : (seen.add(r.value), true)));
}
