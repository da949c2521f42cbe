import type { PatchDialect, PatchOperation } from '../../../../shared/patch';
import type { ScimResource } from '../../../../shared/contract';
import { describeDifference, describeOp, dialectLabels, pretty, wireBody, type Review } from './model';

/** After a write: whether the server stored exactly what was asked, and each difference if not. */
export function StoredResult({ differences }: { differences: PatchOperation[] }) {
  return (
    <div className="detail-result" data-testid="stored-diff" data-differences={differences.length}>
      {differences.length === 0 ? (
        <p className="detail-ok">Server stored exactly what was asked.</p>
      ) : (
        <>
          <p className="detail-warn">The server stored something other than what was asked ({differences.length}):</p>
          <ul className="mono detail-list">
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
            <pre className="mono detail-pre" data-testid="conflict-current">
              {pretty(current.resource)}
            </pre>
          </div>
          <div>
            <h4>Your edit</h4>
            <pre className="mono detail-pre" data-testid="conflict-mine">
              {pretty(mine)}
            </pre>
          </div>
        </div>
      ) : (
        <p className="muted">The server did not send its current version.</p>
      )}
      <div className="detail-actions">
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
        {review.kind === 'put' ? (
          <span className="muted">{putReason}</span>
        ) : (
          <DialectSelect value={dialect} onChange={onDialect} />
        )}
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
      {review.ops.length === 0 ? <p className="muted">No changes to send.</p> : <pre className="mono detail-pre">{pretty(wireBody(review, dialect))}</pre>}
    </div>
  );
}

export interface JsonProblem {
  message: string;
  line?: number;
  column?: number;
}

/** The resource as editable JSON; an invalid text stays as typed, with where it breaks. */
export function JsonEditor({ text, problem, disabled, onChange }: { text: string; problem: JsonProblem | null; disabled: boolean; onChange: (text: string) => void }) {
  return (
    <div className="detail-json-edit">
      <label className="visually-hidden" htmlFor="detail-json-editor">
        Resource JSON
      </label>
      <textarea
        id="detail-json-editor"
        className="input mono detail-textarea"
        data-testid="json-editor"
        spellCheck={false}
        value={text}
        aria-invalid={problem ? true : undefined}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
      />
      {problem && (
        <p className="field-error" role="alert" data-testid="json-error">
          Invalid JSON{problem.line !== undefined ? ` at line ${problem.line}, column ${problem.column}` : ''}: {problem.message}. Nothing was sent.
        </p>
      )}
    </div>
  );
}

/** The PATCH dialect picker: how the same operations are written for RFC, Entra or Okta servers. */
export function DialectSelect({ value, onChange, disabled }: { value: PatchDialect; onChange: (dialect: PatchDialect) => void; disabled?: boolean }) {
  return (
    <label className="detail-dialect">
      Dialect
      <select className="input" value={value} onChange={(e) => onChange(e.target.value as PatchDialect)} aria-label="PATCH dialect" disabled={disabled}>
        {(Object.keys(dialectLabels) as PatchDialect[]).map((d) => (
          <option key={d} value={d}>
            {dialectLabels[d]}
          </option>
        ))}
      </select>
    </label>
  );
}
