import type { Bridge, Channel, EventName, PreloadApi } from '../../../shared/contract';
import { callWithCancel } from './callWithCancel';

/** The Electron preload's API, when the renderer runs inside the desktop app. */
export function findPreloadApi(): PreloadApi | undefined {
  return (window as Window & { scimDesk?: PreloadApi }).scimDesk;
}

export function createPreloadBridge(api: PreloadApi): Bridge {
  const cancel = (callId: string) => {
    void api.channels['app.cancel']({ callId }).catch(() => undefined);
  };
  return {
    call(channel, input, options) {
      const invoke = api.channels[channel as Channel];
      return callWithCancel((callId) => invoke(input, callId), cancel, options?.signal);
    },
    subscribe(event, listener) {
      return api.subscribe(event as EventName, listener as (payload: unknown) => void);
    },
  };
}
