import { QueryClient } from '@tanstack/react-query';

/**
 * Every query is a call to somebody's SCIM server or to the main side: no silent retries (an error
 * shows at once, with a Retry button) and no refetch just because the window got focus.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, staleTime: 30_000 },
      mutations: { retry: false },
    },
  });
}
