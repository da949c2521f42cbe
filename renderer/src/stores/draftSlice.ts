import type { StateCreator } from 'zustand';
import type { AppStore } from './appStore';

/**
 * Unsent work a screen keeps when the user leaves it and comes back (this session only): the filter
 * being built, the PatchOp being composed. Keyed by "<screen>:<connection>"; each screen owns its draft's type.
 */
export interface DraftSlice {
  drafts: Readonly<Record<string, unknown>>;
  setDraft: (key: string, draft: unknown) => void;
}

export const createDraftSlice: StateCreator<AppStore, [], [], DraftSlice> = (set) => ({
  drafts: {},
  setDraft: (key, draft) => set((state) => ({ drafts: { ...state.drafts, [key]: draft } })),
});
