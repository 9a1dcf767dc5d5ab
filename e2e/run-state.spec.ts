/**
 * Numbers and state that stay true: lanes a shrink retired keep their counts, the lanes' header
 * after a run, Clear inputs, the last export's message, the Cancelled figure; upload progress in
 * bytes; the row tag hint and the warning of a row tag that matched nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { addFiles, addFolderOf, countOf, download, openApp, setWorkers } from './support/ui';

async function lanesDone(page: Page): Promise<number> {
  const texts = await page.getByTestId('worker-lane').locator('.lane-tasks').allTextContents();
  return texts.reduce((sum, text) => sum + Number(text.replace(/[^\d]/g, '')), 0);
}

test('a shrink keeps the retired lane and its counts; the state after the run is true', async ({
  page,
  app,
  bigCorpus,
}) => {
  await openApp(page, app);
  await addFolderOf(page, bigCorpus.folder, bigCorpus.files.length);
  await setWorkers(page, 2);
  await page.getByRole('button', { name: 'Start' }).click();
  const busy = page.locator('[data-testid="worker-lane"][data-state="busy"]');
  await expect(busy).toHaveCount(2, { timeout: 20_000 });
  await setWorkers(page, 1);
  const retired = page.locator('[data-testid="worker-lane"][data-state="retired"]');
  await expect(retired).toHaveCount(1, { timeout: 30_000 });
  await expect(retired.getByText('retired', { exact: true })).toBeVisible();
  await expect(page.getByTestId('lanes-summary')).toHaveText('1 live · target 1');

  // The Cancelled figure has its place from the start: cancelling moves nothing.
  const results = page.getByRole('region', { name: 'Results' });
  const before = await results.boundingBox();
  await expect.poll(() => countOf(page, 'ok-count'), { timeout: 30_000 }).toBeGreaterThan(2);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('job-state')).toHaveText(/cancelled/i, { timeout: 30_000 });
  expect((await results.boundingBox())?.y).toBe(before?.y);
  expect(Number(await page.getByTestId('cancelled-count').textContent())).toBeGreaterThan(0);

  // Every file a lane did is a file the job counts, retired lane included.
  const finished = (await countOf(page, 'ok-count')) + (await countOf(page, 'failed-count'));
  expect(await lanesDone(page)).toBe(finished);

  // After the run, the slider sets the next run's size and the header says so.
  await setWorkers(page, 2);
  await expect(page.getByTestId('lanes-summary')).toHaveText('last run: 2 workers · next: 2');

  // The last export's message goes with the next run.
  await download(page, 'Export JSON');
  await expect(page.getByTestId('export-outcome')).toHaveText(/^Downloaded /);
  await page.getByRole('button', { name: 'Clear inputs' }).click();
  await expect(page.getByTestId('job-state')).toHaveText(/idle/i);
  await expect(page.getByTestId('export-outcome')).toHaveText('');
});

test('a new run clears the message of the last export', async ({ page, app, corpus }) => {
  await openApp(page, app);
  await addFiles(page, corpus.droppedPaths);
  await expect(page.getByTestId('input-count')).toHaveText(
    new RegExp(`^${corpus.droppedPaths.length} files`),
  );
  const start = page.getByRole('button', { name: 'Start' });
  await expect(start).toBeEnabled();
  await start.click();
  await expect(page.getByTestId('job-state')).toHaveText(/done/i, { timeout: 30_000 });
  await download(page, 'Export CSV');
  await expect(page.getByTestId('export-outcome')).toHaveText(/^Downloaded .*\.csv$/);
  await start.click();
  await expect(page.getByTestId('job-state')).toHaveText(/done/i, { timeout: 30_000 });
  await expect(page.getByTestId('export-outcome')).toHaveText('');
});

test('shows an upload’s bytes as they go', async ({ page, app }) => {
  const folder = mkdtempSync(join(tmpdir(), 'xmlpool-e2e-upload-'));
  try {
    const big = join(folder, 'big.xml');
    const item = '<item>some text to upload</item>\n';
    writeFileSync(big, `<r>\n${item.repeat(Math.ceil((8 * 1024 * 1024) / item.length))}</r>\n`);
    await openApp(page, app);
    // Slow uploads down to 2 MB/s, so there is time to see them part way.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 2 * 1024 * 1024,
    });
    await addFiles(page, [big]);
    const strip = page.getByTestId('upload-progress');
    // Part of the file has gone, and the strip says how much.
    await expect(strip).toContainText(/Uploading 0 \/ 1 file · [1-9][\d.]* (kB|MB) \/ 8\.\d MB/, {
      timeout: 20_000,
    });
    await expect(page.getByTestId('input-count')).toHaveText(/^1 file/, { timeout: 30_000 });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('suggests a row tag for one big file, and warns when a row tag matches nothing', async ({
  page,
  app,
}) => {
  const folder = mkdtempSync(join(tmpdir(), 'xmlpool-e2e-rowtag-'));
  try {
    // Over 16 MiB, the size from which a file is split.
    const record = '<record id="1"><name>Item</name><value>42</value></record>\n';
    const big = join(folder, 'records.xml');
    writeFileSync(
      big,
      `<records>\n${record.repeat(Math.ceil((17 * 1024 * 1024) / record.length))}</records>\n`,
    );
    await openApp(page, app);
    await setWorkers(page, 2);
    await addFiles(page, [big]);
    const hint = page.getByTestId('row-tag-hint');
    await expect(hint).toBeVisible({ timeout: 30_000 });
    await expect(hint).toContainText('records.xml');
    await hint.getByRole('button', { name: 'Use row tag auto' }).click();
    await expect(page.getByLabel('Row tag')).toHaveValue('auto');
    await expect(hint).toBeHidden();

    await page.getByLabel('Row tag').fill('recrod');
    await page.getByRole('button', { name: 'Start' }).click();
    await expect(page.getByTestId('job-state')).toHaveText(/done/i, { timeout: 60_000 });
    const row = page.getByTestId('result-row');
    await expect(row).toHaveAttribute('data-status', 'ok');
    await expect(row.getByTestId('result-warning')).toContainText('no <recrod> element');
    await row.click();
    await expect(page.getByTestId('details-warnings')).toContainText('row-tag-unmatched');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
