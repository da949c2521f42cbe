const integer = new Intl.NumberFormat('en-US');

export const formatCount = (value: number): string => integer.format(value);

/** "1–50 of 2,500"; without a total (some servers omit it) just the range. */
export function formatRange(startIndex: number, shown: number, total: number | null): string {
  if (shown === 0) return total === null ? 'No results' : `0 of ${formatCount(total)}`;
  const range = `${formatCount(startIndex)}–${formatCount(startIndex + shown - 1)}`;
  return total === null ? range : `${range} of ${formatCount(total)}`;
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The host (and port) of a URL, or the text itself when it is not a URL. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
