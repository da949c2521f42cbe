/**
 * Query keys of everything read from a connection's server. Every key starts with
 * `scimKeys.connection(id)`, so a changed profile invalidates all of it at once (see useIpcEvents).
 */
export const scimKeys = {
  /** Everything read from one connection's server, for invalidation when its profile changes. */
  connection: (connectionId: string) => ['scim', connectionId] as const,
  /** Discovery: resource types, schemas, ServiceProviderConfig flags. */
  capabilities: (connectionId: string) => [...scimKeys.connection(connectionId), 'capabilities'] as const,
  /** Everything listed from one endpoint, whatever the filter, sort or page: what Refresh and a write invalidate. */
  browse: (connectionId: string, endpoint: string) => [...scimKeys.connection(connectionId), 'browse', endpoint] as const,
  /** One resource as the detail panel reads it. */
  detail: (connectionId: string, endpoint: string, id: string | number) => [...scimKeys.connection(connectionId), 'detail', endpoint, String(id)] as const,
  /** One resource's exchanges from the journal. */
  history: (connectionId: string, endpoint: string, id: string | number) => [...scimKeys.connection(connectionId), 'history', endpoint, String(id)] as const,
  /** Everything the membership workbench read: invalidated after every membership change. */
  membership: (connectionId: string) => [...scimKeys.connection(connectionId), 'membership'] as const,
};

/**
 * Names the `scim.scanProgress` events of a match-here search (see `matchHere` in shared/contract/scim.ts):
 * one key per connection, endpoint and filter, so the screen that asked can show how far it has read.
 */
export function scanProgressKey(connectionId: string, endpoint: string, filter: string): string {
  let hash = 0;
  for (const ch of filter) hash = (Math.imul(hash, 31) + ch.charCodeAt(0)) | 0;
  return `scan:${connectionId.slice(0, 60)}:${endpoint.slice(0, 60)}:${(hash >>> 0).toString(36)}:${filter.length}`;
}
