import type { Capabilities, ResourceTypeDef, ScimResource } from '../../../shared/contract';

/** What the app does with a resource type: users and groups have screens and membership; others are generic. */
export type ResourceKind = 'users' | 'groups' | 'other';

type TypeLike = Pick<ResourceTypeDef, 'name' | 'schema'>;

const isKind = (type: TypeLike, name: RegExp, schema: RegExp): boolean => schema.test(type.schema) || name.test(type.name);

/**
 * The one user/group detection: a resource type is Users when its schema URN ends in `:User` (the
 * RFC 7643 User schema, or a vendor's own spelling of it) or it is named "User"/"Users"; Groups
 * likewise. Everything else is "other".
 */
export function resourceKind(type: TypeLike): ResourceKind {
  if (isKind(type, /^users?$/i, /:User$/i)) return 'users';
  if (isKind(type, /^groups?$/i, /:Group$/i)) return 'groups';
  return 'other';
}

/** The kind of a resource whose type may be unknown: by its type, else a resource with `userName` is a user. */
export function resourceKindOf(type: TypeLike | undefined, resource: ScimResource): ResourceKind {
  if (type) return resourceKind(type);
  return 'userName' in resource ? 'users' : 'other';
}

/** The first discovered resource type of a kind. */
export const typeOfKind = (capabilities: Pick<Capabilities, 'resourceTypes'>, kind: ResourceKind): ResourceTypeDef | undefined =>
  capabilities.resourceTypes.find((t) => resourceKind(t) === kind);

/** The Users and Groups resource types, when the server has them. */
export function userAndGroupTypes(capabilities: Pick<Capabilities, 'resourceTypes'>): { users?: ResourceTypeDef; groups?: ResourceTypeDef } {
  const users = typeOfKind(capabilities, 'users');
  const groups = typeOfKind(capabilities, 'groups');
  return { ...(users ? { users } : {}), ...(groups ? { groups } : {}) };
}

/** Which discovered resource type a resource belongs to: meta.resourceType, else its schemas, else its location, else its shape. */
export function resourceTypeOf(resource: ScimResource, capabilities: Pick<Capabilities, 'resourceTypes'>): ResourceTypeDef | undefined {
  const types = capabilities.resourceTypes;
  const meta = isRecord(resource.meta) ? resource.meta : {};
  if (typeof meta.resourceType === 'string') {
    const byName = types.find((t) => t.name.toLowerCase() === String(meta.resourceType).toLowerCase());
    if (byName) return byName;
  }
  const schemas = Array.isArray(resource.schemas) ? resource.schemas.map((s) => String(s).toLowerCase()) : [];
  const bySchema = types.find((t) => schemas.includes(t.schema.toLowerCase()));
  if (bySchema) return bySchema;
  if (typeof meta.location === 'string') {
    const location = meta.location.toLowerCase();
    return types.find((t) => location.includes(`/${t.endpoint.replace(/^\//, '').toLowerCase()}/`));
  }
  if ('members' in resource) return typeOfKind(capabilities, 'groups');
  return typeOfKind(capabilities, 'users') ?? types[0];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
