import { describe, expect, it } from 'vitest';
import { applyPatch, encodePatch } from '../patch';
import { halve, memberOps, memberValuePath, planRequests, putBody, refsIn, verify } from './membership';
import {
  changesByGroup,
  differenceNote,
  isDifferenceNote,
  requestItem,
  retryLabel,
  stepKeyOf,
  stepLabel,
  stepStatuses,
  unfinishedRequests,
} from './membership-job';

const refs = (n: number, prefix = 'u') => Array.from({ length: n }, (_, i) => ({ value: `${prefix}${i}`, display: `User ${i}` }));

describe('membership planning', () => {
  it('reads members and groups leniently: numeric ids as text, odd key case, entries without value skipped', () => {
    const group = { Members: [{ Value: 7, Display: 'Seven', type: 'USER' }, { display: 'no value' }, 'junk', { value: 'u2' }] };
    expect(refsIn(group, 'members')).toEqual([{ value: '7', display: 'Seven', type: 'USER' }, { value: 'u2' }]);
    expect(refsIn({}, 'groups')).toBeUndefined();
  });

  it('changes members with add and remove operations, never a replace of the whole list', () => {
    const ops = memberOps([{ value: 'a', display: 'A' }], [{ value: 'b' }]);
    expect(ops).toEqual([
      { op: 'add', path: 'members', value: [{ value: 'a', display: 'A' }] },
      { op: 'remove', path: 'members[value eq "b"]' },
    ]);
    const group = { id: 'g', members: [{ value: 'b' }, { value: 'c' }] };
    expect(applyPatch(group, ops).members).toEqual([{ value: 'c' }, { value: 'a', display: 'A' }]);
    for (const dialect of ['rfc', 'entra', 'okta'] as const) expect(encodePatch(ops, dialect).Operations.length).toBeGreaterThan(0);
    // The member id is quoted and escaped by the filter printer, never concatenated.
    expect(memberValuePath('a"b\\c')).toBe('members[value eq "a\\"b\\\\c"]');
  });

  it('sends one request when the change fits, chunks of at most chunkSize members otherwise', () => {
    const one = planRequests({ groupId: 'g', groupName: 'G', add: refs(3), remove: refs(2, 'r') }, { patch: true, chunkSize: 1000 });
    expect(one).toHaveLength(1);
    expect(one[0]!.operations).toHaveLength(3);
    const chunks = planRequests({ groupId: 'g', groupName: 'G', add: refs(2500), remove: refs(600, 'r') }, { patch: true, chunkSize: 1000 });
    expect(chunks.map((c) => c.add.length + c.remove.length)).toEqual([1000, 1000, 1000, 100]);
    expect(chunks[2]!.add).toHaveLength(500);
    expect(chunks[2]!.remove).toHaveLength(500);
    expect(chunks.flatMap((c) => c.add).map((m) => m.value)).toEqual(refs(2500).map((m) => m.value));
  });

  it('drops duplicates and a member both added and removed, and plans nothing for no change', () => {
    const plan = planRequests(
      { groupId: 'g', groupName: 'G', add: [{ value: 'a' }, { value: 'a' }], remove: [{ value: 'a' }, { value: 'b' }] },
      { patch: true, chunkSize: 10 },
    );
    expect(plan[0]!.add).toEqual([{ value: 'a' }]);
    expect(plan[0]!.remove).toEqual([{ value: 'b' }]);
    expect(planRequests({ groupId: 'g', groupName: 'G', add: [], remove: [] }, { patch: true, chunkSize: 10 })).toEqual([]);
  });

  it('halves a request refused as too large, the same way every time, down to single members', () => {
    const [request] = planRequests({ groupId: 'g', groupName: 'G', add: refs(5), remove: refs(2, 'r') }, { patch: true, chunkSize: 10 });
    const halves = halve(request!)!;
    expect(halves.map((h) => [h.add.length, h.remove.length])).toEqual([
      [4, 0],
      [1, 2],
    ]);
    expect(halve(request!)).toEqual(halves);
    const [single] = planRequests({ groupId: 'g', groupName: 'G', add: refs(1), remove: [] }, { patch: true, chunkSize: 10 });
    expect(halve(single!)).toBeUndefined();
  });

  it('without PATCH, one PUT whose body is the group with its members changed and meta dropped', () => {
    const [request] = planRequests(
      { groupId: 'g', groupName: 'G', add: [{ value: 'c', display: 'C' }], remove: [{ value: 'a' }] },
      { patch: false, chunkSize: 1 },
    );
    expect(request!.kind).toBe('put');
    expect(halve(request!)).toBeUndefined();
    const body = putBody({ id: 'g', displayName: 'G', Members: [{ value: 'a' }, { value: 'b', type: 'User' }], Meta: { version: 'W/"1"' } }, request!);
    expect(body).toEqual({
      id: 'g',
      displayName: 'G',
      Members: [
        { value: 'b', type: 'User' },
        { value: 'c', display: 'C' },
      ],
    });
  });

  it('verifies what was stored against what was asked', () => {
    const result = verify([{ value: 'a' }, { value: 'b' }], [{ value: 'c' }, { value: 'd' }], new Set(['a', 'd']));
    expect(result.missing).toEqual([{ value: 'b' }]);
    expect(result.remaining).toEqual([{ value: 'd' }]);
    expect(result.checked).toBe(4);
  });
});

describe('member values follow the server schema', () => {
  const change = { groupId: 'g1', groupName: 'Engineering', add: [{ value: 'u1', display: 'Bob Abbott', type: 'User' }], remove: [{ value: 'u2' }] };

  it('leaves out the sub-attributes the server marks readOnly, in PATCH and PUT', () => {
    const [patch] = planRequests(change, { patch: true, chunkSize: 10, readOnly: ['display'] });
    expect(patch!.operations[0]).toEqual({ op: 'add', path: 'members', value: [{ value: 'u1' }] });
    const [put] = planRequests(change, { patch: false, chunkSize: 10, readOnly: ['display', 'type'] });
    expect(putBody({ id: 'g1', displayName: 'Engineering', members: [{ value: 'u3', display: 'Carol', type: 'User' }] }, put!).members).toEqual([
      { value: 'u3' },
      { value: 'u1' },
    ]);
  });

  it('keeps display where the schema allows it, and after a 413 split', () => {
    const [patch] = planRequests(change, { patch: true, chunkSize: 10 });
    expect(patch!.operations[0]).toEqual({ op: 'add', path: 'members', value: [{ value: 'u1', display: 'Bob Abbott' }] });
    const [first] = halve(planRequests(change, { patch: true, chunkSize: 10, readOnly: ['display'] })[0]!)!;
    expect(first.operations[0]).toEqual({ op: 'add', path: 'members', value: [{ value: 'u1' }] });
  });
});

describe('membership job steps, read back by the renderer', () => {
  const requests = [
    ...planRequests({ groupId: 42, groupName: 'Eng', add: refs(4), remove: [] }, { patch: true, chunkSize: 10 }),
    ...planRequests({ groupId: 'g2', groupName: 'Ops', add: refs(1), remove: refs(1, 'r') }, { patch: true, chunkSize: 1 }),
  ];

  it('labels steps with their key (shown 1-based) and reads the key back', () => {
    expect(requestItem(requests[0]!, 'Groups/')).toBe('PATCH /Groups/42 (+4 −0)');
    const label = stepLabel('0.1', requests[0]!, '/Groups');
    expect(label).toBe('#1.2 PATCH /Groups/42 (+4 −0)');
    expect(stepKeyOf(label)).toBe('0.1');
    expect(stepKeyOf('Read back what the server stored')).toBeUndefined();
  });

  it('finds what a retry sends: halves still owed of a split request, failed and unsent requests, never one done', () => {
    const [half0, half1] = halve(requests[0]!)!;
    const statuses = stepStatuses([
      { label: stepLabel('0', requests[0]!, '/Groups'), status: 'started' },
      { label: stepLabel('0', requests[0]!, '/Groups'), status: 'split' },
      { label: stepLabel('0.0', half0, '/Groups'), status: 'done' },
      { label: stepLabel('0.1', half1, '/Groups'), status: 'failed' },
      { label: stepLabel('1', requests[1]!, '/Groups'), status: 'done' },
      { label: 'Read back what the server stored', status: 'done' },
    ]);
    const unfinished = unfinishedRequests(requests, statuses);
    expect(unfinished).toEqual([
      { request: half1, status: 'failed' },
      { request: requests[2], status: 'not-sent' },
    ]);
    expect(retryLabel(unfinished)).toBe('Retry 1 request that failed and send 1 not sent');
  });

  it('with the oldest steps left out of the log, takes requests before the first one listed as handled', () => {
    const [, half1] = halve(requests[0]!)!;
    // Request 0's own records and its first half's were left out; its second half's remain. Request 1 was cancelled before it was sent.
    const statuses = stepStatuses([
      { label: stepLabel('0.1', half1, '/Groups'), status: 'done' },
      { label: stepLabel('2', requests[2]!, '/Groups'), status: 'failed' },
    ]);
    expect(unfinishedRequests(requests, statuses, { logTruncated: true })).toEqual([
      { request: requests[1], status: 'not-sent' },
      { request: requests[2], status: 'failed' },
    ]);
    expect(unfinishedRequests(requests, statuses).map((u) => u.status)).toEqual(['not-sent', 'not-sent', 'failed']);
  });

  it('says "failed" for requests the server answered with an error and "not sent" for those never sent', () => {
    expect(retryLabel([{ status: 'failed' }])).toBe('Retry 1 request that failed');
    expect(retryLabel([{ status: 'failed' }, { status: 'failed' }])).toBe('Retry 2 requests that failed');
    expect(retryLabel([{ status: 'not-sent' }])).toBe('Send 1 request not sent');
    expect(retryLabel([{ status: 'not-sent' }, { status: 'not-sent' }])).toBe('Send 2 requests not sent');
    expect(retryLabel([])).toBeNull();
  });

  it('gathers what was asked of each group over its requests, and notes differences so they can be counted', () => {
    const groups = changesByGroup(requests);
    expect(groups.map((g) => [g.groupId, g.add.length, g.remove.length])).toEqual([
      [42, 4, 0],
      ['g2', 1, 1],
    ]);
    const note = differenceNote('missing', { value: 'u1', display: 'Ann' }, groups[1]);
    expect(note).toBe('not a member after add: Ann (u1) in Ops (g2)');
    expect(isDifferenceNote(note)).toBe(true);
    expect(isDifferenceNote(differenceNote('remaining', { value: 'u2' }))).toBe(true);
    expect(isDifferenceNote('Group g2 came back without members')).toBe(false);
  });
});
