/**
 * Electron main process: one hardened window wired to the backend service. Thin by design: the
 * engine does the work (src/engine), the service owns the state (src/engine/service), and this
 * folder only connects them to Electron (IPC, dialogs, power, quitting).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, type BrowserWindow } from 'electron';
import workerScript from '../engine/pool/worker-entry?modulePath';
import { createXmlPoolService, type XmlPoolService } from '../engine/service/xml-pool-service';
import type { IpcEventChannel, IpcEventMap } from '../shared/ipc';
import { desktopHandlers } from './desktop-handlers';
import { confirmQuitDuringJob } from './dialogs';
import { hardenApp, hardenSession } from './harden';
import { registerIpcHandlers } from './ipc-handlers';
import { createPowerSaveGuard } from './power-save';
import { contentSecurityPolicyFor, type RendererLocation } from './renderer-policy';
import { forkUtilityProcess } from './utility-spawner';
import { createMainWindow, loadRenderer } from './window';

const location: RendererLocation = {
  fileUrl: pathToFileURL(join(__dirname, '../renderer/index.html')).href,
  devServerUrl: !app.isPackaged ? (process.env.ELECTRON_RENDERER_URL ?? null) : null,
};

const policy = contentSecurityPolicyFor(location);

const QUIT_CLEANUP_TIMEOUT_MS = 5000;

let mainWindow: BrowserWindow | null = null;
let service: XmlPoolService | null = null;
/** The user agreed to cancel the running job, or no job was running. */
let quitConfirmed = false;
/** The quit confirmation dialog is showing. */
let asking = false;
let cleanedUp = false;

function send<E extends IpcEventChannel>(channel: E, payload: IpcEventMap[E]): void {
  if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(channel, payload);
}

/** True when quitting may go on now; otherwise asks once and quits if the user agrees. */
function mayQuit(): boolean {
  if (quitConfirmed || !service?.isRunning()) return true;
  if (!asking) {
    asking = true;
    void confirmQuitDuringJob(mainWindow)
      .then((agreed) => {
        if (agreed) {
          quitConfirmed = true;
          app.quit();
        }
      })
      .catch((error: unknown) => console.error('xmlpool: the quit dialog failed', error))
      .finally(() => {
        asking = false;
      });
  }
  return false;
}

async function start(): Promise<void> {
  await app.whenReady();
  hardenSession(policy);
  const window = createMainWindow();
  mainWindow = window;
  const backend = createXmlPoolService({
    workerScript,
    spawnProcess: forkUtilityProcess,
    tempRoot: app.getPath('temp'),
    mode: 'electron',
    onListenerError: (error) => console.error('xmlpool: a progress listener failed', error),
    // The HTML report's script and style are built beside the CLI (vite.report.config.ts).
    reportAssetsDir: join(__dirname, '../cli'),
  });
  service = backend;
  const keepAwake = createPowerSaveGuard();
  backend.onProgress((progress) => {
    keepAwake(progress);
    send('xmlpool:progress', progress);
  });
  backend.onResults((results) => send('xmlpool:results', results));
  backend.onTimeline((update) => send('xmlpool:timeline', update));
  registerIpcHandlers(desktopHandlers(backend, window), window, location);
  loadRenderer(window, location);

  window.on('close', (event) => {
    if (!mayQuit()) event.preventDefault();
  });
  window.on('closed', () => {
    mainWindow = null;
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  hardenApp(policy);
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('before-quit', (event) => {
    if (!mayQuit()) event.preventDefault();
  });
  app.on('window-all-closed', () => app.quit());
  // Cancel the job, stop the workers and remove temp folders before the process exits.
  app.on('will-quit', (event) => {
    if (cleanedUp || !service) return;
    event.preventDefault();
    // Quitting never waits on a stuck worker for long: the OS reclaims what is left.
    const timeout = new Promise((resolve) => setTimeout(resolve, QUIT_CLEANUP_TIMEOUT_MS));
    void Promise.race([service.dispose(), timeout])
      .catch((error: unknown) => console.error('xmlpool: cleanup failed', error))
      .finally(() => {
        cleanedUp = true;
        app.quit();
      });
  });
  start().catch((error: unknown) => {
    console.error('xmlpool: the app could not start', error);
    app.exit(1);
  });
}
