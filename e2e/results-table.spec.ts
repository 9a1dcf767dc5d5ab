/**
 * Results a user can work with: sort by a column, filter by text, statistics columns and a
 * summary during a stats run, Re-run failed, inputs grouped by folder and new ones in view.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { GATE_FILE_NAME } from '../src/engine/pool/test-faults';
import { expect, test } from './support/fixtures';
import { addFiles, addFolder, addFolderOf, chooseTask, openApp } from './support/ui';

async function shownFiles(page: Page): Promise<string[]> {
  return page
    .getByTestId('result-row')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-file') ?? ''));
}

async function start(page: Page, done = /done/i): Promise<void> {
  await expect(page.getByRole('button', { name: 'Start' })).toBeEnabled();
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('job-state')).toHaveText(done, { timeout: 30_000 });
}

test('sorts by a column, filters by text, and re-runs only the failed files', async ({
  page,
  app,
  corpus,
}) => {
  await openApp(page, app);
  await addFiles(page, corpus.droppedPaths);
  await addFolder(page, corpus.folder);
  const total = corpus.droppedPaths.length + corpus.folderFiles.length;
  await expect(page.getByTestId('input-count')).toHaveText(new RegExp(`^${total} files`));
  await start(page);
  await expect(page.getByTestId('result-row')).toHaveCount(total);

  const sizeHeader = page.getByRole('columnheader', { name: /Size/ });
  await sizeHeader.getByRole('button').click();
  await expect(sizeHeader).toHaveAttribute('aria-sort', 'ascending');
  const sizes = corpus.dropped.map((file) => ({ name: file.name, bytes: file.content.length }));
  const ascending = await shownFiles(page);
  const droppedOrder = ascending.filter((name) => sizes.some((file) => file.name === name));
  expect(droppedOrder).toEqual(
    [...sizes].sort((a, b) => a.bytes - b.bytes).map((file) => file.name),
  );
  await sizeHeader.getByRole('button').click();
  await expect(sizeHeader).toHaveAttribute('aria-sort', 'descending');
  // Ties keep their own order in either direction; the dropped files differ in size.
  const descending = (await shownFiles(page)).filter((name) =>
    sizes.some((file) => file.name === name),
  );
  expect(descending).toEqual([...droppedOrder].reverse());

  // The filter searches names (and errors), case-insensitively.
  const filter = page.getByRole('searchbox', { name: 'Filter results' });
  await filter.fill('NORTH/');
  await expect(page.getByTestId('result-row')).toHaveCount(2);
  await filter.fill('titel');
  expect(await shownFiles(page)).toEqual([corpus.malformed.name]);
  await filter.fill('');
  await expect(page.getByTestId('result-row')).toHaveCount(total);

  // Re-run failed: a job over the one broken file only; the others keep their status.
  await page.getByRole('button', { name: 'Re-run failed' }).click();
  await expect(page.getByTestId('job-state')).toHaveText(/done/i, { timeout: 30_000 });
  await expect(page.getByTestId('result-row')).toHaveCount(1);
  expect(await shownFiles(page)).toEqual([corpus.malformed.name]);
  const inputs = page.getByRole('region', { name: 'Inputs' });
  await expect(inputs.locator('[data-testid="input-row"][data-status="ok"]')).toHaveCount(
    total - 1,
  );
  // The sort chosen before the re-run still holds.
  await expect(sizeHeader).toHaveAttribute('aria-sort', 'descending');
});

test('a stats run shows statistics columns and a summary across the files', async ({
  page,
  app,
  corpus,
}) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openApp(page, app);
  await addFolderOf(page, corpus.folder, corpus.folderFiles.length);
  await chooseTask(page, 'Stats');
  await start(page);
  const headers = page.getByTestId('results-table').locator('thead th');
  await expect(headers).toHaveText([
    /Status/,
    /File/,
    /Size/,
    /Time/,
    /Elements/,
    /Attributes/,
    /Depth/,
    /Root/,
    /First error/,
  ]);
  // Every catalog has 4 books: title and price each, under the root.
  const first = page.getByTestId('result-row').first();
  await expect(first.locator('td.cell-root')).toHaveText('catalog');
  await expect(first.locator('td.cell-elements')).toHaveText('13');

  await page.getByRole('tab', { name: 'Summary' }).click();
  const summary = page.getByTestId('stats-summary');
  await expect(summary).toContainText('Elements');
  const elements = summary.getByRole('table', { name: 'Most frequent elements' });
  await expect(elements.locator('tbody tr').first()).toContainText('book');
  await expect(elements.locator('tbody tr').first()).toContainText(
    String(4 * corpus.folderFiles.length),
  );
  await expect(summary.getByRole('table', { name: 'Roots' })).toContainText('catalog');
});

test('groups the inputs by folder and brings files just added into view', async ({
  page,
  app,
  corpus,
}) => {
  const root = mkdtempSync(join(tmpdir(), 'xmlpool-e2e-groups-'));
  try {
    const many = join(root, 'many');
    mkdirSync(many);
    for (let i = 0; i < 80; i += 1) {
      writeFileSync(join(many, `doc-${String(i).padStart(2, '0')}.xml`), `<d n="${i}"/>`);
    }
    await openApp(page, app);
    await addFolder(page, many);
    const inputs = page.getByRole('region', { name: 'Inputs' });
    await expect(page.getByTestId('input-count')).toHaveText(/^80 files/);
    const headers = inputs.getByTestId('input-folder');
    await expect(headers.filter({ hasText: 'many/' })).toContainText('80 files');
    await addFolder(page, corpus.folder);
    await expect(page.getByTestId('input-count')).toHaveText(/^83 files/);
    // The new folder's header is scrolled into view, below 80 older files.
    const shelf = headers.filter({ has: page.locator('.folder-name', { hasText: /^shelf\/$/ }) });
    await expect(shelf).toBeInViewport();
    await expect(inputs.getByTestId('input-row').filter({ hasText: 'east.xml' })).toBeInViewport();
    // A folder folds to its header.
    await shelf.getByRole('button').click();
    await expect(inputs.getByTestId('input-row').filter({ hasText: 'east.xml' })).toHaveCount(0);
    await expect(shelf).toContainText('1 file');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('rows stay where they are while results arrive', async ({ page, app }) => {
  // Forty files run at once; twenty more (`__gate__`, a test fault) wait until the test opens
  // their gate, so results are still due after the rows are sorted, however fast the machine.
  // Sixty rows are more than the table shows, so it can scroll to keep a row in place.
  const root = mkdtempSync(join(tmpdir(), 'xmlpool-e2e-steady-'));
  try {
    const item = '<item id="1">text &amp; more</item>\n';
    for (let i = 0; i < 40; i++) {
      writeFileSync(join(root, `early-${i}.xml`), `<r>\n${item.repeat(1_000 + i * 50)}</r>\n`);
    }
    for (let i = 0; i < 20; i++) writeFileSync(join(root, `late-${i}__gate__.xml`), '<r/>');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await openApp(page, app);
    await addFolderOf(page, root, 60);
    await page.getByRole('button', { name: 'Start' }).click();
    await expect(page.getByTestId('ok-count')).toHaveText(/\b40\b/, { timeout: 30_000 });
    // Results reach the table in their own batches, after the progress that counts them.
    await expect(page.locator('.results-counts')).toHaveText(/^40 files/);
    // Sorted by time, new results land anywhere among the rows already shown.
    await page.getByRole('columnheader', { name: /Time/ }).getByRole('button').click();
    const chosen = page.getByTestId('result-row').nth(5);
    const file = await chosen.getAttribute('data-file');
    await chosen.click();
    const row = page.locator(`[data-testid="result-row"][data-file="${file}"]`);
    // Where the row sits in the table's scrolling box: the page around it may change as the run
    // ends (the timeline's summary, a notice), the row's place in the table must not.
    // Both read in one go in the page: the layout around may move between two separate reads.
    const placeInTable = (): Promise<number> =>
      row.evaluate(
        (el) =>
          el.getBoundingClientRect().top -
          (el.closest('.results-scroll')?.getBoundingClientRect().top ?? 0),
      );
    const before = await placeInTable();
    writeFileSync(join(app.tempDir, GATE_FILE_NAME), '');
    await expect(page.getByTestId('job-state')).toHaveText(/done/i, { timeout: 30_000 });
    await expect(page.getByTestId('ok-count')).toHaveText(/\b60\b/);
    expect(Math.abs((await placeInTable()) - before)).toBeLessThanOrEqual(1);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
