/**
 * Group membership changes as both sides need them: the renderer plans and shows the requests, the
 * main side's membership job sends them (splitting one the server refuses as too large) and checks
 * what was stored. Pure: no Node, no DOM.
 */
import { printFilter } from '../filter';
import { findKey, isJsonObject } from '../filter/resource-access';
import type { PatchOperation } from '../patch';
import { withoutKeys } from './writable';

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
  operations: PatchOperation[];
  /** Member sub-attributes left out because the server's schema marks them readOnly. */
  readOnly?: string[];
}

type Resource = Record<string, unknown>;

/** The PATCH path of one member (`members[value eq "<id>"]`, RFC 7644 §3.5.2.2), printed from the filter AST. */
export const memberValuePath = (memberId: string): string =>
  printFilter({ kind: 'valuePath', path: { name: 'members' }, filter: { kind: 'compare', path: { name: 'value' }, op: 'eq', value: memberId } });

/** Multi-valued references (`members`, `groups`) as member entries, skipping entries without a value; undefined when absent. */
export function refsIn(resource: Resource, attribute: 'members' | 'groups'): MemberRef[] | undefined {
  const raw = resource[findKey(resource, attribute) ?? attribute];
  if (!Array.isArray(raw)) return undefined;
  const out: MemberRef[] = [];
  for (const entry of raw) {
    if (!isJsonObject(entry)) continue;
    const value = entry[findKey(entry, 'value') ?? 'value'];
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    const display = entry[findKey(entry, 'display') ?? 'display'];
    const type = entry[findKey(entry, 'type') ?? 'type'];
    out.push({ value: String(value), ...(typeof display === 'string' && display ? { display } : {}), ...(typeof type === 'string' ? { type } : {}) });
  }
  return out;
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
  const readOnly = [...(options.readOnly ?? [])];
  if (!options.patch) return [{ ...base, kind: 'put', add, remove, operations: memberOps(add, remove, readOnly), readOnly }];
  const size = Math.max(1, Math.floor(options.chunkSize));
  const entries: Array<{ ref: MemberRef; adding: boolean }> = [...add.map((ref) => ({ ref, adding: true })), ...remove.map((ref) => ({ ref, adding: false }))];
  const out: PlannedRequest[] = [];
  for (let i = 0; i < entries.length; i += size) {
    const slice = entries.slice(i, i + size);
    const chunkAdd = slice.filter((e) => e.adding).map((e) => e.ref);
    const chunkRemove = slice.filter((e) => !e.adding).map((e) => e.ref);
    out.push({ ...base, kind: 'patch', add: chunkAdd, remove: chunkRemove, operations: memberOps(chunkAdd, chunkRemove, readOnly), readOnly });
  }
  return out;
}

/**
 * A request split in two halves (after a 413 Payload Too Large), or undefined when it cannot be split
 * further. Deterministic: a resumed job recomputes the same halves from the same request.
 */
export function halve(request: PlannedRequest): [PlannedRequest, PlannedRequest] | undefined {
  const total = request.add.length + request.remove.length;
  if (request.kind !== 'patch' || total < 2) return undefined;
  const [first, second] = planRequests(
    { groupId: request.groupId, groupName: request.groupName, add: request.add, remove: request.remove },
    { patch: true, chunkSize: Math.ceil(total / 2), readOnly: request.readOnly },
  );
  return first && second ? [first, second] : undefined;
}

/** The PUT body for servers without PATCH: the group as read (meta dropped), with its members changed. */
export function putBody(group: Resource, request: PlannedRequest): Resource {
  const current = refsIn(group, 'members') ?? [];
  const removed = new Set(request.remove.map((r) => r.value));
  const kept = current.filter((m) => !removed.has(m.value));
  const added = request.add.filter((a) => !kept.some((m) => m.value === a.value));
  const members = [...kept, ...added].map((m) => memberValue(m, request.readOnly ?? [], true));
  const body: Resource = { ...group };
  delete body[findKey(body, 'meta') ?? 'meta'];
  return { ...body, [findKey(group, 'members') ?? 'members']: members };
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
