import type { WebContents } from 'electron';
import { channels, ipcChannelName, ipcEventChannel, type CallResult, type Channel } from '../../shared/contract';
import type { AppCore } from '../services/core';
import { dispatch } from '../services/dispatch';
import type { EventBus } from '../services/events';
import { isAppUrl } from './app-protocol';

/** The parts of a WebFrameMain the trust check reads. */
export interface SenderFrameLike {
  readonly url: string;
  readonly parent: SenderFrameLike | null;
}

/** A sender is trusted only when it is the top frame of a page on the app's own origin. */
export function isTrustedSenderFrame(frame: SenderFrameLike | null | undefined): boolean {
  if (!frame) return false;
  if (frame.parent !== null) return false;
  return typeof frame.url === 'string' && isAppUrl(frame.url);
}

/** The slice of `ipcMain` used here; the handler reads only `senderFrame` from Electron's invoke event. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcSenderEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}
export interface IpcSenderEvent {
  /** Null when the frame navigated or was destroyed before the message was handled. */
  readonly senderFrame: SenderFrameLike | null;
}

const MAX_CALL_ID_LENGTH = 128;

function forbidden(): CallResult<never> {
  return { ok: false, error: { code: 'forbidden', message: 'This call is only accepted from the SCIM Desk window.' } };
}

/** `senderFrame` is null (or, on older Electron, throws) once the frame has navigated or gone. */
function senderFrameOf(event: IpcSenderEvent): SenderFrameLike | null {
  try {
    return event.senderFrame ?? null;
  } catch {
    return null;
  }
}

/**
 * One `ipcMain.handle` per contract channel — never a generic "invoke anything" channel. Each checks
 * the sender before anything runs, then dispatches (which validates the input against the contract).
 * Returns a function that removes the handlers.
 */
export function registerIpc(
  ipcMain: IpcMainLike,
  core: Pick<AppCore, 'handlers' | 'calls'>,
  isTrustedSender: (frame: SenderFrameLike | null) => boolean = isTrustedSenderFrame,
): () => void {
  const register = (channel: Channel) => {
    ipcMain.handle(ipcChannelName(channel), async (event: IpcSenderEvent, input?: unknown, callId?: unknown) => {
      if (!isTrustedSender(senderFrameOf(event))) return forbidden();
      if (callId !== undefined && callId !== null && (typeof callId !== 'string' || callId.length > MAX_CALL_ID_LENGTH)) {
        return { ok: false, error: { code: 'invalid_input', message: 'The call id must be a short string.', field: 'callId' } };
      }
      const { signal, done } = core.calls.start(typeof callId === 'string' && callId !== '' ? callId : undefined);
      try {
        return await dispatch(core.handlers, channel, input, signal);
      } finally {
        done();
      }
    });
  };
  for (const channel of channels) register(channel);
  return () => {
    for (const channel of channels) ipcMain.removeHandler(ipcChannelName(channel));
  };
}

type EventTarget = Pick<WebContents, 'send' | 'isDestroyed' | 'getURL' | 'once'>;

/**
 * Pushes every bus event to one webContents as `(ipcEventChannel, name, payload)`, only while it
 * shows the app's own page; stops when the webContents is destroyed. Returns the unsubscribe.
 */
export function forwardEvents(bus: Pick<EventBus, 'on'>, contents: EventTarget): () => void {
  const off: () => void = bus.on((name, payload) => {
    if (contents.isDestroyed()) {
      off();
      return;
    }
    if (!isAppUrl(contents.getURL())) return;
    contents.send(ipcEventChannel, name, payload);
  });
  contents.once('destroyed', () => off());
  return () => off();
}
