import { queryOptions } from '@tanstack/react-query';
import type { Bridge } from '../../../../shared/contract';

export const scimKeys = {
  /** Everything read from one connection's server, for invalidation when its profile changes. */
  connection: (connectionId: string) => ['scim', connectionId] as const,
};

/** The server's capabilities: which resource types exist and at which endpoints (e.g. "/users" on some servers). */
export const capabilitiesQuery = (bridge: Bridge, connectionId: string) =>
  queryOptions({
    queryKey: [...scimKeys.connection(connectionId), 'capabilities'] as const,
    queryFn: ({ signal }) => bridge.call('scim.discover', { connectionId }, { signal }),
    staleTime: Infinity,
  });
