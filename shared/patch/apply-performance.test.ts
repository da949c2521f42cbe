import { describe, expect, it } from 'vitest';
import { applyPatch, type PatchOperation } from './index';

// Timing bounds are ~10× what an idle laptop needs (the unit suite runs files in parallel on 2 cores in CI):
// they catch O(n²) regressions, which cost 100× here, not noise.
const memberId = (index: number) => `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
const bigGroup = (size: number) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
  id: 'g1',
  displayName: 'Everyone',
  members: Array.from({ length: size }, (_, index) => ({
    value: memberId(index),
    display: `User ${index}`,
    $ref: `https://example.com/v2/Users/${memberId(index)}`,
    type: 'User',
  })),
});

/** The fastest of five runs after a warm-up: other work on the machine only ever adds time, so the minimum measures the algorithm. */
function timed<T>(run: () => T): { result: T; ms: number } {
  let result = run(); // warm up the JIT
  let ms = Infinity;
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    result = run();
    ms = Math.min(ms, performance.now() - started);
  }
  return { result, ms };
}

describe('applyPatch on a 10,000-member group', () => {
  const group = bigGroup(10_000);

  it('removes one member in under 200 ms', () => {
    const { result, ms } = timed(() => applyPatch(group, [{ op: 'remove', path: `members[value eq "${memberId(5_000)}"]` }]));
    expect(result.members).toHaveLength(9_999);
    expect(result.members.some((member) => member.value === memberId(5_000))).toBe(false);
    expect(group.members).toHaveLength(10_000);
    expect(ms).toBeLessThan(200);
  });

  it('adds 1,000 members, skipping those already present, in one operation', () => {
    const value = Array.from({ length: 1_000 }, (_, index) => ({ value: memberId(9_500 + index) }));
    const { result, ms } = timed(() => applyPatch(group, [{ op: 'add', path: 'members', value }]));
    expect(result.members).toHaveLength(10_500);
    expect(ms).toBeLessThan(400);
  });

  it('handles 1,000 separate add operations without re-scanning the list each time', () => {
    const ops: PatchOperation[] = Array.from({ length: 1_000 }, (_, index) => ({ op: 'add', path: 'members', value: [{ value: `new-${index}` }] }));
    const { result, ms } = timed(() => applyPatch(group, ops));
    expect(result.members).toHaveLength(11_000);
    expect(ms).toBeLessThan(800);
  });

  it('removes 1,000 members listed in one Azure-style value array', () => {
    const value = Array.from({ length: 1_000 }, (_, index) => ({ value: memberId(index * 10) }));
    const { result, ms } = timed(() => applyPatch(group, [{ op: 'remove', path: 'members', value }]));
    expect(result.members).toHaveLength(9_000);
    expect(ms).toBeLessThan(400);
  });

  it('removes 100 members in 100 filtered operations', () => {
    const ops: PatchOperation[] = Array.from({ length: 100 }, (_, index) => ({ op: 'remove', path: `members[value eq "${memberId(index * 7)}"]` }));
    const { result, ms } = timed(() => applyPatch(group, ops));
    expect(result.members).toHaveLength(9_900);
    expect(ms).toBeLessThan(2000);
  });
});
