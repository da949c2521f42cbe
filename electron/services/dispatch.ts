import { AsyncLocalStorage } from 'node:async_hooks';
import { z } from 'zod';
import { AppError, checkInputBounds, contract, type AppErrorData, type CallResult, type Channel, type Handlers } from '../../shared/contract';

/** The call whose handler is running, through every await below it (see `currentCallId`). */
const currentCall = new AsyncLocalStorage<string>();
/** Which call a registered signal belongs to, so `dispatch` knows the call id without the shells passing it twice. */
const callIdOfSignal = new WeakMap<AbortSignal, string>();

/**
 * The id of the call being served, from anywhere in its handler's async work (a retry of one of its
 * requests, say), so a push event can name the call that `app.cancel` stops. Undefined outside a call.
 */
export function currentCallId(): string | undefined {
  return currentCall.getStore();
}

/** In-flight calls by call id, so a renderer's abort can reach the request on the main side. */
export class CallRegistry {
  private readonly calls = new Map<string, AbortController>();
  start(callId: string | undefined): { signal: AbortSignal; done: () => void } {
    const controller = new AbortController();
    if (!callId) return { signal: controller.signal, done: () => undefined };
    this.calls.set(callId, controller);
    callIdOfSignal.set(controller.signal, callId);
    return { signal: controller.signal, done: () => this.calls.delete(callId) };
  }
  cancel(callId: string): boolean {
    const controller = this.calls.get(callId);
    controller?.abort(new AppError({ code: 'cancelled', message: 'The request was cancelled.' }));
    return controller !== undefined;
  }
  cancelAll(): void {
    for (const controller of this.calls.values()) controller.abort();
    this.calls.clear();
  }
}

export function isChannel(name: string): name is Channel {
  return Object.hasOwn(contract, name);
}

/**
 * The single entry both shells use: validates the input against the contract before any service
 * runs, and always answers with an envelope, never a thrown error or a stack trace.
 */
export async function dispatch(handlers: Handlers, channel: string, rawInput: unknown, signal: AbortSignal): Promise<CallResult<unknown>> {
  if (!isChannel(channel)) return { ok: false, error: { code: 'invalid_input', message: `Unknown channel "${channel.slice(0, 80)}".` } };
  const outOfBounds = checkInputBounds(rawInput);
  if (outOfBounds) return { ok: false, error: outOfBounds };
  const parsed = contract[channel].input.safeParse(rawInput ?? {});
  if (!parsed.success) return { ok: false, error: validationError(parsed.error) };
  try {
    const handler = handlers[channel] as (input: unknown, ctx: { signal: AbortSignal }) => Promise<unknown>;
    const callId = callIdOfSignal.get(signal);
    const run = () => handler(parsed.data, { signal });
    return { ok: true, data: await (callId ? currentCall.run(callId, run) : run()) };
  } catch (error) {
    return { ok: false, error: toErrorData(error) };
  }
}

export function validationError(error: z.ZodError): AppErrorData {
  const issues = error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  const first = issues[0];
  return {
    code: 'invalid_input',
    message: first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : 'The input is invalid.',
    field: first?.path || undefined,
    issues,
  };
}

export function toErrorData(error: unknown): AppErrorData {
  if (error instanceof AppError) return error.data;
  if (error instanceof z.ZodError) return validationError(error);
  // Unknown failures are reported without their message: it could quote anything, including a secret.
  console.error('[scim-desk] internal error:', error instanceof Error ? error.stack : error);
  return { code: 'internal', message: 'An internal error occurred; see the app log for details.' };
}
