import type { IpcRenderer, IpcRendererEvent } from 'electron';
// Type-only from the contract: the values come from contract-names.ts, keeping zod out of the preload.
import type { Channel, EventName, PreloadApi } from '../../shared/contract';
import { CHANNEL_NAMES as channels, EVENT_NAMES as eventNames, ipcChannelName, ipcEventChannel } from './contract-names';

type Listener = (payload: unknown) => void;

/**
 * Builds `window.scimDesk`: one function per contract channel and `subscribe`. Nothing else —
 * no ipcRenderer, no generic send/invoke — so a compromised page can reach only the contract,
 * and main re-validates everything anyway.
 */
/** What the preload uses of ipcRenderer: invoke, and on() whose return value (the renderer, for chaining) it ignores. */
export type PreloadIpc = Pick<IpcRenderer, 'invoke'> & { on(channel: string, listener: Parameters<IpcRenderer['on']>[1]): unknown };

export function createPreloadApi(ipcRenderer: PreloadIpc): PreloadApi {
  const channelFunctions = {} as Record<Channel, (input: unknown, callId?: string) => Promise<never>>;
  for (const channel of channels) {
    const name = ipcChannelName(channel);
    channelFunctions[channel] = (input, callId) => ipcRenderer.invoke(name, input, typeof callId === 'string' ? callId : undefined) as Promise<never>;
  }

  const known = new Set<string>(eventNames);
  const listeners = new Map<string, Set<Listener>>();
  // The single IPC listener; page code only ever sees the payload, never the IpcRendererEvent.
  ipcRenderer.on(ipcEventChannel, (_event: IpcRendererEvent, ...args: unknown[]) => {
    const [name, payload] = args;
    if (typeof name !== 'string') return;
    for (const listener of [...(listeners.get(name) ?? [])]) {
      try {
        listener(payload);
      } catch (error) {
        console.error(`[scim-desk] a "${name}" listener threw:`, error);
      }
    }
  });

  const subscribe = (event: EventName, listener: Listener): (() => void) => {
    if (typeof event !== 'string' || !known.has(event)) throw new TypeError(`Unknown event "${String(event).slice(0, 80)}".`);
    if (typeof listener !== 'function') throw new TypeError('subscribe() needs a listener function.');
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  };

  return Object.freeze({ channels: Object.freeze(channelFunctions), subscribe });
}
