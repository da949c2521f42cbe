import type { BrowserWindowConstructorOptions } from 'electron';
import { RENDERER_CSP } from '../../shared/csp';

/** The renderer's CSP, shared with the web shell; sent as a header on every app:// response. */
export const CONTENT_SECURITY_POLICY = RENDERER_CSP;

/** Painted before the renderer's first frame, so the window never flashes white. */
export const WINDOW_BACKGROUND = '#0f1115';

export interface WindowOptionsInput {
  /** Absolute path of the bundled preload (dist-electron/preload.cjs). */
  preloadPath: string;
  /** DevTools are available in development builds only. */
  devTools?: boolean;
}

/** The main window's options: every web-preference that matters for isolation set explicitly. */
export function createWindowOptions({ preloadPath, devTools = false }: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    title: 'SCIM Desk',
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    backgroundColor: WINDOW_BACKGROUND,
    // Shown on 'ready-to-show', once the renderer has painted.
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      experimentalFeatures: false,
      devTools,
    },
  };
}
