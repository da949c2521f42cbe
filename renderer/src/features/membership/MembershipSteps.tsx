import { useState, type ReactNode } from 'react';
import type { MembershipScope } from '../../ui/DetailTabs';
import { ChangeReview } from './ChangeReview';
import { MemberPicker } from '../../ui/MemberPicker';
import type { MemberRef, MembershipChange } from './model';
import type { SelectableListProps } from './SelectableList';
import './membership.css';

/** Where a membership tab is: its list, the picker of what to add, or the review of a change. */
type MembershipMode = { kind: 'list' } | { kind: 'pick' } | { kind: 'review'; changes: MembershipChange[] };

/** What the list needs from the steps: its selection, and the way to add or remove. */
type ListSteps = Pick<SelectableListProps, 'selected' | 'onSelected' | 'onAdd' | 'onRemove'>;

export interface MembershipStepsProps extends MembershipScope {
  groupsEndpoint: string;
  /** What the picker searches, what it shows as already there, and the change its picks make. */
  picker: { endpoint: string; kind: 'users' | 'groups'; already: ReadonlySet<string>; toChanges: (picked: MemberRef[]) => MembershipChange[] };
  /** The change that removes the selected rows. */
  toRemoval: (selected: MemberRef[]) => MembershipChange[];
  /** The list, shown in the 'list' mode. */
  children: (list: ListSteps) => ReactNode;
}

/**
 * The steps shared by a group's Members tab and a user's Groups tab: list → pick → review and send → list.
 * The selection is kept across the steps, and cleared once a change is done.
 */
export function MembershipSteps({ picker, toRemoval, children, ...scope }: MembershipStepsProps) {
  const [mode, setMode] = useState<MembershipMode>({ kind: 'list' });
  const [selected, setSelected] = useState<Map<string, MemberRef>>(new Map());
  if (mode.kind === 'pick')
    return (
      <MemberPicker
        connectionId={scope.connection.id}
        endpoint={picker.endpoint}
        kind={picker.kind}
        already={picker.already}
        onCancel={() => setMode({ kind: 'list' })}
        onPick={(refs) => setMode({ kind: 'review', changes: picker.toChanges(refs) })}
      />
    );
  if (mode.kind === 'review')
    return (
      <ChangeReview
        {...scope}
        changes={mode.changes}
        onBack={() => setMode({ kind: 'list' })}
        onFinished={() => {
          setSelected(new Map());
          setMode({ kind: 'list' });
        }}
      />
    );
  return children({
    selected,
    onSelected: setSelected,
    onAdd: () => setMode({ kind: 'pick' }),
    onRemove: () => setMode({ kind: 'review', changes: toRemoval([...selected.values()]) }),
  });
}
