import { describe, expect, it } from 'vitest';
import { applyPatch, encodePatch } from '../../../../shared/patch';
import { halve, memberOps, planRequests, putBody, refsIn, searchRefs, verify } from './model';

const refs = (n: number, prefix = 'u') => Array.from({ length: n }, (_, i) => ({ value: `${prefix}${i}`, display: `User ${i}` }));

describe('membership model', () => {
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
    // Every dialect can carry it.
    for (const dialect of ['rfc', 'entra', 'okta'] as const) expect(encodePatch(ops, dialect).Operations.length).toBeGreaterThan(0);
  });

  it('sends one request when the change fits, chunks of at most chunkSize members otherwise', () => {
    const one = planRequests({ groupId: 'g', groupName: 'G', add: refs(3), remove: refs(2, 'r') }, { patch: true, chunkSize: 1000 });
    expect(one).toHaveLength(1);
    expect(one[0]!.ops).toHaveLength(3);
    const chunks = planRequests({ groupId: 'g', groupName: 'G', add: refs(2500), remove: refs(600, 'r') }, { patch: true, chunkSize: 1000 });
    expect(chunks.map((c) => c.add.length + c.remove.length)).toEqual([1000, 1000, 1000, 100]);
    expect(chunks[2]!.add).toHaveLength(500);
    expect(chunks[2]!.remove).toHaveLength(500);
    expect(chunks.flatMap((c) => c.add).map((m) => m.value)).toEqual(refs(2500).map((m) => m.value));
  });

  it('drops duplicates and a member both added and removed, and plans nothing for no change', () => {
    const plan = planRequests({ groupId: 'g', groupName: 'G', add: [{ value: 'a' }, { value: 'a' }], remove: [{ value: 'a' }, { value: 'b' }] }, { patch: true, chunkSize: 10 });
    expect(plan[0]!.add).toEqual([{ value: 'a' }]);
    expect(plan[0]!.remove).toEqual([{ value: 'b' }]);
    expect(planRequests({ groupId: 'g', groupName: 'G', add: [], remove: [] }, { patch: true, chunkSize: 10 })).toEqual([]);
  });

  it('halves a request refused as too large, down to single members', () => {
    const [request] = planRequests({ groupId: 'g', groupName: 'G', add: refs(5), remove: [] }, { patch: true, chunkSize: 10 });
    const halves = halve(request!)!;
    expect(halves.map((h) => h.add.length)).toEqual([3, 2]);
    const [single] = planRequests({ groupId: 'g', groupName: 'G', add: refs(1), remove: [] }, { patch: true, chunkSize: 10 });
    expect(halve(single!)).toBeUndefined();
  });

  it('without PATCH, one PUT whose body is the group with its members changed and meta dropped', () => {
    const [request] = planRequests({ groupId: 'g', groupName: 'G', add: [{ value: 'c', display: 'C' }], remove: [{ value: 'a' }] }, { patch: false, chunkSize: 1 });
    expect(request!.kind).toBe('put');
    const body = putBody({ id: 'g', displayName: 'G', members: [{ value: 'a' }, { value: 'b', type: 'User' }], meta: { version: 'W/"1"' } }, request!);
    expect(body).toEqual({ id: 'g', displayName: 'G', members: [{ value: 'b', type: 'User' }, { value: 'c', display: 'C' }] });
  });

  it('verifies what was stored against what was asked', () => {
    const result = verify([{ value: 'a' }, { value: 'b' }], [{ value: 'c' }, { value: 'd' }], new Set(['a', 'd']));
    expect(result.missing).toEqual([{ value: 'b' }]);
    expect(result.remaining).toEqual([{ value: 'd' }]);
    expect(result.checked).toBe(4);
  });

  it('searches member lists held in memory by name or id, ignoring case', () => {
    const list = [{ value: 'x1', display: 'Ann Lee' }, { value: 'ANN-2' }, { value: 'z' }];
    expect(searchRefs(list, 'ann').map((r) => r.value)).toEqual(['x1', 'ANN-2']);
    expect(searchRefs(list, '  ')).toHaveLength(3);
  });
});

describe('member values follow the server schema', () => {
  const change = { groupId: 'g1', groupName: 'Engineering', add: [{ value: 'u1', display: 'Bob Abbott', type: 'User' }], remove: [{ value: 'u2' }] };

  it('leaves out the sub-attributes the server marks readOnly, in PATCH and PUT', () => {
    const [patch] = planRequests(change, { patch: true, chunkSize: 10, readOnly: ['display'] });
    expect(patch!.ops[0]).toEqual({ op: 'add', path: 'members', value: [{ value: 'u1' }] });
    const [put] = planRequests(change, { patch: false, chunkSize: 10, readOnly: ['display', 'type'] });
    expect(putBody({ id: 'g1', displayName: 'Engineering', members: [{ value: 'u3', display: 'Carol', type: 'User' }] }, put!).members).toEqual([{ value: 'u3' }, { value: 'u1' }]);
  });

  it('keeps display where the schema allows it, and after a 413 split', () => {
    const [patch] = planRequests(change, { patch: true, chunkSize: 10 });
    expect(patch!.ops[0]).toEqual({ op: 'add', path: 'members', value: [{ value: 'u1', display: 'Bob Abbott' }] });
    const [first] = halve(planRequests(change, { patch: true, chunkSize: 10, readOnly: ['display'] })[0]!)!;
    expect(first.ops[0]).toEqual({ op: 'add', path: 'members', value: [{ value: 'u1' }] });
  });
});
