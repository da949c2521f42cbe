import { describe, expect, it } from 'vitest';
import type { Bridge, ResourceResult, ScimResource } from '../../../shared/contract';
import { sendAndReadBack } from './write';

/** A main side that answers each channel as told and records what it was asked. */
function fakeBridge(answers: Record<string, ScimResource>) {
  const calls: Array<{ channel: string; input: Record<string, unknown> }> = [];
  const bridge = {
    call: async (channel: string, input: Record<string, unknown>): Promise<ResourceResult> => {
      calls.push({ channel, input });
      const resource = answers[channel];
      if (!resource) throw new Error(`unexpected ${channel}`);
      return { resource, status: Object.keys(resource).length ? 200 : 204, etag: `W/"${channel}"`, location: null, exchangeId: 'x', quirks: [] };
    },
  } as unknown as Bridge;
  return { bridge, calls };
}

const group = { id: 'g1', displayName: 'Ops', members: [{ value: 'u1' }], meta: { version: 'W/"2"' } };
const scope = { connectionId: 'c', endpoint: '/Groups', id: 'g1', excluded: ['members'] };
const byName = (asked: ScimResource, stored: ScimResource) => asked.displayName === stored.displayName;

describe('sendAndReadBack: one write, what the server stored, compared with what was asked', () => {
  it('reads back, as the caller reads the resource, after a PATCH answered without a body', async () => {
    const { bridge, calls } = fakeBridge({ 'scim.patch': {}, 'scim.get': { id: 'g1', displayName: 'Ops' } });
    const operations = [{ op: 'replace' as const, path: 'displayName', value: 'Ops' }];
    const result = await sendAndReadBack(bridge, scope, { write: { operations, dialect: 'rfc' }, etag: 'W/"1"', asked: { displayName: 'Ops' } }, byName);
    expect(calls.map((c) => c.channel)).toEqual(['scim.patch', 'scim.get']);
    expect(calls[0]!.input).toMatchObject({ operations, dialect: 'rfc', etag: 'W/"1"', attributes: ['id', 'displayName', 'externalId', 'meta'] });
    expect(calls[1]!.input).toEqual({ connectionId: 'c', endpoint: '/Groups', id: 'g1', excludedAttributes: ['members'] });
    expect(result).toMatchObject({ status: 204, reread: true, response: {}, stored: { etag: 'W/"scim.get"' }, comparison: true });
  });

  it('keeps the excluded attributes on a PUT, leaves them out of the stored answer, and sends no If-Match without an ETag', async () => {
    const { bridge, calls } = fakeBridge({ 'scim.get': group, 'scim.replace': { ...group, displayName: 'Ops 2' } });
    const result = await sendAndReadBack(bridge, scope, { write: { resource: { id: 'g1', displayName: 'Ops 2' } }, etag: null, asked: null }, byName);
    expect(calls.map((c) => c.channel)).toEqual(['scim.get', 'scim.replace']);
    expect(calls[0]!.input).not.toHaveProperty('excludedAttributes');
    expect(calls[1]!.input).toEqual({ connectionId: 'c', endpoint: '/Groups', id: 'g1', resource: { id: 'g1', displayName: 'Ops 2', members: group.members } });
    expect(result.reread).toBe(false);
    expect(result.stored).toEqual({ resource: { id: 'g1', displayName: 'Ops 2', meta: group.meta }, etag: 'W/"scim.replace"' });
    expect(result.comparison).toBeNull();
  });
});
