import type { Event, HandlerDetails, MessageBoxOptions, MessageBoxReturnValue, Session, Shell, WebContents, WindowOpenHandlerResponse } from 'electron';
import { isAppUrl } from './app-protocol';

/** Only http(s) links may leave the app, and only to the user's browser. */
export function isExternalHttpUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/** Opens a URL in the user's browser, or does nothing; resolves whether it was opened. */
export type ExternalLinkOpener = (url: string) => Promise<boolean>;
export type ShowMessageBox = (options: MessageBoxOptions) => Promise<Pick<MessageBoxReturnValue, 'response'>>;

/**
 * `shell.openExternal` only for http(s), and only after the user confirmed the exact URL in a
 * native dialog: a link in a server's data must not open anything on a click the user did not mean.
 */
export function confirmedExternalOpener(shell: Pick<Shell, 'openExternal'>, showMessageBox: ShowMessageBox): ExternalLinkOpener {
  return async (url) => {
    if (!isExternalHttpUrl(url)) return false;
    const { response } = await showMessageBox({
      type: 'question',
      buttons: ['Cancel', 'Open in browser'],
      defaultId: 0,
      cancelId: 0,
      title: 'Open link',
      message: 'Open this address in your browser?',
      detail: url,
      noLink: true,
    });
    if (response !== 1) return false;
    await shell.openExternal(url);
    return true;
  };
}

/** `window.open` never creates a window; an http(s) target is offered to the default browser instead. */
export function windowOpenHandler(open: ExternalLinkOpener): (details: Pick<HandlerDetails, 'url'>) => WindowOpenHandlerResponse {
  return ({ url }) => {
    open(url).catch((error: unknown) => console.warn('[scim-desk] could not open an external link:', error));
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
export function applyWebContentsGuards(contents: WebContents, open: ExternalLinkOpener): void {
  if (guarded.has(contents)) return;
  guarded.add(contents);
  contents.setWindowOpenHandler(windowOpenHandler(open));
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
