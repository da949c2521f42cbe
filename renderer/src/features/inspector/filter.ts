import type { JournalSummary } from '../../../../shared/contract';
import type { InspectorFilters, StatusClass } from '../../stores/inspectorSlice';

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export const STATUS_CLASSES: readonly StatusClass[] = ['2xx', '3xx', '4xx', '5xx', 'error'];

/** 'error' is an exchange with no HTTP answer (timeout, TLS, refused…), or one outside 2xx–5xx. */
export function statusClassOf(summary: Pick<JournalSummary, 'status' | 'error'>): StatusClass {
  const { status } = summary;
  if (status === null || status < 200 || status >= 600) return 'error';
  return `${Math.floor(status / 100)}xx` as StatusClass;
}

/**
 * Whether an exchange passes the filters. The connection is filtered by the query itself; the text
 * matches the URL, the bodies when `bodiesOf` has them (exchanges already opened), and whatever the
 * main side's body search `found`.
 */
export function matchesFilters(
  summary: JournalSummary,
  filters: InspectorFilters,
  bodiesOf?: (id: string) => string | undefined,
  found?: ReadonlySet<string>,
): boolean {
  if (filters.connectionId && summary.connectionId !== filters.connectionId) return false;
  if (filters.method && summary.method !== filters.method) return false;
  if (filters.statusClass && statusClassOf(summary) !== filters.statusClass) return false;
  const needle = filters.text.trim().toLowerCase();
  if (!needle) return true;
  if (summary.url.toLowerCase().includes(needle) || found?.has(summary.id)) return true;
  return bodiesOf?.(summary.id)?.toLowerCase().includes(needle) ?? false;
}

const units = ['B', 'KB', 'MB', 'GB'];
/** 1536 → "1.5 KB". */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** "14:03:22.123", the local time an exchange started. */
export function formatClock(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
