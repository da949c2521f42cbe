import type { AttrPath, AttributeLookup } from '../filter/index';
import { findKey, isJsonObject, type JsonObject } from '../filter/resource-access';
import { defineKey } from './json';
import { CORE_SCHEMAS, createAttributeResolver, SCHEMA_GROUP, SCHEMA_USER, type AttributeResolver, type ScimAttribute, type ScimSchema } from '../scim/index';

/** Where the diff, the encoders and the validator learn mutability, multiValued and types. */
export interface SchemaSource {
  /** Full attribute definitions, e.g. createAttributeResolver(serverSchemas, SCHEMA_USER). Wins over `schemas`. */
  resolver?: AttributeResolver;
  /** Schema definitions (a server's /Schemas). Without resolver or schemas: RFC 7643 User, Group and EnterpriseUser. */
  schemas?: readonly ScimSchema[];
  /** The resource type's core schema URN; inferred from the resources' "schemas" (else User) when left out. */
  coreSchemaUrn?: string;
}

/** The first "schemas" entry that is not an extension object of the resource; a resource with members is a Group. */
export function inferCoreSchemaUrn(resources: readonly unknown[]): string {
  for (const resource of resources) {
    if (!isJsonObject(resource)) continue;
    const schemas = resource[findKey(resource, 'schemas') ?? 'schemas'];
    if (!Array.isArray(schemas)) continue;
    for (const entry of schemas) {
      if (typeof entry !== 'string') continue;
      const key = findKey(resource, entry);
      if (key === undefined || !isJsonObject(resource[key])) return entry;
    }
  }
  return resources.some((resource) => isJsonObject(resource) && findKey(resource, 'members') !== undefined) ? SCHEMA_GROUP : SCHEMA_USER;
}

export function resolverFrom(source: SchemaSource, resources: readonly unknown[]): AttributeResolver {
  if (source.resolver !== undefined) return source.resolver;
  return createAttributeResolver(source.schemas ?? CORE_SCHEMAS, source.coreSchemaUrn ?? inferCoreSchemaUrn(resources));
}

let standardLookup: AttributeLookup | undefined;

/** RFC 7643's User, then Group, then EnterpriseUser: for encoders that are not told which resource type they serve. */
export function standardAttributeLookup(): AttributeLookup {
  if (standardLookup === undefined) {
    const user = createAttributeResolver(CORE_SCHEMAS, SCHEMA_USER);
    const group = createAttributeResolver(CORE_SCHEMAS, SCHEMA_GROUP);
    standardLookup = (path, parent) => user(path, parent) ?? group(path, parent);
  }
  return standardLookup;
}

export function subAttributeOf(definition: ScimAttribute | undefined, name: string): ScimAttribute | undefined {
  const lower = name.toLowerCase();
  return definition?.subAttributes?.find((sub) => sub.name.toLowerCase() === lower);
}

/** RFC 7643 §3.1: id and meta are readOnly whatever a (possibly partial) resolver says. */
export function isReadOnly(path: AttrPath, definition: ScimAttribute | undefined): boolean {
  if (definition?.mutability === 'readOnly') return true;
  if (path.uri !== undefined || path.sub !== undefined) return false;
  const lower = path.name.toLowerCase();
  return lower === 'id' || lower === 'meta';
}

/** A copy without the readOnly sub-attributes of a complex value (or of each element of a list of them). */
export function withoutReadOnlySubs(value: unknown, definition: ScimAttribute | undefined): unknown {
  if (definition?.subAttributes === undefined || definition.subAttributes.length === 0) return value;
  const strip = (element: unknown): unknown => {
    if (!isJsonObject(element)) return element;
    const copy: JsonObject = {};
    for (const key of Object.keys(element)) {
      if (subAttributeOf(definition, key)?.mutability !== 'readOnly') defineKey(copy, key, element[key]);
    }
    return copy;
  };
  return Array.isArray(value) ? value.map(strip) : strip(value);
}
