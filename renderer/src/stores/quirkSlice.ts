import type { StateCreator } from 'zustand';
import type { Quirk } from '../../../shared/contract';
import type { AppStore } from './appStore';

/** Quirks seen per connection, unique by code, so the status bar can count them. */
export type QuirksByCode = Readonly<Record<string, Quirk>>;

export interface QuirkSlice {
  quirksByConnection: Readonly<Record<string, QuirksByCode>>;
  recordQuirks: (connectionId: string, quirks: readonly Quirk[]) => void;
  /** After "forget what was learned": the main side forgot them too. */
  forgetQuirks: (connectionId: string) => void;
}

export const createQuirkSlice: StateCreator<AppStore, [], [], QuirkSlice> = (set, get) => ({
  quirksByConnection: {},
  recordQuirks: (connectionId, quirks) => {
    const known = get().quirksByConnection[connectionId] ?? {};
    const fresh = quirks.filter((q) => !(q.code in known));
    // Only a new code changes state, so re-reading the same page re-renders nothing.
    if (fresh.length === 0) return;
    const merged: Record<string, Quirk> = { ...known };
    for (const quirk of fresh) merged[quirk.code] = quirk;
    set((state) => ({ quirksByConnection: { ...state.quirksByConnection, [connectionId]: merged } }));
  },
  forgetQuirks: (connectionId) =>
    set((state) => {
      const { [connectionId]: _forgotten, ...rest } = state.quirksByConnection;
      return { quirksByConnection: rest };
    }),
});
