import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { compileFilter, FilterEvaluationError, parseFilter, type AttrPath, type FilterNode } from '../../shared/filter';
import { applyPatch, PatchError, type PatchOperation } from '../../shared/patch';
import { SCHEMA_GROUP, SCHEMA_USER } from '../../shared/scim';
import { lookups, RandomStore, serverSchemas, type Kind, type Rec } from './random-data';
import { isSorted, readQuery, sortBy, termsOf, type ListQuery } from './random-query';
import { acceptsTerm, type RandomProfile } from './random-profile';

/**
 * A loopback SCIM server whose behaviour is a drawn RandomProfile (random-profile.ts): Users and Groups
 * with list (GET and, where the profile has it, POST /.search), get, create, PUT, PATCH (RFC ops) and
 * delete, and ServiceProviderConfig/ResourceTypes/Schemas consistent with the profile, or none. Each
 * request is logged with the deviations the answer really showed (a cap that cut a page short, a filter
 * answered as if unfiltered, …), so a test can ask the app to have noticed exactly those.
 */

export type Deviation =
  | 'filter-refused'
  | 'filter-ignored'
  | 'page-capped'
  | 'start-index-ignored'
  | 'search-start-index-ignored'
  | 'search-absent'
  | 'sort-ignored'
  | 'projection-ignored'
  | 'error-shape'
  | 'create-200'
  | 'delete-200'
  | 'path-case'
  | 'mutability-refused';

export interface LoggedRequest {
  method: string;
  /** Path below the base URL, e.g. `/Users/.search`. */
  path: string;
  /** The query string as sent (`?startIndex=1&count=50`), or ''. */
  query: string;
  /** The filter asked, from the query or the SearchRequest body. */
  filter?: string;
  body: string;
  status: number;
  /** The endpoint kind a list or write concerned. */
  kind?: Kind;
  shown: Deviation[];
  detail?: string;
  /** The answer's body, cut at 4,000 characters (for replaying a failure). */
  response?: string;
}

export interface RandomServer {
  profile: RandomProfile;
  baseUrl: string;
  store: RandomStore;
  log: LoggedRequest[];
  /** The endpoint spellings this server answers at: `/Users` or `/users`. */
  paths: Record<'Users' | 'Groups', string>;
  /** A resource as the server would send it now (full, no projection). */
  wire(kind: Kind, id: string): Rec | undefined;
  close(): Promise<void>;
}

const BASE = '/scim/v2';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: string,
    readonly shown: Deviation[] = [],
  ) {
    super(detail);
  }
}

export async function startRandomServer(profile: RandomProfile): Promise<RandomServer> {
  const store = new RandomStore(profile);
  const schemas = serverSchemas(profile);
  const lookup = lookups();
  const name = (rfc: string) => (profile.pathCase === 'rfc' ? rfc : rfc.toLowerCase());
  const paths = { Users: `/${name('Users')}`, Groups: `/${name('Groups')}` };
  const log: LoggedRequest[] = [];
  let origin = '';
  const location = (kind: Kind, id: string) => `${origin}${BASE}${kind === 'User' ? paths.Users : paths.Groups}/${id}`;
  const version = (v: number) => `W/"${v}"`;
  const meta = (kind: Kind, id: string, v: number): Rec => ({
    resourceType: kind,
    created: '2024-01-01T00:00:00Z',
    lastModified: '2024-01-01T00:00:00Z',
    location: location(kind, id),
    ...(profile.etag ? { version: version(v) } : {}),
  });

  const wire = (kind: Kind, id: string): Rec | undefined => {
    if (kind === 'User') {
      const user = store.users.get(id);
      if (!user) return undefined;
      const groups =
        profile.userGroups === 'maintained'
          ? store.groupsOf(id).map((g) => ({ value: g.id, display: g.displayName, $ref: location('Group', g.id), type: 'direct' }))
          : [];
      return { schemas: [SCHEMA_USER], id, ...user.body, ...(groups.length ? { groups } : {}), meta: meta('User', id, user.version) };
    }
    const group = store.groups.get(id);
    if (!group) return undefined;
    const members = group.members.map((value) => ({
      value,
      display: String(store.users.get(value)?.body.displayName ?? ''),
      $ref: location('User', value),
      type: 'User',
    }));
    return {
      schemas: [SCHEMA_GROUP],
      id,
      displayName: group.displayName,
      ...group.extra,
      ...(members.length ? { members } : {}),
      meta: meta('Group', id, group.version),
    };
  };
  const all = (kind: Kind) => [...(kind === 'User' ? store.users.keys() : store.groups.keys())].map((id) => wire(kind, id)!);

  function list(kind: Kind, q: ListQuery, via: 'get' | 'search', shown: Deviation[]): Rec {
    let matched = all(kind);
    if (q.filter !== undefined) {
      let node: FilterNode;
      try {
        node = parseFilter(q.filter);
      } catch (error) {
        throw new Refusal(400, `Invalid filter: ${(error as Error).message}`, 'invalidFilter');
      }
      const refused = termsOf(node).filter((t) => !acceptsTerm(profile, kind, t));
      // An ordering operator on a boolean is invalidFilter (RFC 7644 §3.4.2.2), found when compiled or first met in the data.
      const invalid = (error: unknown) => {
        if (error instanceof FilterEvaluationError) return new Refusal(400, `Invalid filter: ${error.message}`, 'invalidFilter');
        return error;
      };
      let matches: ((resource: Rec) => boolean) | undefined;
      try {
        matches = compileFilter(node, lookup[kind]);
      } catch (error) {
        if (refused.length === 0 || !(error instanceof FilterEvaluationError)) throw invalid(error);
      }
      if (refused.length === 0) {
        try {
          matched = matched.filter(matches!);
        } catch (error) {
          throw invalid(error);
        }
      } else if (profile.filter.otherwise === 'refuse') {
        const term = refused[0]!;
        const detail =
          profile.filter.detail === 'generic'
            ? 'Invalid filter'
            : term.includes(' ')
              ? `filter attribute ${term.split(' ')[0]} with operator ${term.split(' ')[1]} is not supported for ${kind}`
              : `filter operator ${term} is not supported`;
        throw new Refusal(400, detail, 'invalidFilter', ['filter-refused']);
      } else q.ignoredFilter = matches;
    }
    if (q.sortBy && profile.sort === 'honoured') matched = sortBy(matched, q.sortBy, q.sortOrder === 'descending');
    const cap = profile.pageCap ?? Number.MAX_SAFE_INTEGER;
    const asked = q.count ?? Math.min(cap, 100);
    const count = Math.min(asked, cap);
    const ignoresStart = via === 'get' ? profile.startIndex === 'ignored' : profile.search === 'ignores-start-index';
    const from = ignoresStart ? 0 : q.startIndex - 1;
    const page = matched.slice(from, from + count);
    if (asked > cap && matched.length - from > cap) shown.push('page-capped');
    if (ignoresStart && q.startIndex > 1 && page.length > 0) shown.push(via === 'get' ? 'start-index-ignored' : 'search-start-index-ignored');
    if (q.ignoredFilter && page.some((r) => !q.ignoredFilter!(r))) shown.push('filter-ignored');
    if (q.sortBy && profile.sort === 'ignored' && !isSorted(page, q.sortBy)) shown.push('sort-ignored');
    const resources = page.map((r) => project(r, q, shown));
    const echo = ignoresStart && profile.startIndexEcho === 'one' ? 1 : q.startIndex;
    return { schemas: [LIST], totalResults: matched.length, startIndex: echo, itemsPerPage: resources.length, Resources: resources };
  }

  function project(resource: Rec, q: { attributes?: string[]; excludedAttributes?: string[] }, shown: Deviation[]): Rec {
    const top = (list: string[]) =>
      new Set(
        list.map((a) =>
          a
            .replace(/^urn:.*:(?=[^:]+$)/i, '')
            .split('.')[0]!
            .toLowerCase(),
        ),
      );
    let out = resource;
    if (q.attributes?.length) {
      const keep = top(q.attributes);
      out = Object.fromEntries(Object.entries(resource).filter(([k]) => keep.has(k.toLowerCase()) || k === 'id' || k === 'schemas'));
    } else if (q.excludedAttributes?.length) {
      const drop = top(q.excludedAttributes);
      out = Object.fromEntries(Object.entries(resource).filter(([k]) => !drop.has(k.toLowerCase()) || k === 'id' || k === 'schemas'));
    }
    if (profile.projection === 'honoured') return out;
    if (Object.keys(out).length !== Object.keys(resource).length && !shown.includes('projection-ignored')) shown.push('projection-ignored');
    return resource;
  }

  /** Checks a write's members for sub-attributes the schema marks readOnly (unless `computed`: a PATCH result); returns the member ids. */
  function memberIds(value: unknown, shown: Deviation[], computed = false): string[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) throw new Refusal(400, 'members must be an array', 'invalidValue');
    return value.map((entry) => {
      const member = (typeof entry === 'object' && entry !== null ? entry : {}) as Rec;
      const readOnly = computed ? undefined : Object.keys(member).find((k) => (profile.memberReadOnly as string[]).includes(k.toLowerCase()));
      if (readOnly) {
        shown.push('mutability-refused');
        throw new Refusal(400, `Attribute members.${readOnly} is readOnly`, 'mutability');
      }
      const id = String(member.value ?? '');
      if (!store.users.has(id) && !store.groups.has(id)) throw new Refusal(400, `No resource with id "${id}" to be a member`, 'invalidValue');
      return id;
    });
  }

  /** Stores a complete new state of a resource (after PUT or PATCH), enforcing the schema. */
  function store_(kind: Kind, id: string, next: Rec, shown: Deviation[], patched = false): void {
    const get = (key: string) => Object.entries(next).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
    if (kind === 'User') {
      if (typeof get('userName') !== 'string' || !get('userName')) throw new Refusal(400, 'userName is required', 'invalidValue');
      const taken = [...store.users.values()].some((u) => u.id !== id && String(u.body.userName).toLowerCase() === String(get('userName')).toLowerCase());
      if (taken) throw new Refusal(409, `userName ${String(get('userName'))} is already taken`, 'uniqueness');
      const body = Object.fromEntries(Object.entries(next).filter(([k]) => !['id', 'meta', 'groups', 'schemas'].includes(k.toLowerCase())));
      const user = store.users.get(id);
      if (user) Object.assign(user, { body, version: user.version + 1 });
      else store.users.set(id, { id, version: 1, body });
      return;
    }
    if (typeof get('displayName') !== 'string' || !get('displayName')) throw new Refusal(400, 'displayName is required', 'invalidValue');
    const members = memberIds(get('members'), shown, patched);
    const extra = Object.fromEntries(Object.entries(next).filter(([k]) => !['id', 'meta', 'members', 'schemas', 'displayname'].includes(k.toLowerCase())));
    const group = store.groups.get(id);
    if (group) Object.assign(group, { displayName: get('displayName'), members: [...new Set(members)], extra, version: group.version + 1 });
    else store.groups.set(id, { id, version: 1, displayName: String(get('displayName')), members: [...new Set(members)], extra });
  }

  function patch(kind: Kind, id: string, body: Rec, shown: Deviation[]): void {
    const ops = body.Operations;
    if (!Array.isArray(body.schemas) || !body.schemas.includes(PATCH_OP) || !Array.isArray(ops))
      throw new Refusal(400, 'Not a PatchOp request', 'invalidSyntax');
    for (const op of ops as PatchOperation[]) {
      if (kind === 'Group' && /^members$/i.test(op.path ?? '') && op.op.toLowerCase() !== 'remove') memberIds(op.value, shown);
      if (kind === 'Group' && op.path === undefined && typeof op.value === 'object' && op.value !== null) memberIds((op.value as Rec).members, shown);
    }
    const readOnly = (path: AttrPath) => {
      const attr = path.name.toLowerCase();
      if (['id', 'meta'].includes(attr) || (kind === 'User' && attr === 'groups')) return true;
      return kind === 'Group' && attr === 'members' && path.sub !== undefined && (profile.memberReadOnly as string[]).includes(path.sub.toLowerCase());
    };
    let next: Rec;
    try {
      next = applyPatch(wire(kind, id)!, ops as PatchOperation[], { lookup: lookup[kind], isReadOnly: readOnly });
    } catch (error) {
      if (!(error instanceof PatchError)) throw error;
      if (error.scimType === 'mutability') shown.push('mutability-refused');
      throw new Refusal(400, error.message, error.scimType);
    }
    store_(kind, id, next, shown, true);
  }

  async function route(req: IncomingMessage, raw: string, res: ServerResponse, entry: LoggedRequest): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname.startsWith(BASE) ? url.pathname.slice(BASE.length) : url.pathname;
    entry.path = path;
    const method = req.method ?? 'GET';
    const discovery = ['ServiceProviderConfig', 'ResourceTypes', 'Schemas'].find((d) => path === `/${name(d)}`);
    if (discovery && method === 'GET' && profile.discovery) return send(res, 200, discoveryDoc(discovery));
    const segments = path.split('/').filter(Boolean);
    const kind: Kind | undefined = `/${segments[0]}` === paths.Users ? 'User' : `/${segments[0]}` === paths.Groups ? 'Group' : undefined;
    if (!kind) {
      // A 404 only because of the spelling (`/Users` on a server answering at `/users`) is the deviation shown.
      const spelled = ['Users', 'Groups', ...(profile.discovery ? ['ServiceProviderConfig', 'ResourceTypes', 'Schemas'] : [])].some(
        (d) => segments[0]?.toLowerCase() === d.toLowerCase(),
      );
      throw new Refusal(404, `No endpoint at ${path}`, undefined, spelled && profile.pathCase === 'lower' ? ['path-case'] : []);
    }
    entry.kind = kind;
    const body = raw ? (JSON.parse(raw) as Rec) : {};
    const etagOf = (id: string) => version((kind === 'User' ? store.users.get(id) : store.groups.get(id))!.version);
    const sendResource = (status: number, id: string, q: ListQuery | Rec = {}, headers: Record<string, string> = {}) =>
      send(res, status, project(wire(kind, id)!, q as ListQuery, entry.shown), { ...(profile.etag ? { etag: etagOf(id) } : {}), ...headers });
    if (segments.length === 1 && method === 'GET') return send(res, 200, list(kind, readQuery(url.searchParams), 'get', entry.shown));
    if (segments.length === 2 && segments[1] === '.search' && method === 'POST') {
      if (profile.search === 'absent') throw new Refusal(404, `No endpoint at ${path}`, undefined, ['search-absent']);
      const q = readQuery(
        new URLSearchParams(
          Object.entries(body)
            .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
            .map(([k, v]) => [k, String(v)]),
        ),
      );
      q.attributes = Array.isArray(body.attributes) ? body.attributes.map(String) : undefined;
      q.excludedAttributes = Array.isArray(body.excludedAttributes) ? body.excludedAttributes.map(String) : undefined;
      entry.filter = q.filter;
      return send(res, 200, list(kind, q, 'search', entry.shown));
    }
    if (segments.length === 1 && method === 'POST') {
      const id = store.newId();
      store_(kind, id, body, entry.shown);
      if (profile.createStatus === 200) entry.shown.push('create-200');
      return sendResource(profile.createStatus, id, {}, { location: location(kind, id) });
    }
    const id = segments[1];
    if (segments.length !== 2 || !id || !wire(kind, id)) throw new Refusal(404, `No resource at ${path}`);
    const ifMatch = req.headers['if-match'];
    if (profile.etag && ifMatch && ifMatch !== '*' && ifMatch !== etagOf(id) && method !== 'GET') throw new Refusal(412, 'The resource changed', undefined);
    const q = readQuery(url.searchParams);
    if (method === 'GET') return sendResource(200, id, q);
    if (method === 'PUT') {
      store_(kind, id, body, entry.shown);
      return sendResource(200, id, q);
    }
    if (method === 'PATCH') {
      patch(kind, id, body, entry.shown);
      if (profile.patchStatus === 204) return send(res, 204, undefined);
      return sendResource(200, id, q);
    }
    if (method === 'DELETE') {
      if (kind === 'User') {
        store.users.delete(id);
        for (const g of store.groups.values()) g.members = g.members.filter((m) => m !== id);
      } else store.groups.delete(id);
      if (profile.deleteStatus === 200) {
        entry.shown.push('delete-200');
        return send(res, 200, { deleted: id });
      }
      return send(res, 204, undefined);
    }
    throw new Refusal(405, `${method} is not allowed on ${path}`);
  }

  function discoveryDoc(which: string): unknown {
    if (which === 'ServiceProviderConfig') {
      return {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
        patch: { supported: true },
        bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
        filter: { supported: true, maxResults: 1000 },
        changePassword: { supported: false },
        sort: { supported: profile.sortClaimed },
        etag: { supported: profile.etag },
        authenticationSchemes: [{ type: 'oauthbearertoken', name: 'Bearer', description: 'Bearer token' }],
      };
    }
    const docs =
      which === 'ResourceTypes'
        ? [
            {
              schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
              id: 'User',
              name: 'User',
              endpoint: paths.Users,
              schema: SCHEMA_USER,
              schemaExtensions: [],
            },
            {
              schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
              id: 'Group',
              name: 'Group',
              endpoint: paths.Groups,
              schema: SCHEMA_GROUP,
              schemaExtensions: [],
            },
          ]
        : [schemas.user, schemas.group];
    return { schemas: [LIST], totalResults: docs.length, startIndex: 1, itemsPerPage: docs.length, Resources: docs };
  }

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }), ...headers });
    const text = body === undefined ? undefined : JSON.stringify(body);
    const entry = log.at(-1);
    if (entry && text) entry.response = text.slice(0, 4000);
    res.end(text);
  }

  function sendError(res: ServerResponse, refusal: Refusal, entry: LoggedRequest): void {
    entry.detail = refusal.detail;
    entry.shown.push(...refusal.shown);
    if (profile.errors !== 'scim') entry.shown.push('error-shape');
    const { status, detail, scimType } = refusal;
    if (profile.errors === 'scim') return send(res, status, { schemas: [ERROR], status: String(status), ...(scimType ? { scimType } : {}), detail });
    if (profile.errors === 'problem') {
      res.writeHead(status, { 'content-type': 'application/problem+json' });
      return void res.end(JSON.stringify({ type: 'about:blank', title: statusTitle(status), status, detail }));
    }
    if (profile.errors === 'empty') return void res.writeHead(status).end();
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(`${status} ${statusTitle(status)}: ${detail}`);
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://x');
      const entry: LoggedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.search,
        filter: url.searchParams.get('filter') ?? undefined,
        body: raw,
        status: 0,
        shown: [],
      };
      log.push(entry);
      res.on('finish', () => (entry.status = res.statusCode));
      route(req, raw, res, entry).catch((error: unknown) => {
        if (error instanceof Refusal) return sendError(res, error, entry);
        if (error instanceof SyntaxError) return sendError(res, new Refusal(400, `Malformed JSON: ${error.message}`, 'invalidSyntax'), entry);
        sendError(res, new Refusal(500, error instanceof Error ? error.message : String(error)), entry);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    profile,
    baseUrl: `${origin}${BASE}`,
    store,
    log,
    paths,
    wire,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function statusTitle(status: number): string {
  return (
    { 400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict', 412: 'Precondition Failed', 500: 'Internal Server Error' }[status] ??
    'Error'
  );
}
