import { COUNT_SUFFIX, SCHEMA_ENTERPRISE_USER } from '../../../shared/scim';
import type { ResourceKind } from './kinds';

// The columns a listing shows: the browser's table, the filter's results and an export of a view.
// Cell text is shared with the main side's export: see shared/scim/cells.ts.
export { cellText, COUNT_SUFFIX } from '../../../shared/scim';

export interface ColumnDef {
  /** An attribute path ("userName", "name.familyName", "urn:…:User:department") or "<path>#count". */
  path: string;
  label: string;
  /** What sortBy gets; null when the column cannot be sorted on the server. */
  sortBy: string | null;
}

/** A column's heading: extension attributes name their extension, counts say so. */
export const columnLabel = (path: string): string => {
  if (path.endsWith(COUNT_SUFFIX)) return `${path.slice(0, -COUNT_SUFFIX.length)} (count)`;
  if (path === 'emails') return 'Primary email';
  if (path.startsWith('urn:')) {
    const attr = path.slice(path.lastIndexOf(':') + 1);
    const ext = /:extension:([^:]+)/.exec(path)?.[1];
    return ext ? `${attr} (${ext})` : attr;
  }
  return path;
};

export function columnFor(path: string): ColumnDef {
  return { path, label: columnLabel(path), sortBy: path.endsWith(COUNT_SUFFIX) ? null : path };
}

export function defaultColumns(kind: ResourceKind): string[] {
  if (kind === 'users') return ['userName', 'displayName', 'emails', 'active', `${SCHEMA_ENTERPRISE_USER}:department`];
  // No member count by default: it needs every member of every group in the page, which a Groups page leaves out.
  if (kind === 'groups') return ['displayName', 'externalId', 'id'];
  return ['id', 'displayName', 'externalId'];
}
