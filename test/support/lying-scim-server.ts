/**
 * A SCIM server that lies: its ServiceProviderConfig says sort is supported and pages go up to
 * maxResults 200, yet it ignores sortBy, caps every page at 50 without saying so, applies only filters
 * made of `eq`, `and` and `or` (anything else comes back unfiltered, with 200), and ignores
 * attributes/excludedAttributes. The server check must call each of these `ignored`, never `pass`.
 * `mistakes` add honest bugs instead (applied, but wrongly), which must `fail`.
 */
import type { ServerResponse } from 'node:http';
import { compileFilter, parseFilter, type FilterNode } from '../../shared/filter';
import { createAttributeLookup, ENTERPRISE_USER_SCHEMA, SCHEMA_USER, USER_SCHEMA } from '../../shared/scim';
import { generateDataset } from '../../electron/services/demo/seed';
import { json, startScriptedServer, type ScriptedServer } from './scripted-server';

export const LYING_BASE = '/scim/v2';
export const LYING_PAGE_CAP = 50;
export const LYING_MAX_RESULTS = 200;

export interface LyingServer {
  baseUrl: string;
  token: string;
  scripted: ScriptedServer;
  close(): Promise<void>;
}

export interface Mistakes {
  /** startIndex counted from 0. */
  startIndexFromZero?: boolean;
  /** `co` evaluated as `sw`. */
  containsAsStartsWith?: boolean;
  /** An ETag header one version ahead of meta.version. */
  etagAhead?: boolean;
}

/** Only `eq` comparisons joined by `and`/`or`: what this server really applies. */
function applies(node: FilterNode): boolean {
  if (node.kind === 'and' || node.kind === 'or') return applies(node.left) && applies(node.right);
  return node.kind === 'compare' && node.op === 'eq';
}

const error = (res: ServerResponse, status: number, detail: string) =>
  json(res, status, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status), detail });

export async function startLyingScimServer(options: { users?: number; token?: string; mistakes?: Mistakes } = {}): Promise<LyingServer> {
  const token = options.token ?? 'lying-token-5a1c';
  const mistakes = options.mistakes ?? {};
  let origin = '';
  const { users } = generateDataset({ users: options.users ?? 300, seed: 99, urlFor: (kind, id) => `${origin}${LYING_BASE}/${kind}s/${id}` });
  // No versions: the server has no ETags and says so.
  for (const u of users) {
    const { location } = u.meta as { location: string };
    u.meta = mistakes.etagAhead ? { resourceType: 'User', location, version: 'W/"1"' } : { resourceType: 'User', location };
  }
  const lookup = createAttributeLookup([USER_SCHEMA, ENTERPRISE_USER_SCHEMA], SCHEMA_USER);

  const scripted = await startScriptedServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const path = url.pathname.startsWith(LYING_BASE) ? url.pathname.slice(LYING_BASE.length) : '';
    if (req.headers.authorization !== `Bearer ${token}`) return error(res, 401, 'Unauthorized');
    if (req.method !== 'GET') return error(res, 405, `${req.method} is not allowed`);
    if (path === '/ServiceProviderConfig') {
      return json(res, 200, {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
        patch: { supported: false },
        bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
        filter: { supported: true, maxResults: LYING_MAX_RESULTS },
        changePassword: { supported: false },
        sort: { supported: true },
        etag: { supported: false },
        authenticationSchemes: [{ type: 'oauthbearertoken', name: 'OAuth Bearer Token', description: 'Bearer token' }],
      });
    }
    if (path === '/ResourceTypes') {
      const userType = {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
        id: 'User',
        name: 'User',
        endpoint: '/Users',
        schema: SCHEMA_USER,
        schemaExtensions: [{ schema: ENTERPRISE_USER_SCHEMA.id, required: false }],
      };
      return json(res, 200, { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 1, Resources: [userType] });
    }
    if (path === '/Schemas') {
      const docs = [USER_SCHEMA, ENTERPRISE_USER_SCHEMA].map((s) => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'], ...s }));
      return json(res, 200, { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: docs.length, Resources: docs });
    }
    if (path.startsWith('/Users/')) {
      const user = users.find((u) => u.id === decodeURIComponent(path.slice('/Users/'.length)));
      return user ? json(res, 200, user, mistakes.etagAhead ? { etag: 'W/"2"' } : {}) : error(res, 404, 'Not found');
    }
    if (path !== '/Users') return error(res, 404, 'Not found');
    let matching = users;
    const filter = url.searchParams.get('filter');
    if (filter) {
      let node: FilterNode;
      try {
        node = parseFilter(filter);
      } catch {
        return json(res, 400, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', scimType: 'invalidFilter', detail: 'Bad filter' });
      }
      if (mistakes.containsAsStartsWith && node.kind === 'compare' && node.op === 'co') matching = users.filter(compileFilter({ ...node, op: 'sw' }, lookup));
      else if (applies(node)) matching = users.filter(compileFilter(node, lookup));
    }
    const raw = Number(url.searchParams.get('startIndex') ?? 1) || 0;
    const startIndex = Math.max(mistakes.startIndexFromZero ? 0 : 1, raw);
    const asked = url.searchParams.get('count');
    const count = Math.min(asked === null ? LYING_PAGE_CAP : Math.max(0, Number(asked) || 0), LYING_PAGE_CAP);
    const from = mistakes.startIndexFromZero ? startIndex : startIndex - 1;
    const page = matching.slice(from, from + count);
    return json(res, 200, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: matching.length,
      startIndex,
      itemsPerPage: page.length,
      Resources: page,
    });
  });
  origin = scripted.url;
  return { baseUrl: `${scripted.url}${LYING_BASE}`, token, scripted, close: () => scripted.close() };
}
