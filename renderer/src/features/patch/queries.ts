import { queryOptions } from '@tanstack/react-query';
import type { Bridge } from '../../../../shared/contract';
import { scimKeys } from '../../scim';

export interface TargetRef {
  endpoint: string;
  id: string | number;
  label: string;
}

/** Everything the composer read from one connection. */
export const patchKey = (connectionId: string) => [...scimKeys.connection(connectionId), 'patch'] as const;

/** The target resource, read fresh (never from a cache) with its ETag: the preview starts from exactly this. */
export const targetQuery = (bridge: Bridge, connectionId: string, target: TargetRef) =>
  queryOptions({
    queryKey: [...patchKey(connectionId), 'target', target.endpoint, String(target.id)] as const,
    queryFn: async ({ signal }) => {
      const read = await bridge.call('scim.get', { connectionId, endpoint: target.endpoint, id: target.id }, { signal });
      return { resource: read.resource, etag: read.etag };
    },
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });
