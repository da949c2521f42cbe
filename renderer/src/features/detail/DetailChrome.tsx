import { Badge } from '../../ui/Badge';
import { ServerText } from '../../ui/ServerText';
import type { Phase } from './panelState';

// The detail panel's frame around its tabs: the header, and the footer while an edit is open.

export function DetailHeader(props: { heading: string | undefined; name: string; id: string | number; active: unknown; onClose: () => void }) {
  const { heading, name, id, active, onClose } = props;
  return (
    <header className="side-panel-header">
      <h2 className="side-panel-title">{heading ?? 'Resource'}</h2>
      <span className="detail-name" title={name}>
        <ServerText value={name} />
      </span>
      <span className="mono muted" title={String(id)}>
        {String(id)}
      </span>
      {typeof active === 'boolean' && (
        <Badge tone={active ? 'success' : 'warning'} testId="active-state">
          {active ? 'active' : 'inactive'}
        </Badge>
      )}
      <div className="spacer" />
      <button type="button" className="button" onClick={onClose} aria-label="Close detail (Escape)">
        Close
      </button>
    </header>
  );
}

interface EditFooterProps {
  phase: Phase;
  sending: boolean;
  canSend: boolean;
  readOnlyReason: string | null;
  onReview: () => void;
  onBack: () => void;
  onSend: () => void;
  onDiscard: () => void;
}

/** During an edit: Review changes, then Send or back to the edit; Discard throughout. */
export function EditFooter({ phase, sending, canSend, readOnlyReason, onReview, onBack, onSend, onDiscard }: EditFooterProps) {
  const reviewing = phase === 'review' || phase === 'sending';
  return (
    <footer className="detail-footer">
      {!reviewing && (
        <button type="button" className="button button-primary" onClick={onReview} disabled={phase === 'conflict'}>
          Review changes
        </button>
      )}
      {reviewing && (
        <>
          <button type="button" className="button" onClick={onBack} disabled={sending}>
            Back to edit
          </button>
          <button type="button" className="button button-primary" onClick={onSend} disabled={!canSend || sending} title={readOnlyReason ?? undefined}>
            {sending ? 'Sending…' : 'Send'}
          </button>
        </>
      )}
      <div className="spacer" />
      <button type="button" className="button" onClick={onDiscard} disabled={sending}>
        Discard edit
      </button>
    </footer>
  );
}
