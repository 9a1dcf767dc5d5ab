/** Steps the specs share, written against the UI contract (accessible names and test ids). */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import type { DroppedFile } from './corpus';
import type { ServedApp } from './served-app';

/** Screenshots of the empty, running and finished states (git-ignored). */
export const ARTIFACTS_DIR = join(import.meta.dirname, '..', 'artifacts');

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`) });
}

/** Opens the printed URL; collects uncaught page errors into the returned array. */
export async function openApp(page: Page, app: ServedApp): Promise<string[]> {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(app.url);
  // The token went into a cookie and left the address bar.
  await expect(page).toHaveURL(`${app.origin}/`);
  await expect(page.getByRole('button', { name: 'Start' })).toBeVisible();
  return errors;
}

/**
 * Drops files on the window with a synthetic drag and drop: a DataTransfer built in the page
 * (real File objects), dispatched as dragenter, dragover and drop on the app.
 */
export async function dropFiles(page: Page, files: DroppedFile[]): Promise<void> {
  // A string expression: this file is type-checked without the DOM library.
  const dataTransfer = await page.evaluateHandle(`(() => {
    const transfer = new DataTransfer();
    for (const file of ${JSON.stringify(files)}) {
      transfer.items.add(new File([file.content], file.name, { type: 'text/xml', lastModified: 1700000000000 }));
    }
    return transfer;
  })()`);
  const target = page.locator('#root > *').first();
  await target.dispatchEvent('dragenter', { dataTransfer });
  await target.dispatchEvent('dragover', { dataTransfer });
  await expect(page.getByTestId('drop-overlay')).toBeVisible();
  await target.dispatchEvent('drop', { dataTransfer });
  await expect(page.getByTestId('drop-overlay')).toBeHidden();
}

/**
 * Adds a folder through "Add folder…": the client opens an `<input webkitdirectory>` and
 * Playwright answers the file chooser with a real directory. (A synthetic drop cannot carry a
 * folder: a script-built DataTransfer has no directory entries.)
 */
export async function addFolder(page: Page, folder: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Add folder…' }).click();
  await (await chooser).setFiles(folder);
}

/** Adds a folder and waits until all its `count` files are uploaded and listed. */
export async function addFolderOf(page: Page, folder: string, count: number): Promise<void> {
  await addFolder(page, folder);
  await expect(page.getByTestId('input-count')).toHaveText(new RegExp(`^${count} files`), {
    timeout: 60_000,
  });
}

/** Adds files through "Add files…": the client's hidden `<input type=file multiple>`. */
export async function addFiles(page: Page, paths: string[]): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Add files…' }).click();
  await (await chooser).setFiles(paths);
}

export async function setWorkers(page: Page, workers: number): Promise<void> {
  await page.getByLabel('Workers').fill(String(workers));
  await expect(page.getByTestId('workers-value')).toHaveText(String(workers));
}

export async function chooseTask(page: Page, task: 'Validate' | 'Stats' | 'Convert' | 'Extract') {
  await page.getByRole('radiogroup', { name: 'Task' }).getByRole('radio', { name: task }).check();
}

export async function countOf(page: Page, testId: 'ok-count' | 'failed-count'): Promise<number> {
  const text = (await page.getByTestId(testId).textContent()) ?? '';
  const digits = /\d+/.exec(text.replaceAll(/[,\s]/g, ''));
  return digits ? Number(digits[0]) : Number.NaN;
}

/** Clicks an export button and returns the downloaded file's name and bytes. */
export async function download(
  page: Page,
  button: string,
): Promise<{ name: string; body: Buffer }> {
  const started = page.waitForEvent('download');
  await page.getByRole('button', { name: button }).click();
  const file = await started;
  const stream = await file.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return { name: file.suggestedFilename(), body: Buffer.concat(chunks) };
}

/** RFC 4180 rows (quoted fields may hold commas, quotes and newlines). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i += 1) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}
