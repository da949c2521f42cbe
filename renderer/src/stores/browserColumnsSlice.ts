import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

/**
 * The resource browser's column choices, per connection and endpoint ("<connectionId> <endpoint>"),
 * remembered across launches in localStorage. Its own small store: only attribute paths, never data.
 */
export interface BrowserColumnsSlice {
  columnsByView: Readonly<Record<string, readonly string[]>>;
  setColumns: (viewKey: string, columns: readonly string[]) => void;
  resetColumns: (viewKey: string) => void;
}

export const browserViewKey = (connectionId: string, endpoint: string): string => `${connectionId} ${endpoint}`;

export const useBrowserColumnsStore = create<BrowserColumnsSlice>()(
  persist(
    (set) => ({
      columnsByView: {},
      setColumns: (viewKey, columns) => set((state) => ({ columnsByView: { ...state.columnsByView, [viewKey]: [...columns] } })),
      resetColumns: (viewKey) =>
        set((state) => {
          const next = { ...state.columnsByView };
          delete next[viewKey];
          return { columnsByView: next };
        }),
    }),
    {
      name: 'scim-desk.browser-columns',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: (state) => ({ columnsByView: state.columnsByView }),
    },
  ),
);

/** The saved column paths for a view, or null when the defaults apply. */
export const useSavedColumns = (viewKey: string): readonly string[] | null => useBrowserColumnsStore((s) => s.columnsByView[viewKey] ?? null);
export const useSetColumns = () => useBrowserColumnsStore((s) => s.setColumns);
export const useResetColumns = () => useBrowserColumnsStore((s) => s.resetColumns);
