import { useQuery } from '@tanstack/react-query';
import { useBridge } from '../bridge';
import { isJobMoving, jobsListQuery, unfinishedSummary, useShowJobs } from '../jobs';

/**
 * "2 jobs · 45%" while any job is queued, running, paused or interrupted, opening the Jobs panel;
 * nothing otherwise. The percent covers the jobs whose totals are known; data-running counts the
 * unfinished jobs (paused and interrupted ones too), for e2e.
 */
export function JobsStatus() {
  const bridge = useBridge();
  const { data: jobs } = useQuery(jobsListQuery(bridge));
  const showJobs = useShowJobs();
  const { count, percent } = unfinishedSummary(jobs ?? []);
  if (count === 0) return null;
  const running = (jobs ?? []).filter((j) => isJobMoving(j.state)).length;
  const text = `${count === 1 ? '1 job' : `${count} jobs`}${percent === null ? '' : ` · ${percent}%`}`;
  return (
    <span className="status-item">
      <button
        type="button"
        className="status-quirks-button status-jobs-button"
        data-testid="status-jobs"
        data-running={count}
        title={running === count ? 'Jobs running on the main side: open the Jobs panel' : 'Jobs not finished (some paused or interrupted): open the Jobs panel'}
        onClick={() => showJobs()}
      >
        {text}
      </button>
    </span>
  );
}
