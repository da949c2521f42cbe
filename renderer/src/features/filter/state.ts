import { create } from 'zustand';

/** What was being built per connection, so leaving the screen and coming back keeps it (this session only). */
export interface FilterDraft {
  endpoint: string;
  text: string;
}

interface FilterDraftStore {
  drafts: Readonly<Record<string, FilterDraft>>;
  setDraft: (connectionId: string, draft: FilterDraft) => void;
}

export const useFilterDraftStore = create<FilterDraftStore>()((set) => ({
  drafts: {},
  setDraft: (connectionId, draft) => set((s) => ({ drafts: { ...s.drafts, [connectionId]: draft } })),
}));
