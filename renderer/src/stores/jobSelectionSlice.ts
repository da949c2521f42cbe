import type { StateCreator } from 'zustand';
import type { AppStore } from './appStore';

/** Which job the Jobs panel shows in detail: here so any screen can open the panel on a job. */
export interface JobSelectionSlice {
  selectedJobId: string | null;
  selectJob: (id: string | null) => void;
}

export const createJobSelectionSlice: StateCreator<AppStore, [], [], JobSelectionSlice> = (set) => ({
  selectedJobId: null,
  selectJob: (selectedJobId) => set({ selectedJobId }),
});
