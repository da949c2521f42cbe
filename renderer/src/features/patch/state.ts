import { create } from 'zustand';
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

interface PatchDraftStore {
  byConnection: Readonly<Record<string, PatchDraft>>;
  update: (connectionId: string, initial: PatchDraft, change: (draft: PatchDraft) => PatchDraft) => void;
}

export const usePatchDraftStore = create<PatchDraftStore>()((set) => ({
  byConnection: {},
  update: (connectionId, initial, change) => set((s) => ({ byConnection: { ...s.byConnection, [connectionId]: change(s.byConnection[connectionId] ?? initial) } })),
}));

type SetStateAction<T> = T | ((previous: T) => T);

/** The composer's unsent work for a connection, with useState-like setters. */
export function usePatchDraft(connectionId: string, initial: PatchDraft) {
  const stored = usePatchDraftStore((s) => s.byConnection[connectionId]);
  const update = usePatchDraftStore((s) => s.update);
  const draft = stored ?? initial;
  const setter =
    <K extends keyof PatchDraft>(key: K) =>
    (action: SetStateAction<PatchDraft[K]>) =>
      update(connectionId, initial, (d) => ({ ...d, [key]: typeof action === 'function' ? (action as (p: PatchDraft[K]) => PatchDraft[K])(d[key]) : action }));
  return {
    ...draft,
    setTypeName: setter('typeName'),
    setTarget: setter('target'),
    setDrafts: setter('drafts'),
    setDialect: setter('dialect'),
  };
}
