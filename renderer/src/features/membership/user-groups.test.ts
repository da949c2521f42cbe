import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { Bridge } from '../../../../shared/contract';
import { BridgeError } from '../../bridge/BridgeError';
import { unreadGroupsNote, userGroupsQuery } from './queries';

const groups = [
  { id: 'g1', displayName: 'Engineering', members: [{ value: 'u1' }, { value: 'u2' }] },
  { id: 'g2', displayName: 'Sales', members: [{ value: 'u3' }] },
  { id: 'g3', displayName: 'All', members: [{ value: 'u1' }] },
];

interface ServerShape {
  /** What the user's `groups` attribute holds (undefined: the server keeps none). */
  groupsAttribute?: Array<{ value: string; display?: string }>;
  /** How the server treats `members.value eq`: applies it, ignores it, refuses it (400), or was learned to refuse it. */
  memberFilter: 'applied' | 'ignored' | 'refused' | 'learned-refused';
  /** The main side stopped reading after this many groups of the listing, and why. */
  stopsAfter?: { read: number; reason: string };
}

/** A bridge over a tiny in-memory server with the given behaviour, recording what was asked. */
function bridgeFor(shape: ServerShape) {
  const calls: Array<{ channel: string; input: Record<string, unknown> }> = [];
  const bridge = {
    call: async (channel: string, input: Record<string, unknown>) => {
      calls.push({ channel, input });
      if (channel === 'scim.get')
        return {
          resource: { id: 'u1', ...(shape.groupsAttribute ? { groups: shape.groupsAttribute } : {}) },
          status: 200,
          etag: null,
          location: null,
          exchangeId: 'x',
          quirks: [],
        };
      if (channel !== 'scim.listAll') throw new Error(`unexpected ${channel}`);
      const filter = input.filter as string | undefined;
      if (filter && shape.memberFilter === 'refused')
        throw new BridgeError({ code: 'http', status: 400, scimType: 'invalidFilter', message: 'filter attribute members.value is not supported for Group' });
      if (filter && shape.memberFilter === 'learned-refused')
        throw new BridgeError({
          code: 'unsupported',
          message: 'Not sent: this server refused filters with "members.value eq"',
          learnedKeys: ['filter|groups|members.value eq'],
        });
      const id = filter ? /"(.*)"/.exec(filter)![1] : undefined;
      const matched = filter && shape.memberFilter === 'applied' ? groups.filter((g) => g.members.some((m) => m.value === id)) : groups;
      const excluded = (input.excludedAttributes as string[] | undefined)?.includes('members');
      const all = matched.map((g) => (excluded && shape.memberFilter === 'applied' ? { id: g.id, displayName: g.displayName } : g));
      const read = Math.min(all.length, (input.limit as number | undefined) ?? 10_000, shape.stopsAfter?.read ?? Infinity);
      const stopped =
        read < all.length ? { complete: false, stoppedBecause: shape.stopsAfter?.reason ?? `Stopped at the limit of ${read} groups.` } : { complete: true };
      return { resources: all.slice(0, read), totalResults: all.length, ...stopped, quirks: [] };
    },
    subscribe: () => () => undefined,
  } as unknown as Bridge;
  return { bridge, calls };
}

async function userGroups(shape: ServerShape, viaAttribute: boolean) {
  const { bridge, calls } = bridgeFor(shape);
  const client = new QueryClient();
  const result = await client.fetchQuery(
    userGroupsQuery(bridge, { connectionId: 'c', usersEndpoint: '/Users', groupsEndpoint: '/Groups', userId: 'u1', viaAttribute }),
  );
  return { ...result, names: result.groups.map((g) => g.display ?? g.value).sort(), calls };
}

describe("a user's groups reach the right answer on every kind of server", () => {
  it('uses the groups attribute when the server keeps it', async () => {
    const r = await userGroups(
      {
        groupsAttribute: [
          { value: 'g1', display: 'Engineering' },
          { value: 'g3', display: 'All' },
        ],
        memberFilter: 'refused',
      },
      true,
    );
    expect(r).toMatchObject({ source: 'groups-attribute', names: ['All', 'Engineering'] });
    expect(r.calls.map((c) => c.channel)).toEqual(['scim.get']);
  });

  for (const memberFilter of ['applied', 'ignored', 'refused', 'learned-refused'] as const) {
    for (const groupsAttribute of [undefined, []]) {
      it(`cross-checks an ${groupsAttribute ? 'empty' : 'absent'} groups attribute by searching Groups (member filter ${memberFilter})`, async () => {
        const r = await userGroups({ groupsAttribute, memberFilter }, true);
        expect(r.names).toEqual(['All', 'Engineering']);
        expect(r.note).toMatch(new RegExp(`groups attribute ${groupsAttribute ? 'is empty' : 'is missing'}, but 2 groups list the user as a member`));
      });
    }
    it(`searches Groups when users carry no groups (member filter ${memberFilter})`, async () => {
      const r = await userGroups({ memberFilter }, false);
      expect(r.names).toEqual(['All', 'Engineering']);
      expect(r.source).toBe(memberFilter === 'applied' ? 'members-filter' : 'filtered-here');
      if (memberFilter === 'refused' || memberFilter === 'learned-refused') {
        expect(r.note).toMatch(
          /^The server refuses the filter members\.value eq "u1"; its 3 groups were read with their members and the 2 that list this user picked here\.$/,
        );
        // The read-whole fallback sends no filter.
        expect(r.calls.at(-1)!.input.filter).toBeUndefined();
      }
    });
  }
});

describe('groups the main side did not all read are said on screen', () => {
  const reason = 'Stopped at the limit of 10,000 groups.';

  it('says nothing of a complete listing, and how many of how many otherwise', () => {
    expect(unreadGroupsNote({ resources: [{}], totalResults: 1, complete: true })).toBe('');
    expect(unreadGroupsNote({ resources: Array.from({ length: 10_000 }, () => ({})), totalResults: 12_345, complete: false, stoppedBecause: reason })).toBe(
      `This list may be incomplete: 10,000 of 12,345 groups were read. ${reason}`,
    );
    expect(unreadGroupsNote({ resources: [{}, {}], totalResults: null, complete: false })).toBe('This list may be incomplete: 2 groups were read.');
  });

  it('notes a search by member that stopped short, after checking the filter is applied', async () => {
    const r = await userGroups({ memberFilter: 'applied', stopsAfter: { read: 1, reason } }, false);
    expect(r).toMatchObject({ source: 'members-filter', names: ['Engineering'], note: `This list may be incomplete: 1 of 2 groups were read. ${reason}` });
    expect(r.calls.map((c) => c.input)).toEqual([
      expect.objectContaining({ filter: 'members.value eq "u1"', excludedAttributes: ['members'] }),
      expect.objectContaining({ filter: 'members.value eq "scim-desk-no-such-member"', limit: 1 }),
    ]);
  });

  it('notes an ignored filter whose groups stopped short', async () => {
    const r = await userGroups({ memberFilter: 'ignored', stopsAfter: { read: 2, reason } }, false);
    expect(r.names).toEqual(['Engineering']);
    expect(r.note).toBe(
      `The server ignored the filter members.value eq "u1" and sent 2 groups; the 1 that list this user were picked here. This list may be incomplete: 2 of 3 groups were read. ${reason}`,
    );
  });

  it('notes a refused filter whose groups, read whole, stopped short', async () => {
    const r = await userGroups({ memberFilter: 'refused', stopsAfter: { read: 2, reason } }, false);
    expect(r.names).toEqual(['Engineering']);
    expect(r.note).toBe(
      `The server refuses the filter members.value eq "u1"; its 2 groups were read with their members and the 1 that list this user picked here. This list may be incomplete: 2 of 3 groups were read. ${reason}`,
    );
  });
});
