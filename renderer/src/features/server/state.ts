import type { CheckProfile, Verdict } from '../../../../shared/check';
import { readDraft, useDraft, useSetDraft } from '../../stores';

export type ServerTab = 'check' | 'discovery' | 'quirks';

/** What the Server screen was left showing on one connection: kept when the user leaves the screen and comes back (this session). */
export interface ServerDraft {
  tab: ServerTab;
  /** The profiles the next check runs with. */
  profiles: CheckProfile[];
  /** Whether the next check includes the write checks (off until chosen; never on a read-only connection). */
  writes: boolean;
  /** The verdicts the check list shows; none: all of them. */
  verdicts: Verdict[];
  /** Schemas opened in the discovery tree (by id), and attributes opened in them (`<schema id> <path>`). */
  open: string[];
}

export const initialServerDraft: ServerDraft = { tab: 'check', profiles: ['rfc', 'entra', 'okta'], writes: false, verdicts: [], open: [] };

const serverDraftKey = (connectionId: string): string => `server:${connectionId}`;

/** The screen's state for a connection (the store's DraftSlice), with a setter that merges a change. */
export function useServerDraft(connectionId: string): [ServerDraft, (change: Partial<ServerDraft> | ((draft: ServerDraft) => Partial<ServerDraft>)) => void] {
  const key = serverDraftKey(connectionId);
  const draft = useDraft<ServerDraft>(key) ?? initialServerDraft;
  const setDraft = useSetDraft();
  const update = (change: Partial<ServerDraft> | ((draft: ServerDraft) => Partial<ServerDraft>)) => {
    const current = readDraft<ServerDraft>(key) ?? initialServerDraft;
    setDraft(key, { ...current, ...(typeof change === 'function' ? change(current) : change) });
  };
  return [draft, update];
}

/** Opens or closes one node of the discovery tree. */
export const toggleOpen = (open: readonly string[], node: string): string[] => (open.includes(node) ? open.filter((n) => n !== node) : [...open, node]);
