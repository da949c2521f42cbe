/**
 * Electron main entry (bundled to dist-electron/main.cjs). Thin by design: the window options,
 * app:// protocol, navigation/permission guards, IPC and cipher choice live in their own modules.
 */
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, session, shell } from 'electron';
import { createAppCore, type AppCore } from '../services/core';
import { APP_ENTRY_URL, installAppProtocol, registerAppScheme } from './app-protocol';
import { applySessionGuards, applyWebContentsGuards, confirmedExternalOpener } from './guards';
import { forwardEvents, registerIpc } from './ipc';
import { closeOnQuit } from './lifecycle';
import { chooseSecretCipher } from './safe-storage-cipher';
import { createWindowOptions } from './window-options';
import { nativeFileSaver } from './save-file';

const DEMO_USERS = 2500;

// Before 'ready': every renderer sandboxed, and app:// registered as a standard secure scheme.
app.enableSandbox();
registerAppScheme(protocol);

let mainWindow: BrowserWindow | null = null;
const openExternalLink = confirmedExternalOpener(shell, (options) =>
  mainWindow && !mainWindow.isDestroyed() ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options),
);

/** The app's root: the project directory in development (see scripts/start.mjs), app.asar when packaged. */
function createMainWindow(core: AppCore): BrowserWindow {
  const appPath = app.getAppPath();
  const win = new BrowserWindow(createWindowOptions({ preloadPath: join(appPath, 'dist-electron', 'preload.cjs'), devTools: !app.isPackaged }));
  applyWebContentsGuards(win.webContents, openExternalLink);
  forwardEvents(core.events, win.webContents);
  win.once('ready-to-show', () => win.show());
  win.once('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  win.loadURL(APP_ENTRY_URL).catch((error: unknown) => console.error('[scim-desk] could not load the renderer:', error));
  return win;
}

async function start(): Promise<void> {
  const dataDir = app.getPath('userData');
  const cipher = await chooseSecretCipher({ safeStorage, dataDir });
  const core = await createAppCore({
    dataDir,
    cipher,
    shell: 'electron',
    version: app.getVersion(),
    demo: { users: DEMO_USERS },
    saveFile: nativeFileSaver(dialog, () => mainWindow),
  });
  closeOnQuit(app, () => core.close());

  applySessionGuards(session.defaultSession);
  installAppProtocol(protocol, join(app.getAppPath(), 'dist', 'renderer'));
  registerIpc(ipcMain, core);

  mainWindow = createMainWindow(core);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow(core);
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => applyWebContentsGuards(contents, openExternalLink));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      console.error('[scim-desk] failed to start:', error);
      app.exit(1);
    });
}
