/**
 * The window at its smallest supported size, 800×600, and a large one, 1920×1080, in light and
 * dark: nothing scrolls sideways, the results table shows the columns that fit (File and First
 * error always), and none is cut off. Screenshots of each go to e2e/artifacts.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { addFiles, addFolder, openApp, saveScreenshot } from './support/ui';

/** The header texts of the results table's columns, and whether each is fully in view. */
async function visibleColumns(page: Page): Promise<{ label: string; inView: boolean }[]> {
  const scroll = await page.locator('.results-scroll').boundingBox();
  if (!scroll) throw new Error('no results table');
  const headers = page.getByTestId('results-table').locator('thead th');
  const columns: { label: string; inView: boolean }[] = [];
  for (const header of await headers.all()) {
    const box = await header.boundingBox();
    const label = ((await header.textContent()) ?? '').replace(/[▲▼]/g, '').trim();
    const inView =
      box !== null && box.x >= scroll.x - 1 && box.x + box.width <= scroll.x + scroll.width + 1;
    columns.push({ label, inView });
  }
  return columns;
}

async function pageScrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(
    '(() => document.documentElement.scrollWidth > document.documentElement.clientWidth)()',
  );
}

async function runValidate(page: Page, paths: string[], folder: string, total: number) {
  await addFiles(page, paths);
  await addFolder(page, folder);
  // Once every file is uploaded and listed (the folded rail shows the count too).
  await expect(page.getByRole('region', { name: 'Inputs' })).toContainText(
    new RegExp(`Inputs\\s*${total}\\b`),
  );
  await expect(page.getByRole('button', { name: 'Start' })).toBeEnabled();
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('job-state')).toHaveText(/done/i, { timeout: 30_000 });
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`800×600 (${colorScheme}): inputs folded, File and First error in view, details below`, async ({
    page,
    app,
    corpus,
  }) => {
    await page.emulateMedia({ colorScheme });
    await page.setViewportSize({ width: 800, height: 600 });
    await openApp(page, app);
    // Narrow: the Inputs panel starts as a rail, and opens on demand.
    const inputs = page.getByRole('region', { name: 'Inputs' });
    await expect(inputs.getByRole('button', { name: /Inputs/ })).toHaveAttribute(
      'aria-expanded',
      'false',
    );
    await runValidate(
      page,
      corpus.droppedPaths,
      corpus.folder,
      corpus.droppedPaths.length + corpus.folderFiles.length,
    );
    await page.locator(`[data-testid="result-row"][data-file="${corpus.malformed.name}"]`).click();
    await expect(page.getByTestId('details')).toContainText(`${corpus.malformed.line}`);

    expect(await pageScrollsSideways(page)).toBe(false);
    const columns = await visibleColumns(page);
    const labels = columns.map((column) => column.label);
    expect(labels).toContain('File');
    expect(labels).toContain('First error');
    for (const column of columns) expect(column, column.label).toMatchObject({ inView: true });
    // The table does not overflow its box either.
    const overflow = await page
      .locator('.results-scroll')
      .evaluate((box) => box.scrollWidth - box.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // The error itself is readable in the table.
    await expect(
      page
        .locator(`[data-testid="result-row"][data-file="${corpus.malformed.name}"]`)
        .getByTestId('result-error'),
    ).toBeVisible();
    // Details under the table, not squeezed beside it.
    const table = await page.locator('.results-scroll').boundingBox();
    const details = await page.getByTestId('details').boundingBox();
    expect(details?.y ?? 0).toBeGreaterThanOrEqual((table?.y ?? 0) + (table?.height ?? 0) - 1);
    // The export bar comes after the details, never over them or the table.
    const exportBar = await page.locator('.export-bar').boundingBox();
    expect(exportBar?.y ?? 0).toBeGreaterThanOrEqual((details?.y ?? 0) + (details?.height ?? 0));
    // Short: the timeline starts hidden, leaving its height to the results; Show brings it back.
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await expect(timeline.getByRole('button', { name: 'Show' })).toHaveAttribute(
      'aria-expanded',
      'false',
    );
    await saveScreenshot(page, `layout-800x600-${colorScheme}`);

    // Opened, the Inputs panel still leaves no sideways scrolling and both key columns.
    await inputs.getByRole('button', { name: /Inputs/ }).click();
    await expect(page.getByRole('button', { name: 'Hide the inputs' })).toBeVisible();
    expect(await pageScrollsSideways(page)).toBe(false);
    const narrower = (await visibleColumns(page)).map((column) => column.label);
    expect(narrower).toEqual(expect.arrayContaining(['File', 'First error']));
  });

  test(`1920×1080 (${colorScheme}): every column, details beside the table`, async ({
    page,
    app,
    corpus,
  }) => {
    await page.emulateMedia({ colorScheme });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await openApp(page, app);
    await expect(page.getByRole('button', { name: 'Hide the inputs' })).toBeVisible();
    await runValidate(
      page,
      corpus.droppedPaths,
      corpus.folder,
      corpus.droppedPaths.length + corpus.folderFiles.length,
    );
    await page.locator(`[data-testid="result-row"][data-file="${corpus.malformed.name}"]`).click();
    const columns = await visibleColumns(page);
    expect(columns.map((column) => column.label)).toEqual([
      'Status',
      'File',
      'Size',
      'Time',
      'Elements',
      'First error',
    ]);
    for (const column of columns) expect(column, column.label).toMatchObject({ inView: true });
    const table = await page.locator('.results-scroll').boundingBox();
    const details = await page.getByTestId('details').boundingBox();
    expect(details?.x ?? 0).toBeGreaterThan((table?.x ?? 0) + (table?.width ?? 0));
    await saveScreenshot(page, `layout-1920x1080-${colorScheme}`);
  });
}
