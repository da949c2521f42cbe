import { infiniteQueryOptions, queryOptions, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import type { Bridge, JournalAnnotated, JournalEntry, JournalSummary } from '../../../../shared/contract';

/** Exchanges fetched per page of the list; "Load earlier" pages back from the oldest shown. */
const JOURNAL_PAGE = 500;

export const journalKeys = {
  all: ['journal'] as const,
  lists: ['journal', 'list'] as const,
  /** '*' is every connection. */
  list: (connectionId: string) => ['journal', 'list', connectionId || '*'] as const,
  entry: (id: string) => ['journal', 'entry', id] as const,
  sessions: ['journal', 'sessions'] as const,
};

/**
 * Newest first, a page at a time going back (earlier runs too). Kept current by the
 * journal.exchange event rather than refetching, so staleTime is Infinity.
 */
export const journalListQuery = (bridge: Bridge, connectionId: string) =>
  infiniteQueryOptions({
    queryKey: journalKeys.list(connectionId),
    queryFn: ({ pageParam, signal }) =>
      bridge.call(
        'journal.list',
        { ...(connectionId ? { connectionId } : {}), limit: JOURNAL_PAGE, ...(pageParam ? { beforeStartedAt: pageParam } : {}) },
        { signal },
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: JournalSummary[]) => (last.length < JOURNAL_PAGE ? undefined : last.at(-1)?.timings.startedAt),
    staleTime: Infinity,
  });

/** One exchange with headers and bodies; only its quirks can change, and the event updates them. */
export const journalEntryQuery = (bridge: Bridge, id: string) =>
  queryOptions({
    queryKey: journalKeys.entry(id),
    queryFn: ({ signal }) => bridge.call('journal.get', { id }, { signal }),
    staleTime: Infinity,
    retry: false,
  });

/** Exchanges whose URL or bodies contain the text, searched by the main side (bodies of every entry, earlier runs too). */
export const journalSearchQuery = (bridge: Bridge, connectionId: string, text: string) =>
  queryOptions({
    queryKey: [...journalKeys.all, 'search', connectionId || '*', text] as const,
    queryFn: ({ signal }) => bridge.call('journal.list', { ...(connectionId ? { connectionId } : {}), text, limit: 5000 }, { signal }),
    staleTime: 0,
  });

/** The loaded list and the search's finds together, once each, newest first. */
export function mergeNewestFirst(a: readonly JournalSummary[], b: readonly JournalSummary[]): JournalSummary[] {
  const byId = new Map<string, JournalSummary>();
  for (const s of [...a, ...b]) if (!byId.has(s.id)) byId.set(s.id, s);
  return [...byId.values()].sort((x, y) => Date.parse(y.timings.startedAt) - Date.parse(x.timings.startedAt));
}

export const journalSessionsQuery = (bridge: Bridge) =>
  queryOptions({
    queryKey: journalKeys.sessions,
    queryFn: ({ signal }) => bridge.call('journal.sessions', {}, { signal }),
  });

type ListData = InfiniteData<JournalSummary[], string | undefined>;

/** journal.exchange: the new exchange goes on top of every loaded list it belongs to. */
export function addExchangeToCache(queryClient: QueryClient, summary: JournalSummary): void {
  for (const [key, data] of queryClient.getQueriesData<ListData>({ queryKey: journalKeys.lists })) {
    const scope = key[2];
    if (!data || (scope !== '*' && scope !== summary.connectionId)) continue;
    const [first = [], ...rest] = data.pages;
    if (first.some((s) => s.id === summary.id)) continue;
    queryClient.setQueryData<ListData>(key, { ...data, pages: [[summary, ...first], ...rest] });
  }
  // The sessions' counts are now behind; refetched when next looked at, not on every exchange.
  void queryClient.invalidateQueries({ queryKey: journalKeys.sessions, refetchType: 'none' });
}

/** journal.annotated: the entry's full quirk list replaces the old one wherever it is cached. */
export function annotateInCache(queryClient: QueryClient, { id, quirks }: JournalAnnotated): void {
  for (const [key, data] of queryClient.getQueriesData<ListData>({ queryKey: journalKeys.lists })) {
    if (!data || !data.pages.some((page) => page.some((s) => s.id === id))) continue;
    queryClient.setQueryData<ListData>(key, { ...data, pages: data.pages.map((page) => page.map((s) => (s.id === id ? { ...s, quirks } : s))) });
  }
  queryClient.setQueryData<JournalEntry>(journalKeys.entry(id), (entry) => (entry ? { ...entry, quirks } : entry));
}
