import type { AppErrorData, ScimResource } from '../../../../shared/contract';
import type { PatchOperation } from '../../../../shared/patch';
import { pretty, type Versioned } from '../../scim';
import { pruneEmptyEntries, readResourceJson, setIn, type Review } from './model';

// The detail panel's phases and what each carries; DetailPanel dispatches, only this reducer changes them.

export type Phase = 'view' | 'edit' | 'review' | 'sending' | 'sent' | 'conflict' | 'failed';
export type ViewTab = 'form' | 'json' | 'membership' | 'history';

export interface PanelState {
  phase: Phase;
  tab: ViewTab;
  /** The edit as the form holds it; the JSON tab edits `json`, read back into it on leaving the tab or on Review. */
  draft: ScimResource | null;
  json: string;
  /** Why the JSON text is not a resource, once Review or the Form tab has read it. */
  jsonProblem: string | null;
  review: Review | null;
  /** After a write: what the server stored other than asked (none: exactly that). */
  sent: PatchOperation[] | null;
  /** A refused write: shown in any phase but a conflict. */
  failure: AppErrorData | null;
  /** A 412's current version, when the server sent it. */
  conflict: Versioned | null;
}

export type PanelAction =
  | { type: 'edit'; resource: ScimResource }
  | { type: 'discard' }
  | { type: 'tab'; tab: ViewTab }
  | { type: 'field'; path: string[]; value: unknown }
  | { type: 'json'; text: string }
  | { type: 'review'; make: (edited: ScimResource) => Review }
  | { type: 'phase'; phase: 'edit' | 'sending' }
  | { type: 'sent'; differences: PatchOperation[] }
  | { type: 'refused'; failure: AppErrorData }
  | { type: 'reapply'; review: Review }
  /** Toggling active or deleting (outside an edit), or reloading after a conflict: what failed, null as it starts. */
  | { type: 'failure'; failure: AppErrorData | null };

export const initialPanel: PanelState = {
  phase: 'view',
  tab: 'form',
  draft: null,
  json: '',
  jsonProblem: null,
  review: null,
  sent: null,
  failure: null,
  conflict: null,
};

export const isEditing = (phase: Phase) => phase === 'edit' || phase === 'failed' || phase === 'review' || phase === 'conflict' || phase === 'sending';

/** `then` with the edit as a resource (from the form, or the JSON text); an invalid text stays put with its problem shown. */
function withEdited(state: PanelState, then: (state: PanelState, edited: ScimResource) => PanelState): PanelState {
  if (state.tab === 'form') return state.draft ? then(state, pruneEmptyEntries(state.draft)) : state;
  const read = readResourceJson(state.json);
  return read.ok ? then({ ...state, jsonProblem: null }, read.value) : { ...state, jsonProblem: read.problem };
}

export function panelReducer(state: PanelState, action: PanelAction): PanelState {
  const editing = isEditing(state.phase);
  switch (action.type) {
    case 'edit':
      return { ...state, phase: 'edit', draft: action.resource, json: pretty(action.resource), jsonProblem: null, failure: null, sent: null, review: null };
    case 'discard':
      return { ...state, phase: state.sent ? 'sent' : 'view', draft: null, review: null, failure: null, conflict: null, jsonProblem: null };
    case 'tab':
      // Membership and history read the stored resource: not while an edit is open.
      if (action.tab === state.tab || (editing && (action.tab === 'membership' || action.tab === 'history'))) return state;
      if (editing && action.tab === 'form') return withEdited(state, (s, edited) => ({ ...s, draft: edited, tab: 'form' }));
      return { ...state, tab: action.tab, ...(editing && action.tab === 'json' && state.draft ? { json: pretty(state.draft) } : {}) };
    case 'field': {
      const draft = setIn(state.draft ?? {}, action.path, action.value);
      return { ...state, phase: 'edit', draft, json: pretty(draft), review: null };
    }
    case 'json':
      return { ...state, phase: 'edit', json: action.text, jsonProblem: null, review: null };
    case 'review':
      return withEdited(state, (s, edited) => ({ ...s, phase: 'review', draft: edited, failure: null, review: action.make(edited) }));
    case 'phase':
      return { ...state, phase: action.phase };
    case 'sent':
      return { ...state, phase: 'sent', sent: action.differences, draft: null, review: null, conflict: null, failure: null };
    case 'refused': {
      const { failure } = action;
      if (failure.code !== 'precondition_failed') return { ...state, phase: 'failed', failure };
      const conflict = failure.current?.resource ? { resource: failure.current.resource, etag: failure.current.etag } : null;
      return { ...state, phase: 'conflict', failure, conflict };
    }
    case 'reapply': {
      const { review } = action;
      return { ...state, phase: 'review', draft: review.edited, json: pretty(review.edited), review, conflict: null, failure: null };
    }
    case 'failure':
      // Outside an edit there is no conflict; after one, it is put away with the failure.
      return { ...state, failure: action.failure, conflict: null };
  }
}
