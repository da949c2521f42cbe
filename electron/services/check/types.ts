import type { AuthType, Capabilities } from '../../../shared/contract';
import type { CheckDefinition, Verdict } from '../../../shared/check';

/** A request a check sends, relative to the connection's base URL. */
export interface ProbeRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Below the base URL, no leading slash needed: `Users`, `Users/abc`, `Users/.search`, `ServiceProviderConfig`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  /** Sent as JSON (`application/scim+json`). */
  body?: unknown;
  /** The connection's credentials (default), none at all, or a made-up token of the same kind. */
  auth?: 'connection' | 'none' | 'wrong';
}

export interface ProbeResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
  /** The journal's id for this exchange: the evidence. */
  exchangeId: string;
  /** `content-type` without parameters, lower case ('' when absent). */
  mediaType: string;
}

/** What a check sees while it runs. Every exchange sent through it becomes the check's evidence. */
export interface CheckContext {
  readonly baseUrl: string;
  readonly signal: AbortSignal;
  /** The engine's discovery of the server (documents, or what probing found). */
  readonly capabilities: Capabilities;
  /** Whether write checks may run (opted in, connection not read-only). */
  readonly writes: boolean;
  /** A run id for names of things created (`scimdesk-check-<runId>`). */
  readonly runId: string;
  /** How the connection authenticates ('none': the auth checks have nothing to prove). */
  readonly connectionAuth: AuthType;
  send(request: ProbeRequest): Promise<ProbeResponse>;
  /**
   * A value computed once per run and shared by checks (a sample of users, the first page): the
   * exchanges its computation sent join the evidence of every check that uses it.
   */
  memo<T>(key: string, compute: () => Promise<T>): Promise<T>;
  /** Adds exchanges to this check's evidence by id (for one seen elsewhere). */
  cite(...exchangeIds: string[]): void;
  /** Remembers something a write check created, so the run removes it at the end whatever happens. */
  created(item: { endpoint: string; id: string; name: string }): void;
  /** Forgets it once a check removed it itself. */
  removed(endpoint: string, id: string): void;
}

export interface CheckOutcome {
  verdict: Verdict;
  message: string;
  /** Overrides the definition's meaning for this verdict. */
  meaning?: string;
}

/** One check: its definition, one sentence per verdict on what it means for a client, and how to run it. */
export interface Check extends CheckDefinition {
  meaning?: Partial<Record<Verdict, string>>;
  run(ctx: CheckContext): Promise<CheckOutcome>;
}

/** Shorthands for outcomes. */
export const pass = (message: string): CheckOutcome => ({ verdict: 'pass', message });
export const warn = (message: string): CheckOutcome => ({ verdict: 'warn', message });
export const fail = (message: string): CheckOutcome => ({ verdict: 'fail', message });
export const unsupported = (message: string): CheckOutcome => ({ verdict: 'unsupported', message });
export const ignored = (message: string): CheckOutcome => ({ verdict: 'ignored', message });
export const skipped = (message: string): CheckOutcome => ({ verdict: 'skipped', message });
