/**
 * The one application window, hardened: an isolated, sandboxed renderer without Node, which can
 * neither navigate, open windows, attach webviews, nor get any permission. App-wide guards for
 * every web contents (including ones we never create) are in harden.ts.
 */
import { join } from 'node:path';
import { BrowserWindow } from 'electron';
import type { RendererLocation } from './renderer-policy';

/** The window, not yet showing anything: see loadRenderer. */
export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    // The UI's smallest supported size (the e2e suite checks it at 800×600).
    minWidth: 800,
    minHeight: 600,
    show: false,
    title: 'xmlpool',
    webPreferences: {
      // electronegativity-justified: PRELOAD_JS_CHECK the preload exposes only the typed xmlpool API through contextBridge; it never exposes ipcRenderer or Node
      preload: join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  return window;
}

/**
 * Loads the renderer page: exactly the URL the IPC sender check trusts. Call it once the IPC
 * handlers are registered, so the page's first calls find them.
 */
export function loadRenderer(window: BrowserWindow, location: RendererLocation): void {
  const url = location.devServerUrl ?? location.fileUrl;
  window.loadURL(url).catch((error: unknown) => {
    console.error(`xmlpool: could not load ${url}`, error);
  });
}
