import { describe, expect, it } from 'vitest';
import { AppError, checkReportSchema, connectionSettingsSchema, type Capabilities } from '../../../shared/contract';
import type { CheckProfile } from '../../../shared/check';
import type { HttpResponse } from '../http/client';
import { checkCatalog, duplicateIds, writeChecks } from './catalog';
import { CheckRun } from './context';
import { buildReport, runChecks, selectChecks } from './runner';
import { fail, pass, warn, type Check, type CheckOutcome } from './types';

/** A run whose requests are answered 200 `{}` in memory, each a numbered exchange. */
function fakeRun(signal = new AbortController().signal) {
  let sent = 0;
  const connection = {
    key: 'fake',
    settings: connectionSettingsSchema.parse({ name: 'fake', baseUrl: 'http://127.0.0.1:9/scim', auth: { type: 'bearer' } }),
    secret: 'fake-secret',
  };
  const answer = async (): Promise<HttpResponse> => ({
    exchangeId: `x${++sent}`,
    status: 200,
    headers: { 'content-type': 'application/scim+json' },
    body: '{}',
    url: 'http://127.0.0.1:9/scim/Users',
    timings: { startedAt: 0, ttfbMs: 0, totalMs: 0 },
  });
  return new CheckRun({ transport: { connection, sendRaw: answer }, capabilities: {} as Capabilities, signal, writes: false, runId: 'test' });
}

function check(id: string, run: Check['run'], extra: Partial<Check> = {}): Check {
  return { id, title: `Title of ${id}`, rfc: 'RFC 7644 §3', group: 'responses', writes: false, profiles: ['rfc', 'entra'], run, ...extra };
}

const sends =
  (outcome: CheckOutcome): Check['run'] =>
  async (ctx) => {
    await ctx.send({ method: 'GET', path: 'Users' });
    return outcome;
  };

const ALL: CheckProfile[] = ['rfc', 'entra', 'okta'];

describe('selectChecks', () => {
  it('takes the checks a chosen profile counts, in catalog order', () => {
    const catalog = [
      check('a', sends(pass('ok')), { profiles: ['rfc'] }),
      check('b', sends(pass('ok')), { profiles: ['okta'] }),
      check('c', sends(pass('ok'))),
    ];
    expect(selectChecks(['entra'], catalog).map((c) => c.id)).toEqual(['c']);
    expect(selectChecks(['okta', 'rfc'], catalog).map((c) => c.id)).toEqual(['a', 'b', 'c']);
  });

  it('takes the write checks last, each marked as writing, in the groups a report shows them under', () => {
    const firstWrite = checkCatalog.findIndex((c) => c.writes);
    expect(firstWrite).toBeGreaterThan(0);
    expect(checkCatalog.slice(firstWrite).every((c) => c.writes)).toBe(true);
    expect(checkCatalog.slice(firstWrite).map((c) => c.id)).toEqual(writeChecks().map((c) => c.id));
    expect(new Set(writeChecks().map((c) => c.group))).toEqual(new Set(['users', 'groups', 'versioning', 'bulk']));
    // The deletes come last: every other write check works on what they delete.
    expect(
      writeChecks()
        .slice(-2)
        .map((c) => c.id),
    ).toEqual(['group.delete', 'user.delete']);
  });

  it('knows every check of the catalog by a unique id', () => {
    expect(checkCatalog.length).toBeGreaterThan(0);
    expect(duplicateIds(checkCatalog)).toEqual([]);
    expect(duplicateIds([check('a', sends(pass('')))!, check('a', sends(pass('')))])).toEqual(['a']);
  });
});

describe('runChecks', () => {
  it('turns a check that throws into a fail naming the error, keeping what it sent as evidence, and goes on', async () => {
    const results = await runChecks({
      run: fakeRun(),
      checks: [
        check('throws', async (ctx) => {
          await ctx.send({ method: 'GET', path: 'Users' });
          throw new Error('the answer had no body');
        }),
        check('after', sends(pass('fine'))),
      ],
      profiles: ALL,
      signal: new AbortController().signal,
    });
    expect(results.map((r) => [r.id, r.verdict, r.message, r.evidence])).toEqual([
      ['throws', 'fail', 'The check could not finish: the answer had no body', ['x1']],
      ['after', 'pass', 'fine', ['x2']],
    ]);
  });

  it('stops at a cancellation instead of reporting it as a verdict', async () => {
    const controller = new AbortController();
    const ran: string[] = [];
    const cancelling = check('cancelling', async () => {
      ran.push('cancelling');
      controller.abort();
      throw new AppError({ code: 'cancelled', message: 'The request was cancelled.' });
    });
    const next = check('next', async () => {
      ran.push('next');
      return pass('');
    });
    const run = runChecks({ run: fakeRun(controller.signal), checks: [cancelling, next], profiles: ALL, signal: controller.signal });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(ran).toEqual(['cancelling']);
  });

  it('stops when the checkpoint before a check throws (a cancelled job)', async () => {
    const seen: string[] = [];
    const run = runChecks({
      run: fakeRun(),
      checks: [check('a', sends(pass('ok'))), check('b', sends(pass('ok')))],
      profiles: ALL,
      signal: new AbortController().signal,
      beforeCheck: async (c) => {
        if (c.id === 'b') throw new AppError({ code: 'cancelled', message: 'The job was cancelled.' });
      },
      onResult: (result) => void seen.push(result.id),
    });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(seen).toEqual(['a']);
  });

  it('reports write checks as skipped without writes, sending nothing', async () => {
    const run = fakeRun();
    const [result] = await runChecks({
      run,
      checks: [check('w', sends(pass('wrote')), { writes: true })],
      profiles: ALL,
      signal: new AbortController().signal,
    });
    expect(result).toMatchObject({ verdict: 'skipped', message: 'Write checks were not enabled for this run.', evidence: [] });
    expect(run.requests).toBe(0);
  });

  it('gives the meaning of the verdict and the consequences of the chosen profiles only, and only when the verdict hurts', async () => {
    const meaning = { pass: 'works', warn: 'tolerated', fail: 'broken' };
    const consequence = { entra: 'Entra duplicates users.', okta: 'Okta fails.', rfc: 'RFC clients fail.' };
    const results = await runChecks({
      run: fakeRun(),
      checks: [
        check('failing', sends(fail('no')), { meaning, consequence, profiles: ['rfc', 'entra', 'okta'] }),
        check('warning', sends(warn('meh')), { meaning, consequence }),
        check('overridden', sends({ verdict: 'pass', message: 'ok', meaning: 'said by the check' }), { meaning }),
      ],
      profiles: ['entra'],
      signal: new AbortController().signal,
    });
    expect(results[0]).toMatchObject({ meaning: 'broken', profiles: ['entra'], consequence: { entra: 'Entra duplicates users.' } });
    expect(results[1]).toMatchObject({ meaning: 'tolerated' });
    expect(results[1]!.consequence).toBeUndefined();
    expect(results[2]).toMatchObject({ meaning: 'said by the check' });
  });

  it('builds a report in the stable format: summary, readiness per profile, requests, leftovers', async () => {
    const run = fakeRun();
    const results = await runChecks({
      run,
      checks: [
        check('p', sends(pass('ok'))),
        check('w', sends(warn('meh')), { profiles: ['rfc'] }),
        check('f', sends(fail('no')), { profiles: ['entra'] }),
        check('s', async () => ({ verdict: 'skipped', message: 'nothing to test' })),
      ],
      profiles: ['rfc', 'entra'],
      signal: new AbortController().signal,
    });
    run.contextFor().ctx.created({ endpoint: '/Users', id: '42', name: 'scimdesk-check-test' });
    const report = buildReport({
      url: 'http://127.0.0.1:9/scim',
      checkedAt: '2026-01-01T00:00:00.000Z',
      profiles: ['rfc', 'entra'],
      writes: false,
      results,
      run,
    });
    expect(checkReportSchema.parse(report)).toEqual(report);
    expect(report.summary).toEqual({ pass: 1, warn: 1, fail: 1, unsupported: 0, ignored: 0, skipped: 1 });
    expect(report.readiness).toEqual({ rfc: { passed: 2, total: 2 }, entra: { passed: 1, total: 2 } });
    expect(report.requests).toBe(3);
    expect(report.leftovers).toEqual([{ endpoint: '/Users', id: '42', name: 'scimdesk-check-test' }]);
  });
});
