import { z } from 'zod';
import { connectionIdSchema } from './connections';

/**
 * The filter builder's saved filters (named) and history (the last filters run), per connection,
 * kept by main in the data dir's saved-filters.json.
 */

export const FILTER_HISTORY_LIMIT = 20;

const endpoint = z.string().trim().min(1).max(200);
const filterText = z.string().max(10_000);

export const savedFilterSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The resource type's endpoint it was saved for, e.g. "/Users". */
  endpoint: z.string(),
  filter: z.string(),
  savedAt: z.string(),
});
export type SavedFilter = z.infer<typeof savedFilterSchema>;

export const filterHistoryEntrySchema = z.object({ endpoint: z.string(), filter: z.string(), ranAt: z.string() });
export type FilterHistoryEntry = z.infer<typeof filterHistoryEntrySchema>;

/** One connection's saved filters (by name) and history (newest first, at most FILTER_HISTORY_LIMIT). */
export const connectionFiltersSchema = z.object({
  saved: z.array(savedFilterSchema),
  history: z.array(filterHistoryEntrySchema),
});
export type ConnectionFilters = z.infer<typeof connectionFiltersSchema>;

const byConnection = z.object({ connectionId: connectionIdSchema });

export const savedFiltersContract = {
  'filters.list': { input: byConnection, output: connectionFiltersSchema },
  /** Saves under a name; the same name (any case) replaces the earlier one. */
  'filters.save': {
    input: byConnection.extend({ name: z.string().trim().min(1, 'Give the filter a name').max(100), endpoint, filter: filterText.min(1) }),
    output: connectionFiltersSchema,
  },
  'filters.delete': { input: byConnection.extend({ id: z.string().min(1).max(100) }), output: connectionFiltersSchema },
  /** Records a filter just run; a repeat moves to the top instead of appearing twice. */
  'filters.history.add': { input: byConnection.extend({ endpoint, filter: filterText }), output: connectionFiltersSchema },
} as const;
