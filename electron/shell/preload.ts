/**
 * The sandboxed preload (bundled to dist-electron/preload.cjs). It runs in an isolated world and
 * exposes only the contract-shaped API built in preload-api.ts.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadApi } from './preload-api';

export const PRELOAD_GLOBAL = 'scimDesk';

contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, createPreloadApi(ipcRenderer));
