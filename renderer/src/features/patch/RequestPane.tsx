import type { PatchBody, PatchDialect } from '../../../../shared/patch';
import { JsonView } from '../../ui/code/JsonView';
import { DialectSelect } from '../../ui/DialectSelect';
import { pretty } from '../../scim';

export interface RequestPaneProps {
  endpoint: string;
  id: string | number;
  dialect: PatchDialect;
  onDialect: (dialect: PatchDialect) => void;
  /** The If-Match sent, or why none is. */
  etag: string | null;
  etagNote: string | null;
  body: PatchBody | null;
  /** Why there is no body yet. */
  emptyReason: string;
}

/** The live request: method, URL, If-Match and the PatchOp body as written in the chosen dialect. */
export function RequestPane({ endpoint, id, dialect, onDialect, etag, etagNote, body, emptyReason }: RequestPaneProps) {
  return (
    <section className="patch-card" data-testid="patch-request" data-dialect={dialect} data-state={body ? 'ready' : 'empty'}>
      <div className="patch-card-head">
        <h2 className="patch-card-title">Request</h2>
        <div className="spacer" />
        <DialectSelect value={dialect} onChange={onDialect} />
      </div>
      <p className="mono patch-request-line">
        PATCH {endpoint.replace(/\/$/, '')}/{String(id)}
      </p>
      <p className="mono muted patch-request-line" data-testid="patch-if-match">
        {etag ? `If-Match: ${etag}` : etagNote}
      </p>
      {body ? <JsonView value={pretty(body)} label="Request body" testId="patch-request-body" className="code-pre" /> : <p className="muted">{emptyReason}</p>}
    </section>
  );
}
