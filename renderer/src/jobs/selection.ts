import { useCallback } from 'react';
import { create } from 'zustand';
import { useGoTo } from '../stores';

/** Which job the Jobs panel shows in detail; here rather than in the panel so any screen can open one. */
const useJobSelection = create<{ selectedId: string | null; select: (id: string | null) => void }>()((set) => ({
  selectedId: null,
  select: (selectedId) => set({ selectedId }),
}));

export const useSelectedJobId = () => useJobSelection((s) => s.selectedId);
export const useSelectJob = () => useJobSelection((s) => s.select);

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
