import type { StateCreator } from 'zustand';
import type { AppStore } from './appStore';

/**
 * What a browser hands to the Bulk screen (features never import each other: they meet here). The
 * Users or Groups browser sets it with "Bulk change…", the Bulk screen reads it as its source.
 */
export type BulkBrowserTarget =
  /** The rows selected in the browser, by id (with the names shown, for the screen to list). */
  | { kind: 'ids'; ids: readonly string[]; names: readonly string[] }
  /** Every resource the browser's filter matches, counted once when handed over. */
  | { kind: 'filter'; filter: string; count: number };

export interface BulkBrowserSource {
  connectionId: string;
  /** The endpoint the browser lists ("/Users"). */
  endpoint: string;
  /** Which browser: a group source targets groups. */
  kind: 'users' | 'groups';
  noun: { one: string; many: string };
  target: BulkBrowserTarget;
  /** Bumped on every hand-over, so the screen can tell a new one from the one it has seen. */
  version: number;
}

/** A bulk job to show on the Bulk screen (e.g. chosen in the Jobs panel): a plan, or a send with its plan. */
export interface BulkJobToOpen {
  connectionId: string;
  jobId: string;
  kind: 'bulkPlan' | 'bulkSend';
  /** Bumped on every request, like BulkBrowserSource.version. */
  version: number;
}

export interface BulkSourceSlice {
  bulkSource: BulkBrowserSource | null;
  setBulkSource: (source: Omit<BulkBrowserSource, 'version'>) => void;
  clearBulkSource: () => void;
  bulkJobToOpen: BulkJobToOpen | null;
  openBulkJob: (job: Omit<BulkJobToOpen, 'version'>) => void;
}

export const createBulkSourceSlice: StateCreator<AppStore, [], [], BulkSourceSlice> = (set) => ({
  bulkSource: null,
  setBulkSource: (source) => set((state) => ({ bulkSource: { ...source, version: (state.bulkSource?.version ?? 0) + 1 } })),
  clearBulkSource: () => set({ bulkSource: null }),
  bulkJobToOpen: null,
  openBulkJob: (job) => set((state) => ({ bulkJobToOpen: { ...job, version: (state.bulkJobToOpen?.version ?? 0) + 1 } })),
});
