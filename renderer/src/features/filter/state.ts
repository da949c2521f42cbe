/** What was being built per connection, so leaving the screen and coming back keeps it (a draft in the store's DraftSlice). */
export interface FilterDraft {
  endpoint: string;
  text: string;
}

export const filterDraftKey = (connectionId: string): string => `filter:${connectionId}`;
