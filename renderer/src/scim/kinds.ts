import type { Capabilities, ResourceTypeDef, ScimResource } from '../../../shared/contract';
import { isJsonObject } from '../../../shared/filter/resource-access';
import { resourceKind, typeOfKind, type ResourceKind } from '../../../shared/scim';

// The one user/group detection lives in shared code: the main side's membership job uses it too.
export { resourceKind, typeOfKind, userAndGroupTypes, type ResourceKind } from '../../../shared/scim';

type TypeLike = Pick<ResourceTypeDef, 'name' | 'schema'>;

/** The kind of a resource whose type may be unknown: by its type, else a resource with `userName` is a user. */
export function resourceKindOf(type: TypeLike | undefined, resource: ScimResource): ResourceKind {
  if (type) return resourceKind(type);
  return 'userName' in resource ? 'users' : 'other';
}

/** Which discovered resource type a resource belongs to: meta.resourceType, else its schemas, else its location, else its shape. */
export function resourceTypeOf(resource: ScimResource, capabilities: Pick<Capabilities, 'resourceTypes'>): ResourceTypeDef | undefined {
  const types = capabilities.resourceTypes;
  const meta = isJsonObject(resource.meta) ? resource.meta : {};
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
