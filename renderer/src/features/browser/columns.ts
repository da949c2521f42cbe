import type { ResourceTypeDef, SchemaDef, ScimAttributeDef, ScimResource } from '../../../../shared/contract';
import { SCHEMA_ENTERPRISE_USER, SCHEMA_GROUP, SCHEMA_USER } from '../../../../shared/scim';
import type { ResourceKind } from '../../scim/kinds';
import { formatCount } from '../../lib/format';
import { textOf } from '../users/userFields';

// Servers differ in what they send; every reader here takes whatever is there and never throws.

/** Shown instead of an attribute: the number of entries of a multi-valued attribute. */
export const COUNT_SUFFIX = '#count';

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

/** An object's member by name, case-insensitively (RFC 7643 §2.1). */
function member(value: unknown, name: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  if (name in record) return record[name];
  const lower = name.toLowerCase();
  const key = Object.keys(record).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : record[key];
}

const isPrimary = (entry: unknown): boolean => {
  const primary = member(entry, 'primary');
  return primary === true || primary === 'true';
};

/** The raw value at a column's path: the extension object for "urn:…:attr", dotted sub-attributes. */
export function valueAt(resource: ScimResource, path: string): unknown {
  let base: unknown = resource;
  let rest = path;
  if (path.startsWith('urn:')) {
    const cut = path.lastIndexOf(':');
    const urn = path.slice(0, cut);
    rest = path.slice(cut + 1);
    // Core attributes may be written with their schema's URN; extensions live under theirs.
    if (urn !== SCHEMA_USER && urn !== SCHEMA_GROUP) base = member(resource, urn);
  }
  const [head, ...subs] = rest.split('.');
  let value = member(base, head ?? '');
  for (const sub of subs) {
    if (Array.isArray(value)) value = value.find(isPrimary) ?? value[0];
    value = member(value, sub);
  }
  return value;
}

/** A compact, one-line rendering: multi-valued as the primary (else first) value and "+N". */
export function cellText(resource: ScimResource, path: string): string {
  if (path.endsWith(COUNT_SUFFIX)) {
    const value = valueAt(resource, path.slice(0, -COUNT_SUFFIX.length));
    return Array.isArray(value) ? String(value.length) : '—';
  }
  const value = valueAt(resource, path);
  if (Array.isArray(value)) {
    if (value.length === 0) return '';
    const first = value.find(isPrimary) ?? value[0];
    const shown = typeof first === 'object' && first !== null ? textOf(member(first, 'value') ?? member(first, 'display') ?? first) : textOf(first);
    return value.length > 1 ? `${shown} +${value.length - 1}` : shown;
  }
  if (typeof value === 'object' && value !== null) {
    const inner = member(value, 'value') ?? member(value, 'formatted') ?? member(value, 'display');
    return inner !== undefined ? textOf(inner) : textOf(value);
  }
  return textOf(value);
}

/** `members` left out of a Groups page unless a visible column reads it (RFC 7644 §3.4.2.5 excludedAttributes). */
export function excludedFor(kind: ResourceKind, columnPaths: readonly string[]): string[] | undefined {
  if (kind !== 'groups') return undefined;
  return columnPaths.some((path) => /^members(\.|#|$)/i.test(path)) ? undefined : ['members'];
}
