import type { ResourceTypeDef, SchemaDef, ScimAttributeDef } from '../../../../shared/contract';
import { COUNT_SUFFIX, SCHEMA_ENTERPRISE_USER } from '../../../../shared/scim';
import type { ResourceKind } from '../../scim/kinds';
import { formatCount } from '../../lib/format';

// Servers differ in what they send; every reader here takes whatever is there and never throws.

// Cell text is shared with the main side's export: see shared/scim/cells.ts.
export { cellText, COUNT_SUFFIX, valueAt } from '../../../../shared/scim';

export interface ColumnDef {
  /** An attribute path ("userName", "name.familyName", "urn:…:User:department") or "<path>#count". */
  path: string;
  label: string;
  /** What sortBy gets; null when the column cannot be sorted on the server. */
  sortBy: string | null;
}

/**
 * The `#` column's width: wide enough for the largest row number as shown ("2,500", "100,000"), in
 * tabular digits plus the cell's padding, and never narrower than 3.5rem.
 */
export function numberColumnWidth(rowCount: number): string {
  const chars = formatCount(Math.max(0, Math.floor(rowCount))).length;
  return `max(3.5rem, calc(${chars}ch + 24px))`;
}

const labelOf = (path: string): string => {
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
  return { path, label: labelOf(path), sortBy: path.endsWith(COUNT_SUFFIX) ? null : path };
}

export function defaultColumns(kind: ResourceKind): string[] {
  if (kind === 'users') return ['userName', 'displayName', 'emails', 'active', `${SCHEMA_ENTERPRISE_USER}:department`];
  // No member count by default: it needs every member of every group in the page (see membersExcluded).
  if (kind === 'groups') return ['displayName', 'externalId', 'id'];
  return ['id', 'displayName', 'externalId'];
}

export interface AttributeChoice {
  path: string;
  label: string;
  /** The schema's name, for grouping in the picker. */
  group: string;
}

/** Every attribute a column can show, from the type's core schema and its extensions. */
export function attributeChoices(type: ResourceTypeDef, schemas: readonly SchemaDef[]): AttributeChoice[] {
  const choices: AttributeChoice[] = [{ path: 'id', label: 'id', group: 'Common' }, { path: 'externalId', label: 'externalId', group: 'Common' }];
  const seen = new Set(choices.map((c) => c.path.toLowerCase()));
  const add = (path: string, group: string) => {
    if (seen.has(path.toLowerCase())) return;
    seen.add(path.toLowerCase());
    choices.push({ path, label: labelOf(path), group });
  };
  const walk = (attrs: readonly ScimAttributeDef[], prefix: string, group: string) => {
    for (const attr of attrs) {
      if (attr.returned === 'never') continue;
      const path = `${prefix}${attr.name}`;
      if (attr.multiValued) {
        add(path, group);
        add(`${path}${COUNT_SUFFIX}`, group);
      } else if (attr.type === 'complex' && attr.subAttributes?.length) {
        for (const sub of attr.subAttributes) if (sub.returned !== 'never') add(`${path}.${sub.name}`, group);
      } else {
        add(path, group);
      }
    }
  };
  const byId = (id: string) => schemas.find((s) => s.id.toLowerCase() === id.toLowerCase());
  const core = byId(type.schema);
  if (core) walk(core.attributes, '', core.name || 'Core');
  for (const ext of type.schemaExtensions) {
    const schema = byId(ext.schema);
    if (schema) walk(schema.attributes, `${ext.schema}:`, schema.name || ext.schema);
  }
  return choices;
}

/** `members` left out of a Groups page unless a visible column reads it (RFC 7644 §3.4.2.5 excludedAttributes). */
export function excludedFor(kind: ResourceKind, columnPaths: readonly string[]): string[] | undefined {
  if (kind !== 'groups') return undefined;
  return columnPaths.some((path) => /^members(\.|#|$)/i.test(path)) ? undefined : ['members'];
}
