import type { CallResult } from '../../../shared/contract';
import { BridgeError, cancelledError } from './BridgeError';

type Send = (callId: string, signal: AbortSignal | undefined) => Promise<CallResult<unknown>>;
type Cancel = (callId: string) => void;

/**
 * Runs one call with its own call id. When the caller aborts, the main side is told (app.cancel with
 * that id) so the SCIM request stops there too, and the caller gets a `cancelled` error at once.
 */
export function callWithCancel<T>(send: Send, cancel: Cancel, signal: AbortSignal | undefined): Promise<T> {
  if (signal?.aborted) return Promise.reject(cancelledError());
  const callId = crypto.randomUUID();
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const onAbort = () => {
      if (settled) return;
      settled = true;
      cancel(callId);
      reject(cancelledError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    send(callId, signal).then(
      (result) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        if (result.ok) resolve(result.data as T);
        else reject(new BridgeError(result.error));
      },
      (error: unknown) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        reject(error instanceof BridgeError ? error : new BridgeError({ code: 'internal', message: 'The call failed before reaching the app.' }));
      },
    );
  });
}
