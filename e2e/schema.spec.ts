/**
 * Schema validation in browser mode, end to end: choose a schema by uploading its folder (its
 * include comes along), run, group the errors, filter by one group, open a file's errors with
 * their source lines and carets, export a CSV with one row per error; and a dropped .xsd
 * becomes the schema instead of an input.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './support/fixtures';
import {
  addFolder,
  countOf,
  download,
  dropFiles,
  openApp,
  parseCsv,
  saveScreenshot,
} from './support/ui';

const MAIN_XSD = `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:include schemaLocation="types/common.xsd"/>
  <xs:element name="order"><xs:complexType><xs:sequence>
    <xs:element name="qty" type="quantity"/>
    <xs:element name="sku" type="xs:string"/>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>`;
const COMMON_XSD = `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:simpleType name="quantity"><xs:restriction base="xs:positiveInteger"/></xs:simpleType>
</xs:schema>`;

let dir = '';

test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmlpool-e2e-schema-'));
  const put = (path: string, text: string) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  put('schemas/main.xsd', MAIN_XSD);
  put('schemas/types/common.xsd', COMMON_XSD);
  put('orders/ok1.xml', '<order>\n  <qty>1</qty>\n  <sku>A</sku>\n</order>\n');
  put('orders/ok2.xml', '<order>\n  <qty>2</qty>\n  <sku>B</sku>\n</order>\n');
  put('orders/bad-qty1.xml', '<order>\n  <qty>lots</qty>\n  <sku>C</sku>\n</order>\n');
  put('orders/bad-qty2.xml', '<order>\n\t<qty>some</qty>\n  <sku>D</sku>\n</order>\n');
  put('orders/no-sku.xml', '<order>\n  <qty>3</qty>\n</order>\n');
});

test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('validates against an uploaded schema, groups the errors, shows source lines, exports them', async ({
  page,
  app,
}) => {
  const errors = await openApp(page, app);
  await addFolder(page, join(dir, 'orders'));
  await expect(page.getByTestId('input-count')).toHaveText(/^5 files/);

  await expect(page.getByTestId('task-label')).toHaveText('Well-formed');
  await page
    .getByRole('radiogroup', { name: 'Schema' })
    .getByRole('radio', { name: 'File' })
    .check();
  await expect(page.getByRole('button', { name: 'Start' })).toBeDisabled();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Choose schema…' }).click();
  await (await chooser).setFiles(join(dir, 'schemas'));
  // Both schema files were uploaded; the shallowest is chosen, and the other can be.
  const schemaFile = page.getByLabel('Schema file');
  await expect(schemaFile).toHaveValue(/main\.xsd$/);
  await expect(schemaFile.locator('option')).toHaveText([
    'schemas/main.xsd',
    'schemas/types/common.xsd',
  ]);
  await expect(page.getByTestId('task-label')).toHaveText('Valid against main.xsd');

  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('job-state')).toHaveText(/done/i, { timeout: 30_000 });
  expect(await countOf(page, 'ok-count')).toBe(2);
  expect(await countOf(page, 'failed-count')).toBe(3);

  await page.getByRole('checkbox', { name: 'Group by error' }).check();
  const groups = page.getByTestId('error-group');
  await expect(groups).toHaveCount(2);
  await expect(groups.first()).toContainText(
    "Element 'qty': '…' is not a valid value of the atomic type 'quantity'.",
  );
  await expect(groups.first()).toContainText('2 files · 2 errors');
  await groups.first().click();
  const results = page.getByRole('region', { name: 'Results' });
  await expect(results.getByTestId('result-row')).toHaveCount(2);

  await results.locator('[data-testid="result-row"][data-file$="bad-qty2.xml"]').click();
  const details = page.getByTestId('details');
  await expect(details).toContainText('Valid against');
  const item = details.getByTestId('error-item').first();
  await expect(item).toContainText('line 2, column 2');
  await expect(item).toContainText('/order/qty');
  // The line as in the file (a tab), and a caret under the start tag.
  await expect(item.getByTestId('source-line')).toHaveText('\t<qty>some</qty>\n\t^');
  await saveScreenshot(page, 'schema-errors');

  const csv = await download(page, 'Export errors (CSV)');
  expect(csv.name).toMatch(/^xmlpool-errors-.*\.csv$/);
  const [header, ...rows] = parseCsv(csv.body.toString('utf8'));
  expect(header).toEqual(['file', 'ok', 'kind', 'line', 'column', 'path', 'message', 'group']);
  expect(rows).toHaveLength(5);
  const bad = rows.find((row) => row[0] === 'orders/bad-qty1.xml');
  expect(bad?.slice(1, 6)).toEqual(['false', 'invalid', '2', '3', '/order/qty']);
  expect(errors).toEqual([]);
});

test('a dropped .xsd becomes the schema, not an input', async ({ page, app }) => {
  await openApp(page, app);
  await dropFiles(page, [{ name: 'order.xsd', content: MAIN_XSD }]);
  await expect(page.getByTestId('task-label')).toHaveText('Valid against order.xsd');
  await expect(
    page.getByRole('radiogroup', { name: 'Schema' }).getByRole('radio', { name: 'File' }),
  ).toBeChecked();
  await expect(page.getByTestId('input-count')).toHaveText(/^0 files/);
});
