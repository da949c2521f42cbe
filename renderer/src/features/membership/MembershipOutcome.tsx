import { forwardRef } from 'react';
import { isDifferenceNote } from '../../../../shared/scim';
import { ServerText } from '../../ui/ServerText';
import type { MembershipJobOutcome } from './useMembershipJob';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * How a membership job ended, from its result: each failed request with the server's error, what the
 * read-back found different from what was asked, or that the server stored exactly that.
 */
export const MembershipOutcome = forwardRef<HTMLDivElement, { outcome: MembershipJobOutcome }>(function MembershipOutcome({ outcome }, ref) {
  const { job, result, unfinished, differences, state } = outcome;
  const notSent = unfinished.filter((u) => u.status === 'not-sent').length;
  const diffNotes = result?.notes.filter(isDifferenceNote) ?? [];
  const otherNotes = result?.notes.filter((note) => !isDifferenceNote(note)) ?? [];
  return (
    <div className="result-box" data-testid="membership-result" data-state={state} data-differences={differences} ref={ref} tabIndex={-1}>
      {result?.failures.map((f, i) => (
        <p key={i} className="text-warn" role="alert">
          <ServerText value={f.item} /> failed: <ServerText value={f.message} />
        </p>
      ))}
      {job.state === 'cancelled' && <p className="text-warn">Cancelled: {plural(notSent, 'request was', 'requests were')} not sent.</p>}
      {(job.state === 'failed' || job.state === 'interrupted') && job.message && (
        <p className="text-warn" role="alert">
          <ServerText value={job.message} />
        </p>
      )}
      {result && (
        <p className={state === 'verified' ? 'text-ok' : 'text-warn'} data-testid="membership-summary">
          <ServerText value={result.summary} />.
        </p>
      )}
      {diffNotes.length > 0 && (
        <ul className="mono compact-list">
          {diffNotes.map((note, i) => (
            <li key={i}>
              <ServerText value={note} />
            </li>
          ))}
        </ul>
      )}
      {otherNotes.map((note, i) => (
        <p key={i} className="muted">
          <ServerText value={note} />
        </p>
      ))}
    </div>
  );
});
