import type { Capabilities, ResourceTypeDef, SchemaDef, ScimAttributeDef, ScimResource } from '../../../shared/contract';
import { keyOf } from '../../../shared/filter/resource-access';
import { diffResources, type PatchDialect, type PatchOperation } from '../../../shared/patch';
import type { MemberRef } from '../../../shared/scim';
import type { ScimAttributeType, ScimMutability } from '../../../shared/scim/types';

// One resource as the screens read and show it (the detail panel, the PATCH workbench, membership).
// Servers differ in what they send; every reader here takes whatever is there and never throws.

export const dialectLabels: Record<PatchDialect, string> = { rfc: 'RFC 7644', entra: 'Entra ID', okta: 'Okta' };

export interface SchemaSection {
  /** undefined: the core schema (attributes at the top level); else the extension's URN (the container key). */
  urn?: string;
  title: string;
  attributes: ScimAttributeDef[];
}

/** The schema sections of a resource type: its core schema then its extensions. */
export function sectionsFor(type: ResourceTypeDef | undefined, schemas: readonly SchemaDef[]): SchemaSection[] {
  if (!type) return [];
  const find = (id: string) => schemas.find((s) => s.id.toLowerCase() === id.toLowerCase());
  const core = find(type.schema);
  const sections: SchemaSection[] = core ? [{ title: core.name || 'Core', attributes: withCommon(core.attributes) }] : [];
  for (const extension of type.schemaExtensions) {
    const def = find(extension.schema);
    if (def) sections.push({ urn: def.id, title: def.name || def.id, attributes: def.attributes });
  }
  return sections;
}

const common = (name: string, type: ScimAttributeType, mutability: ScimMutability, subAttributes?: ScimAttributeDef[]): ScimAttributeDef => ({
  name,
  type,
  multiValued: false,
  required: false,
  caseExact: name === 'id',
  mutability,
  returned: 'default',
  uniqueness: name === 'id' ? 'server' : 'none',
  ...(subAttributes ? { subAttributes } : {}),
});

/** RFC 7643 §3.1 common attributes (id, externalId, meta), which no resource schema lists. */
function withCommon(attributes: ScimAttributeDef[]): ScimAttributeDef[] {
  const has = (name: string) => attributes.some((a) => a.name.toLowerCase() === name.toLowerCase());
  const meta = common(
    'meta',
    'complex',
    'readOnly',
    ['resourceType', 'created', 'lastModified', 'location', 'version'].map((n) => common(n, 'string', 'readOnly')),
  );
  const head = [common('id', 'string', 'readOnly'), common('externalId', 'string', 'readWrite')].filter((a) => !has(a.name));
  return [...head, ...attributes, ...(has('meta') ? [] : [meta])];
}

export const pretty = (value: unknown) => JSON.stringify(value, null, 2);

export function withoutMeta(resource: ScimResource): ScimResource {
  const copy = { ...resource };
  delete copy[keyOf(copy, 'meta')];
  return copy;
}

/** Differences between what was asked and what was stored, ignoring meta and other readOnly attributes. */
export function storedDifferences(asked: ScimResource, stored: ScimResource, capabilities: Capabilities): PatchOperation[] {
  return diffResources(withoutMeta(asked), withoutMeta(stored), { schemas: capabilities.schemas });
}

export function nameOf(resource: ScimResource): string {
  for (const key of ['userName', 'displayName', 'externalId']) {
    const value = resource[keyOf(resource, key)];
    if (typeof value === 'string' && value) return value;
  }
  return '';
}

export const idOf = (resource: ScimResource): string | number | undefined => {
  const id = resource.id;
  return typeof id === 'string' || typeof id === 'number' ? id : undefined;
};

const idText = (resource: ScimResource): string => (typeof resource.id === 'string' || typeof resource.id === 'number' ? String(resource.id) : '');

/** A user (or group) as a member entry: its id and the name people know it by (`display` is conventionally displayName). */
export function refOf(resource: ScimResource): MemberRef {
  const displayName = resource[keyOf(resource, 'displayName')];
  const display = typeof displayName === 'string' && displayName ? displayName : nameOf(resource);
  return { value: idText(resource), ...(display ? { display } : {}) };
}

export function describeOp(op: PatchOperation): string {
  return `${op.op} ${op.path ?? '(no path)'}${op.value === undefined ? '' : ` = ${JSON.stringify(op.value)}`}`;
}
