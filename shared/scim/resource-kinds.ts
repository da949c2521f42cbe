import type { Capabilities, ResourceTypeDef } from '../contract/engine';

/**
 * The one user/group detection, shared by the renderer (which screens and membership a type gets) and
 * the main side (a membership job's read-back).
 */

/** What the app does with a resource type: users and groups have screens and membership; others are generic. */
export type ResourceKind = 'users' | 'groups' | 'other';

type TypeLike = Pick<ResourceTypeDef, 'name' | 'schema'>;

const isKind = (type: TypeLike, name: RegExp, schema: RegExp): boolean => schema.test(type.schema) || name.test(type.name);

/**
 * A resource type is Users when its schema URN ends in `:User` (the RFC 7643 User schema, or a
 * vendor's own spelling of it) or it is named "User"/"Users"; Groups likewise. Everything else is "other".
 */
export function resourceKind(type: TypeLike): ResourceKind {
  if (isKind(type, /^users?$/i, /:User$/i)) return 'users';
  if (isKind(type, /^groups?$/i, /:Group$/i)) return 'groups';
  return 'other';
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

/** Whether the User schema declares the `groups` attribute (RFC 7643 §4.1.2). */
export function usersHaveGroups(capabilities: Pick<Capabilities, 'resourceTypes' | 'schemas'>): boolean {
  const { users } = userAndGroupTypes(capabilities);
  if (!users) return false;
  const schema = capabilities.schemas.find((s) => s.id.toLowerCase() === users.schema.toLowerCase());
  return schema?.attributes.some((a) => a.name.toLowerCase() === 'groups') ?? false;
}
