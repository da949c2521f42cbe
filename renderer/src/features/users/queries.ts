import { keepPreviousData, queryOptions } from '@tanstack/react-query';
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

export interface UsersPageParams {
  connectionId: string;
  /** The User resource type's endpoint as discovery found it. */
  endpoint: string;
  startIndex: number;
  count: number;
}

export const usersPageQuery = (bridge: Bridge, { connectionId, endpoint, startIndex, count }: UsersPageParams) =>
  queryOptions({
    queryKey: [...scimKeys.connection(connectionId), 'list', endpoint, { startIndex, count }] as const,
    queryFn: ({ signal }) => bridge.call('scim.list', { connectionId, endpoint, startIndex, count }, { signal }),
    // Paging keeps the previous page on screen (marked loading) instead of flashing empty.
    placeholderData: keepPreviousData,
  });
