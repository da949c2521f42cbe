import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { Bridge } from '../../../../shared/contract';

export const scimKeys = {
  /** Everything read from one connection's server, for invalidation when its profile changes. */
  connection: (connectionId: string) => ['scim', connectionId] as const,
};

export interface UsersPageParams {
  connectionId: string;
  startIndex: number;
  count: number;
}

export const usersPageQuery = (bridge: Bridge, { connectionId, startIndex, count }: UsersPageParams) =>
  queryOptions({
    queryKey: [...scimKeys.connection(connectionId), 'list', 'Users', { startIndex, count }] as const,
    queryFn: ({ signal }) => bridge.call('scim.list', { connectionId, endpoint: 'Users', startIndex, count }, { signal }),
    // Paging keeps the previous page on screen (marked loading) instead of flashing empty.
    placeholderData: keepPreviousData,
  });
