import { useId, useState } from 'react';
import { profileLabels, type CheckResult } from '../../../../shared/check';
import { formatDuration } from '../../lib/format';
import { useShowExchange } from '../../stores';
import { Badge } from '../../ui/Badge';
import { ServerText } from '../../ui/ServerText';
import { consequencesOf, verdictLabels, verdictTones } from './model';
import { Chevron } from './SchemaTree';

interface CheckResultsProps {
  connectionId: string;
  checks: readonly CheckResult[];
  /** Said when `checks` is empty. */
  emptyText: string;
}

/**
 * The checks as a list: each row a disclosure (verdict in words, title, RFC section, what was seen);
 * opened, what the verdict means, what each profile's client will do wrong, and the exchanges that
 * prove it, which open in the Inspector.
 */
export function CheckResults({ connectionId, checks, emptyText }: CheckResultsProps) {
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set());
  const showExchange = useShowExchange(connectionId);
  const toggle = (id: string) =>
    setOpen((before) => {
      const next = new Set(before);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  if (checks.length === 0) {
    return (
      <p className="empty-state" data-testid="check-list-empty">
        {emptyText}
      </p>
    );
  }
  return (
    <ul className="check-list" data-testid="check-list" aria-label="Checks">
      {checks.map((check) => (
        <CheckRow key={check.id} check={check} open={open.has(check.id)} onToggle={() => toggle(check.id)} onShowExchange={showExchange} />
      ))}
    </ul>
  );
}

interface CheckRowProps {
  check: CheckResult;
  open: boolean;
  onToggle: () => void;
  onShowExchange: (exchangeId: string) => void;
}

function CheckRow({ check, open, onToggle, onShowExchange }: CheckRowProps) {
  const detailId = useId();
  const consequences = consequencesOf(check);
  return (
    <li className={`check-row is-${check.verdict}`} data-testid="check-row" data-check-id={check.id} data-verdict={check.verdict}>
      <button type="button" className="disclosure check-row-toggle" aria-expanded={open} aria-controls={detailId} onClick={onToggle} data-testid="check-toggle">
        <Chevron />
        <Badge tone={verdictTones[check.verdict]} testId="check-verdict">
          {verdictLabels[check.verdict]}
        </Badge>
        <span className="check-title" data-testid="check-title">
          {check.title}
        </span>
      </button>
      <span className="check-rfc muted small" data-testid="check-rfc">
        {check.rfc}
      </span>
      <p className="check-message" data-testid="check-message">
        <ServerText value={check.message} />
      </p>
      <div id={detailId} className="check-detail" data-testid="check-detail" hidden={!open}>
        {open && (
          <>
            {check.meaning && (
              <p>
                <strong>What it means:</strong> {check.meaning}
              </p>
            )}
            {consequences.length > 0 && (
              <dl className="check-consequences" data-testid="check-consequences">
                {consequences.map(([profile, text]) => (
                  <div key={profile} className="check-consequence" data-profile={profile}>
                    <dt>{profileLabels[profile]}</dt>
                    <dd>{text}</dd>
                  </div>
                ))}
              </dl>
            )}
            <p className="muted small">
              <span className="mono">{check.id}</span>
              {check.profiles.length > 0 && <> · counts for {check.profiles.map((p) => profileLabels[p]).join(', ')}</>}
              {check.durationMs !== undefined && check.durationMs >= 1 && <> · {formatDuration(check.durationMs)}</>}
            </p>
            <div className="check-evidence">
              <span className="small">Evidence:</span>
              {check.evidence.length === 0 ? (
                <span className="muted small">no exchange (decided from what was already known)</span>
              ) : (
                <ul className="check-evidence-list">
                  {check.evidence.map((id, i) => (
                    <li key={id}>
                      <button
                        type="button"
                        className="link-button small"
                        data-testid="check-evidence"
                        data-exchange-id={id}
                        title="Open this exchange in the Inspector"
                        onClick={() => onShowExchange(id)}
                      >
                        {check.evidence.length === 1 ? 'exchange' : `exchange ${i + 1}`}
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </>
        )}
      </div>
    </li>
  );
}
