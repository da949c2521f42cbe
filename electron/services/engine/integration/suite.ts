/**
 * The checks every server gets, whatever its dialect: discovery, listing everything (sequentially and
 * in parallel), get, create, replace, PATCH and delete through the engine, on a real server on loopback.
 * Persona-specific deviations are asserted by each test file on top of these.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Capabilities, ResourceResult } from '../../../../shared/contract';
import { createEngineHarness, expectAppError, noSecretIfFails, uniqueName, type EngineHarness } from './harness';

export interface TargetServer {
  /** The SCIM base URL (what a user types into the connection form). */
  baseUrl: string;
  token: string;
  close(): Promise<void>;
}

export interface Target {
  harness: EngineHarness;
  connectionId: string;
  server: TargetServer;
  token: string;
  caps(): Promise<Capabilities>;
  /** The User endpoint as discovery (or probing) found it. */
  usersEndpoint(): Promise<string>;
}

/** Registers beforeAll/afterAll that start the server, a harness and a saved connection; the object fills in then. */
export function useTarget(name: string, start: () => Promise<TargetServer>): Target {
  const target = { token: '' } as Target;
  beforeAll(async () => {
    target.server = await start();
    target.token = target.server.token;
    target.harness = await createEngineHarness();
    target.connectionId = await target.harness.connect(name, target.server.baseUrl, target.server.token);
    target.caps = () => target.harness.engine.capabilities(target.connectionId);
    target.usersEndpoint = async () => {
      const type = (await target.caps()).resourceTypes.find((t) => t.name === 'User');
      if (!type) throw new Error(`${name}: no User resource type was found`);
      return type.endpoint;
    };
  });
  afterAll(async () => {
    await target.harness?.close();
    await target.server?.close();
  });
  return target;
}

/** Reads the server's own count of a collection with a plain fetch, independent of the engine. */
export async function serverTotal(target: Target, endpoint: string): Promise<number> {
  const url = `${target.server.baseUrl.replace(/\/+$/, '')}/${endpoint.replace(/^\/+/, '')}?startIndex=1&count=1`;
  const response = await fetch(url, { headers: { authorization: `Bearer ${target.token}`, accept: 'application/scim+json' } });
  expect(response.status).toBe(200);
  const body = (await response.json()) as Record<string, unknown>;
  const key = Object.keys(body).find((k) => k.toLowerCase() === 'totalresults');
  const total = key ? Number(body[key]) : NaN;
  expect(Number.isInteger(total)).toBe(true);
  return total;
}

export async function listEverything(target: Target, endpoint: string, options: { pageSize: number; parallel: number }) {
  const ids: string[] = [];
  const warnings: string[] = [];
  let pages = 0;
  for await (const { page, warning } of target.harness.engine.listAll({ connectionId: target.connectionId, endpoint, ...options })) {
    pages++;
    ids.push(...page.resources.map((r) => String(r.id)));
    if (warning) warnings.push(warning);
  }
  return { ids, warnings, pages };
}

export interface CoreSuiteOptions {
  /** Users seeded on the server (before any test creates some). */
  seededUsers: number;
  pageSize: number;
  /** A new user's body; `tag` makes it unique. */
  newUser(tag: string): Record<string, unknown>;
  /** Status the server answers a create with. */
  createStatus: 200 | 201;
  /** Status the server answers a delete with. */
  deleteStatus: 200 | 204;
}

const codesOf = (result: { quirks: { code: string }[] }) => result.quirks.map((q) => q.code);

/** The generic behaviour, as `it` blocks in the calling describe. */
export function coreSuite(target: Target, options: CoreSuiteOptions): void {
  it('lists every user exactly once, sequentially and with parallel = 4, matching the server total', async () => {
    const endpoint = await target.usersEndpoint();
    const total = await serverTotal(target, endpoint);
    expect(total).toBe(options.seededUsers);
    for (const parallel of [1, 4]) {
      const { ids, warnings, pages } = await listEverything(target, endpoint, { pageSize: options.pageSize, parallel });
      expect(warnings).toEqual([]);
      expect(ids.length).toBe(total);
      expect(new Set(ids).size).toBe(total);
      expect(pages).toBe(Math.ceil(total / options.pageSize));
    }
  });

  it('creates, reads, replaces, patches (rfc dialect) and deletes a user; the user is gone afterwards', async () => {
    const { engine } = target.harness;
    const connectionId = target.connectionId;
    const endpoint = await target.usersEndpoint();
    const tag = uniqueName('it');

    const created = await engine.create({ connectionId, endpoint, resource: options.newUser(tag) });
    expect(created.status).toBe(options.createStatus);
    expect(created.resource.id).toBeDefined();
    const id = created.resource.id as string | number;
    if (options.createStatus === 200) expect(codesOf(created)).toContain('create.status-200');
    else expect(codesOf(created)).not.toContain('create.status-200');

    const read = await engine.get({ connectionId, endpoint, id });
    expect(read.status).toBe(200);
    expect(read.resource.id).toEqual(id);
    expect(String(read.resource.userName).toLowerCase()).toBe(String(created.resource.userName).toLowerCase());

    // name.familyName and active: attributes every server here keeps (Confirmit has no displayName).
    const { meta: _meta, ...body } = read.resource;
    const name = { ...(body.name as Record<string, unknown>), familyName: `Replaced ${tag}` };
    const replaced: ResourceResult = await engine.replace({ connectionId, endpoint, id, resource: { ...body, name } });
    expect(replaced.status).toBe(200);
    expect(replaced.resource.name).toMatchObject({ familyName: `Replaced ${tag}` });
    expect((await engine.get({ connectionId, endpoint, id })).resource.name).toMatchObject({ familyName: `Replaced ${tag}` });

    const patched = await engine.patch({
      connectionId,
      endpoint,
      id,
      dialect: 'rfc',
      operations: [
        { op: 'replace', path: 'name.familyName', value: `Patched ${tag}` },
        { op: 'replace', path: 'active', value: false },
      ],
    });
    expect([200, 204]).toContain(patched.status);
    expect(patched.resource).toMatchObject({ name: { familyName: `Patched ${tag}` }, active: false });
    const afterPatch = await engine.get({ connectionId, endpoint, id });
    expect(afterPatch.resource).toMatchObject({ name: { familyName: `Patched ${tag}` }, active: false });

    const deleted = await engine.delete({ connectionId, endpoint, id });
    expect(deleted.status).toBe(options.deleteStatus);
    if (options.deleteStatus === 200) expect(codesOf(deleted)).toContain('delete.status-200');
    const gone = await expectAppError(engine.get({ connectionId, endpoint, id }), target.token);
    expect(gone).toMatchObject({ code: 'http', status: 404 });
    expect(await serverTotal(target, endpoint)).toBe(options.seededUsers);
  });

  it('never quotes the bearer token in an error (wrong id, bad filter, wrong token)', async () => {
    const { engine } = target.harness;
    const endpoint = await target.usersEndpoint();
    await expectAppError(engine.get({ connectionId: target.connectionId, endpoint, id: '999999999' }), target.token);
    await noSecretIfFails(engine.list({ connectionId: target.connectionId, endpoint, filter: 'userName eq', count: 5 }), target.token); // some servers accept it
    const wrong = await target.harness.connect('wrong token', target.server.baseUrl, `${target.token}-nope`);
    const refused = await expectAppError(engine.list({ connectionId: wrong, endpoint, count: 1 }), target.token);
    expect(refused.code).toBe('auth');
    await expectAppError(engine.list({ connectionId: wrong, endpoint, count: 1 }), `${target.token}-nope`);
  });
}
