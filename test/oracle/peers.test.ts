import { describe, expect, it } from 'vitest';
import { DISAGREEMENTS, type Disagreement } from './disagreements';
import { judgeFilter, judgePatch, type Outcome } from './judge';
import { PEER_FILTER_CASES } from './peer-filter-cases';
import { PEER_PATCH_CASES } from './peer-patch-cases';
import { PEER_SOURCES } from './peers/types';

/**
 * Issue #13, "The judge must be right": our filter evaluator and PatchOp engine against the test suites
 * of scim2-parse-filter, SCIMMY (filter fixtures) and scim-patch, translated into data under ./peers.
 * Each applicable case must agree with the peer unless ./disagreements.ts lists it (with who is right
 * and the RFC clause); a listed case that starts to agree fails too, so the table stays true.
 */

interface Ran {
  id: string;
  kind: 'filter' | 'patch';
  outcome: Outcome;
  listed: Disagreement | undefined;
}

const skipped = [...PEER_FILTER_CASES, ...PEER_PATCH_CASES].filter((testCase) => testCase.skip !== undefined);
const ran: Ran[] = [
  ...PEER_FILTER_CASES.filter((testCase) => testCase.skip === undefined).map((testCase) => ({
    id: testCase.id,
    kind: 'filter' as const,
    outcome: judgeFilter(testCase),
    listed: DISAGREEMENTS[testCase.id],
  })),
  ...PEER_PATCH_CASES.filter((testCase) => testCase.skip === undefined).map((testCase) => ({
    id: testCase.id,
    kind: 'patch' as const,
    outcome: judgePatch(testCase),
    listed: DISAGREEMENTS[testCase.id],
  })),
];
const agreed = ran.filter((entry) => entry.outcome.agrees).length;

function describeOutcome(entry: Ran): string {
  return `${entry.id}\n  ours: ${entry.outcome.ours}\n  peer: ${entry.outcome.peer}`;
}

describe('peer suites as an oracle', () => {
  it('has unique case ids', () => {
    const ids = [...PEER_FILTER_CASES, ...PEER_PATCH_CASES].map((testCase) => testCase.id);
    expect(ids.length - new Set(ids).size).toBe(0);
  });

  it.each(ran.filter((entry) => entry.kind === 'filter').map((entry) => [entry.id, entry] as const))('filter: %s', (_id, entry) => {
    if (entry.listed) expect(entry.outcome.agrees, `listed as a disagreement but now agrees; remove it from the table:\n${describeOutcome(entry)}`).toBe(false);
    else expect(entry.outcome.agrees, `disagrees with the peer and is not in the table:\n${describeOutcome(entry)}`).toBe(true);
  });

  it.each(ran.filter((entry) => entry.kind === 'patch').map((entry) => [entry.id, entry] as const))('patch: %s', (_id, entry) => {
    if (entry.listed) expect(entry.outcome.agrees, `listed as a disagreement but now agrees; remove it from the table:\n${describeOutcome(entry)}`).toBe(false);
    else expect(entry.outcome.agrees, `disagrees with the peer and is not in the table:\n${describeOutcome(entry)}`).toBe(true);
  });

  it('lists only applicable cases in the disagreements table, each with a reason', () => {
    const applicable = new Set(ran.map((entry) => entry.id));
    expect(Object.keys(DISAGREEMENTS).filter((id) => !applicable.has(id))).toEqual([]);
    for (const entry of Object.values(DISAGREEMENTS)) expect(entry.why).toMatch(/RFC 7\d{3} §/);
  });

  it('says why each left-out case does not apply', () => {
    for (const testCase of skipped) expect(testCase.skip?.notApplicable.length).toBeGreaterThan(20);
  });

  it(`agrees on ${agreed} of ${ran.length} applicable cases (${skipped.length} not applicable); the other ${ran.length - agreed} are listed`, () => {
    const byCategory = new Map<string, { right: string; cases: number }>();
    for (const entry of ran) {
      if (!entry.listed) continue;
      const key = `${entry.listed.right}: ${entry.listed.category}`;
      const row = byCategory.get(key) ?? { right: entry.listed.right, cases: 0 };
      row.cases++;
      byCategory.set(key, row);
    }
    const sources = Object.entries(PEER_SOURCES).map(([peer, source]) => `${peer} ${source.version} @ ${source.commit.slice(0, 12)}`);
    console.info(`Peer oracle (${sources.join(', ')}): ${agreed}/${ran.length} agree, ${skipped.length} not applicable`);
    console.table(Object.fromEntries(byCategory));
    expect(ran.length - agreed).toBe(Object.keys(DISAGREEMENTS).length);
  });
});
