/**
 * listAll against tiny node:http servers that misbehave on purpose: one ignoring startIndex (the same
 * page every time), one offering only cursor paging, one repeating its cursor. The engine must list
 * what it can and stop with a warning rather than loop.
 */
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { json, startScriptedServer, type ScriptedServer, type SeenRequest } from '../../../../test/support/scripted-server';
import { createEngineHarness, type EngineHarness } from './harness';

const TOKEN = 'tiny-server-token-5b77';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const users = Array.from({ length: 50 }, (_, i) => ({ schemas: [USER], id: `u${i + 1}`, userName: `user${i + 1}@example.com` }));

let server: ScriptedServer | undefined;
let harness: EngineHarness | undefined;
afterEach(async () => {
  await harness?.close();
  await server?.close();
  harness = server = undefined;
});

function authorized(req: SeenRequest, res: ServerResponse): boolean {
  if (req.headers.authorization === `Bearer ${TOKEN}`) return true;
  json(res, 401, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401', detail: 'no' });
  return false;
}
const notFound = (res: ServerResponse) => json(res, 404, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404', detail: 'Not found' });

async function connect(route: (req: SeenRequest, res: ServerResponse) => void) {
  server = await startScriptedServer((req, res) => (authorized(req, res) ? route(req, res) : undefined));
  harness = await createEngineHarness();
  const connectionId = await harness.connect('tiny', `${server.url}/scim/v2`, TOKEN);
  return { engine: harness.engine, connectionId };
}

async function drain(engine: EngineHarness['engine'], connectionId: string, options: { pageSize: number; parallel: number }) {
  const ids: string[] = [];
  const warnings: string[] = [];
  for await (const { page, warning } of engine.listAll({ connectionId, endpoint: '/Users', ...options })) {
    ids.push(...page.resources.map((r) => String(r.id)));
    if (warning) warnings.push(warning);
  }
  return { ids, warnings };
}
const listRequests = () => server!.seen.filter((r) => new URL(r.url, 'http://x').pathname === '/scim/v2/Users');

describe('listAll against a server that ignores startIndex', () => {
  // Always the first 10 users, with totalResults 50 and startIndex 1, whatever was asked.
  const samePage = (req: SeenRequest, res: ServerResponse) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname !== '/scim/v2/Users') return notFound(res);
    json(res, 200, { schemas: [LIST], totalResults: users.length, startIndex: 1, itemsPerPage: 10, Resources: users.slice(0, 10) });
  };

  for (const parallel of [1, 4]) {
    it(`stops with a warning instead of looping (parallel ${parallel})`, async () => {
      const { engine, connectionId } = await connect(samePage);
      await engine.capabilities(connectionId); // probes /Users once
      const probes = listRequests().length;
      const { ids, warnings } = await drain(engine, connectionId, { pageSize: 10, parallel });
      expect(ids).toEqual(users.slice(0, 10).map((u) => u.id));
      expect(warnings).toHaveLength(1);
      // Neither POST /.search (404 here) nor a whole read (capped at 10) can reach past the first page: said, not looped.
      expect(warnings[0]).toMatch(/ignores startIndex on \/?Users and sends at most 10 resources per request, so only the first 10 can be listed/);
      // First page, the repeated page, the .search attempt and the whole read (plus at most the rest of the parallel window).
      expect(listRequests().length - probes).toBeLessThanOrEqual(3 + parallel);
      const learned = engine.learned.list(connectionId).map((f) => `${f.key}=${f.state}`);
      expect(learned).toEqual(expect.arrayContaining(['param|users|startIndex=ignored', 'search|users|paging=refused', 'page-cap|users|count=capped']));
      expect(engine.quirks.list(connectionId).map((q) => q.code)).toContain('learned:param|users|startIndex');
    });
  }
});

describe('listAll against a cursor-only server (RFC 9865)', () => {
  const cursorServer =
    (options: { repeat?: boolean } = {}) =>
    (req: SeenRequest, res: ServerResponse) => {
      const url = new URL(req.url, 'http://x');
      if (url.pathname === '/scim/v2/ServiceProviderConfig') {
        return json(res, 200, {
          patch: { supported: true },
          filter: { supported: true, maxResults: 100 },
          pagination: { cursor: true, index: false, defaultPageSize: 10, maxPageSize: 100 },
        });
      }
      if (url.pathname !== '/scim/v2/Users') return notFound(res);
      if (url.searchParams.has('startIndex') && url.searchParams.get('startIndex') !== '1') {
        return json(res, 400, {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
          status: '400',
          scimType: 'invalidValue',
          detail: 'index paging is not supported',
        });
      }
      const cursor = url.searchParams.get('cursor') ?? '';
      const count = Number(url.searchParams.get('count') ?? 10);
      const offset = cursor === '' ? 0 : Number(cursor.slice(1));
      const slice = users.slice(offset, offset + count);
      const next = options.repeat ? 'c10' : `c${offset + count}`;
      json(res, 200, {
        schemas: [LIST],
        totalResults: users.length,
        itemsPerPage: slice.length,
        ...(offset + count < users.length ? { nextCursor: next } : {}),
        Resources: slice,
      });
    };

  it('pages by cursor when the server offers nothing else, listing everyone once', async () => {
    const { engine, connectionId } = await connect(cursorServer());
    expect((await engine.capabilities(connectionId)).paging).toMatchObject({ cursor: true, index: false });
    const { ids, warnings } = await drain(engine, connectionId, { pageSize: 15, parallel: 4 });
    expect(warnings).toEqual([]);
    expect(ids).toEqual(users.map((u) => u.id));
    const cursors = listRequests()
      .slice(-4)
      .map((r) => new URL(r.url, 'http://x').searchParams.get('cursor'));
    expect(cursors).toEqual(['', 'c15', 'c30', 'c45']);
    expect(engine.quirks.list(connectionId).map((q) => q.code)).not.toContain('list.no-start-index');
  });

  it('stops with a warning when the server repeats a cursor', async () => {
    const { engine, connectionId } = await connect(cursorServer({ repeat: true }));
    const { ids, warnings } = await drain(engine, connectionId, { pageSize: 10, parallel: 1 });
    expect(ids).toEqual(users.slice(0, 20).map((u) => u.id));
    expect(warnings).toEqual([expect.stringMatching(/cursor it had already given/)]);
    expect(engine.quirks.list(connectionId).map((q) => q.code)).toContain('paging.cursor-repeats');
  });
});
