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
