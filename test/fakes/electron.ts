/**
 * A fake of the slice of Electron that electron/shell uses. vitest.config.ts aliases `electron` to
 * this file, so shell modules run unchanged under Node; tests import `fakeElectron` from here to
 * drive events and assert what the shell did. Everything records its calls; `resetFakeElectron()`
 * restores a clean state between tests.
 */

type AnyListener = (...args: never[]) => unknown;

class FakeEmitter {
  private readonly listeners = new Map<string, { listener: AnyListener; once: boolean }[]>();
  on(event: string, listener: AnyListener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), { listener, once: false }]);
    return this;
  }
  once(event: string, listener: AnyListener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), { listener, once: true }]);
    return this;
  }
  removeListener(event: string, listener: AnyListener): this {
    this.listeners.set(
      event,
      (this.listeners.get(event) ?? []).filter((entry) => entry.listener !== listener),
    );
    return this;
  }
  off(event: string, listener: AnyListener): this {
    return this.removeListener(event, listener);
  }
  emit(event: string, ...args: unknown[]): boolean {
    const entries = this.listeners.get(event) ?? [];
    this.listeners.set(
      event,
      entries.filter((entry) => !entry.once),
    );
    for (const { listener } of entries) (listener as (...a: unknown[]) => unknown)(...args);
    return entries.length > 0;
  }
  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
  removeAllListeners(): this {
    this.listeners.clear();
    return this;
  }
}

/** An Electron-style event object: `preventDefault()` is observable. */
export class FakeEvent {
  defaultPrevented = false;
  constructor(extra: Record<string, unknown> = {}) {
    Object.assign(this, extra);
  }
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

// ------------------------------------------------------------------ frames, web contents, windows

export class FakeWebFrameMain {
  constructor(
    public url: string,
    public parent: FakeWebFrameMain | null = null,
  ) {}
  get top(): FakeWebFrameMain {
    return this.parent ? this.parent.top : this;
  }
}

type WindowOpenHandler = (details: { url: string; frameName: string; features: string; disposition: string }) => { action: string };

let nextWebContentsId = 1;

export class FakeWebContents extends FakeEmitter {
  readonly id = nextWebContentsId++;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  readonly mainFrame = new FakeWebFrameMain('');
  readonly session: FakeSession;
  windowOpenHandler: WindowOpenHandler | null = null;
  private destroyed = false;
  constructor(session: FakeSession = fakeSessionSingleton()) {
    super();
    this.session = session;
  }
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, args });
  }
  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }
  getURL(): string {
    return this.mainFrame.url;
  }
  async loadURL(url: string): Promise<void> {
    this.mainFrame.url = url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
  // --- test helpers
  /** What `window.open(url)` in the page would get. */
  simulateWindowOpen(url: string): { action: string } | undefined {
    return this.windowOpenHandler?.({ url, frameName: '', features: '', disposition: 'new-window' });
  }
  /** Fires a navigation-style event ('will-navigate', 'will-redirect', …); returns whether it was prevented. */
  simulateNavigation(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', url: string): boolean {
    const navigation = new FakeEvent({ url, isMainFrame: true, isSameDocument: false });
    this.emit(event, navigation, url);
    return navigation.defaultPrevented;
  }
  simulateAttachWebview(): boolean {
    const event = new FakeEvent();
    this.emit('will-attach-webview', event, {}, { src: 'https://evil.example/' });
    return event.defaultPrevented;
  }
}

export class FakeBrowserWindow extends FakeEmitter {
  static readonly instances: FakeBrowserWindow[] = [];
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.instances.filter((window) => !window.destroyed);
  }
  readonly webContents = new FakeWebContents();
  visible = false;
  focused = false;
  minimized = false;
  private destroyed = false;
  constructor(readonly options: Record<string, unknown> = {}) {
    super();
    this.visible = options.show !== false;
    FakeBrowserWindow.instances.push(this);
    fakeApp.emit('web-contents-created', new FakeEvent(), this.webContents);
  }
  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url);
  }
  show(): void {
    this.visible = true;
  }
  focus(): void {
    this.focused = true;
  }
  restore(): void {
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  close(): void {
    this.destroyed = true;
    this.webContents.destroy();
    this.emit('closed');
  }
}

// ------------------------------------------------------------------ app

class FakeApp extends FakeEmitter {
  readonly calls: { method: string; args: unknown[] }[] = [];
  isPackaged = false;
  singleInstanceLock = true;
  paths: Record<string, string> = { userData: '/tmp/scim-desk-fake-user-data', temp: '/tmp' };
  appPath = '/tmp/scim-desk-fake-app';
  version = '0.0.0-fake';
  private ready = false;
  private readyWaiters: (() => void)[] = [];
  private record(method: string, args: unknown[]): void {
    this.calls.push({ method, args });
  }
  whenReady(): Promise<void> {
    this.record('whenReady', []);
    if (this.ready) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }
  isReady(): boolean {
    return this.ready;
  }
  /** Test helper: fires 'ready' and resolves whenReady(). */
  becomeReady(): void {
    this.ready = true;
    for (const resolve of this.readyWaiters.splice(0)) resolve();
    this.emit('ready');
  }
  requestSingleInstanceLock(): boolean {
    this.record('requestSingleInstanceLock', []);
    return this.singleInstanceLock;
  }
  quit(): void {
    this.record('quit', []);
  }
  exit(code?: number): void {
    this.record('exit', [code]);
  }
  getPath(name: string): string {
    const path = this.paths[name];
    if (!path) throw new Error(`Failed to get '${name}' path`);
    return path;
  }
  getVersion(): string {
    return this.version;
  }
  getAppPath(): string {
    return this.appPath;
  }
  enableSandbox(): void {
    this.record('enableSandbox', []);
  }
  reset(): void {
    this.removeAllListeners();
    this.calls.length = 0;
    this.isPackaged = false;
    this.singleInstanceLock = true;
    this.ready = false;
    this.readyWaiters = [];
  }
}

// ------------------------------------------------------------------ IPC

export interface FakeInvokeEvent {
  sender: FakeWebContents;
  senderFrame: FakeWebFrameMain | null;
}

class FakeIpcMain {
  readonly handlers = new Map<string, (event: FakeInvokeEvent, ...args: unknown[]) => unknown>();
  handle(channel: string, handler: (event: FakeInvokeEvent, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Test helper: what `ipcRenderer.invoke(channel, ...args)` from `senderFrame` would resolve to. */
  async invoke(channel: string, senderFrame: FakeWebFrameMain | null, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ sender: new FakeWebContents(), senderFrame }, ...args);
  }
  reset(): void {
    this.handlers.clear();
  }
}

class FakeIpcRenderer extends FakeEmitter {
  readonly invocations: { channel: string; args: unknown[] }[] = [];
  /** Answers invoke(); defaults to echoing the call as a successful envelope. */
  respond: (channel: string, args: unknown[]) => unknown = (channel, args) => ({ ok: true, data: { channel, args } });
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invocations.push({ channel, args });
    return this.respond(channel, args);
  }
  /** Test helper: a message from main on `channel`, with a real-looking IpcRendererEvent first. */
  deliver(channel: string, ...args: unknown[]): void {
    this.emit(channel, Object.assign(new FakeEvent(), { sender: this, ports: [] }), ...args);
  }
  reset(): void {
    this.removeAllListeners();
    this.invocations.length = 0;
    this.respond = (channel, args) => ({ ok: true, data: { channel, args } });
  }
}

class FakeContextBridge {
  readonly exposed = new Map<string, unknown>();
  exposeInMainWorld(key: string, api: unknown): void {
    if (this.exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`);
    this.exposed.set(key, api);
  }
  reset(): void {
    this.exposed.clear();
  }
}

// ------------------------------------------------------------------ session, protocol, shell, safeStorage

type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: object) => void;
type PermissionCheckHandler = (contents: unknown, permission: string, origin: string, details: object) => boolean;

class FakeProtocol {
  readonly privileged: { scheme: string; privileges?: Record<string, boolean> }[] = [];
  readonly handlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges?: Record<string, boolean> }[]): void {
    if (fakeApp.isReady()) throw new Error('registerSchemesAsPrivileged should be called before app is ready');
    this.privileged.push(...schemes);
  }
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    if (this.handlers.has(scheme)) throw new Error(`Protocol '${scheme}' is already handled`);
    this.handlers.set(scheme, handler);
  }
  unhandle(scheme: string): void {
    this.handlers.delete(scheme);
  }
  isProtocolHandled(scheme: string): boolean {
    return this.handlers.has(scheme);
  }
  reset(): void {
    this.privileged.length = 0;
    this.handlers.clear();
  }
}

class FakeSession {
  readonly protocol = new FakeProtocol();
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: PermissionCheckHandler | null = null;
  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.permissionCheckHandler = handler;
  }
  /** Test helper: resolves with what the handler grants (Electron's default, with no handler, is to grant). */
  requestPermission(permission: string): Promise<boolean> {
    const handler = this.permissionRequestHandler;
    if (!handler) return Promise.resolve(true);
    return new Promise((resolve) => handler(new FakeWebContents(this), permission, resolve, { requestingUrl: 'app://scim-desk/' }));
  }
  checkPermission(permission: string): boolean {
    return this.permissionCheckHandler ? this.permissionCheckHandler(null, permission, 'app://scim-desk', {}) : true;
  }
  reset(): void {
    this.protocol.reset();
    this.permissionRequestHandler = null;
    this.permissionCheckHandler = null;
  }
}

let defaultSession: FakeSession | undefined;
function fakeSessionSingleton(): FakeSession {
  defaultSession ??= new FakeSession();
  return defaultSession;
}

/** Native message boxes: records what was shown and answers `response` (the index of the button). */
class FakeDialog {
  readonly shown: { message?: string; detail?: string }[] = [];
  response = 0;
  async showMessageBox(...args: unknown[]): Promise<{ response: number; checkboxChecked: boolean }> {
    const options = (args.length > 1 ? args[1] : args[0]) as { message?: string; detail?: string };
    this.shown.push({ message: options.message, detail: options.detail });
    return { response: this.response, checkboxChecked: false };
  }
  reset(): void {
    this.shown.length = 0;
    this.response = 0;
  }
}

class FakeShell {
  readonly opened: string[] = [];
  async openExternal(url: string): Promise<void> {
    this.opened.push(url);
  }
  reset(): void {
    this.opened.length = 0;
  }
}

type StorageBackend = 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown';

/** Not encryption: a reversible, recognisable transform, so tests can tell ciphertext from plain text. */
class FakeSafeStorage {
  available = true;
  backend: StorageBackend = 'gnome_libsecret';
  readonly calls: { method: string }[] = [];
  isEncryptionAvailable(): boolean {
    this.calls.push({ method: 'isEncryptionAvailable' });
    return this.available;
  }
  encryptString(plain: string): Buffer {
    this.calls.push({ method: 'encryptString' });
    if (!this.available) throw new Error('Encryption is not available.');
    const body = Buffer.from(plain, 'utf8').map((byte) => byte ^ 0x5a);
    return Buffer.concat([Buffer.from('v11'), body]);
  }
  decryptString(encrypted: Buffer): string {
    this.calls.push({ method: 'decryptString' });
    if (encrypted.subarray(0, 3).toString() !== 'v11') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(encrypted.subarray(3).map((byte) => byte ^ 0x5a)).toString('utf8');
  }
  getSelectedStorageBackend(): StorageBackend {
    return this.backend;
  }
  reset(): void {
    this.available = true;
    this.backend = 'gnome_libsecret';
    this.calls.length = 0;
  }
}

// ------------------------------------------------------------------ exports (Electron's names)

const fakeApp = new FakeApp();
const fakeIpcMain = new FakeIpcMain();
const fakeIpcRenderer = new FakeIpcRenderer();
const fakeContextBridge = new FakeContextBridge();
const fakeShell = new FakeShell();
const fakeDialog = new FakeDialog();
const fakeSafeStorage = new FakeSafeStorage();
const fakeSession = {
  get defaultSession(): FakeSession {
    return fakeSessionSingleton();
  },
};

export const app = fakeApp;
export const BrowserWindow = FakeBrowserWindow;
export const ipcMain = fakeIpcMain;
export const ipcRenderer = fakeIpcRenderer;
export const contextBridge = fakeContextBridge;
export const session = fakeSession;
/** Like Electron's `protocol`, the default session's protocol. */
export const protocol = fakeSessionSingleton().protocol;
export const shell = fakeShell;
export const dialog = fakeDialog;
export const safeStorage = fakeSafeStorage;

/** Handles for tests: the same objects as the Electron-named exports, with their concrete types. */
export const fakeElectron = {
  app: fakeApp,
  BrowserWindow: FakeBrowserWindow,
  ipcMain: fakeIpcMain,
  ipcRenderer: fakeIpcRenderer,
  contextBridge: fakeContextBridge,
  session: fakeSessionSingleton(),
  protocol: fakeSessionSingleton().protocol,
  shell: fakeShell,
  dialog: fakeDialog,
  safeStorage: fakeSafeStorage,
};

export function resetFakeElectron(): void {
  fakeApp.reset();
  fakeIpcMain.reset();
  fakeIpcRenderer.reset();
  fakeContextBridge.reset();
  fakeShell.reset();
  fakeDialog.reset();
  fakeSafeStorage.reset();
  fakeSessionSingleton().reset();
  FakeBrowserWindow.instances.length = 0;
}

export default {
  app,
  BrowserWindow,
  ipcMain,
  ipcRenderer,
  contextBridge,
  session,
  protocol,
  shell,
  dialog,
  safeStorage,
};
