import type { StateCreator } from 'zustand';
import type { AppStore } from './appStore';

export interface ConnectionSlice {
  /**
   * The connection the user picked in this session. The one in effect falls back to the last one
   * saved in settings, then the first (see useActiveConnection), so no boot-time copying is needed.
   */
  chosenConnectionId: string | null;
  chooseConnection: (id: string) => void;
}

export const createConnectionSlice: StateCreator<AppStore, [], [], ConnectionSlice> = (set) => ({
  chosenConnectionId: null,
  chooseConnection: (chosenConnectionId) => set({ chosenConnectionId }),
});
