import type { StateCreator } from 'zustand';
import type { Settings } from '../../../shared/contract';
import type { AppStore } from './appStore';

export type ThemePreference = Settings['theme'];

export interface ThemeSlice {
  /** Chosen in this session; null means "as saved in settings". */
  chosenTheme: ThemePreference | null;
  chooseTheme: (preference: ThemePreference) => void;
}

export const createThemeSlice: StateCreator<AppStore, [], [], ThemeSlice> = (set) => ({
  chosenTheme: null,
  chooseTheme: (chosenTheme) => set({ chosenTheme }),
});
