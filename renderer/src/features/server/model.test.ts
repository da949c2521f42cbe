import { describe, expect, it } from 'vitest';
import { checkRunIdPattern, writeCheckPlan, type CheckResult } from '../../../../shared/check';
import type { JobView } from '../../../../shared/contract';
import {
  attributeCount,
  consequencesOf,
  drawRunId,
  filterChecks,
  lastCheckJob,
  summaryCounts,
  toggleProfile,
  toggleVerdict,
  writeChecksBlockedReason,
} from './model';

const check = (id: string, verdict: CheckResult['verdict'], consequence?: CheckResult['consequence']): CheckResult => ({
  id,
  title: id,
  rfc: 'RFC 7644 §3.4.2',
  group: 'paging',
  verdict,
  message: '',
  evidence: [],
  profiles: ['rfc', 'entra'],
  consequence,
});

describe('server check model', () => {
  it('filters by the chosen verdicts, or shows every check when none is chosen', () => {
    const checks = [check('a', 'pass'), check('b', 'fail'), check('c', 'ignored')];
    expect(filterChecks(checks, []).map((c) => c.id)).toEqual(['a', 'b', 'c']);
    expect(filterChecks(checks, ['fail', 'ignored']).map((c) => c.id)).toEqual(['b', 'c']);
    expect(filterChecks(checks, ['warn'])).toEqual([]);
  });

  it('toggles verdicts in the summary order, and profiles in the contract order keeping at least one', () => {
    expect(toggleVerdict(['pass'], 'fail')).toEqual(['fail', 'pass']);
    expect(toggleVerdict(['fail', 'pass'], 'fail')).toEqual(['pass']);
    expect(toggleProfile(['okta'], 'rfc')).toEqual(['rfc', 'okta']);
    expect(toggleProfile(['rfc', 'okta'], 'rfc')).toEqual(['okta']);
    expect(toggleProfile(['okta'], 'okta')).toEqual(['okta']);
  });

  it('counts every verdict, zero where the report has none', () => {
    expect(summaryCounts({ pass: 3, fail: 1 })).toEqual({ pass: 3, warn: 0, fail: 1, unsupported: 0, ignored: 0, skipped: 0 });
    expect(summaryCounts(undefined).pass).toBe(0);
  });

  it('states what each profile will do wrong only when the check ran and did not pass', () => {
    const consequence = { okta: 'Okta will …', entra: 'Entra will …' };
    expect(consequencesOf(check('x', 'pass', consequence))).toEqual([]);
    expect(consequencesOf(check('x', 'skipped', consequence))).toEqual([]);
    expect(consequencesOf(check('x', 'ignored', consequence))).toEqual([
      ['entra', 'Entra will …'],
      ['okta', 'Okta will …'],
    ]);
  });

  it('finds the newest check job of a connection in the newest-first jobs list', () => {
    const job = (id: string, kind: JobView['kind'], connectionId: string) => ({ id, kind, connectionId }) as JobView;
    const jobs = [job('1', 'export', 'a'), job('2', 'check', 'b'), job('3', 'check', 'a'), job('4', 'check', 'a')];
    expect(lastCheckJob(jobs, 'a')?.id).toBe('3');
    expect(lastCheckJob(jobs, 'c')).toBeUndefined();
    expect(lastCheckJob(undefined, 'a')).toBeUndefined();
  });

  it('counts attributes with their sub-attributes', () => {
    const attr = {
      name: 'x',
      type: 'string',
      multiValued: false,
      required: false,
      caseExact: false,
      mutability: 'readWrite',
      returned: 'default',
      uniqueness: 'none',
    } as const;
    expect(attributeCount([attr, { ...attr, type: 'complex', subAttributes: [attr, attr] }])).toBe(4);
  });

  it('draws run ids the contract accepts, each character as likely as another', () => {
    for (let i = 0; i < 200; i++) expect(drawRunId()).toMatch(checkRunIdPattern);
    expect(drawRunId(16)).toHaveLength(16);
    // Bytes 252–255 would favour a–d: they are drawn again.
    let calls = 0;
    const fill = (bytes: Uint8Array) => {
      calls += 1;
      bytes.fill(calls === 1 ? 255 : 0);
      bytes[0] = calls === 1 ? 252 : 35;
      bytes[1] = 36 + 1;
      return bytes;
    };
    expect(drawRunId(4, fill)).toBe('b9ba');
    expect(calls).toBe(2);
  });

  it('names what a write check creates from its run id, and refuses write checks on a read-only connection with the reason', () => {
    const names = writeCheckPlan(drawRunId(), ['rfc']).map((p) => p.name);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(name).toMatch(/^scimdesk-check-[a-z0-9]{8}-[a-z]+$/);
    expect(writeChecksBlockedReason({ name: 'Prod', readOnly: true })).toMatch(/^“Prod” is read-only: write checks create and remove resources\./);
    expect(writeChecksBlockedReason({ name: 'Demo', readOnly: false })).toBeNull();
  });
});
