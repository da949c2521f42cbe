import type { StateCreator } from 'zustand';
import type { ScanProgressEvent } from '../../../shared/contract';
import type { AppStore } from './appStore';

/** Scans kept at once; old ones go first (a scan's screen reads only its own key). */
const SCANS_KEPT = 20;

/** Progress of match-here scans (the main side reading a collection to match a filter the server will not apply), by progress key. */
export interface ScanSlice {
  scans: Readonly<Record<string, ScanProgressEvent>>;
  scanProgressed: (event: ScanProgressEvent) => void;
}

export const createScanSlice: StateCreator<AppStore, [], [], ScanSlice> = (set) => ({
  scans: {},
  scanProgressed: (event) =>
    set((state) => {
      const { [event.progressKey]: _old, ...kept } = state.scans;
      const rest: Record<string, ScanProgressEvent> = { ...kept };
      const keys = Object.keys(rest);
      for (const key of keys.slice(0, Math.max(0, keys.length - (SCANS_KEPT - 1)))) delete rest[key];
      return { scans: { ...rest, [event.progressKey]: event } };
    }),
});
