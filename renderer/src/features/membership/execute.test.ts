import { describe, expect, it } from 'vitest';
import type { Bridge } from '../../../../shared/contract';
import { BridgeError } from '../../bridge/BridgeError';
import { executePlan, retryLabel } from './execute';
import { planRequests } from './model';

type Call = { channel: string; input: Record<string, unknown> };

/** A bridge whose PATCH refuses bodies of more than `limit` members with 413, recording every call. */
function fakeBridge(limit: number, fail?: (input: Record<string, unknown>) => BridgeError | undefined) {
  const calls: Call[] = [];
  const bridge = {
    call: async (channel: string, input: Record<string, unknown>) => {
      calls.push({ channel, input });
      const failure = fail?.(input);
      if (failure) throw failure;
      if (channel === 'scim.patch') {
        const ops = input.operations as Array<{ op: string; value?: unknown[] }>;
        const members = ops.reduce((n, op) => n + (op.op === 'add' ? (op.value?.length ?? 0) : 1), 0);
        if (members > limit) throw new BridgeError({ code: 'http', message: 'Payload Too Large', status: 413 });
        return { resource: { id: input.id }, status: 200, etag: null, location: null, exchangeId: 'x', quirks: [] };
      }
      if (channel === 'scim.get') return { resource: { id: input.id, displayName: 'G', members: [{ value: 'old' }] }, status: 200, etag: 'W/"3"', location: null, exchangeId: 'x', quirks: [] };
      if (channel === 'scim.replace') return { resource: input.resource, status: 200, etag: null, location: null, exchangeId: 'x', quirks: [] };
      throw new Error(`unexpected ${channel}`);
    },
    subscribe: () => () => {},
  } as unknown as Bridge;
  return { bridge, calls };
}

const adds = (n: number) => Array.from({ length: n }, (_, i) => ({ value: `u${i}` }));

describe('executePlan', () => {
  it('splits a request the server refuses with 413 until the halves fit, and sends every member once', async () => {
    const { bridge, calls } = fakeBridge(30);
    const plan = planRequests({ groupId: 'g', groupName: 'G', add: adds(100), remove: [] }, { patch: true, chunkSize: 1000 });
    const progress: number[] = [];
    const result = await executePlan(plan, { bridge, connectionId: 'c', groupsEndpoint: '/Groups', dialect: 'rfc', signal: new AbortController().signal, onProgress: (p) => progress.push(p.done) });
    expect(result.cancelled).toBe(false);
    expect(result.splits).toBeGreaterThan(0);
    expect(result.outcomes.every((o) => o.status === 'done')).toBe(true);
    const sent = result.outcomes.flatMap((o) => o.request.add.map((m) => m.value));
    expect(sent.sort()).toEqual(adds(100).map((m) => m.value).sort());
    expect(calls.filter((c) => c.channel === 'scim.patch').every((c) => c.input.attributes === undefined && c.input.readBack === false && c.input.etag === undefined)).toBe(true);
    expect(progress.at(-1)).toBe(result.outcomes.length);
  });

  it('records a failed request and still sends the others', async () => {
    const { bridge } = fakeBridge(1000, (input) => (input.id === 'bad' ? new BridgeError({ code: 'not_found', message: 'Group bad not found', status: 404 }) : undefined));
    const plan = [...planRequests({ groupId: 'bad', groupName: 'Bad', add: adds(1), remove: [] }, { patch: true, chunkSize: 10 }), ...planRequests({ groupId: 'ok', groupName: 'Ok', add: adds(1), remove: [] }, { patch: true, chunkSize: 10 })];
    const result = await executePlan(plan, { bridge, connectionId: 'c', groupsEndpoint: '/Groups', dialect: 'entra', signal: new AbortController().signal });
    expect(result.outcomes.map((o) => o.status)).toEqual(['failed', 'done']);
    expect(result.outcomes[0]!.error?.message).toContain('not found');
  });

  it('stops at cancel and marks the rest skipped', async () => {
    const controller = new AbortController();
    const { bridge } = fakeBridge(1000, (input) => {
      controller.abort();
      return input.id === 'g0' ? undefined : undefined;
    });
    const plan = planRequests({ groupId: 'g0', groupName: 'G', add: adds(5), remove: [] }, { patch: true, chunkSize: 1 });
    const result = await executePlan(plan, { bridge, connectionId: 'c', groupsEndpoint: '/Groups', dialect: 'rfc', signal: controller.signal });
    expect(result.cancelled).toBe(true);
    expect(result.outcomes.map((o) => o.status)).toEqual(['done', 'skipped', 'skipped', 'skipped', 'skipped']);
  });

  it('without PATCH reads the group and PUTs it with the members changed and its ETag', async () => {
    const { bridge, calls } = fakeBridge(1000);
    const plan = planRequests({ groupId: 'g', groupName: 'G', add: [{ value: 'new' }], remove: [{ value: 'old' }] }, { patch: false, chunkSize: 1 });
    await executePlan(plan, { bridge, connectionId: 'c', groupsEndpoint: '/Groups', dialect: 'rfc', signal: new AbortController().signal });
    const put = calls.find((c) => c.channel === 'scim.replace')!;
    expect(put.input.etag).toBe('W/"3"');
    expect((put.input.resource as { members: unknown }).members).toEqual([{ value: 'new' }]);
  });
});

describe('retryLabel', () => {
  it('says "failed" for requests the server answered with an error and "not sent" for those never sent', async () => {
    // One request gets a 500 and the rest go: the retry is of a failed request, not an "unsent" one.
    const { bridge } = fakeBridge(1000, (input) => (input.id === 'g1' ? new BridgeError({ code: 'http', message: 'Internal Server Error', status: 500 }) : undefined));
    const requests = ['g1', 'g2'].flatMap((groupId) => planRequests({ groupId, groupName: groupId, add: adds(1), remove: [] }, { patch: true, chunkSize: 1000 }));
    const result = await executePlan(requests, { bridge, connectionId: 'c', groupsEndpoint: '/Groups', dialect: 'rfc', signal: new AbortController().signal });
    expect(retryLabel(result.outcomes)).toBe('Retry 1 request that failed');

    expect(retryLabel([{ status: 'failed' }, { status: 'failed' }, { status: 'done' }])).toBe('Retry 2 requests that failed');
    expect(retryLabel([{ status: 'skipped' }])).toBe('Send 1 request not sent');
    expect(retryLabel([{ status: 'skipped' }, { status: 'skipped' }])).toBe('Send 2 requests not sent');
    expect(retryLabel([{ status: 'failed' }, { status: 'skipped' }, { status: 'skipped' }])).toBe('Retry 1 request that failed and send 2 not sent');
    expect(retryLabel([{ status: 'done' }])).toBeNull();
  });
});
