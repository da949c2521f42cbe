/**
 * A real third-party SCIM 2.0 service provider for tests: the `scimmy` + `scimmy-routers` npm packages
 * (https://github.com/scimmyjs) mounted in an Express app on loopback, backed by an in-memory store.
 *
 * It runs beside our own demo server as a peer we did not write, so the GUI can be exercised against
 * somebody else's reading of RFC 7643/7644, quirks included. We only supply what SCIMMY asks an
 * implementer for: the ingress/egress/degress handlers, the bearer-token check and the service
 * provider config. Everything on the wire (routing, JSON coercion, filtering, PATCH, ListResponse
 * paging and sorting, errors) is SCIMMY's own.
 *
 * How SCIMMY is wired (read from node_modules/scimmy/dist/lib/*.js and scimmy-routers/dist/routers.js):
 * - `SCIMMY.Resources.declare(...)` and the handlers set with `.ingress/.egress/.degress` are
 *   process-global statics, so they are installed once per module instance and are generic: the
 *   per-server store travels in the `ctx` argument, produced by the router's `context(req)` option.
 * - `SCIMMY.Config` is process-global too. `new SCIMMYRouters()` calls `Config.set({patch, filter,
 *   sort, bulk: true, authenticationSchemes: [...]})`, and `authenticationSchemes` is *appended to*,
 *   not replaced, so we reset it before every router and restate the config we really support after.
 * - Egress gets the resource instance: `resource.id` (single read; SCIMMY also sets
 *   `resource.filter` to `id eq "<id>"`), `resource.filter` (a `SCIMMY.Types.Filter`, whose
 *   `match(values)` filters plain objects), and `resource.constraints` ({sortBy, sortOrder,
 *   startIndex, count}). The constraints are *not* for the handler: SCIMMY builds the ListResponse
 *   from whatever array egress returns with `new ListResponse(list, resource.constraints)`, and that
 *   constructor sorts, slices from startIndex and truncates to count itself, with `totalResults`
 *   = the array's length (a handler has no way to pass a separate total). So egress returns the
 *   whole filtered set, unpaged and unsorted, and SCIMMY honours the constraints.
 * - Resource `basepath` (used for meta.location) is also a global static, re-set by the router
 *   middleware at the start of each request. With several SCIMMY servers in one process, requests
 *   to them that are *in flight at the same time* can get each other's host:port in meta.location.
 *   Requests issued one after another (the usual test) are unaffected.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import SCIMMY from 'scimmy';
import SCIMMYRouters from 'scimmy-routers';

export type ScimRecord = Record<string, unknown>;

export interface ScimmyStore {
  users: Map<string, ScimRecord>;
  groups: Map<string, ScimRecord>;
}

export interface ScimmyServer {
  /** e.g. http://127.0.0.1:PORT/scim */
  baseUrl: string;
  /** The bearer token the server accepts. */
  token: string;
  close(): Promise<void>;
  store: ScimmyStore;
}

export interface ScimmyServerOptions {
  /** Bearer token to accept; default 'scimmy-test-token'. */
  token?: string;
  /** Seeded users; default 25. */
  users?: number;
  /** Seeded groups; default 3. */
  groups?: number;
  /**
   * Leave meta.location relative ("/scim/Users/<id>"), which is what scimmy-routers does when no
   * `baseUri` is configured (an RFC 7643 §3.1 deviation: location is meant to be the full URI).
   * Default false: locations are absolute, http://127.0.0.1:PORT/scim/...
   */
  relativeLocations?: boolean;
  /**
   * Leave scimmy-routers' Express 5 incompatibility in place: it casts `startIndex`/`count` to
   * numbers by assigning into `req.query`, but Express 5 re-parses `req.query` on every read, so the
   * cast is lost, SCIMMY sees strings, drops them, and paging is silently ignored (every list is
   * startIndex=1, itemsPerPage=20). Default false: a small middleware makes `req.query` a plain,
   * writable object first, as a deployer on Express 5 would have to.
   */
  express5QueryBug?: boolean;
}

export const DEFAULT_SCIMMY_TOKEN = 'scimmy-test-token';

const ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** What the router's `context` hands every handler: the store of the server the request came to. */
interface ServerContext {
  readonly brand: typeof CONTEXT_BRAND;
  readonly store: ScimmyStore;
}
const CONTEXT_BRAND = Symbol('scimmy-server-context');

function storeOf(ctx: unknown): ScimmyStore {
  if (typeof ctx === 'object' && ctx !== null && (ctx as ServerContext).brand === CONTEXT_BRAND) return (ctx as ServerContext).store;
  throw scimError(500, null, 'SCIMMY handler called without a scimmy-server context');
}

function scimError(status: number, scimType: string | null, message: string): Error {
  // SCIMMY's d.ts types scimType as string, but its runtime (and ErrorResponse) accept null for "none".
  return new SCIMMY.Types.Error(status, scimType as string, message);
}

/** A plain, JSON-safe copy of a SCIMMY schema instance or of a stored record. */
function plain<T>(value: T): ScimRecord {
  return JSON.parse(JSON.stringify(value)) as ScimRecord;
}

const now = () => new Date().toISOString();

// ---------------------------------------------------------------------------------------------------
// Handlers (installed once; generic over servers through ctx)
// ---------------------------------------------------------------------------------------------------

function memberRefs(store: ScimmyStore, raw: unknown): ScimRecord[] {
  if (!Array.isArray(raw)) return [];
  const seen = new Set<string>();
  const members: ScimRecord[] = [];
  for (const entry of raw as ScimRecord[]) {
    const value = typeof entry?.value === 'string' ? entry.value : undefined;
    if (!value) throw scimError(400, 'invalidValue', 'Group member is missing its value (the id of a User or Group)');
    if (seen.has(value)) continue;
    const user = store.users.get(value);
    const group = user ? undefined : store.groups.get(value);
    if (!user && !group) throw scimError(400, 'invalidValue', `Group member '${value}' is not a known User or Group`);
    seen.add(value);
    members.push({ value, display: (user ? (user.displayName ?? user.userName) : group?.displayName) as string, type: user ? 'User' : 'Group' });
  }
  return members;
}

/** What egress returns for a stored user: the record plus the read-only `groups` SCIMMY will render. */
function userView(store: ScimmyStore, user: ScimRecord): ScimRecord {
  const groupsBase = String(SCIMMY.Resources.Group.basepath() ?? '/Groups');
  const groups = [...store.groups.values()]
    .filter((g) => (g.members as ScimRecord[] | undefined)?.some((m) => m.value === user.id))
    .map((g) => ({ value: g.id, display: g.displayName, $ref: `${groupsBase}/${String(g.id)}`, type: 'direct' }));
  return { ...plain(user), ...(groups.length ? { groups } : {}) };
}

function groupView(group: ScimRecord): ScimRecord {
  const usersBase = String(SCIMMY.Resources.User.basepath() ?? '/Users');
  const groupsBase = String(SCIMMY.Resources.Group.basepath() ?? '/Groups');
  const view = plain(group);
  if (Array.isArray(view.members))
    view.members = (view.members as ScimRecord[]).map((m) => ({ ...m, $ref: `${m.type === 'Group' ? groupsBase : usersBase}/${String(m.value)}` }));
  return view;
}

function userNameTaken(store: ScimmyStore, userName: unknown, exceptId?: string): boolean {
  const wanted = String(userName).toLowerCase(); // userName is caseExact:false, uniqueness:server
  for (const u of store.users.values()) if (u.id !== exceptId && String(u.userName).toLowerCase() === wanted) return true;
  return false;
}

function ingressUser(resource: { id?: string }, instance: unknown, ctx: unknown): ScimRecord {
  const store = storeOf(ctx);
  // SCIMMY has already coerced the body through the User schema in the "in" direction, which drops
  // readOnly attributes (id, meta, groups) and rejects bad types/missing userName with 400s.
  const data = plain(instance);
  delete data.schemas;
  delete data.meta;
  delete data.id;
  delete data.groups;
  if (resource.id) {
    const existing = store.users.get(resource.id);
    if (!existing) throw scimError(404, null, `Resource ${resource.id} not found`);
    if (userNameTaken(store, data.userName, resource.id)) throw scimError(409, 'uniqueness', `userName '${String(data.userName)}' is already in use`);
    const meta = existing.meta as ScimRecord;
    // PUT replaces: whatever the body leaves out is gone (RFC 7644 §3.5.1).
    const next: ScimRecord = { id: resource.id, ...data, meta: { resourceType: 'User', created: meta.created, lastModified: now() } };
    store.users.set(resource.id, next);
    return userView(store, next);
  }
  if (userNameTaken(store, data.userName)) throw scimError(409, 'uniqueness', `userName '${String(data.userName)}' is already in use`);
  const id = randomUUID();
  const stamp = now();
  const created: ScimRecord = { id, ...data, meta: { resourceType: 'User', created: stamp, lastModified: stamp } };
  store.users.set(id, created);
  return userView(store, created);
}

function egressUser(resource: { id?: string; filter?: { match(values: unknown[]): unknown[] } }, ctx: unknown): ScimRecord | ScimRecord[] {
  const store = storeOf(ctx);
  if (resource.id) {
    const user = store.users.get(resource.id);
    if (!user) throw scimError(404, null, `Resource ${resource.id} not found`);
    return userView(store, user);
  }
  const all = [...store.users.values()].map((u) => userView(store, u));
  return resource.filter ? (resource.filter.match(all) as ScimRecord[]) : all;
}

function degressUser(resource: { id?: string }, ctx: unknown): void {
  const store = storeOf(ctx);
  if (!resource.id || !store.users.delete(resource.id)) throw scimError(404, null, `Resource ${String(resource.id)} not found`);
  for (const group of store.groups.values()) {
    const members = group.members as ScimRecord[] | undefined;
    if (members?.some((m) => m.value === resource.id)) group.members = members.filter((m) => m.value !== resource.id);
  }
}

function ingressGroup(resource: { id?: string }, instance: unknown, ctx: unknown): ScimRecord {
  const store = storeOf(ctx);
  const data = plain(instance);
  delete data.schemas;
  delete data.meta;
  delete data.id;
  const members = memberRefs(store, data.members);
  delete data.members;
  if (resource.id) {
    const existing = store.groups.get(resource.id);
    if (!existing) throw scimError(404, null, `Resource ${resource.id} not found`);
    const meta = existing.meta as ScimRecord;
    const next: ScimRecord = { id: resource.id, ...data, members, meta: { resourceType: 'Group', created: meta.created, lastModified: now() } };
    store.groups.set(resource.id, next);
    return groupView(next);
  }
  const id = randomUUID();
  const stamp = now();
  const created: ScimRecord = { id, ...data, members, meta: { resourceType: 'Group', created: stamp, lastModified: stamp } };
  store.groups.set(id, created);
  return groupView(created);
}

function egressGroup(resource: { id?: string; filter?: { match(values: unknown[]): unknown[] } }, ctx: unknown): ScimRecord | ScimRecord[] {
  const store = storeOf(ctx);
  if (resource.id) {
    const group = store.groups.get(resource.id);
    if (!group) throw scimError(404, null, `Resource ${resource.id} not found`);
    return groupView(group);
  }
  const all = [...store.groups.values()].map(groupView);
  return resource.filter ? (resource.filter.match(all) as ScimRecord[]) : all;
}

function degressGroup(resource: { id?: string }, ctx: unknown): void {
  const store = storeOf(ctx);
  if (!resource.id || !store.groups.delete(resource.id)) throw scimError(404, null, `Resource ${String(resource.id)} not found`);
  for (const group of store.groups.values()) {
    const members = group.members as ScimRecord[] | undefined;
    if (members?.some((m) => m.value === resource.id)) group.members = members.filter((m) => m.value !== resource.id);
  }
}

let installed = false;

/** Declare Users (with the enterprise extension) and Groups to SCIMMY, once per module instance. */
function installResources(): void {
  if (installed) return;
  installed = true;
  // SCIMMY's handler typings want the full typed schema object back; our store is untyped records.
  type AnyHandler = (...args: never[]) => unknown;
  const h = (fn: AnyHandler) => fn as never;
  SCIMMY.Resources.declare(SCIMMY.Resources.User)
    .extend(SCIMMY.Schemas.EnterpriseUser, false)
    .ingress(h(ingressUser))
    .egress(h(egressUser))
    .degress(h(degressUser));
  SCIMMY.Resources.declare(SCIMMY.Resources.Group).ingress(h(ingressGroup)).egress(h(egressGroup)).degress(h(degressGroup));
}

// ---------------------------------------------------------------------------------------------------
// Seed data (deterministic: ids, names and timestamps depend only on the index)
// ---------------------------------------------------------------------------------------------------

const GIVEN = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Margaret', 'Dennis', 'Radia', 'John'];
const FAMILY = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson', 'Hamilton', 'Ritchie', 'Perlman', 'McCarthy'];
const DEPARTMENTS = ['Engineering', 'Sales', 'Support'];
const GROUP_NAMES = ['Engineering', 'Sales', 'Support', 'Admins', 'Contractors', 'Finance', 'Legal', 'Marketing'];
const SEED_EPOCH = Date.UTC(2024, 0, 1);

const pad = (n: number, width: number) => String(n).padStart(width, '0');
export const seedUserId = (n: number) => `5c1a0000-0000-4000-8000-${pad(n, 12)}`;
export const seedGroupId = (n: number) => `5c1a0000-0000-4000-9000-${pad(n, 12)}`;
export const seedUserName = (n: number) => `user${pad(n, 3)}@scimmy.test`;

function seed(userCount: number, groupCount: number): ScimmyStore {
  const users = new Map<string, ScimRecord>();
  const groups = new Map<string, ScimRecord>();
  for (let n = 1; n <= userCount; n++) {
    const id = seedUserId(n);
    const givenName = GIVEN[(n - 1) % GIVEN.length];
    const familyName = FAMILY[(n - 1) % FAMILY.length];
    const stamp = new Date(SEED_EPOCH + n * 60_000).toISOString();
    const user: ScimRecord = {
      id,
      externalId: `ext-${pad(n, 3)}`,
      userName: seedUserName(n),
      name: { givenName, familyName, formatted: `${givenName} ${familyName}` },
      displayName: `${givenName} ${familyName} ${pad(n, 3)}`,
      emails: [{ value: seedUserName(n), type: 'work', primary: true }],
      active: n % 7 !== 0,
      meta: { resourceType: 'User', created: stamp, lastModified: stamp },
    };
    // Odd users carry enterprise data; SCIMMY adds the extension URN to `schemas` on the way out.
    if (n % 2 === 1) {
      user[ENTERPRISE_SCHEMA] = { employeeNumber: pad(n, 5), department: DEPARTMENTS[(n - 1) % DEPARTMENTS.length] };
    }
    users.set(id, user);
  }
  for (let g = 1; g <= groupCount; g++) {
    const id = seedGroupId(g);
    const members: ScimRecord[] = [];
    // Group g holds every user n with n % groupCount === g % groupCount, capped at 5 members.
    for (let n = 1; n <= userCount && members.length < 5; n++) {
      if (n % groupCount === g % groupCount) {
        const u = users.get(seedUserId(n)) as ScimRecord;
        members.push({ value: u.id, display: u.displayName, type: 'User' });
      }
    }
    const stamp = new Date(SEED_EPOCH + (1000 + g) * 60_000).toISOString();
    groups.set(id, {
      id,
      displayName: GROUP_NAMES[(g - 1) % GROUP_NAMES.length] + (g > GROUP_NAMES.length ? ` ${g}` : ''),
      members,
      meta: { resourceType: 'Group', created: stamp, lastModified: stamp },
    });
  }
  return { users, groups };
}

// ---------------------------------------------------------------------------------------------------
// Server
// ---------------------------------------------------------------------------------------------------

export async function startScimmyServer(options: ScimmyServerOptions = {}): Promise<ScimmyServer> {
  const token = options.token ?? DEFAULT_SCIMMY_TOKEN;
  const store = seed(options.users ?? 25, options.groups ?? 3);
  const context: ServerContext = { brand: CONTEXT_BRAND, store };
  installResources();

  const app = express();
  app.disable('x-powered-by');
  const origin = { value: '' }; // filled in once the port is known

  // SCIMMYRouters appends its auth scheme to the global config; start from none so N servers
  // don't advertise N copies of the same scheme.
  SCIMMY.Config.set({ authenticationSchemes: [] });
  const router = new SCIMMYRouters({
    type: 'bearer',
    docUri: 'https://datatracker.ietf.org/doc/html/rfc6750',
    handler: (req) => {
      if (req.header('Authorization') !== `Bearer ${token}`) throw new Error('Authorization failed: missing or unknown bearer token');
      // The id the /Me endpoint serves: the first seeded user (404 once deleted or when unseeded).
      return seedUserId(1);
    },
    context: () => context,
    baseUri: () => (options.relativeLocations ? '' : origin.value),
  });
  // Restate what we support; SCIMMYRouters' constructor just turned bulk on.
  SCIMMY.Config.set({
    patch: { supported: true },
    filter: { supported: true, maxResults: 200 },
    sort: { supported: true },
    etag: { supported: false },
    changePassword: { supported: false },
    bulk: { supported: false },
  });
  if (!options.express5QueryBug) {
    app.use('/scim', (req, _res, next) => {
      Object.defineProperty(req, 'query', { value: { ...req.query }, writable: true, configurable: true, enumerable: true });
      next();
    });
  }
  app.use('/scim', router);
  // scimmy-routers' error handler sends the SCIM error and then, for any status >= 500 (e.g. the
  // 501 from POST /Bulk), also calls next(err). Express's final handler, finding the response
  // already sent, destroys the socket, so the client's next request on that keep-alive connection
  // fails with "other side closed". Swallow errors that have already been answered.
  app.use((err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return;
    next(err);
  });

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const { port } = server.address() as AddressInfo;
  origin.value = `http://127.0.0.1:${port}`;

  return {
    baseUrl: `${origin.value}/scim`,
    token,
    store,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
