/**
 * The desktop app itself: launch, a validate run through the UI, and the window's security.
 * Runs where Electron's binary is installed (after `npm run build`); elsewhere it is skipped.
 * Native dialogs cannot be scripted, so the test replaces them in the main process with ones
 * that answer at once; everything else is the real app.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  type ElectronApplication,
  _electron as electron,
  expect,
  type Page,
  test,
} from '@playwright/test';

/**
 * The Electron binary, found the way its package does, but without `require('electron')`,
 * which would try to download it.
 */
function findElectron(): { binary: string } | { reason: string } {
  const pathFile = resolve('node_modules/electron/path.txt');
  if (!existsSync(pathFile)) return { reason: 'Electron binary not installed (no path.txt)' };
  const binary = resolve('node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { binary } : { reason: `Electron binary missing at ${binary}` };
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
  // Chromium refuses to start as root with its OS sandbox (CI containers); our renderer keeps
  // Electron's `sandbox: true` either way, which the security test checks.
  const rootFlags = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
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
    args: [resolve('.'), ...rootFlags],
    env,
  });
  page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
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
  await page.getByRole('radio', { name: 'Validate' }).check();
  await page.getByRole('button', { name: 'Start' }).click();

  await expect(page.getByTestId('job-state')).toHaveText('done', { timeout: 30_000 });
  await expect(page.getByTestId('ok-count')).toContainText('2');
  await expect(page.getByTestId('failed-count')).toContainText('1');
  const broken = page.locator('[data-testid="result-row"][data-file="broken.xml"]');
  await expect(broken).toHaveAttribute('data-status', 'failed');
  await expect(broken.getByTestId('result-error')).toHaveText(/^\d+:\d+ \S/);

  await page.getByRole('button', { name: 'Export CSV' }).click();
  await expect.poll(() => existsSync(report)).toBe(true);
  const rows = readFileSync(report, 'utf8').trim().split(/\r?\n/);
  expect(rows).toHaveLength(4);
  expect(rows.find((row) => row.includes('broken.xml'))).toContain(',false,');
});
