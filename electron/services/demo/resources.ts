/**
 * The RFC 7644 core: list/search (filter, sort, index and cursor paging), read, create, replace,
 * patch and delete, with ETags, uniqueness and mutability. Personas adapt its answers; they never
 * re-implement it.
 */
import type { FilterNode } from '../../../shared/filter';
import { applyPatch, normalizeOpName, PatchError, type PatchOperation } from '../../../shared/patch';
import { createAttributeResolver, splitAttributePath, type AttributeResolver, type ScimSchema } from '../../../shared/scim';
import { buildProjection, DEFAULT_PROJECTION, needsDefaultProjection, project, projectsAttribute, type Projection, type ProjectionContext } from './projection';
import { applyFilter, compileOr400, filterMentions, fnv1a, paginate, sortRecords, type Page } from './query';
import { memberType, type DemoStore, type Table } from './store';
import { ScimError, notFound, type Rec, type ResourceKind } from './types';
import { checkImmutable, sanitizeResource, type SchemaSet } from './validate';

export interface CoreConfig {
  schemaSets: Record<ResourceKind, SchemaSet>;
  /** Every schema (for attribute lookups). */
  schemas: readonly ScimSchema[];
  /** RFC strictness: request bodies must carry the right `schemas`. */
  strict: boolean;
  /** Whether users carry the computed `groups` attribute. */
  userGroups: boolean;
  /** Turns a filter parameter into a filter, `null` to ignore it; throws ScimError to refuse it. */
  filterPolicy: (text: string, kind: ResourceKind) => FilterNode | null;
  urlFor: (kind: ResourceKind, id: string) => string;
  maxResults: number;
  defaultCount: number;
}

export interface ListParams {
  filter?: string;
  sortBy?: string;
  sortOrder?: 'ascending' | 'descending';
  startIndex?: number;
  count?: number;
  cursor?: string;
  attributes?: string[];
  excludedAttributes?: string[];
}

export interface ListOutcome extends Page {
  resources: Rec[];
}

export interface Written {
  rec: Rec;
  etag: string;
  location: string;
}

export const etagOf = (version: number) => `W/"${version}"`;
const opaque = (tag: string) => tag.trim().replace(/^W\//, '');

/** Whether an If-Match / If-None-Match header value matches `etag` (weak comparison). */
export function etagMatches(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  const want = opaque(etag);
  return header.split(',').some((t) => opaque(t) === want);
}

export class ScimCore {
  private readonly resolvers: Record<ResourceKind, AttributeResolver>;
  private readonly projectionCtx: Record<ResourceKind, ProjectionContext>;
  private readonly hidden: Record<ResourceKind, Set<string>>;
  private readonly compiled = new Map<string, (r: Rec) => boolean>();

  constructor(
    readonly store: DemoStore,
    readonly config: CoreConfig,
  ) {
    const mk = (kind: ResourceKind) => {
      const set = config.schemaSets[kind];
      return createAttributeResolver([set.core, ...set.extensions, ...config.schemas.filter((s) => s.id !== set.core.id)], set.core.id);
    };
    this.resolvers = { User: mk('User'), Group: mk('Group') };
    const ctx = (kind: ResourceKind): ProjectionContext => ({
      resolve: this.resolvers[kind],
      coreUrn: config.schemaSets[kind].core.id,
      schemaUrns: [config.schemaSets[kind].core.id, ...config.schemaSets[kind].extensions.map((e) => e.id)],
    });
    this.projectionCtx = { User: ctx('User'), Group: ctx('Group') };
    const hiddenOf = (kind: ResourceKind) =>
      new Set(config.schemaSets[kind].core.attributes.filter((a) => a.returned === 'never' || a.returned === 'request').map((a) => a.name));
    this.hidden = { User: hiddenOf('User'), Group: hiddenOf('Group') };
  }

  resolver(kind: ResourceKind): AttributeResolver {
    return this.resolvers[kind];
  }

  projection(kind: ResourceKind, attributes?: string[], excluded?: string[]): Projection {
    return buildProjection(attributes, excluded, this.projectionCtx[kind]);
  }

  // ---- reading ------------------------------------------------------------------------------

  /** The user's computed `groups`: direct memberships, plus indirect ones through nested groups. */
  groupsOf(userId: string): Rec[] {
    const direct = this.store.groupIdsOf(userId);
    if (!direct?.length) return [];
    const out: Rec[] = [];
    const seen = new Set<string>();
    const queue: Array<[string, 'direct' | 'indirect']> = [...direct].map((g) => [g, 'direct']);
    while (queue.length) {
      const [gid, type] = queue.shift()!;
      if (seen.has(gid)) continue;
      seen.add(gid);
      const g = this.store.groups.get(gid);
      if (!g) continue;
      out.push({ value: gid, $ref: this.config.urlFor('Group', gid), display: g.displayName, type });
      for (const parent of this.store.parentsOf({ value: gid, type: 'Group' }) ?? []) queue.push([parent, 'indirect']);
    }
    return out;
  }

  /** A user with its computed `groups` (for filters and sorts that read them). */
  private withGroups = (r: Rec): Rec => {
    const groups = this.groupsOf(r.id as string);
    return groups.length ? { ...r, groups } : r;
  };

  /** The representation of a stored resource under a projection. */
  render(kind: ResourceKind, rec: Rec, p: Projection = DEFAULT_PROJECTION): Rec {
    let base = rec;
    if (kind === 'User' && this.config.userGroups && projectsAttribute(p, 'groups')) {
      const groups = this.groupsOf(rec.id as string);
      if (groups.length) {
        const { meta, ...rest } = rec;
        base = meta === undefined ? { ...rest, groups } : { ...rest, groups, meta };
      }
    }
    if (p.mode === 'default' && !needsDefaultProjection(base, this.hidden[kind])) return base;
    return project(base, p, this.projectionCtx[kind]);
  }

  private compile(kind: ResourceKind, text: string, node: FilterNode): (r: Rec) => boolean {
    const key = `${kind}\u0000${text}`;
    let fn = this.compiled.get(key);
    if (!fn) {
      fn = compileOr400(node, this.resolvers[kind]);
      if (this.compiled.size > 256) this.compiled.clear();
      this.compiled.set(key, fn);
    }
    return fn;
  }

  /** The matching resources of one kind, filtered then sorted, cached per store generation. */
  private select(kind: ResourceKind, params: ListParams): Rec[] {
    const table = this.store.table(kind);
    const node = params.filter !== undefined && params.filter.trim() !== '' ? this.config.filterPolicy(params.filter, kind) : null;
    const sortPath = params.sortBy ? this.sortPath(kind, params.sortBy) : undefined;
    const descending = params.sortOrder === 'descending';
    const sortKey = sortPath ? `${sortPath.uri ?? ''}:${sortPath.name}.${sortPath.sub ?? ''}:${descending ? 'd' : 'a'}`.toLowerCase() : '';
    const sorted = sortPath
      ? table.cached(`s|${sortKey}`, () => sortRecords(table.all(), sortPath, descending, this.resolvers[kind], this.viewFor(kind, sortPath.name)))
      : table.all();
    if (!node) return sorted;
    return table.cached(`f|${params.filter}|${sortKey}`, () => {
      const fast = kind === 'Group' ? this.memberFastPath(node, sorted) : undefined;
      if (fast) return fast;
      const test = this.compile(kind, params.filter!, node);
      const needsGroups = kind === 'User' && this.config.userGroups && filterMentions(node, 'groups', this.config.schemaSets.User.core.id);
      return applyFilter(sorted, test, needsGroups ? this.withGroups : undefined);
    });
  }

  private viewFor(kind: ResourceKind, name: string): ((r: Rec) => Rec) | undefined {
    return kind === 'User' && this.config.userGroups && name.toLowerCase() === 'groups' ? this.withGroups : undefined;
  }

  private sortPath(kind: ResourceKind, sortBy: string) {
    try {
      const path = splitAttributePath(sortBy, this.projectionCtx[kind].schemaUrns);
      if (!path.name) throw new Error('a schema is not an attribute');
      // A core schema URN qualifies a top-level attribute (RFC 7644 §3.10).
      if (path.uri && path.uri.toLowerCase() === this.config.schemaSets[kind].core.id.toLowerCase()) delete path.uri;
      return path;
    } catch {
      throw new ScimError(400, `Invalid sortBy ${JSON.stringify(sortBy)}`, 'invalidValue');
    }
  }

  /** `members.value eq "<id>"` answered from the reverse membership index instead of scanning members. */
  private memberFastPath(node: FilterNode, ordered: Rec[]): Rec[] | undefined {
    if (node.kind !== 'compare' || node.op !== 'eq' || typeof node.value !== 'string') return undefined;
    const p = node.path;
    if (p.name.toLowerCase() !== 'members' || p.sub?.toLowerCase() !== 'value') return undefined;
    if (p.uri && p.uri.toLowerCase() !== this.config.schemaSets.Group.core.id.toLowerCase()) return undefined;
    const ids = new Set([
      ...(this.store.parentsOf({ value: node.value, type: 'User' }) ?? []),
      ...(this.store.parentsOf({ value: node.value, type: 'Group' }) ?? []),
    ]);
    return ordered.filter((g) => ids.has(g.id as string));
  }

  /** GET /Users, /Groups and their POST /.search. */
  list(kind: ResourceKind, params: ListParams): ListOutcome {
    const p = this.projection(kind, params.attributes, params.excludedAttributes);
    const all = this.select(kind, params);
    const page = paginate(all, this.pageRequest(kind, params));
    return { ...page, resources: page.items.map((r) => this.render(kind, r, p)) };
  }

  /** Root-level search over users and groups (RFC 7644 §3.4.2.1, §3.4.3). */
  listAll(params: ListParams): ListOutcome {
    const kinds: ResourceKind[] = ['User', 'Group'];
    const ps = {
      User: this.projection('User', params.attributes, params.excludedAttributes),
      Group: this.projection('Group', params.attributes, params.excludedAttributes),
    };
    const tagged = new Map<Rec, ResourceKind>();
    let all: Rec[] = [];
    for (const kind of kinds) {
      const recs = this.select(kind, { ...params, sortBy: undefined });
      for (const r of recs) tagged.set(r, kind);
      all = all.concat(recs);
    }
    if (params.sortBy) {
      const path = this.sortPath('User', params.sortBy);
      const resolve: AttributeResolver = (a, parent) => this.resolvers.User(a, parent) ?? this.resolvers.Group(a, parent);
      all = sortRecords(all, path, params.sortOrder === 'descending', resolve);
    }
    const page = paginate(all, this.pageRequest('all', params));
    return { ...page, resources: page.items.map((r) => this.render(tagged.get(r)!, r, ps[tagged.get(r)!])) };
  }

  private pageRequest(kind: ResourceKind | 'all', params: ListParams) {
    return {
      startIndex: params.startIndex,
      count: params.count,
      cursor: params.cursor,
      fingerprint: fnv1a(`${kind}|${params.filter ?? ''}|${params.sortBy ?? ''}|${params.sortOrder ?? ''}`),
      maxResults: this.config.maxResults,
      defaultCount: this.config.defaultCount,
    };
  }

  get(kind: ResourceKind, id: string): { rec: Rec; etag: string } {
    const table = this.store.table(kind);
    const rec = table.get(id);
    if (!rec) throw notFound(kind, id);
    return { rec, etag: etagOf(table.version(id)) };
  }

  // ---- writing ------------------------------------------------------------------------------

  private checkIfMatch(table: Table, id: string, ifMatch: string | undefined): void {
    if (ifMatch === undefined) return;
    const etag = etagOf(table.version(id));
    if (!etagMatches(ifMatch, etag)) {
      throw new ScimError(412, `Precondition failed: the resource's version is ${etag}, not ${ifMatch}`, undefined, {
        resource: table.kind,
        headers: { ETag: etag },
      });
    }
  }

  private checkUnique(kind: ResourceKind, rec: Rec, selfId?: string): void {
    const table = this.store.table(kind);
    const value = rec[table.uniqueAttr];
    if (typeof value !== 'string' || !value.trim()) {
      throw new ScimError(400, `Attribute "${table.uniqueAttr}" is required`, 'invalidValue', { resource: kind });
    }
    const holder = table.idByUnique(value);
    if (holder !== undefined && holder !== selfId) {
      throw new ScimError(409, `${table.uniqueAttr} ${JSON.stringify(value)} is already in use`, 'uniqueness', { resource: kind });
    }
  }

  /** Canonical member entries, shared across groups (frozen: writes replace them, never edit them). */
  private readonly entries = { User: new Map<string, Rec>(), Group: new Map<string, Rec>() };

  private entryFor(type: 'User' | 'Group', id: string, target: Rec): Rec {
    const cached = this.entries[type].get(id);
    if (cached && cached.display === target.displayName) return cached;
    const entry = Object.freeze({ value: id, display: target.displayName, type, $ref: this.config.urlFor(type, id) });
    this.entries[type].set(id, entry);
    return entry;
  }

  /** Canonical member entries: existing targets only, with display, type and $ref; duplicates dropped. */
  private normalizeMembers(groupId: string, members: unknown): Rec[] | undefined {
    if (!Array.isArray(members)) return undefined;
    const out: Rec[] = [];
    const seenUsers = new Set<string>();
    const seenGroups = new Set<string>();
    for (const m of members as Rec[]) {
      const value = typeof m.value === 'number' ? String(m.value) : m.value;
      if (typeof value !== 'string' || !value) throw new ScimError(400, 'Every member needs a "value"', 'invalidValue', { resource: 'Group' });
      const declared = typeof m.type === 'string' ? memberType(m) : undefined;
      const user = declared !== 'Group' ? this.store.users.get(value) : undefined;
      const group = !user && declared !== 'User' ? this.store.groups.get(value) : undefined;
      if (user) {
        if (seenUsers.has(value)) continue;
        seenUsers.add(value);
        out.push(this.entryFor('User', value, user));
      } else if (group) {
        if (value === groupId) throw new ScimError(400, 'A group cannot be a member of itself', 'invalidValue', { resource: 'Group' });
        if (seenGroups.has(value)) continue;
        seenGroups.add(value);
        out.push(this.entryFor('Group', value, group));
      } else {
        throw new ScimError(400, `Member ${JSON.stringify(value)} does not exist`, 'invalidValue', { resource: 'Group' });
      }
    }
    return out;
  }

  /** Fills the readOnly manager.displayName and manager.$ref from the referenced user. */
  private completeUser(rec: Rec): void {
    for (const ext of this.config.schemaSets.User.extensions) {
      const e = rec[ext.id] as Rec | undefined;
      const manager = e?.manager as Rec | undefined;
      if (!manager || typeof manager.value !== 'string') continue;
      const target = this.store.users.get(manager.value);
      if (target) e!.manager = { value: manager.value, $ref: this.config.urlFor('User', manager.value), displayName: target.displayName };
    }
  }

  /** Assembles a stored resource: schemas, id, externalId, attributes…, meta. */
  private assemble(kind: ResourceKind, id: string, clean: Rec, meta: Rec): Rec {
    const { schemas, externalId, ...rest } = clean;
    const rec: Rec = { schemas, id };
    if (externalId !== undefined) rec.externalId = externalId;
    Object.assign(rec, rest);
    if (kind === 'Group') {
      const members = this.normalizeMembers(id, rec.members);
      if (members?.length) rec.members = members;
      else delete rec.members;
    } else {
      this.completeUser(rec);
    }
    rec.meta = meta;
    return rec;
  }

  create(kind: ResourceKind, body: unknown): Written {
    const set = this.config.schemaSets[kind];
    const clean = sanitizeResource(body, set, this.config.strict);
    this.checkUnique(kind, clean);
    const id = this.store.nextId(kind);
    const now = new Date().toISOString();
    const location = this.config.urlFor(kind, id);
    const rec = this.assemble(kind, id, clean, { resourceType: kind, created: now, lastModified: now, location, version: etagOf(1) });
    this.put(kind, rec);
    return { rec, etag: etagOf(1), location };
  }

  replace(kind: ResourceKind, id: string, body: unknown, ifMatch?: string): Written {
    const table = this.store.table(kind);
    const existing = table.get(id);
    if (!existing) throw notFound(kind, id);
    this.checkIfMatch(table, id, ifMatch);
    const set = this.config.schemaSets[kind];
    const clean = sanitizeResource(body, set, this.config.strict);
    return this.commit(kind, existing, clean);
  }

  patch(kind: ResourceKind, id: string, operations: unknown, ifMatch?: string): Written {
    const table = this.store.table(kind);
    const existing = table.get(id);
    if (!existing) throw notFound(kind, id);
    this.checkIfMatch(table, id, ifMatch);
    if (!Array.isArray(operations) || operations.length === 0) {
      throw new ScimError(400, 'The PatchOp needs a non-empty "Operations" array', 'invalidSyntax', { resource: kind });
    }
    const ops: PatchOperation[] = operations.map((raw, i) => {
      if (typeof raw !== 'object' || raw === null) throw new ScimError(400, `Operation ${i}: not an object`, 'invalidSyntax');
      const o = raw as Rec;
      const op = typeof o.op === 'string' ? normalizeOpName(o.op) : undefined;
      if (!op) throw new ScimError(400, `Operation ${i}: unknown op ${JSON.stringify(o.op)}`, 'invalidSyntax');
      if (o.path !== undefined && typeof o.path !== 'string') throw new ScimError(400, `Operation ${i}: "path" must be a string`, 'invalidPath');
      const out: PatchOperation = { op };
      if (typeof o.path === 'string' && o.path.trim() !== '') out.path = o.path;
      if ('value' in o) out.value = o.value;
      return out;
    });
    const resolve = this.resolvers[kind];
    let patched: Rec;
    try {
      patched = applyPatch(existing, ops, { lookup: resolve, isReadOnly: (p) => resolve(p)?.mutability === 'readOnly' });
    } catch (err) {
      if (err instanceof PatchError) throw new ScimError(400, err.message, err.scimType, { resource: kind });
      throw err;
    }
    const clean = sanitizeResource(patched, this.config.schemaSets[kind], false);
    return this.commit(kind, existing, clean);
  }

  private commit(kind: ResourceKind, existing: Rec, clean: Rec): Written {
    const table = this.store.table(kind);
    const id = existing.id as string;
    checkImmutable(existing, clean, this.config.schemaSets[kind]);
    this.checkUnique(kind, clean, id);
    const version = table.version(id) + 1;
    const location = this.config.urlFor(kind, id);
    const meta = { ...(existing.meta as Rec), lastModified: new Date().toISOString(), location, version: etagOf(version) };
    const rec = this.assemble(kind, id, clean, meta);
    this.put(kind, rec);
    return { rec, etag: etagOf(version), location };
  }

  private put(kind: ResourceKind, rec: Rec): void {
    if (kind === 'User') this.store.putUser(rec);
    else this.store.putGroup(rec);
  }

  remove(kind: ResourceKind, id: string, ifMatch?: string): Rec {
    const table = this.store.table(kind);
    const existing = table.get(id);
    if (!existing) throw notFound(kind, id);
    this.checkIfMatch(table, id, ifMatch);
    const rendered = this.render(kind, existing);
    if (kind === 'User') this.store.deleteUser(id);
    else this.store.deleteGroup(id);
    return rendered;
  }
}
