/**
 * Faults in paging: a total that lies, a server that ignores startIndex, overlapping pages and ids
 * listed twice. The listing must end and say why (a quirk), never loop. "Listing everything" is the
 * export job (electron/services/jobs/kinds/export.ts) started over dispatch, as the app runs it.
 */
import { describe, expect, it } from 'vitest';
import type { Bridge } from '../../shared/contract';
import { exportViaJob } from '../support/export-job';
import { USER_COUNT } from '../support/fault-server';
import { data, listUsers, seenOn, useFaultHarness, type FaultContext, type Page } from './harness';

const ctx = useFaultHarness();

/** The renderer's Bridge over dispatch(): what both shells give the renderer. Counts the list calls. */
function bridgeOver(context: FaultContext) {
  const pages: Page[] = [];
  const bridge = {
    async call(channel: string, input: unknown) {
      const result = await context.call(channel, input);
      if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
      if (channel === 'scim.list') pages.push(result.data as Page);
      return result.data;
    },
    subscribe: () => () => undefined,
  } as unknown as Bridge;
  return { bridge, pages };
}

async function exportAll(connectionId: string) {
  const { bridge, pages } = bridgeOver(ctx);
  const { resources, job } = await exportViaJob(bridge, ctx.core, { connectionId, endpoint: 'Users' });
  const quirks = data<Array<{ code: string; message: string }>>(await ctx.call('scim.quirks', { connectionId }));
  // The job pages through the engine itself: what it cost is the requests it sent.
  expect(pages).toEqual([]);
  return { resources, requests: job.progress.requests, quirks };
}

describe('a healthy server (the baseline the faults are measured against)', () => {
  it('exports every user once', async () => {
    const id = await ctx.connectDiscovered();
    const { resources } = await exportAll(id);
    expect(resources).toHaveLength(USER_COUNT);
    expect(new Set(resources.map((r) => r.id)).size).toBe(USER_COUNT);
  });
});

describe('lying-total (totalResults 5,000, no Resources)', () => {
  it('a page says the total cannot be reached and ends the listing at what was reachable', async () => {
    const id = await ctx.connectDiscovered();
    ctx.server.set('lying-total');
    const page = data<Page>(await listUsers(ctx, id));
    expect(page.resources).toEqual([]);
    expect(page.totalResults).toBe(0);
    expect(page.quirks).toContainEqual(
      expect.objectContaining({ code: 'list.total-unreachable', message: expect.stringMatching(/reported 5,000 results but sent none from startIndex 1/) }),
    );
  });

  it('an export ends after one request instead of asking for 5,000 rows that never come', async () => {
    const id = await ctx.connectDiscovered();
    ctx.server.set('lying-total');
    const { resources, requests, quirks } = await exportAll(id);
    expect(resources).toEqual([]);
    expect(requests).toBe(1);
    expect(quirks.map((q) => q.code)).toContain('list.total-unreachable');
  });

  it('a total that runs out mid-listing ends the listing where the resources ended', async () => {
    const id = await ctx.connectDiscovered();
    ctx.server.set('lying-total', { path: /\/Users$/ });
    const page = data<Page>(await listUsers(ctx, id, { startIndex: 101, count: 50 }));
    expect(page.totalResults).toBe(100);
  });
});

describe('ignored-start-index (every page is page 1)', () => {
  it('an export ends, lists no user twice, and records that startIndex is ignored', async () => {
    const id = await ctx.connectDiscovered();
    ctx.server.set('ignored-start-index');
    const { resources, requests, quirks } = await exportAll(id);
    const ids = resources.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(requests).toBeLessThanOrEqual(6);
    expect(seenOn(ctx, /\/Users/).length).toBeLessThan(USER_COUNT / 10 + 10);
    expect(quirks.map((q) => q.message).join('\n')).toMatch(/startIndex/);
  });

  it('a single later page never passes off page 1 as rows 51-100', async () => {
    const id = await ctx.connectDiscovered();
    ctx.server.set('ignored-start-index');
    data<Page>(await listUsers(ctx, id, { count: 10 }));
    const later = data<Page>(await listUsers(ctx, id, { startIndex: 51, count: 10 }));
    expect(later.resources.map((r) => r.id)).not.toContain('u-0001');
  });
});

describe('duplicate-ids (overlapping pages, an id twice in a page)', () => {
  it('records the duplicate as a quirk and returns the rows as sent', async () => {
    const id = await ctx.connectDiscovered();
    ctx.server.set('duplicate-ids');
    const page = data<Page>(await listUsers(ctx, id, { count: 10 }));
    expect(page.resources.map((r) => r.id)).toEqual([...Array.from({ length: 10 }, (_, i) => `u-${String(i + 1).padStart(4, '0')}`), 'u-0001']);
    expect(page.quirks).toContainEqual(expect.objectContaining({ code: 'list.duplicate-ids', message: expect.stringContaining('"u-0001"') }));
  });

  it('an export over overlapping pages ends at the total', async () => {
    const id = await ctx.connectDiscovered();
    ctx.server.set('duplicate-ids');
    const { requests, quirks } = await exportAll(id);
    expect(requests).toBeLessThanOrEqual(2);
    expect(quirks.map((q) => q.code)).toContain('list.duplicate-ids');
  });
});
