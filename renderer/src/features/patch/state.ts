import { readDraft, useDraft, useSetDraft } from '../../stores';
import type { PatchDialect } from '../../../../shared/patch';
import type { DraftOp } from './model';
import type { TargetRef } from './queries';

/** What is being composed on one connection: kept when the user leaves the screen and comes back (this session). */
export interface PatchDraft {
  typeName: string;
  target: TargetRef | null;
  drafts: DraftOp[];
  dialect: PatchDialect;
}

const patchDraftKey = (connectionId: string): string => `patch:${connectionId}`;

type SetStateAction<T> = T | ((previous: T) => T);

/** The composer's unsent work for a connection (kept in the store's DraftSlice), with useState-like setters. */
export function usePatchDraft(connectionId: string, initial: PatchDraft) {
  const key = patchDraftKey(connectionId);
  const stored = useDraft<PatchDraft>(key);
  const setDraft = useSetDraft();
  const update = (change: (draft: PatchDraft) => PatchDraft) => setDraft(key, change(readDraft<PatchDraft>(key) ?? initial));
  const draft = stored ?? initial;
  const setter =
    <K extends keyof PatchDraft>(key: K) =>
    (action: SetStateAction<PatchDraft[K]>) =>
      update((d) => ({ ...d, [key]: typeof action === 'function' ? (action as (p: PatchDraft[K]) => PatchDraft[K])(d[key]) : action }));
  return {
    ...draft,
    setTypeName: setter('typeName'),
    setTarget: setter('target'),
    setDrafts: setter('drafts'),
    setDialect: setter('dialect'),
  };
}
