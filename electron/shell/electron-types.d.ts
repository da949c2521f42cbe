/**
 * A minimal ambient declaration of the Electron APIs the shell uses. The `electron` package is an
 * optional dependency that cannot be installed on every machine, so tsc cannot rely on its types;
 * this covers exactly what electron/shell touches, typed after Electron 45's own declarations.
 * On a machine where `electron` installs, delete this file: Electron ships its own ambient
 * `declare module 'electron'`, and the two would clash (duplicate declarations).
 */
declare module 'electron' {
  type Listener = (...args: never[]) => void;

  interface EventEmitterLike {
    on(event: string, listener: Listener): this;
    once(event: string, listener: Listener): this;
    removeListener(event: string, listener: Listener): this;
  }

  interface Event {
    preventDefault(): void;
    readonly defaultPrevented: boolean;
  }
  type EventWith<Params extends object> = Event & Params;

  // ---------------------------------------------------------------- app
  interface App extends EventEmitterLike {
    on(event: 'ready' | 'window-all-closed' | 'activate', listener: () => void): this;
    on(event: 'before-quit' | 'will-quit', listener: (event: Event) => void): this;
    on(event: 'second-instance', listener: (event: Event, argv: string[], workingDirectory: string) => void): this;
    on(event: 'web-contents-created', listener: (event: Event, contents: WebContents) => void): this;
    whenReady(): Promise<void>;
    isReady(): boolean;
    requestSingleInstanceLock(additionalData?: Record<string, unknown>): boolean;
    quit(): void;
    exit(exitCode?: number): void;
    getPath(name: 'home' | 'appData' | 'userData' | 'sessionData' | 'temp' | 'exe' | 'logs'): string;
    getVersion(): string;
    getAppPath(): string;
    enableSandbox(): void;
    readonly isPackaged: boolean;
  }
  const app: App;

  // ---------------------------------------------------------------- windows & web contents
  interface WebPreferences {
    preload?: string;
    contextIsolation?: boolean;
    sandbox?: boolean;
    nodeIntegration?: boolean;
    nodeIntegrationInWorker?: boolean;
    nodeIntegrationInSubFrames?: boolean;
    webSecurity?: boolean;
    allowRunningInsecureContent?: boolean;
    webviewTag?: boolean;
    spellcheck?: boolean;
    navigateOnDragDrop?: boolean;
    safeDialogs?: boolean;
    experimentalFeatures?: boolean;
    devTools?: boolean;
  }

  interface BrowserWindowConstructorOptions {
    width?: number;
    height?: number;
    minWidth?: number;
    minHeight?: number;
    title?: string;
    show?: boolean;
    backgroundColor?: string;
    autoHideMenuBar?: boolean;
    webPreferences?: WebPreferences;
  }

  class BrowserWindow implements EventEmitterLike {
    constructor(options?: BrowserWindowConstructorOptions);
    static getAllWindows(): BrowserWindow[];
    readonly webContents: WebContents;
    on(event: string, listener: Listener): this;
    once(event: 'ready-to-show' | 'closed', listener: () => void): this;
    once(event: string, listener: Listener): this;
    removeListener(event: string, listener: Listener): this;
    loadURL(url: string): Promise<void>;
    show(): void;
    focus(): void;
    restore(): void;
    isMinimized(): boolean;
    isDestroyed(): boolean;
  }

  interface WebFrameMain {
    readonly url: string;
    readonly origin: string;
    readonly parent: WebFrameMain | null;
    readonly top: WebFrameMain | null;
  }

  interface HandlerDetails {
    url: string;
    frameName: string;
    features: string;
    disposition: 'default' | 'foreground-tab' | 'background-tab' | 'new-window' | 'other';
  }
  type WindowOpenHandlerResponse = { action: 'deny' } | { action: 'allow'; overrideBrowserWindowOptions?: BrowserWindowConstructorOptions };

  interface NavigationParams {
    url: string;
    isSameDocument: boolean;
    isMainFrame: boolean;
  }

  interface WebContents extends EventEmitterLike {
    readonly id: number;
    readonly session: Session;
    readonly mainFrame: WebFrameMain;
    on(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', listener: (event: EventWith<NavigationParams>, url?: string) => void): this;
    on(event: 'will-attach-webview', listener: (event: Event, webPreferences: WebPreferences, params: Record<string, string>) => void): this;
    on(event: 'destroyed', listener: () => void): this;
    once(event: 'destroyed', listener: () => void): this;
    setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void;
    send(channel: string, ...args: unknown[]): void;
    getURL(): string;
    isDestroyed(): boolean;
  }

  // ---------------------------------------------------------------- IPC
  interface IpcMainInvokeEvent extends Event {
    readonly sender: WebContents;
    /** Null when the frame navigated or was destroyed before the message was handled. */
    readonly senderFrame: WebFrameMain | null;
  }
  interface IpcMain {
    handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
    removeHandler(channel: string): void;
  }
  const ipcMain: IpcMain;

  interface IpcRendererEvent extends Event {
    readonly sender: IpcRenderer;
  }
  interface IpcRenderer {
    invoke(channel: string, ...args: unknown[]): Promise<unknown>;
    on(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): this;
    removeListener(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): this;
  }
  const ipcRenderer: IpcRenderer;

  interface ContextBridge {
    exposeInMainWorld(apiKey: string, api: unknown): void;
  }
  const contextBridge: ContextBridge;

  // ---------------------------------------------------------------- session, protocol, shell
  interface CustomScheme {
    scheme: string;
    privileges?: {
      standard?: boolean;
      secure?: boolean;
      bypassCSP?: boolean;
      allowServiceWorkers?: boolean;
      supportFetchAPI?: boolean;
      corsEnabled?: boolean;
      stream?: boolean;
      codeCache?: boolean;
    };
  }
  interface Protocol {
    registerSchemesAsPrivileged(customSchemes: CustomScheme[]): void;
    handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
    unhandle(scheme: string): void;
    isProtocolHandled(scheme: string): boolean;
  }
  const protocol: Protocol;

  interface PermissionRequestDetails {
    requestingUrl?: string;
    isMainFrame?: boolean;
  }
  interface Session {
    readonly protocol: Protocol;
    setPermissionRequestHandler(
      handler:
        | ((webContents: WebContents, permission: string, callback: (granted: boolean) => void, details: PermissionRequestDetails) => void)
        | null,
    ): void;
    setPermissionCheckHandler(
      handler: ((webContents: WebContents | null, permission: string, requestingOrigin: string, details: PermissionRequestDetails) => boolean) | null,
    ): void;
  }
  const session: { readonly defaultSession: Session };

  interface Shell {
    openExternal(url: string, options?: { activate?: boolean }): Promise<void>;
  }
  const shell: Shell;

  interface SafeStorage {
    isEncryptionAvailable(): boolean;
    encryptString(plainText: string): Buffer;
    decryptString(encrypted: Buffer): string;
    /** Linux only. */
    getSelectedStorageBackend?(): 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown';
  }
  const safeStorage: SafeStorage;
}
