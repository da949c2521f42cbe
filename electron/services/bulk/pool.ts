/**
 * Runs `work` over items with at most `size` in flight. The first failure stops new items from
 * starting and is rethrown once those in flight have settled (a cancelled job leaves nothing running).
 */
export async function inPool<T>(items: Iterable<T>, size: number, work: (item: T) => Promise<void>): Promise<void> {
  const iterator = items[Symbol.iterator]();
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    for (let next = iterator.next(); !next.done && !failure; next = iterator.next()) {
      try {
        await work(next.value);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, size) }, lane));
  if (failure) throw failure.error;
}
