import type { Bridge } from '../../../shared/contract';
import { createPreloadBridge, findPreloadApi } from './preloadBridge';
import { createWebBridge } from './webBridge';

export { BridgeError, errorData, errorMessage, failureText, isBridgeError } from './BridgeError';
export { BridgeProvider, useBridge } from './BridgeContext';

/** Inside Electron the preload's API; in a browser the web shell over HTTP. */
export function createBridge(): Bridge {
  const api = findPreloadApi();
  return api ? createPreloadBridge(api) : createWebBridge();
}
