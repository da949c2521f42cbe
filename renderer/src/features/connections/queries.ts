import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Bridge, ConnectionDraftInput, ConnectionView } from '../../../../shared/contract';
import { useBridge } from '../../bridge';
import { connectionKeys } from '../../scim';

/**
 * Every change to a profile refreshes the list before the mutation resolves (so the caller can select
 * the new profile at once); the connections.changed event covers changes made elsewhere.
 * gcTime 0: a draft's variables may hold a secret, so the mutation leaves the cache as soon as the
 * form resets it.
 */
function useConnectionMutation<TInput, TOutput>(run: (bridge: Bridge, input: TInput) => Promise<TOutput>) {
  const bridge = useBridge();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TInput) => run(bridge, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: connectionKeys.all }),
    gcTime: 0,
  });
}

export const useCreateConnection = () =>
  useConnectionMutation((bridge, draft: ConnectionDraftInput): Promise<ConnectionView> => bridge.call('connections.create', draft));

export const useUpdateConnection = () =>
  useConnectionMutation((bridge, input: { id: string; draft: ConnectionDraftInput }): Promise<ConnectionView> => bridge.call('connections.update', input));

export const useDuplicateConnection = () =>
  useConnectionMutation((bridge, id: string): Promise<ConnectionView> => bridge.call('connections.duplicate', { id }));

export const useDeleteConnection = () => useConnectionMutation((bridge, id: string) => bridge.call('connections.delete', { id }));
