import type { BulkMapping, BulkPlanOutcome, BulkSendOutcome } from '../../../../shared/contract';
import type { ReadRows } from '../../../../shared/bulk/rows';
import type { PatchDialect } from '../../../../shared/patch';
import { readDraft, useDraft, useSetDraft } from '../../stores';
import { initialActionDraft, type ActionDraft, type SourceKind, type TargetKind } from './model';

/** A file as read once: its text goes to the plan job as it is, its rows feed the mapping step. */
export interface FileDraft {
  name: string;
  text: string;
  read: ReadRows;
}

/**
 * What the Bulk screen was left showing on one connection (the store's DraftSlice, this session): the
 * source, mapping and action being composed, and the plan and send jobs under review.
 */
export interface BulkDraft {
  sourceTab: SourceKind;
  file: FileDraft | null;
  /** The file's mapping as edited; null until a file is read (then saved or suggested). */
  mapping: BulkMapping | null;
  /** What a file's rows are (a browser source says so itself). */
  fileTarget: TargetKind;
  action: ActionDraft;
  dialect: PatchDialect;
  /** The browser hand-over last taken (BulkSourceSlice.version): a newer one switches to it. */
  browserVersion: number;
  /** The request to show a job (BulkSourceSlice.bulkJobToOpen.version) last taken. */
  openedVersion: number;
  /** The plan under review and its send; null: the newest of the connection (after a restart, from the Jobs panel). */
  planJobId: string | null;
  sendJobId: string | null;
  planOutcome: BulkPlanOutcome | null;
  resultOutcome: BulkSendOutcome | null;
  /** The plan item shown in detail (by its index in the plan). */
  selectedItem: number | null;
  recreateDeleted: boolean;
  /** The job whose step scrolls into view when it appears (the one just started here). */
  reveal: string | null;
}

export const initialBulkDraft: BulkDraft = {
  sourceTab: 'file',
  file: null,
  mapping: null,
  fileTarget: 'users',
  action: initialActionDraft,
  dialect: 'rfc',
  browserVersion: 0,
  openedVersion: 0,
  planJobId: null,
  sendJobId: null,
  planOutcome: null,
  resultOutcome: null,
  selectedItem: null,
  recreateDeleted: false,
  reveal: null,
};

const bulkDraftKey = (connectionId: string): string => `bulk:${connectionId}`;

export type BulkDraftUpdate = (change: Partial<BulkDraft> | ((draft: BulkDraft) => Partial<BulkDraft>)) => void;

/** The screen's state for a connection, with a setter that merges a change. */
export function useBulkDraft(connectionId: string): [BulkDraft, BulkDraftUpdate] {
  const key = bulkDraftKey(connectionId);
  const draft = useDraft<BulkDraft>(key) ?? initialBulkDraft;
  const setDraft = useSetDraft();
  const update: BulkDraftUpdate = (change) => {
    const current = readDraft<BulkDraft>(key) ?? initialBulkDraft;
    setDraft(key, { ...current, ...(typeof change === 'function' ? change(current) : change) });
  };
  return [draft, update];
}
