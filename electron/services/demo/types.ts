/** Types shared by the demo server's modules. */
import type { ScimErrorType } from '../../../shared/scim';

/** A SCIM resource as stored and served: plain JSON. */
export type Rec = Record<string, unknown>;
export type ResourceKind = 'User' | 'Group';

/** A SCIM error (RFC 7644 §3.12) raised anywhere in the request pipeline. */
export class ScimError extends Error {
  readonly status: number;
  readonly scimType: ScimErrorType | undefined;
  /** What kind of resource the error concerns, when known (personas phrase errors with it). */
  readonly resource: ResourceKind | undefined;
  readonly headers: Record<string, string>;

  constructor(status: number, detail: string, scimType?: ScimErrorType, extra: { resource?: ResourceKind; headers?: Record<string, string> } = {}) {
    super(detail);
    this.name = 'ScimError';
    this.status = status;
    this.scimType = scimType;
    this.resource = extra.resource;
    this.headers = extra.headers ?? {};
  }
}

export const notFound = (kind: ResourceKind, id: string) => new ScimError(404, `${kind} ${JSON.stringify(id)} not found`, undefined, { resource: kind });

/** What a handler answers; the router serializes it. `body: undefined` sends no body. */
export interface HandlerResult {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}
