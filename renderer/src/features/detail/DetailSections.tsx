import type { PatchDialect, PatchOperation } from '../../../../shared/patch';
import type { ScimResource } from '../../../../shared/contract';
import { JsonEditor as CodeJsonEditor } from '../../ui/code/JsonEditor';
import { JsonView } from '../../ui/code/JsonView';
import { DialectSelect } from '../../ui/DialectSelect';
import { describeOp, pretty } from '../../scim';
import { describeDifference, wireBody, type Review } from './model';

/** After a write: whether the server stored exactly what was asked, and each difference if not. */
export function StoredResult({ differences }: { differences: PatchOperation[] }) {
  return (
    <div className="result-box" data-testid="stored-diff" data-differences={differences.length}>
      {differences.length === 0 ? (
        <p className="text-ok">Server stored exactly what was asked.</p>
      ) : (
        <>
          <p className="text-warn">The server stored something other than what was asked ({differences.length}):</p>
          <ul className="mono compact-list">
            {differences.map((op, i) => (
              <li key={i} title={describeOp(op)}>
                {describeDifference(op)}
              </li>
            ))}
          </ul>
          <p className="muted">Compared attribute by attribute, meta ignored.</p>
        </>
      )}
    </div>
  );
}

export interface ConflictViewProps {
  etag: string | null | undefined;
  current: { resource: ScimResource; etag: string | null } | null;
  mine: unknown;
  onReapply: () => void;
  onReload: () => void;
}

/** A 412: the server's current version beside the user's edit, and the ways on from there. */
export function ConflictView({ etag, current, mine, onReapply, onReload }: ConflictViewProps) {
  return (
    <div className="detail-conflict" data-testid="conflict" role="alert">
      <p>
        <strong>Someone changed this resource since it was read</strong> (HTTP 412: the ETag {etag ?? ''} is no longer current). Your edit is kept.
      </p>
      {current ? (
        <div className="detail-columns">
          <div>
            <h4>Server's current version {current.etag && <span className="mono muted">{current.etag}</span>}</h4>
            <JsonView value={pretty(current.resource)} label="Server's current version" testId="conflict-current" className="code-pre" />
          </div>
          <div>
            <h4>Your edit</h4>
            <JsonView value={pretty(mine)} label="Your edit" testId="conflict-mine" className="code-pre" />
          </div>
        </div>
      ) : (
        <p className="muted">The server did not send its current version.</p>
      )}
      <div className="action-row">
        {current && (
          <button type="button" className="button button-primary" onClick={onReapply}>
            Re-apply my changes on the current version
          </button>
        )}
        <button type="button" className="button" onClick={onReload}>
          Reload and edit again
        </button>
      </div>
    </div>
  );
}

export interface ReviewViewProps {
  review: Review;
  dialect: PatchDialect;
  onDialect: (dialect: PatchDialect) => void;
  endpoint: string;
  id: string | number;
  /** Why PUT is used, when it is. */
  putReason: string;
  /** Why the write carries no If-Match (the server has no ETags, or none came with the read); null when it carries one. */
  etagNote?: string | null;
}

/** What Send will do: the PatchOp in the chosen dialect, or the PUT body, with the If-Match it carries. */
export function ReviewView({ review, dialect, onDialect, endpoint, id, putReason, etagNote }: ReviewViewProps) {
  return (
    <div className="detail-review" data-testid="patch-preview" data-kind={review.kind} data-operations={review.ops.length}>
      <div className="detail-review-head">
        <strong>
          {review.kind === 'put' ? 'PUT' : 'PATCH'} {endpoint.replace(/\/$/, '')}/{String(id)}
        </strong>
        {review.kind === 'put' ? <span className="muted">{putReason}</span> : <DialectSelect value={dialect} onChange={onDialect} />}
        {review.etag ? (
          <span className="mono muted" data-testid="review-if-match">
            If-Match: {review.etag}
          </span>
        ) : (
          etagNote && (
            <span className="muted" data-testid="review-if-match" data-state="none">
              {etagNote}
            </span>
          )
        )}
      </div>
      {review.ops.length === 0 ? (
        <p className="muted">No changes to send.</p>
      ) : (
        <JsonView value={pretty(wireBody(review, dialect))} label="Request body" className="code-pre" />
      )}
    </div>
  );
}

/** A resource as editable JSON; an invalid text stays as typed, marked where it breaks as it is typed, and said when it is read. */
export function JsonEditor(props: { text: string; problem: string | null; label: string; disabled?: boolean; onChange: (text: string) => void }) {
  const { text, problem, label, disabled, onChange } = props;
  return (
    <>
      <CodeJsonEditor value={text} onChange={onChange} label={label} testId="json-editor" invalid={!!problem} disabled={disabled} className="code-fill" />
      {problem && (
        <p className="field-error" role="alert" data-testid="json-error">
          {problem} Nothing was sent.
        </p>
      )}
    </>
  );
}
