import { defaultRangeExtractor, type Range } from '@tanstack/react-virtual';

/** The browser table's small pure helpers: which rows to render, where keys go. */

/**
 * At least this many rows are rendered around the viewport. Kept small with a small overscan: a fling
 * replaces every rendered row each frame, and rendering 50+ rows pushed frames past 16 ms on 2 cores.
 */
const MIN_RENDERED = 20;
export function renderedRange(range: Range): number[] {
  const indexes = defaultRangeExtractor(range);
  if (range.count === 0 || indexes.length >= MIN_RENDERED) return indexes;
  const first = indexes[0] ?? 0;
  const start = Math.max(0, Math.min(first, range.count - MIN_RENDERED));
  const end = Math.min(range.count, start + MIN_RENDERED);
  return Array.from({ length: end - start }, (_, i) => start + i);
}
