/**
 * The extract task in browser mode, end to end: pick Extract, see the columns inferred from the
 * first inputs, edit one (name, path, type) and see the preview of the first rows follow, reload
 * and find the edits kept with the job settings, run while one file is held back (so the row
 * count is seen growing, not only at the end), download the table and check every row against
 * the values the documents were generated from.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { GATE_FILE_NAME } from '../src/engine/pool/test-faults';
import { expect, test } from './support/fixtures';
import {
  addFiles,
  addFolderOf,
  chooseTask,
  download,
  openApp,
  parseCsv,
  saveScreenshot,
} from './support/ui';

interface Book {
  id: number;
  title: string;
  author: string;
  born: number;
  price: string;
  currency: string;
  tags: string[];
}

/** Titles that need CSV quoting, an entity, and one the formula guard must defuse. */
const TITLES = [
  'Dune',
  'War, and Peace',
  'The "Hobbit"',
  'Salt & Pepper',
  '=SUM(1,2)',
  'Line one\nline two',
  'Ulysses',
];
const PRICES = ['12.5', '7', '0.99', '30', '4.25', '18', '9.5'];

function books(from: number, count: number): Book[] {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return {
      id: n + 1,
      title: TITLES[n % TITLES.length] ?? '',
      author: `Author ${n + 1}`,
      born: 1900 + n * 7,
      price: PRICES[n % PRICES.length] ?? '',
      currency: n % 2 === 0 ? 'EUR' : 'USD',
      tags: n % 3 === 0 ? ['new'] : ['classic', `shelf-${n}`],
    };
  });
}

function escapeText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;');
}

function catalog(records: Book[]): string {
  const body = records
    .map(
      (b) =>
        `  <book id="${b.id}">\n    <title>${escapeText(b.title)}</title>\n` +
        `    <author born="${b.born}">${b.author}</author>\n` +
        `    <price currency="${b.currency}">${b.price}</price>\n` +
        `    <tags>${b.tags.map((t) => `<tag>${t}</tag>`).join('')}</tags>\n  </book>\n`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<catalog>\n${body}</catalog>\n`;
}

/** The formula guard's rule (README): a text cell starting with = + - @ gets a leading '. */
function guarded(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** The CSV row the edited columns give for a book (see the edits in the test). */
function expectedRow(b: Book): string[] {
  return [
    String(b.id),
    guarded(b.title),
    String(b.born),
    String(b.born),
    // The price column was changed to int: a decimal does not convert and is left empty.
    /^\d+$/.test(b.price) ? b.price : '',
    b.currency,
    b.tags.join('|'),
  ];
}

const FIRST = books(0, 3);
const SECOND = books(3, 2);
const HELD = books(5, 2);

let dir = '';

test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmlpool-e2e-extract-'));
  writeFileSync(join(dir, 'a.xml'), catalog(FIRST));
  writeFileSync(join(dir, 'b.xml'), catalog(SECOND));
  // `__gate__` (a test fault): this file waits until the test opens its gate.
  writeFileSync(join(dir, 'c__gate__.xml'), catalog(HELD));
});

test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

const editor = (page: Page) => page.getByRole('table', { name: 'Columns' });
const preview = (page: Page) => page.getByTestId('extract-preview');

test('extracts a table: inferred columns, edits, live preview, row count, download', async ({
  page,
  app,
}) => {
  const errors = await openApp(page, app);
  await addFolderOf(page, dir, 3);
  await chooseTask(page, 'Extract');

  // Inference on the first input fills the editor: dotted names, narrowest types, one list.
  const inferred = [
    'id',
    'title',
    'author',
    'author.@born',
    'price',
    'price.@currency',
    'tags.tag',
  ];
  await expect(editor(page).locator('tbody tr')).toHaveCount(inferred.length);
  for (const [i, name] of inferred.entries()) {
    await expect(page.getByLabel(`Column ${i + 1} name`)).toHaveValue(name);
  }
  await expect(page.getByLabel('Column 1 type')).toHaveValue('int');
  await expect(page.getByLabel('Column 4 path')).toHaveValue('author/@born');
  await expect(page.getByLabel('Column 4 type')).toHaveValue('int');
  await expect(page.getByLabel('Column 5 type')).toHaveValue('number');
  await expect(page.getByLabel('Column 7 path')).toHaveValue('tags/tag');
  await expect(page.getByLabel('Column 7 is a list')).toBeChecked();

  // The preview shows the table's first rows with those columns: every input's, in input order,
  // as the table will hold them (the three files have fewer than its 20 rows).
  const all = [...FIRST, ...SECOND, ...HELD];
  const previewRows = preview(page).locator('tbody tr');
  await expect(previewRows).toHaveCount(all.length);
  await expect(previewRows.first().locator('td').nth(4)).toHaveText(FIRST[0]?.price ?? '');
  await expect(previewRows.nth(FIRST.length).locator('td').first()).toHaveText(
    String(SECOND[0]?.id),
  );
  await expect(previewRows.last().locator('td').first()).toHaveText(String(HELD.at(-1)?.id));

  // Edit: a column's name; another's name, path and type; a type that no longer fits a value.
  await page.getByLabel('Column 2 name').fill('book_title');
  await page.getByLabel('Column 3 name').fill('born');
  await page.getByLabel('Column 3 path').fill('author/@born');
  await page.getByLabel('Column 3 type').selectOption('int');
  await page.getByLabel('Column 5 type').selectOption('int');

  // The columns as edited: the preview's header and, later, the table's.
  const edited = [
    'id',
    'book_title',
    'born',
    'author.@born',
    'price',
    'price.@currency',
    'tags.tag',
  ];
  const header = preview(page).locator('thead th');
  await expect(header).toHaveText(edited);
  const firstRow = preview(page).locator('tbody tr').first().locator('td');
  await expect(firstRow.nth(2)).toHaveText(String(FIRST[0]?.born));
  // 12.5 is not an int: empty in the preview, as in the table (--on-bad-value null).
  await expect(firstRow.nth(4)).toHaveText('');
  await expect(firstRow.nth(6)).toHaveText(FIRST[0]?.tags.join('|') ?? '');

  // The column spec is kept with the job settings: a reload finds the edits, not a new inference.
  await page.reload();
  await expect(page.getByRole('button', { name: 'Start' })).toBeVisible();
  await expect(
    page.getByRole('radiogroup', { name: 'Task' }).getByRole('radio', { name: 'Extract' }),
  ).toBeChecked();
  await expect(page.getByLabel('Column 2 name')).toHaveValue('book_title');
  await expect(page.getByLabel('Column 3 path')).toHaveValue('author/@born');
  await expect(page.getByLabel('Column 3 type')).toHaveValue('int');
  await expect(page.getByLabel('Column 5 type')).toHaveValue('int');
  await expect(header.nth(1)).toHaveText('book_title');
  await saveScreenshot(page, 'extract-columns');

  // Run: a.xml and b.xml finish while c__gate__.xml waits, so the row count is seen mid-run.
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('ok-count')).toHaveText(/\b2\b/, { timeout: 30_000 });
  await expect(page.getByTestId('rows-count')).toHaveText(String(FIRST.length + SECOND.length));
  await expect(page.getByTestId('job-state')).toHaveText(/running/i);
  writeFileSync(join(app.tempDir, GATE_FILE_NAME), '');
  await expect(page.getByTestId('job-state')).toHaveText(/done/i, { timeout: 30_000 });
  await expect(page.getByTestId('rows-count')).toHaveText(String(all.length));

  const table = await download(page, 'Save table…');
  expect(table.name).toMatch(/^xmlpool-table-.*\.csv$/);
  const [head, ...rows] = parseCsv(table.body.toString('utf8'));
  expect(head).toEqual(edited);
  // Input order, then document order.
  expect(rows).toEqual(all.map(expectedRow));
  expect(errors).toEqual([]);
});

test('at 800×600 a wide record keeps the column editor in view; the preview scrolls', async ({
  page,
  app,
}) => {
  // A record with many long fields: its preview row is far wider than the window.
  const fields = Array.from(
    { length: 12 },
    (_, i) => `<field_number_${i}>${'value '.repeat(8)}${i}</field_number_${i}>`,
  );
  writeFileSync(join(dir, 'wide.xml'), `<rows><row>${fields.join('')}</row></rows>`);
  await page.setViewportSize({ width: 800, height: 600 });
  await openApp(page, app);
  await addFiles(page, [join(dir, 'wide.xml')]);
  // The Inputs panel is folded at this size; its rail shows the count.
  await expect(page.getByRole('region', { name: 'Inputs' })).toContainText(/Inputs\s*1\b/);
  await chooseTask(page, 'Extract');
  await expect(preview(page).locator('tbody tr')).toHaveCount(1);
  const panel = await page.getByRole('group', { name: 'Extract options' }).boundingBox();
  if (!panel) throw new Error('no extract options');
  // Every field of a column's row is inside the panel, none cut off at its right edge.
  for (const label of ['Column 1 name', 'Column 1 path', 'Column 1 type', 'Remove column 1']) {
    const box = await page.getByLabel(label, { exact: true }).boundingBox();
    expect(box && box.x + box.width <= panel.x + panel.width + 1, label).toBe(true);
  }
  // The preview's table is wider than its box, which stays inside the panel (and scrolls).
  const table = await preview(page).boundingBox();
  const box = await page.locator('.extract-preview').boundingBox();
  expect(box && table && box.x + box.width <= panel.x + panel.width + 1).toBe(true);
  expect(box && table && table.width > box.width).toBe(true);
  await saveScreenshot(page, 'extract-800x600');
});
