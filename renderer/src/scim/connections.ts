import { queryOptions, useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { Bridge, ConnectionView } from '../../../shared/contract';
import { useBridge } from '../bridge';
import { useChooseConnection, useChosenConnectionId, useShowToast } from '../stores';
import { settingsQuery, useUpdateSettings } from './app';
import { capabilitiesQuery } from './capabilities';

// The saved connection profiles, and which one the SCIM screens work against. Changing a profile is
// the connections feature's own business (features/connections/queries.ts).

export const connectionKeys = {
  all: ['connections'] as const,
  list: ['connections', 'list'] as const,
};

export const connectionsListQuery = (bridge: Bridge) =>
  queryOptions({
    queryKey: connectionKeys.list,
    queryFn: ({ signal }) => bridge.call('connections.list', {}, { signal }),
    staleTime: Infinity, // kept fresh by the connections.changed event
  });

/** The chosen connection if it still exists, else the last one used, else the first. */
function resolveActiveConnection(connections: readonly ConnectionView[], chosenId: string | null, lastId: string | undefined): ConnectionView | null {
  return connections.find((c) => c.id === chosenId) ?? connections.find((c) => c.id === lastId) ?? connections[0] ?? null;
}

/** The saved profile the SCIM screens work against, or null when there is none. */
export function useActiveConnection(): ConnectionView | null {
  const bridge = useBridge();
  const chosenId = useChosenConnectionId();
  const { data: connections } = useQuery(connectionsListQuery(bridge));
  const { data: settings } = useQuery(settingsQuery(bridge));
  return resolveActiveConnection(connections ?? [], chosenId, settings?.lastConnectionId);
}

/** The active connection and what discovery found on it (not asked while there is no connection). */
export function useActiveCapabilities() {
  const bridge = useBridge();
  const connection = useActiveConnection();
  const capabilities = useQuery({ ...capabilitiesQuery(bridge, connection?.id ?? ''), enabled: connection !== null });
  return { connection, capabilities };
}

/** Switches the active connection and remembers it for the next launch. */
export function useSwitchConnection(): (id: string) => void {
  const choose = useChooseConnection();
  const { mutate } = useUpdateSettings();
  const showToast = useShowToast();
  return useCallback(
    (id: string) => {
      choose(id);
      mutate({ lastConnectionId: id }, { onError: (error) => showToast('error', `The choice could not be remembered: ${error.message}`) });
    },
    [choose, mutate, showToast],
  );
}
