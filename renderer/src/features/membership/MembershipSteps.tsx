import type { ReactNode } from 'react';
import type { Capabilities, ConnectionView } from '../../../../shared/contract';
import { ChangeReview } from './ChangeReview';
import { MemberPicker } from '../../ui/MemberPicker';
import type { MemberRef, MembershipChange } from './model';

/** Where a membership tab is: its list, the picker of what to add, or the review of a change. */
export type MembershipMode = { kind: 'list' } | { kind: 'pick' } | { kind: 'review'; changes: MembershipChange[] };

export interface MembershipStepsProps {
  mode: MembershipMode;
  onMode: (mode: MembershipMode) => void;
  connection: ConnectionView;
  capabilities: Capabilities;
  groupsEndpoint: string;
  readOnlyReason: string | null;
  /** What the picker searches, what it shows as already there, and the change its picks make. */
  picker: { endpoint: string; kind: 'users' | 'groups'; already: ReadonlySet<string>; toChanges: (picked: MemberRef[]) => MembershipChange[] };
  /** After Done: the tab's selection is cleared. */
  onFinished: () => void;
  /** The list, shown in the 'list' mode. */
  children: ReactNode;
}

/** The steps shared by a group's Members tab and a user's Groups tab: list → pick → review and send → list. */
export function MembershipSteps({
  mode,
  onMode,
  connection,
  capabilities,
  groupsEndpoint,
  readOnlyReason,
  picker,
  onFinished,
  children,
}: MembershipStepsProps) {
  if (mode.kind === 'pick')
    return (
      <MemberPicker
        connectionId={connection.id}
        endpoint={picker.endpoint}
        kind={picker.kind}
        already={picker.already}
        onCancel={() => onMode({ kind: 'list' })}
        onPick={(refs) => onMode({ kind: 'review', changes: picker.toChanges(refs) })}
      />
    );
  if (mode.kind === 'review')
    return (
      <ChangeReview
        connection={connection}
        capabilities={capabilities}
        groupsEndpoint={groupsEndpoint}
        changes={mode.changes}
        readOnlyReason={readOnlyReason}
        onBack={() => onMode({ kind: 'list' })}
        onFinished={() => {
          onFinished();
          onMode({ kind: 'list' });
        }}
      />
    );
  return <>{children}</>;
}
