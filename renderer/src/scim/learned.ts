import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Bridge, LearnedFact } from '../../../shared/contract';
import { paramFactKey, refusedMethod } from '../../../shared/scim';
import { useBridge } from '../bridge';

/**
 * What the main side has learned a server really does, and the quirks it raised. Every feature that
 * adapts to a server reads these; the one event hook invalidates them on `learned.changed`.
 */
export const learnedKeys = {
  all: ['learned'] as const,
  connection: (connectionId: string) => ['learned', connectionId] as const,
};

export const learnedFactsQuery = (bridge: Bridge, connectionId: string) =>
  queryOptions({
    queryKey: [...learnedKeys.connection(connectionId), 'facts'] as const,
    queryFn: ({ signal }) => bridge.call('scim.learned', { connectionId }, { signal }),
    staleTime: Infinity,
  });

/** Every deviation main has seen on a connection: the status bar counts them (main keeps them; nothing here mirrors them). */
export const quirkReportQuery = (bridge: Bridge, connectionId: string) =>
  queryOptions({
    queryKey: [...learnedKeys.connection(connectionId), 'quirks'] as const,
    queryFn: ({ signal }) => bridge.call('scim.quirks', { connectionId }, { signal }),
    staleTime: 0,
  });

/** Forgets what was learned about a connection's server: its next requests go out as if it were new. */
export function useForgetLearned(connectionId: string) {
  const bridge = useBridge();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => bridge.call('scim.forget', { connectionId }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: learnedKeys.connection(connectionId) });
    },
  });
}

/** The learned refusal of PATCH on an endpoint (a 405/501 seen there), so edits are planned as PUT. */
export function usePatchRefused(connectionId: string, endpoint: string): LearnedFact | undefined {
  const bridge = useBridge();
  const facts = useQuery(learnedFactsQuery(bridge, connectionId));
  return facts.data ? refusedMethod(facts.data, endpoint, 'PATCH') : undefined;
}

/** Whether the server was seen not to keep users' `groups` up to date (a user without groups that groups list as a member). */
export function useUsersGroupsNotKept(connectionId: string, usersEndpoint: string): boolean {
  const bridge = useBridge();
  const facts = useQuery(learnedFactsQuery(bridge, connectionId));
  const key = paramFactKey(usersEndpoint, 'groups');
  return facts.data?.some((f) => f.key === key && f.state === 'ignored') ?? false;
}
