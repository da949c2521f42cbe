import type { ConsoleSendInput } from '../../../shared/contract';
import type { StateCreator } from 'zustand';
import type { AppStore } from './appStore';

export type StatusClass = '2xx' | '3xx' | '4xx' | '5xx' | 'error';

/** What the request console opens with ("Edit and resend" fills it from an exchange). */
export interface ConsoleSeed {
  connectionId: string;
  method: ConsoleSendInput['method'];
  path: string;
  query: { name: string; value: string }[];
  headers: { name: string; value: string }[];
  body: string;
  /** Said above the form, e.g. that the original connection is gone. */
  note?: string;
}

export type InspectorView = 'detail' | 'diff' | 'console';

export interface InspectorFilters {
  /** '' for every connection. */
  connectionId: string;
  /** '' for every method. */
  method: string;
  statusClass: StatusClass | '';
  text: string;
}

/**
 * The raw request inspector's UI state: filters, the exchange shown and the two marked for a diff.
 * In the app store so it survives leaving the screen (the journal itself is react-query's).
 */
export interface InspectorSlice {
  inspectorFilters: InspectorFilters;
  inspectorSelectedId: string | null;
  /** At most two exchange ids, in the order they were marked. */
  inspectorCompareIds: readonly string[];
  inspectorView: InspectorView;
  /** Bumped on every openConsole, so the form restarts from the new seed. */
  inspectorConsole: { seed: ConsoleSeed; version: number } | null;
  setInspectorFilters: (patch: Partial<InspectorFilters>) => void;
  selectExchange: (id: string | null) => void;
  toggleCompare: (id: string) => void;
  showInspectorView: (view: InspectorView) => void;
  openConsole: (seed: ConsoleSeed) => void;
  resetInspectorSelection: () => void;
}

export const EMPTY_INSPECTOR_FILTERS: InspectorFilters = { connectionId: '', method: '', statusClass: '', text: '' };

export const createInspectorSlice: StateCreator<AppStore, [], [], InspectorSlice> = (set) => ({
  inspectorFilters: EMPTY_INSPECTOR_FILTERS,
  inspectorSelectedId: null,
  inspectorCompareIds: [],
  inspectorView: 'detail',
  inspectorConsole: null,
  setInspectorFilters: (patch) => set((s) => ({ inspectorFilters: { ...s.inspectorFilters, ...patch } })),
  selectExchange: (id) => set({ inspectorSelectedId: id, inspectorView: 'detail' }),
  toggleCompare: (id) =>
    set((s) => {
      const ids = s.inspectorCompareIds;
      if (ids.includes(id)) return { inspectorCompareIds: ids.filter((x) => x !== id) };
      // A third mark replaces the oldest, so the pair is always the last two chosen.
      return { inspectorCompareIds: [...ids, id].slice(-2) };
    }),
  showInspectorView: (view) => set({ inspectorView: view }),
  openConsole: (seed) => set((s) => ({ inspectorView: 'console', inspectorConsole: { seed, version: (s.inspectorConsole?.version ?? 0) + 1 } })),
  resetInspectorSelection: () => set({ inspectorSelectedId: null, inspectorCompareIds: [], inspectorView: 'detail' }),
});
