import { describe, expect, it } from 'vitest';
import type { ListPage, Quirk } from '../../../shared/contract';
import { iteratePages, type PageRequest } from './paging';

const users = Array.from({ length: 250 }, (_, i) => ({ id: `u${i + 1}` }));
const page = (resources: Record<string, unknown>[], extra: Partial<ListPage> = {}): ListPage => ({
  resources,
  totalResults: users.length,
  startIndex: null,
  itemsPerPage: resources.length,
  nextCursor: null,
  filterCheck: null,
  quirks: [],
  ...extra,
});
const byIndex =
  (maxPage = 100) =>
  async ({ startIndex = 1, count }: PageRequest) =>
    page(users.slice(startIndex - 1, startIndex - 1 + Math.min(count, maxPage)));
async function collect(gen: AsyncGenerator<{ page: ListPage; warning?: string }>) {
  const ids: string[] = [];
  const warnings: string[] = [];
  for await (const { page: p, warning } of gen) {
    ids.push(...p.resources.map((r) => String(r.id)));
    if (warning) warnings.push(warning);
  }
  return { ids, warnings };
}

describe('iteratePages', () => {
  it('lists every resource once with index paging, sequentially and in parallel', async () => {
    for (const parallel of [1, 4]) {
      const { ids } = await collect(iteratePages(byIndex(), { pageSize: 100, mode: 'index', parallel }));
      expect(ids).toEqual(users.map((u) => u.id));
    }
  });

  it('follows a server that serves smaller pages than asked (maxResults)', async () => {
    const { ids } = await collect(iteratePages(byIndex(30), { pageSize: 100, mode: 'index', parallel: 3 }));
    expect(ids).toEqual(users.map((u) => u.id));
  });

  it('runs at most `parallel` requests at once', async () => {
    let active = 0;
    let peak = 0;
    const slow = async (request: PageRequest) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 5));
      active--;
      return byIndex(10)(request);
    };
    const { ids } = await collect(iteratePages(slow, { pageSize: 10, mode: 'index', parallel: 3 }));
    expect(ids).toHaveLength(250);
    expect(peak).toBeLessThanOrEqual(3);
    expect(peak).toBeGreaterThan(1);
  });

  it('stops with a warning instead of looping when the server ignores startIndex', async () => {
    const quirks: Quirk[] = [];
    let calls = 0;
    const same = async () => {
      calls++;
      return page(users.slice(0, 100), { totalResults: null });
    };
    const { ids, warnings } = await collect(iteratePages(same, { pageSize: 100, mode: 'index', onQuirk: (q) => quirks.push(q) }));
    expect(ids).toHaveLength(100);
    expect(calls).toBe(2);
    expect(warnings[0]).toMatch(/ignore startIndex/);
    expect(quirks.map((q) => q.code)).toContain('paging.ignores-start-index');
  });

  it('drops duplicates when pages overlap', async () => {
    const quirks: Quirk[] = [];
    const overlapping = async ({ startIndex = 1, count }: PageRequest) => page(users.slice(Math.max(0, startIndex - 6), startIndex - 1 + count));
    const { ids } = await collect(iteratePages(overlapping, { pageSize: 100, mode: 'index', onQuirk: (q) => quirks.push(q) }));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(250);
    expect(quirks.map((q) => q.code)).toContain('paging.overlap');
  });

  it('pages by cursor until there is no next cursor, and stops on a repeated cursor', async () => {
    const cursorPages = async ({ cursor = '', count }: PageRequest) => {
      const start = cursor === '' ? 0 : Number(cursor);
      const next = start + count;
      return page(users.slice(start, next), { nextCursor: next < users.length ? String(next) : null });
    };
    expect((await collect(iteratePages(cursorPages, { pageSize: 100, mode: 'cursor' }))).ids).toEqual(users.map((u) => u.id));
    let n = 0;
    const stuck = async () => page(users.slice(n, (n += 10)), { nextCursor: 'same' });
    const { warnings } = await collect(iteratePages(stuck, { pageSize: 10, mode: 'cursor' }));
    expect(warnings[0]).toMatch(/cursor it had already given/);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    const gen = iteratePages(byIndex(10), { pageSize: 10, mode: 'index', signal: controller.signal });
    await gen.next();
    controller.abort();
    await expect(gen.next()).rejects.toThrow();
  });
});
