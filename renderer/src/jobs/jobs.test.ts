import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { Bridge, JobDetail, JobView } from '../../../shared/contract';
import { failuresTsv, formatBytes, jobEtaText, jobPercent, jobProgressText, jobRateText, unfinishedSummary } from './format';
import { addStartedJob, applyJobView, forgetJob, jobKeys, jobsListQuery } from './queries';

const view = (over: Partial<JobView> = {}): JobView => ({
  id: 'j1',
  kind: 'export',
  connectionId: 'c1',
  title: 'Export users to CSV',
  writes: false,
  state: 'running',
  createdAt: '2026-01-01T10:00:00.000Z',
  progress: { done: 1200, total: 10_000, unit: 'users', requests: 3, ratePerSecond: 340, etaMs: 26_000 },
  stepsDone: 2,
  stepsTotal: 20,
  ...over,
});
const progress = (over: Partial<JobView['progress']>) => ({ ...view().progress, ...over });

describe('job formatting', () => {
  it('says how far a job got, with or without a total', () => {
    expect(jobProgressText(view().progress)).toBe('1,200 of 10,000 users');
    expect(jobProgressText(progress({ total: null }))).toBe('1,200 users so far');
    expect(jobPercent(view().progress)).toBe(12);
    expect(jobPercent(progress({ total: null }))).toBeNull();
    expect(jobPercent(progress({ done: 0, total: 0 }))).toBe(100);
  });

  it('writes rates and times left briefly, and nothing while unknown', () => {
    expect(jobRateText(340.4)).toBe('340/s');
    expect(jobRateText(1234)).toBe('1,234/s');
    expect(jobRateText(0.46)).toBe('0.5/s');
    expect(jobRateText(null)).toBe('');
    expect(jobEtaText(26_000)).toBe('26 s left');
    expect(jobEtaText(185_000)).toBe('3 min left');
    expect(jobEtaText(3_900_000)).toBe('1 h 5 min left');
    expect(jobEtaText(null)).toBe('');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2_516_582)).toBe('2.4 MB');
  });

  it('counts unfinished jobs and their overall percent over the totals known', () => {
    const jobs = [
      view({ id: 'a', progress: progress({ done: 50, total: 100 }) }),
      view({ id: 'b', state: 'paused', progress: progress({ done: 40, total: 100 }) }),
      view({ id: 'c', state: 'interrupted', progress: progress({ done: 7, total: null }) }),
      view({ id: 'd', state: 'succeeded', progress: progress({ done: 100, total: 100 }) }),
    ];
    expect(unfinishedSummary(jobs)).toEqual({ count: 3, percent: 45 });
    expect(unfinishedSummary([jobs[2]!])).toEqual({ count: 1, percent: null });
    expect(unfinishedSummary([jobs[3]!])).toEqual({ count: 0, percent: null });
  });

  it('copies failures as TSV a spreadsheet reads as text', () => {
    const tsv = failuresTsv([
      { item: 'PATCH /Groups/42 (+500 −0)', message: 'HTTP 400\twith\na tab', exchangeId: 'x1' },
      { item: '=HYPERLINK("evil")', message: 'refused' },
    ]);
    expect(tsv).toBe('Item\tMessage\tExchange\nPATCH /Groups/42 (+500 −0)\tHTTP 400 with a tab\tx1\n\'=HYPERLINK("evil")\trefused\t\n');
  });
});

describe('the jobs cache', () => {
  const detail = (over: Partial<JobDetail> = {}): JobDetail => ({
    ...view(),
    steps: [{ index: 0, label: 'GET /Users', status: 'done', exchangeIds: ['x1'], at: '2026-01-01T10:00:01.000Z' }],
    stepsOmitted: 0,
    ...over,
  });

  it('replaces a job in the list, adds a new one newest first, and leaves an unloaded list alone', () => {
    const client = new QueryClient();
    applyJobView(client, view());
    expect(client.getQueryData(jobKeys.list)).toBeUndefined();

    client.setQueryData<JobView[]>(jobKeys.list, [view()]);
    applyJobView(client, view({ progress: progress({ done: 5000 }) }));
    expect(client.getQueryData<JobView[]>(jobKeys.list)!.map((j) => j.progress.done)).toEqual([5000]);

    applyJobView(client, view({ id: 'j0', createdAt: '2025-12-31T10:00:00.000Z' }));
    applyJobView(client, view({ id: 'j2', createdAt: '2026-01-02T10:00:00.000Z' }));
    expect(client.getQueryData<JobView[]>(jobKeys.list)!.map((j) => j.id)).toEqual(['j2', 'j1', 'j0']);
  });

  it('merges progress into the detail, keeping its steps, and marks the log stale when the job moves on', () => {
    const client = new QueryClient();
    const key = jobKeys.detail('j1');
    client.setQueryData(key, detail());
    applyJobView(client, view({ progress: progress({ done: 1300 }) }));
    expect(client.getQueryData<JobDetail>(key)).toMatchObject({ progress: { done: 1300 }, steps: [{ label: 'GET /Users' }] });
    expect(client.getQueryState(key)!.isInvalidated).toBe(false);

    applyJobView(client, view({ state: 'succeeded', stepsDone: 20, result: { summary: 'Exported 10,000 users to CSV', failures: [], notes: [] } }));
    expect(client.getQueryData<JobDetail>(key)).toMatchObject({
      state: 'succeeded',
      result: { summary: 'Exported 10,000 users to CSV' },
      steps: [{ label: 'GET /Users' }],
    });
    expect(client.getQueryState(key)!.isInvalidated).toBe(true);
  });

  it('keeps a finished job finished when an older view arrives after it (events overtake call answers)', () => {
    const client = new QueryClient();
    client.setQueryData<JobView[]>(jobKeys.list, []);
    client.setQueryData(jobKeys.detail('j1'), detail());
    // The job ran to the end on the main side before jobs.start answered.
    applyJobView(client, view({ state: 'succeeded', progress: progress({ done: 10, total: 10 }) }));
    addStartedJob(client, view({ state: 'queued', progress: progress({ done: 0, total: null }) }));
    applyJobView(client, view({ state: 'running', progress: progress({ done: 5, total: 10 }) }));
    expect(client.getQueryData<JobView[]>(jobKeys.list)!.map((j) => [j.state, j.progress.done])).toEqual([['succeeded', 10]]);
    expect(client.getQueryData<JobDetail>(jobKeys.detail('j1'))!.state).toBe('succeeded');

    // The answer of jobs.start adds a job no event has brought yet.
    addStartedJob(client, view({ id: 'j2', state: 'queued', createdAt: '2026-01-02T10:00:00.000Z' }));
    expect(client.getQueryData<JobView[]>(jobKeys.list)!.map((j) => j.id)).toEqual(['j2', 'j1']);
  });

  it('does not let a list fetched before the last events un-finish a job', async () => {
    const client = new QueryClient();
    const bridge = {
      call: async () => [view({ state: 'running' }), view({ id: 'j2', state: 'running' })],
      subscribe: () => () => undefined,
    } as unknown as Bridge;
    await client.fetchQuery(jobsListQuery(bridge));
    applyJobView(client, view({ state: 'succeeded' }));
    await client.fetchQuery({ ...jobsListQuery(bridge), staleTime: 0 });
    expect(client.getQueryData<JobView[]>(jobKeys.list)!.map((j) => j.state)).toEqual(['succeeded', 'running']);
  });

  it('follows one job through a select over the list, as useJob does', async () => {
    const client = new QueryClient();
    const bridge = { call: async () => [view({ state: 'queued' })], subscribe: () => () => undefined } as unknown as Bridge;
    const observer = new QueryObserver(client, { ...jobsListQuery(bridge), select: (jobs: JobView[]) => jobs.find((j) => j.id === 'j1') });
    const off = observer.subscribe(() => undefined);
    await client.fetchQuery(jobsListQuery(bridge));
    applyJobView(client, view({ state: 'running', progress: progress({ done: 500 }) }));
    applyJobView(client, view({ state: 'succeeded', progress: progress({ done: 10_000 }) }));
    expect(observer.getCurrentResult().data).toMatchObject({ state: 'succeeded', progress: { done: 10_000 } });
    off();
  });

  it('forgets a removed job in the list and its detail', () => {
    const client = new QueryClient();
    client.setQueryData<JobView[]>(jobKeys.list, [view(), view({ id: 'j2' })]);
    client.setQueryData(jobKeys.detail('j1'), detail());
    forgetJob(client, 'j1');
    expect(client.getQueryData<JobView[]>(jobKeys.list)!.map((j) => j.id)).toEqual(['j2']);
    expect(client.getQueryData(jobKeys.detail('j1'))).toBeUndefined();
  });
});
