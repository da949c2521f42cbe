/**
 * The renderer's SCIM layer over the real engine: the member picker, the Groups picker and the Members
 * tab search build their filters in renderer/src/scim and ask the main side to match them itself
 * (`matchHere`) where the server will not. On a server that ignores filters (the Coginiti persona) and
 * one that refuses everything but `eq` (400 invalidFilter), part of a name must find every user that
 * has it across the whole collection, not only among the first 200 sent, and never fall back to an
 * exact `userName eq`; the note must say what was done and over how much.
 */
import type { ServerResponse } from 'node:http';
import { QueryClient } from '@tanstack/react-query';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listInputSchema, type Bridge } from '../shared/contract';
import { matchesFilter, parseFilter, type FilterNode } from '../shared/filter';
import { startDemoServer, type DemoServer } from '../electron/services/demo';
import { createEngineHarness, type EngineHarness } from '../electron/services/engine/integration/harness';
import { pickerQuery } from '../renderer/src/scim';
import { memberUsersPageQuery } from '../renderer/src/features/membership/queries';
import { MEMBER_PAGE_SIZE } from '../renderer/src/features/membership/model';
import { json, startScriptedServer, type ScriptedServer } from './support/scripted-server';

const TOKEN = 'scim-layer-token-5';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** The main side as the renderer reaches it: scim.list and scim.get, inputs parsed as dispatch parses them. */
function bridgeOver(harness: EngineHarness): Bridge {
  return {
    call: async (channel: string, input: Record<string, unknown>) => {
      if (channel === 'scim.list') return harness.engine.list(listInputSchema.parse(input) as Parameters<typeof harness.engine.list>[0]);
      if (channel === 'scim.get') return harness.engine.get(input as Parameters<typeof harness.engine.get>[0]);
      throw new Error(`unexpected ${channel}`);
    },
    subscribe: () => () => undefined,
  } as unknown as Bridge;
}

const fetchWith = <T>(options: { queryKey: readonly unknown[]; queryFn?: unknown }) => new QueryClient().fetchQuery(options as never) as Promise<T>;
const text = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : '');
/** What the users quick search means, computed here independently of any filter evaluator. */
const quickMatch = (user: Record<string, unknown>, q: string) =>
  text(user.userName).startsWith(q) ||
  text(user.displayName).includes(q) ||
  (Array.isArray(user.emails) && user.emails.some((e) => text((e as { value?: unknown }).value).includes(q)));

describe('the member picker on a server that ignores filters (Coginiti)', () => {
  let demo: DemoServer;
  let harness: EngineHarness;
  let connectionId: string;
  let everyone: Record<string, unknown>[];

  beforeAll(async () => {
    demo = await startDemoServer({ users: 600, token: TOKEN, personas: ['coginiti'] });
    harness = await createEngineHarness();
    connectionId = await harness.connect('coginiti', demo.baseUrl('coginiti'), TOKEN);
    everyone = (await harness.engine.list({ connectionId, endpoint: '/Users', startIndex: 1, count: 1000 })).resources;
  });
  afterAll(async () => {
    await harness.close();
    await demo.close();
  });

  it('finds users by part of a name over the whole collection, and says it matched them here', async () => {
    // A surname shared by users spread over the collection, some far past the first 200.
    const surnames = everyone.map((u) => text(u.displayName).split(' ').at(-1) ?? '');
    const q = surnames.find((s, i) => s.length > 3 && i > 300 && surnames.slice(0, 200).includes(s))!;
    const expected = everyone.filter((u) => quickMatch(u, q)).map((u) => String(u.id));
    expect(expected.length).toBeGreaterThan(1);
    expect(everyone.findIndex((u) => quickMatch(u, q) && everyone.indexOf(u) >= 200)).toBeGreaterThanOrEqual(200);

    const bridge = bridgeOver(harness);
    const results = await fetchWith<{ refs: Array<{ value: string }>; total: number | null; note?: string }>(
      pickerQuery(bridge, { connectionId, endpoint: '/Users', kind: 'users', query: q.toUpperCase() }),
    );
    expect(results.refs.map((r) => r.value).sort()).toEqual(expected.sort());
    expect(results.total).toBe(expected.length);
    expect(results.note).toMatch(/^The server ignores .* in filters\. Matched here over all 600 resources\.$/);
    // Never the old fallback to an exact user name.
    expect(harness.exchanges.some((e) => decodeURIComponent(e.url).includes('userName eq'))).toBe(false);
  });
});

/** A server that applies `eq` (and `and`/`or`) and refuses every other operator with 400 invalidFilter. */
function eqOnlyRoute(users: Record<string, unknown>[], groups: Record<string, unknown>[]) {
  return (req: { method: string; url: string; headers: Record<string, unknown> }, res: ServerResponse) => {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return json(res, 401, { schemas: [ERROR], status: '401' });
    const url = new URL(req.url, 'http://x');
    const path = url.pathname.replace('/scim/v2', '');
    if (path === '/ServiceProviderConfig')
      return json(res, 200, {
        patch: { supported: true },
        filter: { supported: true, maxResults: 1000 },
        sort: { supported: false },
        etag: { supported: false },
        bulk: { supported: false },
      });
    if (path === '/ResourceTypes')
      return json(res, 200, [
        { name: 'User', endpoint: '/Users', schema: USER },
        { name: 'Group', endpoint: '/Groups', schema: GROUP },
      ]);
    const collection = path === '/Users' ? users : path === '/Groups' ? groups : undefined;
    if (!collection) return json(res, 404, { schemas: [ERROR], status: '404' });
    const filter = url.searchParams.get('filter');
    let matching = collection;
    if (filter) {
      const ast = parseFilter(filter);
      const refused = operators(ast).find((op) => op !== 'eq');
      if (refused) return json(res, 400, { schemas: [ERROR], status: '400', scimType: 'invalidFilter', detail: `Operator ${refused} is not supported` });
      matching = collection.filter((r) => matchesFilter(r, ast));
    }
    const startIndex = Number(url.searchParams.get('startIndex') ?? 1);
    const count = Number(url.searchParams.get('count') ?? 100);
    const page = matching.slice(startIndex - 1, startIndex - 1 + count);
    return json(res, 200, { schemas: [LIST], totalResults: matching.length, startIndex, itemsPerPage: page.length, Resources: page });
  };
}

function operators(node: FilterNode): string[] {
  if (node.kind === 'compare') return [node.op];
  if (node.kind === 'present') return ['pr'];
  if (node.kind === 'and' || node.kind === 'or') return [...operators(node.left), ...operators(node.right)];
  if (node.kind === 'not') return ['not', ...operators(node.expr)];
  return operators(node.filter);
}

describe('searches on a server that refuses every operator but eq', () => {
  let server: ScriptedServer;
  let harness: EngineHarness;
  let connectionId: string;
  const special = new Set([205, 310, 440]);
  const users = Array.from({ length: 450 }, (_, i) => ({
    schemas: [USER],
    id: `u${i}`,
    userName: `user${String(i).padStart(3, '0')}@example.com`,
    displayName: special.has(i) ? `Zelda Quux ${i}` : `Person ${i}`,
    emails: [{ value: `user${i}@example.com`, primary: true }],
    groups: i % 5 === 0 ? [{ value: 'g1', display: 'Engineering' }] : [],
  }));
  const groups = ['Engineering', 'Sales', 'Field Engineers', 'Support'].map((displayName, i) => ({
    schemas: [GROUP],
    id: `g${i + 1}`,
    displayName,
    members: [],
  }));

  beforeAll(async () => {
    server = await startScriptedServer(eqOnlyRoute(users, groups));
    harness = await createEngineHarness();
    connectionId = await harness.connect('eq-only', `${server.url}/scim/v2`, TOKEN);
  });
  afterAll(async () => {
    await harness.close();
    await server.close();
  });
  const refusedRequests = () => server.seen.filter((r) => /(%20|\+)(sw|co)(%20|\+)/.test(r.url)).length;

  it('the picker finds users by part of a name past the first 200, and the refused filter is not sent again', async () => {
    const bridge = bridgeOver(harness);
    const first = await fetchWith<{ refs: Array<{ value: string }>; note?: string }>(
      pickerQuery(bridge, { connectionId, endpoint: '/Users', kind: 'users', query: 'zelda' }),
    );
    expect(first.refs.map((r) => r.value)).toEqual(['u205', 'u310', 'u440']);
    expect(first.note).toMatch(/^The server refuses .* in filters\. Matched here over all 450 resources\.$/);
    expect(refusedRequests()).toBe(1);

    // Another search: the refusal was learned, so it is matched here at once, without asking again.
    const second = await fetchWith<{ refs: Array<{ value: string }> }>(
      pickerQuery(bridge, { connectionId, endpoint: '/Users', kind: 'users', query: 'quux 3' }),
    );
    expect(second.refs.map((r) => r.value)).toEqual(['u310']);
    expect(refusedRequests()).toBe(1);
    expect(server.seen.some((r) => decodeURIComponent(r.url).includes('userName eq'))).toBe(false);
  });

  it('the Groups picker finds groups by part of their name', async () => {
    const results = await fetchWith<{ refs: Array<{ display?: string }>; note?: string }>(
      pickerQuery(bridgeOver(harness), { connectionId, endpoint: '/Groups', kind: 'groups', query: 'engine' }),
    );
    expect(results.refs.map((r) => r.display)).toEqual(['Engineering', 'Field Engineers']);
    expect(results.note).toMatch(/Matched here over all 4 resources\./);
  });

  it("the Members tab search narrows a group's members by part of a name, matched here", async () => {
    const bridge = bridgeOver(harness);
    const scope = { connectionId, groupId: 'g1', usersEndpoint: '/Users' };
    // Without text the server pages the members itself (groups.value eq is applied).
    const all = await fetchWith<{ resources: unknown[]; totalResults: number; scan?: unknown }>(memberUsersPageQuery(bridge, { ...scope, query: '', page: 0 }));
    expect(all.totalResults).toBe(90);
    expect(all.resources).toHaveLength(MEMBER_PAGE_SIZE);
    expect(all.scan).toBeUndefined();
    const searched = await fetchWith<{ resources: Array<{ id: string }>; totalResults: number; scan?: { reason: string } }>(
      memberUsersPageQuery(bridge, { ...scope, query: 'Zelda', page: 0 }),
    );
    expect(searched.resources.map((r) => r.id)).toEqual(['u205', 'u310', 'u440']);
    expect(searched.totalResults).toBe(3);
    expect(searched.scan?.reason).toMatch(/Matched here over all 450 resources\./);
  });
});
