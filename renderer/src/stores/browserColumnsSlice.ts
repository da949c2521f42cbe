import type { StateCreator } from 'zustand';
import type { AppStore } from './appStore';

/**
 * The resource browser's column choices, per connection and endpoint ("<connectionId> <endpoint>"),
 * the one part of the UI state remembered across launches (see `persistColumns`): attribute paths only, never data.
 */
export interface BrowserColumnsSlice {
  columnsByView: Readonly<Record<string, readonly string[]>>;
  setColumns: (viewKey: string, columns: readonly string[]) => void;
  resetColumns: (viewKey: string) => void;
}

export const browserViewKey = (connectionId: string, endpoint: string): string => `${connectionId} ${endpoint}`;

/** localStorage key and record shape as zustand's `persist` wrote them, so choices saved before carry over. */
const STORAGE_KEY = 'scim-desk.browser-columns';
const VERSION = 1;

function loadColumns(): BrowserColumnsSlice['columnsByView'] {
  try {
    const raw = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
    const saved = raw ? (JSON.parse(raw) as { state?: { columnsByView?: unknown }; version?: number }) : null;
    const columns = saved?.version === VERSION ? saved.state?.columnsByView : undefined;
    return columns && typeof columns === 'object' ? (columns as BrowserColumnsSlice['columnsByView']) : {};
  } catch {
    return {}; // unreadable: the defaults apply
  }
}

export const createBrowserColumnsSlice: StateCreator<AppStore, [], [], BrowserColumnsSlice> = (set) => ({
  columnsByView: loadColumns(),
  setColumns: (viewKey, columns) => set((state) => ({ columnsByView: { ...state.columnsByView, [viewKey]: [...columns] } })),
  resetColumns: (viewKey) =>
    set((state) => {
      const { [viewKey]: _reset, ...rest } = state.columnsByView;
      return { columnsByView: rest };
    }),
});

/** Writes the column choices back whenever they change. */
export function persistColumns(store: { subscribe: (listener: (state: AppStore, previous: AppStore) => void) => unknown }): void {
  store.subscribe((state, previous) => {
    if (state.columnsByView === previous.columnsByView || typeof localStorage === 'undefined') return;
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ state: { columnsByView: state.columnsByView }, version: VERSION }));
  });
}
