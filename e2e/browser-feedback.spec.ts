/**
 * Browser mode tells the user what is going on where a desktop app would not need to: files
 * being uploaded before they are listed (with a way to stop it), and a server that went away.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UPLOAD_BATCH_PATH, UPLOAD_PATH } from '../src/shared/browser-protocol';
import { expect, test } from './support/fixtures';
import { addFiles, addFolder, openApp } from './support/ui';

test('shows upload progress while adding; Cancel adding lists nothing of it', async ({
  page,
  app,
  corpus,
}) => {
  await openApp(page, app);
  const count = page.getByTestId('input-count');
  const start = page.getByRole('button', { name: 'Start' });
  await addFiles(page, corpus.droppedPaths);
  await expect(count).toHaveText(new RegExp(`^${corpus.droppedPaths.length} files`));
  await expect(start).toBeEnabled();

  // Hold every upload at the network layer, so the add stays under way until the test says.
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  // Small files go in batches, big ones alone: hold both kinds of upload request.
  const isUpload = (url: URL) => url.pathname === UPLOAD_PATH || url.pathname === UPLOAD_BATCH_PATH;
  await page.route(isUpload, async (route) => {
    await held;
    await route.continue().catch(() => undefined);
  });
  await addFolder(page, corpus.folder);
  const strip = page.getByTestId('upload-progress');
  await expect(strip).toContainText(`Uploading 0 / ${corpus.folderFiles.length} files`);
  await expect(strip.getByRole('progressbar', { name: 'Upload progress' })).toBeVisible();
  // A run started now would leave out the folder being added.
  await expect(start).toBeDisabled();
  await strip.getByRole('button', { name: 'Cancel adding' }).click();
  await expect(strip).toBeHidden();
  await expect(page.getByTestId('notice')).toContainText('Adding cancelled');
  await expect(count).toHaveText(new RegExp(`^${corpus.droppedPaths.length} files`));
  await expect(start).toBeEnabled();

  // The same folder again, uploads flowing: all of it is listed, and the strip goes away.
  release();
  await page.unroute(isUpload);
  await addFolder(page, corpus.folder);
  const total = corpus.droppedPaths.length + corpus.folderFiles.length;
  await expect(count).toHaveText(new RegExp(`^${total} files`));
  await expect(strip).toBeHidden();
});

test('reports a file the server refuses; the files picked with it are still added', async ({
  page,
  app,
}) => {
  const folder = mkdtempSync(join(tmpdir(), 'xmlpool-e2e-refused-'));
  try {
    // The server refuses ':' in a path segment (a drive letter or stream name elsewhere).
    const names = ['one.xml', 'bad:name.xml', 'three.xml', 'four.xml'];
    for (const name of names) writeFileSync(join(folder, name), '<ok/>\n');
    await openApp(page, app);
    await addFiles(
      page,
      names.map((name) => join(folder, name)),
    );
    // They travel in one request; it is refused as a whole, then each file is tried alone.
    await expect(page.getByTestId('input-count')).toHaveText(/^3 files/);
    await expect(page.getByTestId('notice')).toContainText('bad:name.xml: upload failed');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('says so when the server is stopped while the page is open', async ({ page, app }) => {
  await openApp(page, app);
  // Connected (buttons enable once the backend answered), so the banner is about losing it.
  await expect(page.getByRole('button', { name: 'Add files…' })).toBeEnabled();
  await expect(page.getByTestId('connection-lost')).toHaveCount(0);
  expect(await app.stop()).toBe(0);
  await expect(page.getByTestId('connection-lost')).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId('connection-lost')).toContainText('xmlpool serve');
});
