import { describe, expect, it } from 'vitest';
import type { ListPage } from '../../../shared/contract';
import { collectPages, nounOf } from './collect';
import type { PagingResult } from './paging';

const page = (ids: string[], extra: Partial<ListPage> = {}): ListPage => ({
  resources: ids.map((id) => ({ id })),
  totalResults: null,
  startIndex: null,
  itemsPerPage: ids.length,
  nextCursor: null,
  filterCheck: null,
  quirks: [],
  ...extra,
});

async function* pages(...results: PagingResult[]): AsyncGenerator<PagingResult> {
  yield* results;
}

describe('collectPages never stops silently', () => {
  it('is complete when every counted resource came', async () => {
    const all = await collectPages(
      pages({ page: page(['a', 'b'], { totalResults: 3, exchangeId: 'x1' }) }, { page: page(['c'], { totalResults: 3 }) }),
      10,
      'users',
    );
    expect(all).toMatchObject({ complete: true, totalResults: 3, exchangeId: 'x1' });
    expect(all.resources.map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(all.stoppedBecause).toBeUndefined();
  });

  it('cuts at the limit and says so, but not when the limit is exactly what there is', async () => {
    const cut = await collectPages(pages({ page: page(['a', 'b']) }, { page: page(['c', 'd']) }), 3, 'groups');
    expect(cut).toMatchObject({ complete: false, stoppedBecause: 'Stopped at the limit of 3 groups.' });
    expect(cut.resources).toHaveLength(3);
    const counted = await collectPages(pages({ page: page(['a', 'b'], { totalResults: 5 }) }), 2, 'groups');
    expect(counted).toMatchObject({ complete: false, stoppedBecause: 'Stopped at the limit of 2 groups.' });
    const exact = await collectPages(pages({ page: page(['a', 'b'], { totalResults: 2 }) }), 2, 'groups');
    expect(exact).toMatchObject({ complete: true });
  });

  it('passes on a paging warning, a page-size gap, or a listing shorter than its count', async () => {
    const warned = await collectPages(pages({ page: page(['a']) }, { page: page([]), warning: 'The server ignores startIndex.' }), 10, 'users');
    expect(warned).toMatchObject({ complete: false, stoppedBecause: 'The server ignores startIndex.' });
    const gap = await collectPages(pages({ page: page(['a'], { totalResults: 9, gap: { reachable: 1, reason: 'Only 1 can be listed.' } }) }), 10, 'users');
    expect(gap).toMatchObject({ complete: false, stoppedBecause: 'Only 1 can be listed.' });
    const short = await collectPages(pages({ page: page(['a'], { totalResults: 1200 }) }), 5000, 'users');
    expect(short).toMatchObject({ complete: false, stoppedBecause: 'The server counts 1,200 users but listed only 1.' });
  });

  it('sums the filter check and keeps each quirk once', async () => {
    const quirk = { code: 'list.no-start-index', message: 'no startIndex' };
    const all = await collectPages(
      pages(
        { page: page(['a'], { filterCheck: { checked: 1, mismatches: 0 }, quirks: [quirk] }) },
        { page: page(['b'], { filterCheck: { checked: 1, mismatches: 1 }, quirks: [quirk] }) },
      ),
      10,
      'users',
    );
    expect(all.filterCheck).toEqual({ checked: 2, mismatches: 1 });
    expect(all.quirks).toEqual([quirk]);
  });

  it('names resources after their endpoint', () => {
    expect(nounOf('/Groups')).toBe('groups');
    expect(nounOf('v2/Users/')).toBe('users');
    expect(nounOf('/')).toBe('resources');
  });
});
