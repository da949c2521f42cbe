import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { Bridge, Settings } from '../../../shared/contract';
import { useBridge } from '../bridge';

// What the main side keeps about the app itself (its facts and the user's settings), read by the frame and several screens.

const appKeys = {
  info: ['app', 'info'] as const,
  settings: ['settings'] as const,
};

/** Version, shell, secret protection, notices and demo server state: fixed for a launch. */
export const appInfoQuery = (bridge: Bridge) =>
  queryOptions({
    queryKey: appKeys.info,
    queryFn: ({ signal }) => bridge.call('app.info', {}, { signal }),
    staleTime: Infinity,
  });

export const settingsQuery = (bridge: Bridge) =>
  queryOptions({
    queryKey: appKeys.settings,
    queryFn: ({ signal }) => bridge.call('settings.get', {}, { signal }),
    staleTime: Infinity,
  });

/** Persists a settings patch; the answer (the whole settings) replaces the cached copy. */
export function useUpdateSettings() {
  const bridge = useBridge();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: Partial<Settings>) => bridge.call('settings.update', patch),
    onSuccess: (settings) => queryClient.setQueryData(appKeys.settings, settings),
  });
}
