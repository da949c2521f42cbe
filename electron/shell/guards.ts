import type { Event, HandlerDetails, Session, Shell, WebContents, WindowOpenHandlerResponse } from 'electron';
import { isAppUrl } from './app-protocol';

/** Only https links leave the app, and only to the user's browser. */
export function isExternalHttpsUrl(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

/** `window.open` never creates a window; an https target is handed to the default browser instead. */
export function windowOpenHandler(shell: Pick<Shell, 'openExternal'>): (details: Pick<HandlerDetails, 'url'>) => WindowOpenHandlerResponse {
  return ({ url }) => {
    if (isExternalHttpsUrl(url)) {
      shell.openExternal(url).catch((error: unknown) => console.warn('[scim-desk] could not open an external link:', error));
    }
    return { action: 'deny' };
  };
}

type NavigationEvent = Event & { url?: string };

/** Navigation (and redirects) may only stay on the app's own origin. */
export function preventForeignNavigation(event: NavigationEvent, legacyUrl?: string): void {
  const url = event.url ?? legacyUrl ?? '';
  if (!isAppUrl(url)) event.preventDefault();
}

const guarded = new WeakSet<object>();

/**
 * Applied to every webContents (via app 'web-contents-created'), the main window included.
 * Idempotent, so applying it to the main window explicitly as well is harmless.
 */
export function applyWebContentsGuards(contents: WebContents, shell: Pick<Shell, 'openExternal'>): void {
  if (guarded.has(contents)) return;
  guarded.add(contents);
  contents.setWindowOpenHandler(windowOpenHandler(shell));
  contents.on('will-navigate', preventForeignNavigation);
  contents.on('will-frame-navigate', preventForeignNavigation);
  contents.on('will-redirect', preventForeignNavigation);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** The renderer needs no camera, notifications, clipboard-read, geolocation, …: every request is refused. */
export function applySessionGuards(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
