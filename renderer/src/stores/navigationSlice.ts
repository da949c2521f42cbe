import type { StateCreator } from 'zustand';
import type { AppStore } from './appStore';

export const screenIds = ['users', 'groups', 'filter', 'patch', 'inspector', 'connections', 'jobs', 'server', 'bulk'] as const;
export type ScreenId = (typeof screenIds)[number];

export const isScreenId = (value: string): value is ScreenId => (screenIds as readonly string[]).includes(value);

export interface NavigationSlice {
  screen: ScreenId;
  /** Screens opened so far, for screens kept alive while hidden. */
  visitedScreens: readonly ScreenId[];
  goTo: (screen: ScreenId) => void;
}

// The screen is mirrored in the URL hash so a reload (or a test) can open a screen directly.
const initialScreen = (): ScreenId => {
  const fromHash = typeof location === 'undefined' ? '' : location.hash.replace(/^#\/?/, '');
  return isScreenId(fromHash) ? fromHash : 'users';
};

const firstScreen = initialScreen();

export const createNavigationSlice: StateCreator<AppStore, [], [], NavigationSlice> = (set) => ({
  screen: firstScreen,
  visitedScreens: [firstScreen],
  goTo: (screen) => {
    set((state) => ({ screen, visitedScreens: state.visitedScreens.includes(screen) ? state.visitedScreens : [...state.visitedScreens, screen] }));
    if (typeof history !== 'undefined') history.replaceState(null, '', `#/${screen}`);
  },
});
