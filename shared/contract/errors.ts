import { z } from 'zod';

/** Every failure that crosses the contract has one of these codes, so the UI can phrase it and tests can assert it. */
export const appErrorCodes = [
  'invalid_input', // the caller's payload failed the contract schema
  'not_found', // a connection or resource id that does not exist
  'invalid_url', // a base URL that is not an absolute http(s) URL
  'network', // DNS, refused, reset
  'tls', // certificate or handshake failure
  'timeout',
  'auth', // 401/403 or OAuth token endpoint refusal
  'http', // any other non-2xx answer
  'not_scim', // the server answered, but not with SCIM
  'rate_limited',
  'conflict', // 409, e.g. a uniqueness violation
  'precondition_failed', // 412: the resource changed since it was read (carries the server's current version)
  'unsupported', // the server says it cannot do this (no PATCH, no Bulk, …)
  'read_only', // a write refused because the connection is read-only
  'cancelled',
  'forbidden', // IPC sender or web-shell origin not allowed
  'internal',
] as const;
export type AppErrorCode = (typeof appErrorCodes)[number];

export const appErrorSchema = z.object({
  code: z.enum(appErrorCodes),
  /** A sentence a user can act on. Never contains a credential. */
  message: z.string(),
  /** Which input field failed, for forms (dot path, e.g. "auth.tokenUrl"). */
  field: z.string().optional(),
  status: z.number().int().optional(),
  scimType: z.string().optional(),
  detail: z.string().optional(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /** With precondition_failed: the server's current resource and its ETag, so an edit can be re-applied on top. */
  current: z.object({ resource: z.record(z.string(), z.unknown()).nullable(), etag: z.string().nullable() }).optional(),
  /** With rate_limited: how long the server asked to wait. */
  retryAfterMs: z.number().optional(),
  /** With unsupported: the learned facts that kept the request from being sent again (see scim.learned). */
  learnedKeys: z.array(z.string()).optional(),
  /** The journal exchange that failed, for the inspector. */
  exchangeId: z.string().optional(),
});
export type AppErrorData = z.infer<typeof appErrorSchema>;

/** Thrown on the main side; serialised across IPC/HTTP as AppErrorData. */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly data: AppErrorData;
  get status(): number | undefined {
    return this.data.status;
  }
  constructor(data: AppErrorData) {
    super(data.message);
    this.name = 'AppError';
    this.code = data.code;
    this.data = data;
  }
}

export function isAppErrorData(value: unknown): value is AppErrorData {
  return appErrorSchema.safeParse(value).success;
}

/** What every call returns over the wire: never a thrown exception, always an envelope. */
export type CallResult<T> = { ok: true; data: T } | { ok: false; error: AppErrorData };
