/**
 * If-Match goes only to a server whose ServiceProviderConfig says it supports ETags, whichever path
 * asks: the detail editor and the membership PUT pass the version they read as an explicit `etag`, the
 * composer passes one only where the server has ETags, and a later write may find one in the cache.
 * A server that says `etag.supported: false` (SCIMMY) but still sends `ETag` headers and `meta.version`
 * must never receive If-Match; the renderer's review says so in the same words (renderer/src/scim).
 */
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { json, startScriptedServer, type ScriptedServer } from '../../../test/support/scripted-server';
import { createEngineHarness, type EngineHarness } from './integration/harness';

const TOKEN = 'etag-test-token-31';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const VERSION = 'W/"v1"';

let server: ScriptedServer | undefined;
let harness: EngineHarness | undefined;
afterEach(async () => {
  await harness?.close();
  await server?.close();
  harness = server = undefined;
});

/** A server with one user that always sends an ETag and meta.version; its ServiceProviderConfig says `etag` (or nothing). */
async function connect(etag: boolean | undefined) {
  const user = { schemas: [USER], id: 'u1', userName: 'ann', displayName: 'Ann', meta: { resourceType: 'User', version: VERSION } };
  server = await startScriptedServer((req, res: ServerResponse) => {
    const path = new URL(req.url, 'http://x').pathname.replace('/scim/v2', '');
    if (path === '/ServiceProviderConfig') {
      return json(res, 200, {
        patch: { supported: true },
        filter: { supported: true },
        sort: { supported: false },
        bulk: { supported: false },
        ...(etag === undefined ? {} : { etag: { supported: etag } }),
      });
    }
    if (path === '/ResourceTypes') return json(res, 200, [{ name: 'User', endpoint: '/Users', schema: USER }]);
    if (path === '/Schemas') return json(res, 404, {});
    if (path !== '/Users/u1') return json(res, 404, {});
    if (req.method === 'DELETE') {
      res.writeHead(204);
      res.end();
      return;
    }
    res.setHeader('ETag', VERSION);
    return json(res, 200, user);
  });
  harness = await createEngineHarness();
  const connectionId = await harness.connect('etags', `${server.url}/scim/v2`, TOKEN);
  return { engine: harness.engine, connectionId };
}

const writes = () => server!.seen.filter((r) => r.method === 'PUT' || r.method === 'PATCH' || r.method === 'DELETE');

describe('If-Match follows the ServiceProviderConfig, whatever the caller passes', () => {
  for (const declared of [false, undefined]) {
    it(`sends no If-Match to a server whose etag.supported is ${declared === undefined ? 'not said' : 'false'}, even with an explicit etag from a read`, async () => {
      const { engine, connectionId } = await connect(declared);
      const read = await engine.get({ connectionId, endpoint: '/Users', id: 'u1' });
      // The version is there to be had (header and meta.version): only the server's word keeps it off the wire.
      expect(read.etag).toBe(VERSION);
      expect((await engine.capabilities(connectionId)).etag).toBe(declared ?? null);

      // As the detail editor, the membership PUT and Delete ask: with the etag they read.
      await engine.patch({
        connectionId,
        endpoint: '/Users',
        id: 'u1',
        dialect: 'rfc',
        operations: [{ op: 'replace', path: 'displayName', value: 'Ann B' }],
        etag: read.etag!,
      });
      await engine.replace({ connectionId, endpoint: '/Users', id: 'u1', resource: { schemas: [USER], userName: 'ann' }, etag: read.etag! });
      // And without one, where the engine remembers the last version it saw.
      await engine.patch({ connectionId, endpoint: '/Users', id: 'u1', dialect: 'rfc', operations: [{ op: 'replace', path: 'displayName', value: 'Ann C' }] });
      await engine.delete({ connectionId, endpoint: '/Users', id: 'u1', etag: read.etag! });

      expect(writes().map((r) => r.method)).toEqual(['PATCH', 'PUT', 'PATCH', 'DELETE']);
      for (const request of writes()) expect(request.headers['if-match']).toBeUndefined();
    });
  }

  it('sends the version read as If-Match to a server that says it supports ETags', async () => {
    const { engine, connectionId } = await connect(true);
    const read = await engine.get({ connectionId, endpoint: '/Users', id: 'u1' });
    await engine.patch({
      connectionId,
      endpoint: '/Users',
      id: 'u1',
      dialect: 'rfc',
      operations: [{ op: 'replace', path: 'displayName', value: 'Ann B' }],
      etag: read.etag!,
    });
    await engine.replace({ connectionId, endpoint: '/Users', id: 'u1', resource: { schemas: [USER], userName: 'ann' } });
    await engine.delete({ connectionId, endpoint: '/Users', id: 'u1', etag: read.etag! });
    expect(writes().map((r) => [r.method, r.headers['if-match']])).toEqual([
      ['PATCH', VERSION],
      ['PUT', VERSION],
      ['DELETE', VERSION],
    ]);
  });
});
