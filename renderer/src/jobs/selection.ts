import { useCallback } from 'react';
import { useGoTo, useSelectJob } from '../stores';

export { useSelectedJobId, useSelectJob } from '../stores';

/** Opens the Jobs panel, on one job when given (e.g. the job a dialog just started). */
export function useShowJobs(): (id?: string) => void {
  const goTo = useGoTo();
  const select = useSelectJob();
  return useCallback(
    (id?: string) => {
      if (id) select(id);
      goTo('jobs');
    },
    [goTo, select],
  );
}
