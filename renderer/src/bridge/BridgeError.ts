import type { AppErrorCode, AppErrorData } from '../../../shared/contract';

/** A contract failure as the renderer sees it: the main side's AppErrorData, thrown. */
export class BridgeError extends Error {
  readonly code: AppErrorCode;
  readonly data: AppErrorData;

  constructor(data: AppErrorData) {
    super(data.message);
    this.name = 'BridgeError';
    this.code = data.code;
    this.data = data;
  }
}

export const cancelledError = (): BridgeError => new BridgeError({ code: 'cancelled', message: 'The request was cancelled.' });

export function isBridgeError(error: unknown): error is BridgeError {
  return error instanceof BridgeError;
}

/** Best effort at something a user can read, for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}

/** Any thrown value as the AppErrorData the write views show: a bridge failure's own, else an internal one. */
export const errorData = (error: unknown): AppErrorData => (isBridgeError(error) ? error.data : { code: 'internal', message: errorMessage(error) });

/** A failure in one line: the message, the server's detail when it adds something, its HTTP status and scimType. */
export function failureText(error: unknown): string {
  if (!isBridgeError(error)) return errorMessage(error);
  const { message, detail, scimType, status } = error.data;
  const extra = [status ? `HTTP ${status}` : '', scimType ?? ''].filter(Boolean).join(' ');
  return [message, detail && !message.includes(detail) ? detail : '', extra ? `(${extra})` : ''].filter(Boolean).join(' ');
}
