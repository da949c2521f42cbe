import { QueryClient, type InfiniteData } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { JournalEntry, JournalSummary } from '../../../../shared/contract';
import { sampleSummary } from '../../../../shared/exchange/test-fixtures';
import { addExchangeToCache, annotateInCache, journalKeys } from './queries';

const summary = (id: string, connectionId = 'c1'): JournalSummary =>
  sampleSummary({ id, connectionId, connectionName: connectionId, url: `http://x/${id}`, path: `/${id}`, sizes: { request: 0, response: 1 }, responseSize: 1 });

type ListData = InfiniteData<JournalSummary[], string | undefined>;
const pages = (...p: JournalSummary[][]): ListData => ({ pages: p, pageParams: p.map((_, i) => (i === 0 ? undefined : `t${i}`)) });

describe('journal push events in the query cache', () => {
  it('puts a new exchange on top of the lists it belongs to, once', () => {
    const client = new QueryClient();
    client.setQueryData(journalKeys.list(''), pages([summary('a')], [summary('old')]));
    client.setQueryData(journalKeys.list('c1'), pages([summary('a')]));
    client.setQueryData(journalKeys.list('c2'), pages([summary('b', 'c2')]));
    addExchangeToCache(client, summary('n'));
    addExchangeToCache(client, summary('n'));
    const ids = (key: readonly unknown[]) => client.getQueryData<ListData>(key)!.pages.map((p) => p.map((s) => s.id));
    expect(ids(journalKeys.list(''))).toEqual([['n', 'a'], ['old']]);
    expect(ids(journalKeys.list('c1'))).toEqual([['n', 'a']]);
    expect(ids(journalKeys.list('c2'))).toEqual([['b']]);
  });

  it('replaces an exchange’s quirks in the lists and in its cached entry', () => {
    const client = new QueryClient();
    client.setQueryData(journalKeys.list(''), pages([summary('a'), summary('b')]));
    client.setQueryData(journalKeys.entry('b'), {
      ...summary('b'),
      requestHeaders: {},
      responseHeaders: {},
      requestBody: null,
      responseBody: null,
    } as JournalEntry);
    const quirks = [{ code: 'ignored-filter', message: 'The server ignored the filter', exchangeId: 'b' }];
    annotateInCache(client, { id: 'b', quirks });
    const list = client.getQueryData<ListData>(journalKeys.list(''))!.pages[0]!;
    expect(list.find((s) => s.id === 'b')!.quirks).toEqual(quirks);
    expect(list.find((s) => s.id === 'a')!.quirks).toEqual([]);
    expect(client.getQueryData<JournalEntry>(journalKeys.entry('b'))!.quirks).toEqual(quirks);
  });
});
