/**
 * Browser mode end to end: `xmlpool serve`, the built renderer in Chromium, real files uploaded
 * through the browser, the real engine. Selectors follow the UI contract (accessible names and
 * test ids shared with the renderer).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UPLOAD_BATCH_PATH, UPLOAD_PATH } from '../src/shared/browser-protocol';
import type { FileResult } from '../src/shared/results';
import { expect, test } from './support/fixtures';
import { readZip } from './support/read-zip';
import {
  addFiles,
  addFolder,
  addFolderOf,
  chooseTask,
  countOf,
  download,
  dropFiles,
  openApp,
  parseCsv,
  saveScreenshot,
  setWorkers,
} from './support/ui';

test('validates dropped files and a folder, shows the malformed one, exports CSV and JSON', async ({
  page,
  app,
  corpus,
}) => {
  const errors = await openApp(page, app);
  await expect(page.getByTestId('job-state')).toHaveText(/idle/i);
  await saveScreenshot(page, 'empty');

  await dropFiles(page, corpus.dropped);
  const inputs = page.getByRole('region', { name: 'Inputs' });
  await expect(inputs.getByTestId('input-row')).toHaveCount(corpus.dropped.length);
  await addFolder(page, corpus.folder);
  const total = corpus.dropped.length + corpus.folderFiles.length;
  await expect(inputs.getByTestId('input-row')).toHaveCount(total);
  await expect(page.getByTestId('input-count')).toHaveText(new RegExp(`^${total} files`));
  // The same files dropped again are duplicates: nothing new is listed.
  await dropFiles(page, corpus.dropped);
  await expect(page.getByTestId('input-count')).toHaveText(new RegExp(`^${total} files`));

  await chooseTask(page, 'Validate');
  await setWorkers(page, 2);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('job-state')).toHaveText(/done/i, { timeout: 30_000 });
  expect(await countOf(page, 'ok-count')).toBe(total - 1);
  expect(await countOf(page, 'failed-count')).toBe(1);

  const results = page.getByRole('region', { name: 'Results' });
  await expect(results.getByTestId('result-row')).toHaveCount(total);
  const broken = results.locator(
    `[data-testid="result-row"][data-file$="${corpus.malformed.name}"]`,
  );
  await expect(broken).toHaveAttribute('data-status', 'failed');
  await expect(broken.getByTestId('result-error')).toHaveText(
    new RegExp(`^${corpus.malformed.line}:\\d+ \\S`),
  );
  await page.getByRole('checkbox', { name: 'Failed only' }).check();
  await expect(results.getByTestId('result-row')).toHaveCount(1);
  await broken.click();
  await expect(page.getByTestId('details')).toContainText(`${corpus.malformed.line}:`);
  await page.getByRole('checkbox', { name: 'Failed only' }).uncheck();
  await saveScreenshot(page, 'finished');

  const csv = await download(page, 'Export CSV');
  expect(csv.name).toMatch(/\.csv$/);
  const [header, ...rows] = parseCsv(csv.body.toString('utf8'));
  expect(header).toEqual([
    'file',
    'ok',
    'bytes',
    'elements',
    'error_line',
    'error_column',
    'error_message',
  ]);
  expect(rows).toHaveLength(total);
  // Reports name an uploaded file by the path the user dropped, not the server's temp copy.
  const brokenRow = rows.find((row) => row[0] === corpus.malformed.name);
  expect(brokenRow?.[1]).toBe('false');
  expect(brokenRow?.[4]).toBe(String(corpus.malformed.line));
  expect(Number(brokenRow?.[5])).toBeGreaterThan(0);
  expect(rows.filter((row) => row[1] === 'true')).toHaveLength(total - 1);

  const json = await download(page, 'Export JSON');
  expect(json.name).toMatch(/\.json$/);
  const report = JSON.parse(json.body.toString('utf8')) as FileResult[];
  expect(report).toHaveLength(total);
  const names = report.map((result) => result.file.split('/').slice(-1)[0]).sort();
  const expectedNames = [
    ...corpus.dropped.map((file) => file.name),
    ...corpus.folderFiles.map((file) => file.split('/').slice(-1)[0]),
  ].sort();
  expect(names).toEqual(expectedNames);
  const brokenResult = report.find((result) => result.file === corpus.malformed.name);
  expect(brokenResult?.ok).toBe(false);
  expect(brokenResult?.errors[0]?.kind).toBe('syntax');
  expect(brokenResult?.errors[0]?.line).toBe(corpus.malformed.line);
  expect(errors).toEqual([]);
});

test('runs on two workers, resizes live, and keeps finished results when cancelled', async ({
  page,
  app,
  bigCorpus,
}) => {
  await openApp(page, app);
  await addFolderOf(page, bigCorpus.folder, bigCorpus.files.length);
  await chooseTask(page, 'Validate');
  await setWorkers(page, 2);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('job-state')).toHaveText(/running/i);

  // Two lanes busy at once, each naming the file it works on.
  const busy = page.locator('[data-testid="worker-lane"][data-state="busy"]');
  await expect(busy).toHaveCount(2, { timeout: 20_000 });
  for (const lane of await busy.all()) await expect(lane).toContainText(/part-\d+\.xml/);
  await saveScreenshot(page, 'running');

  // Down to one worker while the job runs: the pool retires a worker after its task.
  await setWorkers(page, 1);
  await expect(busy).toHaveCount(1, { timeout: 20_000 });
  await expect(page.getByTestId('job-state')).toHaveText(/running/i);

  // Cancel once some files are finished: those results stay.
  await expect.poll(() => countOf(page, 'ok-count'), { timeout: 30_000 }).toBeGreaterThan(1);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('job-state')).toHaveText(/cancelled/i, { timeout: 30_000 });
  const ok = await countOf(page, 'ok-count');
  expect(ok).toBeGreaterThan(1);
  expect(ok).toBeLessThan(bigCorpus.files.length);
  const results = page.getByRole('region', { name: 'Results' });
  await expect(
    results.locator('[data-testid="result-row"][data-status="ok"]').first(),
  ).toBeVisible();
  // The files the cancel stopped or skipped were not run: cancelled, not failed.
  expect(await countOf(page, 'failed-count')).toBe(0);
  await expect(results).toContainText(`${bigCorpus.files.length - ok} cancelled`);
  await page.getByRole('checkbox', { name: 'Failed only' }).check();
  await expect(results.getByTestId('result-row')).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'Failed only' }).uncheck();

  // The report of the cancelled job still holds every finished file as ok.
  const json = await download(page, 'Export JSON');
  const report = JSON.parse(json.body.toString('utf8')) as FileResult[];
  expect(report.filter((result) => result.ok)).toHaveLength(ok);
});

test('converts to JSON and downloads the outputs as a zip keeping folder structure', async ({
  page,
  app,
  corpus,
}) => {
  await openApp(page, app);
  const valid = corpus.droppedPaths.filter((path) => !path.endsWith(`/${corpus.malformed.name}`));
  await addFiles(page, valid);
  await addFolder(page, corpus.folder);
  await chooseTask(page, 'Convert');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('job-state')).toHaveText(/done/i, { timeout: 30_000 });
  const total = valid.length + corpus.folderFiles.length;
  expect(await countOf(page, 'ok-count')).toBe(total);

  const zip = await download(page, 'Download outputs (.zip)');
  expect(zip.name).toMatch(/\.zip$/);
  const entries = readZip(zip.body);
  const paths = [...entries.keys()];
  expect(paths).toHaveLength(total);
  for (const path of paths) expect(path).toMatch(/\.json$/);
  // Folder structure is kept: the nested file sits under its sub-folders.
  expect(paths.some((path) => path.endsWith('north/deeper/b.json'))).toBe(true);
  const alpha = paths.find((path) => path.endsWith('alpha.json'));
  const document = JSON.parse(entries.get(alpha ?? '')?.toString('utf8') ?? 'null') as {
    catalog?: { book?: { title?: unknown }[] };
  };
  expect(document.catalog?.book?.map((book) => book.title)).toEqual([
    'Volume 1',
    'Volume 2',
    'Volume 3',
  ]);
});

test('adds a folder of hundreds of small files in a few requests and lists every one', async ({
  page,
  app,
}) => {
  const count = 300;
  const folder = join(mkdtempSync(join(tmpdir(), 'xmlpool-e2e-many-')), 'many');
  try {
    for (let i = 0; i < count; i += 1) {
      const dir = join(folder, `group-${i % 7}`, i % 2 === 0 ? 'even' : 'odd');
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, `item-${i}.xml`),
        `<item id="${i}">${'<v>x</v>'.repeat(100)}</item>\n`,
      );
    }
    await openApp(page, app);
    const uploads: string[] = [];
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (pathname === UPLOAD_PATH || pathname === UPLOAD_BATCH_PATH) uploads.push(pathname);
    });
    await addFolder(page, folder);
    await expect(page.getByTestId('input-count')).toHaveText(new RegExp(`^${count} files`));
    // About a kilobyte each: 64 to a request, none on its own.
    expect(uploads).toEqual(Array(Math.ceil(count / 64)).fill(UPLOAD_BATCH_PATH));

    await chooseTask(page, 'Validate');
    await page.getByRole('button', { name: 'Start' }).click();
    await expect(page.getByTestId('job-state')).toHaveText(/done/i, { timeout: 30_000 });
    expect(await countOf(page, 'ok-count')).toBe(count);
  } finally {
    rmSync(join(folder, '..'), { recursive: true, force: true });
  }
});
