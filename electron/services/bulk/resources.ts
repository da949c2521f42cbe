/** Small readings of the server's answers that matching and planning share. */
import type { Capabilities, ScimResource } from '../../../shared/contract';

/** The resource type an endpoint serves ("/Users" and "users" are one). */
export function resourceTypeOf(caps: Capabilities, endpoint: string) {
  const wanted = endpoint.replace(/^\/+|\/+$/g, '').toLowerCase();
  return caps.resourceTypes.find((t) => t.endpoint.replace(/^\/+|\/+$/g, '').toLowerCase() === wanted);
}

/** meta.version: a listed resource's ETag. */
export function versionOf(resource: ScimResource): string | undefined {
  const version = (resource.meta as { version?: unknown } | undefined)?.version;
  return typeof version === 'string' && version ? version : undefined;
}

/** A group's member values. */
export function memberIdsOf(group: ScimResource): Set<string> {
  const members = Array.isArray(group.members) ? (group.members as Array<{ value?: unknown }>) : [];
  return new Set(
    members
      .map((m) => m?.value)
      .filter((v) => v !== undefined && v !== null)
      .map(String),
  );
}

/** "users", "groups": what the targets of an endpoint are called. */
export const nounOfEndpoint = (endpoint: string): string =>
  endpoint
    .replace(/^\/+|\/+$/g, '')
    .split('/')
    .pop()
    ?.toLowerCase() || 'resources';

/** "1 user", "2,500 users". */
export const countOf = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
