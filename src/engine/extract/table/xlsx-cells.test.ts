/**
 * Text in XLSX cells. Excel's `_xHHHH_` escapes: a literal one is kept literal. Excel's
 * 32,767-character cell limit: text past it is cut (after the formula guard, never
 * inside a surrogate pair) so Excel can open the file, and the file whose cells were cut says so
 * in an `xlsx-cell-truncated` warning. Read back with exceljs, an independent reader.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { parseColumnSpec } from '../../../shared/column-spec';
import { DEFAULT_JOB_OPTIONS, type TableFormat } from '../../../shared/tasks';
import { jobOptions, taskContext } from '../../split/split-test-support';
import { extractFile } from '../extract-file';
import { TableAssembler } from '../table-assembler';
import { tableColumns } from './table-columns';
import { createTableWriter } from './table-writer';
import { EXCEL_MAX_CELL_CHARS, escapeExcelSequences, xlsxText } from './xlsx-cells';

const dir = mkdtempSync(join(tmpdir(), 'xmlpool-xlsx-cells-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LIMIT = EXCEL_MAX_CELL_CHARS;

describe('xlsxText', () => {
  it('keeps text up to the limit and cuts longer text to it', () => {
    expect(xlsxText('a'.repeat(LIMIT))).toBe('a'.repeat(LIMIT));
    expect(xlsxText('b'.repeat(LIMIT + 10))).toBe('b'.repeat(LIMIT));
  });

  it("counts the formula guard's quote within the limit", () => {
    const cut = xlsxText(`=${'c'.repeat(LIMIT)}`);
    expect(cut).toHaveLength(LIMIT);
    expect(cut.startsWith("'=c")).toBe(true);
  });

  it('never cuts between the halves of a surrogate pair', () => {
    const text = `${'d'.repeat(LIMIT - 1)}😀tail`;
    expect(xlsxText(text)).toBe('d'.repeat(LIMIT - 1));
    expect(xlsxText(`${'d'.repeat(LIMIT - 2)}😀tail`)).toBe(`${'d'.repeat(LIMIT - 2)}😀`);
  });
});

let runs = 0;

/** Extracts `xml` into a table of `format`; the file's result and the table's path. */
async function extract(xml: string, format: TableFormat) {
  const id = runs++;
  const file = join(dir, `doc-${id}.xml`);
  writeFileSync(file, xml);
  const outputDir = join(dir, `out-${id}`);
  const options = jobOptions('extract', {
    workers: 1,
    rowTag: 'rec',
    extract: {
      ...DEFAULT_JOB_OPTIONS.extract,
      format,
      columns: parseColumnSpec('id=@id:int, text=t, parts=p:string[]'),
    },
  });
  const path = join(dir, `table-${id}.${format}`);
  const writer = await createTableWriter({
    path,
    format,
    columns: tableColumns(options.extract),
    bom: false,
    join: options.extract.join,
  });
  const assembler = new TableAssembler(writer, outputDir, 1);
  const result = await extractFile(
    { path: file, size: Buffer.byteLength(xml), index: 0, relative: 'doc.xml' },
    taskContext(options, outputDir),
  );
  assembler.fileDone(result);
  expect((await assembler.finish()).error).toBeNull();
  return { result, path };
}

describe('XLSX cells over the limit', () => {
  const long = 'x'.repeat(LIMIT + 5);
  // Record 1: a long text; record 2: short text, list parts that are long only once joined;
  // record 3: nothing long.
  const half = 'y'.repeat(Math.ceil(LIMIT / 2));
  const xml =
    `<r><rec id="1"><t>${long}</t></rec>` +
    `<rec id="2"><t>short</t><p>${half}</p><p>${half}</p></rec>` +
    '<rec id="3"><t>fine</t><p>z</p></rec></r>';

  it('are cut in the workbook, and the file says how many', async () => {
    const { result, path } = await extract(xml, 'xlsx');
    expect(result.ok).toBe(true);
    expect(result.warnings?.map((warning) => warning.code)).toEqual(['xlsx-cell-truncated']);
    expect(result.warnings?.[0]?.message).toMatch(/^2 cells were longer than Excel's 32,767/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const sheet = workbook.worksheets[0];
    expect(sheet?.getRow(2).getCell(2).value).toBe('x'.repeat(LIMIT));
    expect(sheet?.getRow(3).getCell(3).value).toBe(`${half}|${half}`.slice(0, LIMIT));
    expect(sheet?.getRow(4).getCell(3).value).toBe('z');
  });

  it('are kept whole, without a warning, in the other formats', async () => {
    const { result } = await extract(xml, 'csv');
    expect(result.warnings).toBeUndefined();
  });
});

describe('escapeExcelSequences', () => {
  it('writes the _ of a literal _xHHHH_ as _x005F_, which Excel reads back as _', () => {
    expect(escapeExcelSequences('_x0041_')).toBe('_x005F_x0041_');
    expect(escapeExcelSequences('a_x000D_b _x12_ _xZZZZ_ x_y')).toBe(
      'a_x005F_x000D_b _x12_ _xZZZZ_ x_y',
    );
    expect(escapeExcelSequences('_x_x0041_')).toBe('_x_x005F_x0041_');
    // What Excel does with the result: each _xHHHH_ becomes its character.
    const excelReads = (xml: string) =>
      xml.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) =>
        String.fromCharCode(Number.parseInt(hex, 16)),
      );
    for (const text of ['_x0041_', 'id_x00e9_1', '__x0041__', 'plain']) {
      expect(excelReads(escapeExcelSequences(text))).toBe(text);
    }
  });
});
