import { queryOptions } from '@tanstack/react-query';
import type { Bridge, Capabilities, ConnectionView } from '../../../shared/contract';
import { readOnlySubAttributes, SCHEMA_GROUP } from '../../../shared/scim';
import { scimKeys } from './keys';
import { userAndGroupTypes } from './kinds';

/** The server's capabilities: which resource types exist and at which endpoints (e.g. "/users" on some servers). */
export const capabilitiesQuery = (bridge: Bridge, connectionId: string) =>
  queryOptions({
    queryKey: scimKeys.capabilities(connectionId),
    queryFn: ({ signal }) => bridge.call('scim.discover', { connectionId }, { signal }),
    staleTime: Infinity,
  });

/**
 * How an edit is sent: PUT of the whole resource where the server has no PATCH (it says so, or it was
 * seen to refuse it there: `patchRefused`) or the connection prefers PUT, else PATCH.
 */
export const writeMethod = (
  capabilities: Pick<Capabilities, 'patch'>,
  connection: Pick<ConnectionView, 'updateMethod'>,
  patchRefused = false,
): 'patch' | 'put' => (capabilities.patch === false || patchRefused || connection.updateMethod === 'put' ? 'put' : 'patch');

/** Whether the User schema declares the `groups` attribute (RFC 7643 §4.1.2); shared with the main side. */
export { usersHaveGroups } from '../../../shared/scim';

/** Member sub-attributes the server's Group schema marks readOnly (e.g. `display`): left out of generated member values. */
export function memberReadOnlySubAttributes(capabilities: Pick<Capabilities, 'resourceTypes' | 'schemas'>): string[] {
  const groupSchema = userAndGroupTypes(capabilities).groups?.schema ?? SCHEMA_GROUP;
  return readOnlySubAttributes(capabilities.schemas, groupSchema, 'members');
}

/**
 * The If-Match a write carries: the version read, only where the server says it supports ETags
 * (ServiceProviderConfig `etag.supported` true). The main side decides the same way
 * (`resourceCall` in electron/services/engine/operations.ts), so what a review shows is what is sent.
 */
export function ifMatchFor(capabilities: Pick<Capabilities, 'etag'>, etag: string | null | undefined): string | undefined {
  return capabilities.etag === true && etag ? etag : undefined;
}

/** Why a write goes without If-Match, in words; null when it carries one. */
export function ifMatchNote(capabilities: Pick<Capabilities, 'etag'>, etag: string | null | undefined): string | null {
  if (ifMatchFor(capabilities, etag)) return null;
  if (capabilities.etag === true) return 'No ETag came with the read: no If-Match.';
  return capabilities.etag === false
    ? 'The server does not support ETags (ServiceProviderConfig etag.supported is false): no If-Match.'
    : 'The server does not say it supports ETags: no If-Match.';
}
