import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { ConnectionView } from '../../../../shared/contract';
import { useBridge } from '../../bridge';
import { useChooseConnection, useChosenConnectionId, useShowToast } from '../../stores';
import { settingsQuery, useUpdateSettings } from '../settings/queries';
import { connectionsListQuery } from './queries';

/** The chosen connection if it still exists, else the last one used, else the first. */
export function resolveActiveConnection(connections: readonly ConnectionView[], chosenId: string | null, lastId: string | undefined): ConnectionView | null {
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
