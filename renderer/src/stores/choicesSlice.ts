import type { StateCreator } from 'zustand';
import type { Settings } from '../../../shared/contract';
import type { AppStore } from './appStore';

export type ThemePreference = Settings['theme'];

/** What the user chose in this session. */
export interface ChoicesSlice {
  /**
   * The connection picked in this session. The one in effect falls back to the last one saved in
   * settings, then the first (see useActiveConnection), so no boot-time copying is needed.
   */
  chosenConnectionId: string | null;
  chooseConnection: (id: string) => void;
  /** Null means "as saved in settings". */
  chosenTheme: ThemePreference | null;
  chooseTheme: (preference: ThemePreference) => void;
  /** Which job the Jobs panel shows in detail: here so any screen can open the panel on a job. */
  selectedJobId: string | null;
  selectJob: (id: string | null) => void;
}

export const createChoicesSlice: StateCreator<AppStore, [], [], ChoicesSlice> = (set) => ({
  chosenConnectionId: null,
  chooseConnection: (chosenConnectionId) => set({ chosenConnectionId }),
  chosenTheme: null,
  chooseTheme: (chosenTheme) => set({ chosenTheme }),
  selectedJobId: null,
  selectJob: (selectedJobId) => set({ selectedJobId }),
});
