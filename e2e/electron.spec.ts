/**
 * The desktop app itself: launch, a validate run through the UI, and the window's security.
 * Runs where Electron's binary is installed (after `npm run build`); elsewhere it is skipped.
 * Native dialogs cannot be scripted, so the test replaces them in the main process with ones
 * that answer at once; everything else is the real app.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import {
  type ElectronApplication,
  _electron as electron,
  expect,
  type Page,
  test,
} from '@playwright/test';
import { chooseTask, countOf, parseCsv } from './support/ui';

/**
 * The Electron binary, found the way its package does (path.txt, or ELECTRON_OVERRIDE_DIST_PATH
 * for a separately installed Electron), but without `require('electron')`, which would try to
 * download it. Linux also needs a display (use xvfb-run on a headless machine).
 */
function findElectron(): { binary: string } | { reason: string } {
  // An optional dependency: npm installs it on Node 22.12 and later only (Electron's engines).
  if (
    !existsSync(resolve('node_modules/electron/package.json')) &&
    !process.env.ELECTRON_OVERRIDE_DIST_PATH
  ) {
    return {
      reason: 'the electron package is not installed (npm installs it on Node 22.12 or later)',
    };
  }
  const pathFile = resolve('node_modules/electron/path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const overrideDir = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (executable === null && !overrideDir) {
    return { reason: 'Electron binary not installed (no path.txt)' };
  }
  const binary = overrideDir
    ? join(overrideDir, executable ?? 'electron')
    : resolve('node_modules/electron/dist', executable ?? '');
  if (!existsSync(binary)) return { reason: `Electron binary missing at ${binary}` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'no X or Wayland display for Electron (run the tests under xvfb-run)' };
  }
  return { binary };
}

const electronFound = findElectron();
test.skip('reason' in electronFound, 'reason' in electronFound ? electronFound.reason : '');

let app: ElectronApplication;
let page: Page;
let dir: string;

test.beforeAll(async () => {
  if (!('binary' in electronFound)) return;
  if (!existsSync('out/main/index.js')) throw new Error('build the app first: npm run build');
  dir = mkdtempSync(join(tmpdir(), 'xmlpool-electron-e2e-'));
  // Not the dev server, and not Electron-as-plain-Node, whatever the caller's shell says.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined &&
        entry[0] !== 'ELECTRON_RENDERER_URL' &&
        entry[0] !== 'ELECTRON_RUN_AS_NODE',
    ),
  );
  app = await electron.launch({
    executablePath: electronFound.binary,
    // The project folder: Electron starts package.json's main (out/main/index.js), as `npm start`
    // does. A fresh profile keeps the user's settings out, and the single-instance lock (held in
    // the profile) free of any xmlpool the user has open. On Linux Playwright adds --no-sandbox
    // (Chromium's OS sandbox needs a setuid helper or user namespaces); the renderer still runs
    // with Electron's `sandbox: true`, which the security test checks.
    args: [resolve('.'), `--user-data-dir=${join(dir, 'profile')}`],
    env,
  });
  page = await app.firstWindow();
  // Playwright attaches to a running app: the window may still be on its first, empty document.
  await page.waitForURL(/\/out\/renderer\/index\.html$/);
  await expect(page.getByRole('button', { name: 'Start' })).toBeVisible();
});

test.afterAll(async () => {
  await app?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the window is isolated, sandboxed and without Node', async () => {
  const settings = await app.evaluate(({ BrowserWindow }) => {
    const windows = BrowserWindow.getAllWindows();
    const contents = windows[0]?.webContents;
    // Electron's accessor for the preferences the page runs with (missing from its typings).
    const read: unknown = contents && Reflect.get(contents, 'getLastWebPreferences');
    const preferences: unknown = typeof read === 'function' ? read.call(contents) : null;
    const get = (key: string): unknown =>
      typeof preferences === 'object' && preferences !== null
        ? Reflect.get(preferences, key)
        : 'unreadable';
    return {
      windows: windows.length,
      contextIsolation: get('contextIsolation'),
      sandbox: get('sandbox'),
      nodeIntegration: get('nodeIntegration'),
      webSecurity: get('webSecurity'),
    };
  });
  expect(settings).toEqual({
    windows: 1,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: true,
  });

  // Page-side code as strings: this file is typechecked without the DOM library.
  const pageGlobals = await page.evaluate(`({
    require: typeof require,
    process: typeof process,
    xmlpool: typeof window.xmlpool,
    ipcRenderer: 'ipcRenderer' in window.xmlpool,
  })`);
  expect(pageGlobals).toEqual({
    require: 'undefined',
    process: 'undefined',
    xmlpool: 'object',
    ipcRenderer: false,
  });

  // The built page carries the strict CSP, and the session grants no permission.
  expect(
    await page.evaluate(
      `document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? ''`,
    ),
  ).toContain("script-src 'self'");
  expect(await page.evaluate('Notification.requestPermission()')).toBe('denied');

  expect(await page.evaluate("window.open('https://example.com/') === null")).toBe(true);
  const url = page.url();
  await page.evaluate("window.location.href = 'https://example.com/'");
  // A navigation that had started would have replaced the page by now.
  await page.waitForTimeout(1000);
  expect(page.url()).toBe(url);
  expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
});

test('a validate run reports the malformed file and exports a CSV report', async () => {
  const files = [
    ['good-1.xml', '<catalog><book id="1"/></catalog>'],
    ['good-2.xml', '<catalog><book id="2"/></catalog>'],
    ['broken.xml', '<catalog>\n  <book>\n</catalog>\n'],
  ].map(([name = '', text = '']) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  });
  const report = join(dir, 'report.csv');
  // The dialogs answer with our files and report path, as a user would.
  await app.evaluate(
    ({ dialog }, answers) => {
      dialog.showOpenDialog = async () => ({ canceled: false, filePaths: answers.files });
      dialog.showSaveDialog = async () => ({ canceled: false, filePath: answers.report });
    },
    { files, report },
  );

  await page.getByRole('button', { name: 'Add files…' }).click();
  await expect(page.getByTestId('input-row')).toHaveCount(3);
  await chooseTask(page, 'Validate');
  // Worker processes are Electron utility processes: the part of the wiring only this suite runs.
  await page
    .getByRole('radiogroup', { name: 'Backend' })
    .getByRole('radio', { name: 'Processes' })
    .check();
  await page.getByRole('button', { name: 'Start' }).click();

  await expect(page.getByTestId('job-state')).toHaveText('done', { timeout: 30_000 });
  expect(await countOf(page, 'ok-count')).toBe(2);
  expect(await countOf(page, 'failed-count')).toBe(1);
  const broken = page.locator('[data-testid="result-row"][data-file="broken.xml"]');
  await expect(broken).toHaveAttribute('data-status', 'failed');
  await expect(broken.getByTestId('result-error')).toHaveText(/^\d+:\d+ \S/);

  await page.getByRole('button', { name: 'Export CSV' }).click();
  await expect.poll(() => existsSync(report)).toBe(true);
  const [header, ...rows] = parseCsv(readFileSync(report, 'utf8'));
  expect(header?.slice(0, 2)).toEqual(['file', 'ok']);
  expect(rows.map((row) => [basename(row[0] ?? ''), row[1]]).sort()).toEqual([
    ['broken.xml', 'false'],
    ['good-1.xml', 'true'],
    ['good-2.xml', 'true'],
  ]);
});
