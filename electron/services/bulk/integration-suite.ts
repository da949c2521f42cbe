/**
 * The bulk-change cases every server under test goes through (issue #14's integration tests): a dry
 * run that only reads, totals for a file with every kind of row, a verified send (/Bulk only where
 * advertised), a conflict instead of an overwrite, an undo back to the before-state, rows matched by
 * a key the server may not filter on, and the typed count above the confirmation threshold.
 *
 * The cases of one server share its users (each case takes its own slice) and run in order: the
 * undo undoes the send before it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BULK_CONFIRM_THRESHOLD, type BulkPlanSummary, type BulkTotals, type JournalSummary } from '../../../shared/contract';
import {
  csv,
  describeExchange,
  isBulk,
  isWrite,
  useBulkCore,
  valueAt,
  withoutMeta,
  type BulkCore,
  type Resource,
  type ServerUnderTest,
} from './integration-test-helpers';

export interface BulkSuiteOptions {
  /** The attribute the file sets: a column name and the SCIM path it is mapped to. */
  attribute: { column: string; path: string };
  /** What ServiceProviderConfig advertises: the send goes through /Bulk exactly when it does. */
  bulk: false | { maxOperations: number };
  /**
   * How the plan should find a file's rows by userName, as the journal shows it: `or` (batched
   * `userName eq … or …` filters), `eq` (the server refuses `or`: at most that one refusal, then one
   * `eq` per key, no listing of a collection far larger than the keys), `list` (the server ignores
   * the filter: the collection is listed and matched here).
   */
  matching: 'or' | 'eq' | 'list';
  /** A test's time limit where the server's rate limit makes every case slower (not an assertion). */
  timeoutMs?: number;
}

const NO_TOTALS: BulkTotals = { change: 0, create: 0, delete: 0, skip: 0, notFound: 0, bad: 0, destructive: 0 };
const idOf = (user: Resource) => String(user.id);
/** The users the cases take their targets from (the first of the server's). */
const LISTED = 60;

/** The bulk cases against one server: `start` brings it up, once for the file's `describe`. */
export function bulkSuite(name: string, start: () => Promise<ServerUnderTest>, options: BulkSuiteOptions): void {
  describe(`bulk changes × ${name}`, () => {
    const app = useBulkCore();
    const { column, path } = options.attribute;
    const check = (title: string, fn: () => Promise<void>) => it(title, fn, options.timeoutMs);
    let server: ServerUnderTest;
    let connectionId = '';
    let endpoint = '';
    let users: Resource[] = [];
    /** The send job of the file's plan, and its targets as read before it: the undo case restores them. */
    let sendJobId = '';
    let beforeSend: Resource[] = [];

    beforeAll(async () => {
      server = await start();
      connectionId = await app.connect(name, server);
      endpoint = await app.usersEndpoint(connectionId);
      users = await app.users(connectionId, endpoint, LISTED);
      expect(users.length).toBe(LISTED);
      return () => server.close();
    });

    /** Users 0–5 (the file), 6–7 (conflict), 8–10 (externalId), 11 on (threshold): each case its own. */
    const slice = (from: number, to?: number) => users.slice(from, to);
    const sendAndSettle = async (planJobId: string, confirmCount?: number) => {
      const { job, sent } = await app.send({ connectionId, planJobId, title: 'Send', ...(confirmCount !== undefined ? { confirmCount } : {}) });
      const view = await sent();
      expect(view, view.message).toMatchObject({ state: 'succeeded' });
      return job.id;
    };
    const expectOnlyReads = async () => {
      const journal = await app.journal(connectionId);
      expect(journal.length, 'the journal holds the job’s reads').toBeGreaterThan(0);
      expect(journal.filter(isWrite).map(describeExchange)).toEqual([]);
    };
    /** The sends in the journal went through /Bulk exactly where the server advertises it. */
    const expectTransport = async (summary: BulkPlanSummary, changedIds: string[]) => {
      const writes = (await app.journal(connectionId)).filter(isWrite);
      if (options.bulk) {
        expect(summary.transport).toMatchObject({ mode: 'bulk', maxOperations: options.bulk.maxOperations });
        await expectBulkWithinLimits(changedIds.length);
      } else {
        expect(summary.transport.mode).toBe('single');
        expect(writes.filter(isBulk).map(describeExchange)).toEqual([]);
        // Each changed user written by a request of its own (a 429 answered may repeat one).
        const written = new Set(writes.filter((e) => e.ok).map((e) => decodeURIComponent(e.path.split('?')[0]!.split('/').at(-1)!)));
        expect([...written].sort()).toEqual([...changedIds].sort());
      }
    };

    /** The plan in the journal found its targets the way `matching` says. */
    const expectMatching = async (way: BulkSuiteOptions['matching']) => {
      const plan = (await app.journal(connectionId)).reverse();
      const query = (e: JournalSummary) => new URL(e.path, 'http://x').searchParams;
      const filters = plan.map((e) => query(e).get('filter')).filter((f): f is string => f !== null);
      const listings = plan.filter((e) => query(e).get('filter') === null && Number(query(e).get('count') ?? 0) > 1);
      const refused = plan.filter((e) => (e.status ?? 0) >= 400);
      const shown = plan.map(describeExchange).join('\n');
      if (way === 'or') {
        expect(
          filters.some((f) => / or /.test(f)),
          shown,
        ).toBe(true);
        expect(refused.length + listings.length, shown).toBe(0);
      } else if (way === 'eq') {
        expect(refused.length, shown).toBeLessThanOrEqual(1);
        const after = plan
          .slice(refused[0] ? plan.indexOf(refused[0]) + 1 : 0)
          .map((e) => query(e).get('filter'))
          .filter((f) => f !== null);
        expect(after.length, shown).toBeGreaterThan(0);
        expect(
          after.filter((f) => / or /.test(f!)),
          shown,
        ).toEqual([]);
        expect(listings.length, shown).toBe(0);
      } else {
        expect(listings.length, shown).toBeGreaterThan(0);
      }
    };

    /** Every write was a POST /Bulk of at most maxOperations operations, together carrying `changes` of them. */
    const expectBulkWithinLimits = async (changes: number) => {
      if (!options.bulk) return;
      const { maxOperations } = options.bulk;
      const writes = (await app.journal(connectionId)).filter(isWrite);
      expect(writes.filter((e) => !(e.method === 'POST' && isBulk(e))).map(describeExchange)).toEqual([]);
      const sizes: number[] = [];
      for (const e of writes.filter((w) => w.ok)) {
        const body = (await app.journalEntry(e.id)).requestBody;
        sizes.push((JSON.parse(body?.text ?? '{}') as { Operations?: unknown[] }).Operations?.length ?? 0);
      }
      expect(
        sizes.every((n) => n > 0 && n <= maxOperations),
        `operations per /Bulk: ${sizes.join(', ')}`,
      ).toBe(true);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(changes);
    };

    check('plans a file as a dry run: totals for every kind of row, the bad row by its line, and not one write', async () => {
      const [u0, u1, u2, u3, u4, u5] = slice(0, 6) as Resource[];
      const current = (u: Resource) => String(valueAt(u, path) ?? '');
      expect([u4, u5].map(current)).not.toContain(''); // rows "already as asked" need a value to repeat
      const text = csv(
        ['userName', column],
        [
          [String(u0!.userName), 'Bulk value 0'],
          [String(u1!.userName), 'Bulk value 1'],
          ['', 'No key on line 4'],
          [String(u2!.userName), 'Bulk value 2'],
          [String(u3!.userName), 'Bulk value 3'],
          [String(u4!.userName), current(u4!)],
          [String(u5!.userName), current(u5!)],
          ['nobody.at.all@nowhere.example', 'Bulk value 9'],
        ],
      );
      await app.clearJournal(connectionId);
      const { view, summary, job } = await app.plan({
        connectionId,
        endpoint,
        title: `Set ${column} from a file`,
        source: { kind: 'file', name: 'changes.csv', text, mapping: { keyColumn: 'userName', keyAttribute: 'userName', columns: [{ column, path }] } },
        action: { kind: 'set', values: {} },
      });
      expect(view, view.message).toMatchObject({ state: 'succeeded', writes: false });
      expect(summary).toMatchObject({ complete: true, totals: { ...NO_TOTALS, change: 4, skip: 2, notFound: 1, bad: 1 } });
      await expectOnlyReads();
      await expectMatching(options.matching);

      const bad = await app.planItems(job.id, 'bad');
      expect(bad.map((i) => i.line)).toEqual([4]);
      const notFound = await app.planItems(job.id, 'notFound');
      expect(notFound.map((i) => [i.line, i.key])).toEqual([[9, 'nobody.at.all@nowhere.example']]);
      const skipped = await app.planItems(job.id, 'skip');
      expect(skipped.map((i) => i.id).sort()).toEqual([u4, u5].map(idOf).sort());
      const changes = await app.planItems(job.id, 'change');
      expect(changes.map((i) => i.id).sort()).toEqual([u0, u1, u2, u3].map(idOf).sort());
      const asked = new Map([u0, u1, u2, u3].map((u, n) => [idOf(u!), { user: u!, value: `Bulk value ${n}` }]));
      for (const item of changes) {
        const { user, value } = asked.get(item.id!)!;
        expect(item.request?.method).toMatch(/^(PATCH|PUT)$/);
        expect(item.request?.path).toMatch(new RegExp(`/${item.id}$`));
        expect(item.diff).toContainEqual({ path, before: valueAt(user, path), after: value });
        expect(item.destructive).toBe(false);
      }
      // Nothing was sent: the server still holds the values read before the plan.
      expect(valueAt(await app.get(connectionId, endpoint, idOf(u0!)), path)).toEqual(valueAt(u0!, path));

      beforeSend = await Promise.all([u0, u1, u2, u3].map((u) => app.get(connectionId, endpoint, idOf(u!))));
      await app.clearJournal(connectionId);
      sendJobId = await sendAndSettle(job.id);
      const results = await app.results(sendJobId);
      expect(results).toMatchObject({ planJobId: job.id, counts: { pending: 0, done: 4, failed: 0, conflict: 0, drifted: 0 } });
      expect(
        results.items
          .filter((i) => i.planned === 'change')
          .map((i) => [i.id, i.outcome])
          .sort(),
      ).toEqual([u0, u1, u2, u3].map((u) => [idOf(u!), 'done']).sort());
      await expectTransport(summary, [u0, u1, u2, u3].map(idOf));
      // Read back independently of the job: the server stores what the file asked, and nothing else moved.
      for (const [n, u] of [u0, u1, u2, u3].entries()) expect(valueAt(await app.get(connectionId, endpoint, idOf(u!)), path)).toBe(`Bulk value ${n}`);
      for (const u of [u4, u5]) expect(valueAt(await app.get(connectionId, endpoint, idOf(u!)), path)).toEqual(valueAt(u!, path));
    });

    check('undoes the send: the plan only reads, and the send puts every target back as it was read before', async () => {
      expect(sendJobId).not.toBe('');
      await app.clearJournal(connectionId);
      const { view, summary, job } = await app.plan({
        connectionId,
        endpoint,
        title: 'Undo',
        source: { kind: 'undo', jobId: sendJobId, recreateDeleted: false },
        action: { kind: 'restore' },
      });
      expect(view, view.message).toMatchObject({ state: 'succeeded' });
      expect(summary).toMatchObject({ action: { kind: 'restore' }, totals: { ...NO_TOTALS, change: 4 } });
      await expectOnlyReads();
      const undoId = await sendAndSettle(job.id);
      expect((await app.results(undoId)).counts).toEqual({ pending: 0, done: 4, failed: 0, conflict: 0, drifted: 0 });
      for (const before of beforeSend) expect(withoutMeta(await app.get(connectionId, endpoint, idOf(before)))).toEqual(withoutMeta(before));
    });

    check('reports a target changed on the server since the plan as a conflict, and leaves the change made there', async () => {
      const [a, b] = slice(6, 8) as [Resource, Resource];
      const { job, summary } = await app.plan({
        connectionId,
        endpoint,
        title: 'Set from a selection',
        source: { kind: 'ids', ids: [idOf(a), idOf(b)] },
        action: { kind: 'set', values: { [path]: 'Planned value' } },
      });
      expect(summary.totals).toMatchObject({ change: 2 });
      // Somebody else changes `a` between the plan and the send.
      await app.call('scim.patch', { connectionId, endpoint, id: idOf(a), operations: [{ op: 'replace', path, value: 'Changed elsewhere' }] });
      const sendId = await sendAndSettle(job.id);
      const results = await app.results(sendId);
      expect(results.counts).toEqual({ pending: 0, done: 1, failed: 0, conflict: 1, drifted: 0 });
      expect(results.items.find((i) => i.id === idOf(a))).toMatchObject({ outcome: 'conflict', error: expect.any(String) });
      expect(valueAt(await app.get(connectionId, endpoint, idOf(a)), path)).toBe('Changed elsewhere');
      expect(valueAt(await app.get(connectionId, endpoint, idOf(b)), path)).toBe('Planned value');
    });

    check('matches rows by externalId whether the server filters on it, refuses the filter or ignores it', async () => {
      const [a, b, c] = slice(8, 11) as [Resource, Resource, Resource];
      const text = csv(
        ['ext', column],
        [
          [String(a.externalId), 'By externalId A'],
          [String(b.externalId), 'By externalId B'],
          ['no-such-external-id', 'Nobody'],
        ],
      );
      await app.clearJournal(connectionId);
      const { job, view, summary } = await app.plan({
        connectionId,
        endpoint,
        title: 'Set by externalId',
        source: { kind: 'file', name: 'ext.csv', text, mapping: { keyColumn: 'ext', keyAttribute: 'externalId', columns: [{ column, path }] } },
        action: { kind: 'set', values: {} },
      });
      expect(view, view.message).toMatchObject({ state: 'succeeded' });
      expect(summary.totals).toEqual({ ...NO_TOTALS, change: 2, notFound: 1 });
      expect((await app.planItems(job.id, 'change')).map((i) => i.id).sort()).toEqual([idOf(a), idOf(b)].sort());
      await expectOnlyReads();
      // c sits between them in the server's order: a filter the server ignored must not have matched it.
      expect(valueAt(await app.get(connectionId, endpoint, idOf(c)), path)).toEqual(valueAt(c, path));
    });

    check(`refuses to deactivate more than ${BULK_CONFIRM_THRESHOLD} without the count typed, sends with it, and undoes it`, async () => {
      const targets = slice(11)
        .filter((u) => u.active === true)
        .slice(0, BULK_CONFIRM_THRESHOLD + 1);
      expect(targets.length).toBe(BULK_CONFIRM_THRESHOLD + 1);
      const { job, summary } = await app.plan({
        connectionId,
        endpoint,
        title: 'Deactivate leavers',
        source: { kind: 'ids', ids: targets.map(idOf) },
        action: { kind: 'deactivate' },
      });
      expect(summary.totals).toEqual({ ...NO_TOTALS, change: targets.length, destructive: targets.length });
      await app.clearJournal(connectionId);
      await refused(app, { connectionId, planJobId: job.id, title: 'Deactivate' });
      await refused(app, { connectionId, planJobId: job.id, title: 'Deactivate', confirmCount: targets.length - 1 });
      expect((await app.journal(connectionId)).map(describeExchange), 'refused: nothing sent').toEqual([]);

      const sendId = await sendAndSettle(job.id, targets.length);
      expect((await app.results(sendId)).counts).toMatchObject({ done: targets.length, failed: 0, conflict: 0, drifted: 0 });
      await expectTransport(summary, targets.map(idOf));
      for (const u of targets) expect((await app.get(connectionId, endpoint, idOf(u))).active).toBe(false);

      const undo = await app.plan({
        connectionId,
        endpoint,
        title: 'Undo',
        source: { kind: 'undo', jobId: sendId, recreateDeleted: false },
        action: { kind: 'restore' },
      });
      expect(undo.summary.totals).toMatchObject({ change: targets.length, destructive: 0 });
      await sendAndSettle(undo.job.id);
      for (const u of targets) expect((await app.get(connectionId, endpoint, idOf(u))).active).toBe(true);
    });
  });
}

async function refused(app: BulkCore, params: { connectionId: string; planJobId: string; title: string; confirmCount?: number }) {
  await expect(app.send(params)).rejects.toMatchObject({ message: expect.stringContaining(String(BULK_CONFIRM_THRESHOLD + 1)) });
}
