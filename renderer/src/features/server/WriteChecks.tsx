import { useId } from 'react';
import { checkNamePrefix, profileLabels, writeCheckPlan, type CheckProfile, type CheckReport } from '../../../../shared/check';
import type { ConnectionView } from '../../../../shared/contract';
import { formatCount, hostOf } from '../../lib/format';
import { ConfirmDialog } from '../../ui/Dialog';
import { ServerText } from '../../ui/ServerText';
import { writeChecksBlockedReason } from './model';
import './write-checks.css';

interface WriteChecksOptionProps {
  connection: ConnectionView;
  checked: boolean;
  /** A check is running: nothing changes until it ends. */
  running: boolean;
  onChange: (writes: boolean) => void;
}

/**
 * "Include write checks": off by default, and disabled with the reason on a read-only connection.
 * The line under the controls says what the next run will do to the server.
 */
export function WriteChecksOption({ connection, checked, running, onChange }: WriteChecksOptionProps) {
  const noteId = useId();
  const blocked = writeChecksBlockedReason(connection);
  const writes = checked && !blocked;
  return (
    <>
      <label className={blocked ? 'check-writes is-blocked' : 'check-writes'}>
        <input
          type="checkbox"
          checked={writes}
          disabled={running || !!blocked}
          aria-describedby={noteId}
          data-testid="check-writes"
          onChange={(event) => onChange(event.target.checked)}
        />
        Include write checks
      </label>
      <p id={noteId} className={writes ? 'small check-mode-note is-writes' : 'muted small check-mode-note'} data-testid="check-mode-note">
        {blocked ? (
          <>{blocked} The check only reads, and never creates, changes or deletes anything on the server.</>
        ) : writes ? (
          <>
            With writes: after the read-only checks, the check creates test users and a group named <span className="mono">{checkNamePrefix}…</span>, changes
            them, and removes them at the end. You confirm the exact names before it starts.
          </>
        ) : (
          'Read-only: the check only reads, and never creates, changes or deletes anything on the server.'
        )}
      </p>
    </>
  );
}

interface WriteCheckDialogProps {
  connection: ConnectionView;
  runId: string;
  profiles: readonly CheckProfile[];
  onConfirm: () => void;
  onCancel: () => void;
}

/** Asks before a check with writes: names exactly what the run creates (from the run id drawn for it) and says it all goes at the end. */
export function WriteCheckDialog({ connection, runId, profiles, onConfirm, onCancel }: WriteCheckDialogProps) {
  const plan = writeCheckPlan(runId, profiles);
  return (
    <ConfirmDialog title="Run the check with write checks?" confirmLabel="Run with writes" danger onConfirm={onConfirm} onCancel={onCancel}>
      <div className="write-confirm" data-testid="write-check-confirm" data-run-id={runId}>
        <p>
          The check ({profiles.map((p) => profileLabels[p]).join(', ')}) creates these on <strong>{connection.name}</strong> (
          <span className="mono">{hostOf(connection.baseUrl)}</span>), changes them, and removes them:
        </p>
        <ul className="write-plan" aria-label="What the write checks create" data-testid="write-plan">
          {plan.map((item) => (
            <li key={item.name} className="write-plan-item" data-testid="write-plan-item" data-name={item.name} data-resource-type={item.resourceType}>
              <span className="write-plan-type">{item.resourceType}</span>
              <span className="mono write-plan-name">{item.name}</span>
              <span className="muted small write-plan-purpose">{item.purpose}</span>
            </li>
          ))}
        </ul>
        <p>
          Everything is removed at the end, also after a failure or Cancel. Anything the server does not let the check remove is reported with its id, to remove
          by hand.
        </p>
      </div>
    </ConfirmDialog>
  );
}

/** What a write check could not remove, each with its endpoint and id: shown above everything else in the report. */
export function CheckLeftovers({ leftovers }: { leftovers: NonNullable<CheckReport['leftovers']> }) {
  const titleId = useId();
  return (
    <section className="check-leftovers" role="alert" aria-labelledby={titleId} data-testid="check-leftovers" data-count={leftovers.length}>
      <h3 id={titleId} className="check-leftovers-title">
        {leftovers.length === 1 ? 'One resource' : `${formatCount(leftovers.length)} resources`} the write checks created could not be removed
      </h3>
      <p>They are still on the server: remove them by hand (in the Users or Groups browser, or with a DELETE to the endpoint and id below).</p>
      <table className="check-leftovers-table">
        <thead>
          <tr>
            <th scope="col">Endpoint</th>
            <th scope="col">id</th>
            <th scope="col">Name</th>
          </tr>
        </thead>
        <tbody>
          {leftovers.map((leftover) => (
            <tr key={`${leftover.endpoint} ${leftover.id}`} data-testid="check-leftover" data-id={leftover.id}>
              <td className="mono">
                <ServerText value={leftover.endpoint} />
              </td>
              <td className="mono">
                <ServerText value={leftover.id} />
              </td>
              <td className="mono">
                <ServerText value={leftover.name} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
