import type { ResourceTypeDef, SchemaDef, ScimAttributeDef } from '../../../../shared/contract';
import { COUNT_SUFFIX } from '../../../../shared/scim';
import { columnLabel, type ResourceKind } from '../../scim';
import { formatCount } from '../../lib/format';

// Servers differ in what they send; every reader here takes whatever is there and never throws.
// What a column is and the default ones are shared by every listing: see renderer/src/scim/columns.ts.

/**
 * The `#` column's width: wide enough for the largest row number as shown ("2,500", "100,000"), in
 * tabular digits plus the cell's padding, and never narrower than 3.5rem.
 */
export function numberColumnWidth(rowCount: number): string {
  const chars = formatCount(Math.max(0, Math.floor(rowCount))).length;
  return `max(3.5rem, calc(${chars}ch + 24px))`;
}

export interface AttributeChoice {
  path: string;
  label: string;
  /** The schema's name, for grouping in the picker. */
  group: string;
}

/** Every attribute a column can show, from the type's core schema and its extensions. */
export function attributeChoices(type: ResourceTypeDef, schemas: readonly SchemaDef[]): AttributeChoice[] {
  const choices: AttributeChoice[] = [
    { path: 'id', label: 'id', group: 'Common' },
    { path: 'externalId', label: 'externalId', group: 'Common' },
  ];
  const seen = new Set(choices.map((c) => c.path.toLowerCase()));
  const add = (path: string, group: string) => {
    if (seen.has(path.toLowerCase())) return;
    seen.add(path.toLowerCase());
    choices.push({ path, label: columnLabel(path), group });
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
