/**
 * The demo server's indexed in-memory store: resources by id, a case-insensitive index of the
 * unique attribute (userName, group displayName), the reverse membership index (member → groups)
 * behind the users' computed `groups`, and per-generation caches of sorted and filtered orders
 * that every write invalidates.
 */
import type { Dataset } from './seed';
import type { Rec, ResourceKind } from './types';

const CACHE_LIMIT = 32;

export class Table {
  private readonly byId = new Map<string, Rec>();
  private readonly unique = new Map<string, string>();
  private order: Rec[] | null = null;
  private readonly cache = new Map<string, Rec[]>();
  /** Bumped by every write; caches keyed by it are dropped. */
  generation = 0;

  constructor(
    readonly kind: ResourceKind,
    /** The attribute that is unique, case-insensitively. */
    readonly uniqueAttr: string,
  ) {}

  get size(): number {
    return this.byId.size;
  }

  get(id: string): Rec | undefined {
    return this.byId.get(id);
  }

  /** The resource's version number, from its meta.version (`W/"<n>"`). */
  version(id: string): number {
    const meta = this.byId.get(id)?.meta as Rec | undefined;
    const m = typeof meta?.version === 'string' ? /(\d+)"?$/.exec(meta.version) : null;
    return m ? Number(m[1]) : 1;
  }

  /** Bulk insert of freshly generated resources (ids and unique values already distinct). */
  load(recs: readonly Rec[]): void {
    for (const rec of recs) {
      this.byId.set(rec.id as string, rec);
      const value = rec[this.uniqueAttr];
      if (typeof value === 'string') this.unique.set(value.toLowerCase(), rec.id as string);
    }
    this.touch();
  }

  /** The id holding `value` for the unique attribute, case-insensitively. */
  idByUnique(value: string): string | undefined {
    return this.unique.get(value.toLowerCase());
  }

  /** All resources, in creation order. Cached until the next write. */
  all(): Rec[] {
    return (this.order ??= Array.from(this.byId.values()));
  }

  /** Inserts or replaces a resource (same id keeps its position); `rec.meta.version` carries its version. */
  put(rec: Rec): void {
    const id = rec.id as string;
    const previous = this.byId.get(id);
    if (previous) {
      const old = previous[this.uniqueAttr];
      if (typeof old === 'string' && this.unique.get(old.toLowerCase()) === id) this.unique.delete(old.toLowerCase());
    }
    this.byId.set(id, rec);
    const value = rec[this.uniqueAttr];
    if (typeof value === 'string') this.unique.set(value.toLowerCase(), id);
    this.touch();
  }

  remove(id: string): Rec | undefined {
    const rec = this.byId.get(id);
    if (!rec) return undefined;
    this.byId.delete(id);
    const value = rec[this.uniqueAttr];
    if (typeof value === 'string' && this.unique.get(value.toLowerCase()) === id) this.unique.delete(value.toLowerCase());
    this.touch();
    return rec;
  }

  /** Invalidates the derived orders (also used when computed attributes change). */
  touch(): void {
    this.generation++;
    this.order = null;
    this.cache.clear();
  }

  /** A derived ordering (sorted, filtered), computed once per generation. */
  cached(key: string, compute: () => Rec[]): Rec[] {
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const value = compute();
    this.cache.set(key, value);
    if (this.cache.size > CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
    return value;
  }
}

export interface MemberRef {
  value: string;
  type: 'User' | 'Group';
}

export class DemoStore {
  readonly users = new Table('User', 'userName');
  readonly groups = new Table('Group', 'displayName');
  /** userId → ids of the groups listing it as a direct member. Arrays: a user is in a handful of groups. */
  private readonly userGroups: Map<string, string[]>;
  /** groupId → ids of the groups listing it as a direct member (nested groups). */
  private readonly groupParents = new Map<string, string[]>();

  constructor(
    dataset: Dataset,
    readonly nextId: (kind: ResourceKind) => string,
  ) {
    this.users.load(dataset.users);
    this.groups.load(dataset.groups);
    // The generator hands over the reverse membership index it built (seeded groups list users only).
    this.userGroups = dataset.userGroups;
  }

  table(kind: ResourceKind): Table {
    return kind === 'User' ? this.users : this.groups;
  }

  /** Ids of the groups that list the user directly. */
  groupIdsOf(userId: string): readonly string[] | undefined {
    return this.userGroups.get(userId);
  }

  /** Ids of the groups that list `ref` directly. */
  parentsOf(ref: MemberRef): readonly string[] | undefined {
    return this.index(ref.type).get(ref.value);
  }

  putUser(rec: Rec): void {
    const previous = this.users.get(rec.id as string);
    this.users.put(rec);
    if (previous && previous.displayName !== rec.displayName) this.refreshMemberDisplay(rec, 'User');
  }

  putGroup(rec: Rec): void {
    const id = rec.id as string;
    const previous = this.groups.get(id);
    this.groups.put(rec);
    const after = Array.isArray(rec.members) ? (rec.members as Rec[]) : [];
    const before = previous && Array.isArray(previous.members) ? (previous.members as Rec[]) : [];
    if (!before.length && !after.length) return;
    const beforeKeys = new Set<string>();
    for (const m of before) beforeKeys.add(entryKey(m));
    const afterKeys = new Set<string>();
    for (const m of after) afterKeys.add(entryKey(m));
    for (const m of before) if (!afterKeys.has(entryKey(m))) unlink(this.index(memberType(m)), String(m.value), id);
    for (const m of after) if (!beforeKeys.has(entryKey(m))) link(this.index(memberType(m)), String(m.value), id);
    // The users' computed `groups` changed: drop their cached orders.
    this.users.touch();
    if (previous && previous.displayName !== rec.displayName) this.refreshMemberDisplay(rec, 'Group');
  }

  deleteUser(id: string): Rec | undefined {
    const rec = this.users.remove(id);
    if (rec) this.dropMember({ value: id, type: 'User' });
    return rec;
  }

  deleteGroup(id: string): Rec | undefined {
    const rec = this.groups.get(id);
    if (!rec) return undefined;
    this.putGroup({ ...rec, members: [] });
    this.groups.remove(id);
    this.dropMember({ value: id, type: 'Group' });
    this.groupParents.delete(id);
    return rec;
  }

  private index(type: 'User' | 'Group'): Map<string, string[]> {
    return type === 'Group' ? this.groupParents : this.userGroups;
  }

  /** Removes a deleted resource from every group that listed it, bumping those groups' versions. */
  private dropMember(ref: MemberRef): void {
    const parents = this.index(ref.type).get(ref.value);
    if (!parents) return;
    for (const gid of [...parents]) {
      const group = this.groups.get(gid);
      if (!group) continue;
      const members = (group.members as Rec[]).filter((m) => !(m.value === ref.value && memberType(m) === ref.type));
      this.putGroup(bumpMeta({ ...group, members }, this.groups.version(gid) + 1));
    }
    this.index(ref.type).delete(ref.value);
  }

  /** Keeps members' `display` in step with a renamed user or group. */
  private refreshMemberDisplay(rec: Rec, type: 'User' | 'Group'): void {
    const id = rec.id as string;
    const parents = this.index(type).get(id);
    if (!parents) return;
    for (const gid of parents) {
      const group = this.groups.get(gid);
      if (!group) continue;
      const members = (group.members as Rec[]).map((m) => (m.value === id && memberType(m) === type ? { ...m, display: rec.displayName } : m));
      this.groups.put(bumpMeta({ ...group, members }, this.groups.version(gid) + 1));
    }
  }
}

function link(index: Map<string, string[]>, member: string, groupId: string): void {
  const list = index.get(member);
  if (!list) index.set(member, [groupId]);
  else if (!list.includes(groupId)) list.push(groupId);
}

function unlink(index: Map<string, string[]>, member: string, groupId: string): void {
  const list = index.get(member);
  const at = list ? list.indexOf(groupId) : -1;
  if (at >= 0) list!.splice(at, 1);
}

export const memberType = (m: Rec): 'User' | 'Group' => {
  const t = m.type;
  return t === 'User' || typeof t !== 'string' ? 'User' : t === 'Group' || t.toLowerCase() === 'group' ? 'Group' : 'User';
};
/** A member's identity; user ids stand for themselves (no allocation), group ids get a prefix. */
const entryKey = (m: Rec): string => (memberType(m) === 'Group' ? `group:${String(m.value)}` : String(m.value));

/** A copy of `rec` with meta.version and meta.lastModified updated. */
export function bumpMeta(rec: Rec, version: number, now = new Date().toISOString()): Rec {
  const meta = { ...(rec.meta as Rec), lastModified: now, version: `W/"${version}"` };
  return { ...rec, meta };
}
