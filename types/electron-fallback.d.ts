/**
 * The part of Electron's API the desktop shell (src/main, src/preload) uses, for typechecking
 * where the `electron` package is not installed.
 *
 * Why: every supported Electron (43 and later) declares `engines: node >= 22.12`, while the
 * engine, CLI, browser mode and test suite run on Node 20.19 and later. So `electron` is an
 * optional dependency: npm installs it on Node 22.12 and later, and skips it, without a warning,
 * on Node 20 (where it could not fetch its runtime anyway). tsconfig's `paths` lists Electron's
 * own declarations first: where the package is installed they are used, and this file never is.
 *
 * Keep it a strict subset of Electron's declarations: add a member here only as the shell
 * starts using it, with Electron's own signature.
 */

export interface IpcRendererEvent {
  readonly sender: unknown;
}

export interface Event {
  preventDefault(): void;
}

interface WebFrameMain {
  readonly url: string;
  readonly parent: WebFrameMain | null;
}

export interface IpcMainInvokeEvent extends Event {
  readonly sender: WebContents;
  readonly senderFrame: WebFrameMain | null;
}

export interface WebContents {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  on(
    event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect',
    listener: (event: Event) => void,
  ): this;
  on(event: 'will-attach-webview', listener: (event: Event) => void): this;
  setWindowOpenHandler(
    handler: (details: unknown) => { action: 'deny' } | { action: 'allow' },
  ): void;
}

export interface WebPreferences {
  preload?: string;
  contextIsolation?: boolean;
  sandbox?: boolean;
  nodeIntegration?: boolean;
  nodeIntegrationInWorker?: boolean;
  nodeIntegrationInSubFrames?: boolean;
  webSecurity?: boolean;
  allowRunningInsecureContent?: boolean;
  experimentalFeatures?: boolean;
  webviewTag?: boolean;
  navigateOnDragDrop?: boolean;
  disableBlinkFeatures?: string;
  safeDialogs?: boolean;
  spellcheck?: boolean;
}

export interface BrowserWindowConstructorOptions {
  width?: number;
  height?: number;
  minWidth?: number;
  minHeight?: number;
  show?: boolean;
  title?: string;
  webPreferences?: WebPreferences;
}

export declare class BrowserWindow {
  constructor(options?: BrowserWindowConstructorOptions);
  static getAllWindows(): BrowserWindow[];
  readonly webContents: WebContents;
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  focus(): void;
  show(): void;
  loadURL(url: string): Promise<void>;
  loadFile(filePath: string): Promise<void>;
  on(event: 'close', listener: (event: Event) => void): this;
  on(event: 'closed', listener: () => void): this;
  once(event: 'ready-to-show', listener: () => void): this;
}

interface OnHeadersReceivedListenerDetails {
  responseHeaders?: Record<string, string[]>;
}

interface HeadersReceivedResponse {
  responseHeaders?: Record<string, string | string[]>;
}

export interface Session {
  setPermissionRequestHandler(
    handler: (
      webContents: WebContents,
      permission: string,
      callback: (permissionGranted: boolean) => void,
    ) => void,
  ): void;
  setPermissionCheckHandler(handler: () => boolean): void;
  setDevicePermissionHandler(handler: () => boolean): void;
  readonly webRequest: {
    onHeadersReceived(
      listener: (
        details: OnHeadersReceivedListenerDetails,
        callback: (response: HeadersReceivedResponse) => void,
      ) => void,
    ): void;
  };
}

export declare const session: { readonly defaultSession: Session };

export declare const app: {
  readonly isPackaged: boolean;
  whenReady(): Promise<void>;
  getPath(name: 'temp'): string;
  requestSingleInstanceLock(): boolean;
  quit(): void;
  exit(exitCode?: number): void;
  on(event: 'before-quit' | 'will-quit', listener: (event: Event) => void): unknown;
  on(event: 'second-instance' | 'window-all-closed', listener: () => void): unknown;
  on(
    event: 'web-contents-created',
    listener: (event: Event, webContents: WebContents) => void,
  ): unknown;
  on(event: 'session-created', listener: (session: Session) => void): unknown;
};

interface FileFilter {
  name: string;
  extensions: string[];
}

interface OpenDialogOptions {
  title?: string;
  buttonLabel?: string;
  filters?: FileFilter[];
  properties?: Array<'openFile' | 'openDirectory' | 'multiSelections' | 'createDirectory'>;
}

interface SaveDialogOptions {
  title?: string;
  defaultPath?: string;
  filters?: FileFilter[];
  properties?: Array<'createDirectory' | 'showOverwriteConfirmation'>;
}

interface MessageBoxOptions {
  message: string;
  type?: 'none' | 'info' | 'error' | 'question' | 'warning';
  title?: string;
  detail?: string;
  buttons?: string[];
  defaultId?: number;
  cancelId?: number;
  noLink?: boolean;
}

export declare const dialog: {
  showOpenDialog(
    window: BrowserWindow,
    options: OpenDialogOptions,
  ): Promise<{ canceled: boolean; filePaths: string[] }>;
  showSaveDialog(
    window: BrowserWindow,
    options: SaveDialogOptions,
  ): Promise<{ canceled: boolean; filePath?: string }>;
  showMessageBox(window: BrowserWindow, options: MessageBoxOptions): Promise<{ response: number }>;
  showMessageBox(options: MessageBoxOptions): Promise<{ response: number }>;
};

export declare const ipcMain: {
  handle(
    channel: string,
    listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown,
  ): void;
  removeHandler(channel: string): void;
};

interface UtilityProcess {
  postMessage(message: unknown): void;
  kill(): boolean;
  on(event: 'message', listener: (message: unknown) => void): this;
  on(event: 'error', listener: (...args: unknown[]) => void): this;
  once(event: 'exit', listener: (code: number) => void): this;
}

export declare const utilityProcess: {
  fork(
    modulePath: string,
    args?: string[],
    options?: {
      env?: NodeJS.ProcessEnv;
      execArgv?: string[];
      stdio?: 'inherit' | 'pipe' | 'ignore';
      serviceName?: string;
    },
  ): UtilityProcess;
};

export declare const powerSaveBlocker: {
  start(type: 'prevent-app-suspension' | 'prevent-display-sleep'): number;
  stop(id: number): boolean;
};

export declare const contextBridge: {
  exposeInMainWorld(apiKey: string, api: unknown): void;
};

export declare const ipcRenderer: {
  // Electron's answer is untyped (`any`); the caller names what it expects.
  invoke<T>(channel: string, ...args: unknown[]): Promise<T>;
  on(channel: string, listener: (event: IpcRendererEvent, ...args: never[]) => void): unknown;
  removeListener(channel: string, listener: (...args: never[]) => void): unknown;
};

export declare const webUtils: {
  getPathForFile(file: File): string;
};
