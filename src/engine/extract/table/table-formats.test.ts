/**
 * Table formats read back: Parquet with hyparquet, XLSX with exceljs (both independent readers),
 * CSV with an RFC 4180 reader, TSV and NDJSON by hand. Values and types must come back equal,
 * text cells that look like formulas are guarded, and XLSX starts a new sheet at the row limit.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { afterAll, describe, expect, it } from 'vitest';
import type { TableFormat } from '../../../shared/tasks';
import type { Cell } from '../value-types';
import { EVERY_TYPE_COLUMNS, readCsv, writeTable } from './table-test-support';

const dir = mkdtempSync(join(tmpdir(), 'xmlpool-table-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COLUMNS = EVERY_TYPE_COLUMNS;

const ROWS: Cell[][] = [
  ['plain', '42', 1.5, true, '2024-02-29', '2024-03-01T12:30:00.250Z', ['a', 'b']],
  ['=SUM(A1)', '-7', -0.25, false, '1999-12-31', '1970-01-01T00:00:00.000Z', ['+x']],
  ['a,b "c"\r\nline', '9223372036854775807', 1e21, null, null, null, null],
  ['@me', null, null, true, '2000-01-01', '2000-01-01T00:00:00.000Z', []],
  ['-minus', '0', 0, false, '2024-01-02', '2024-01-02T03:04:05.000Z', ['', 'z']],
];

function makeTable(format: TableFormat, maxSheetRows?: number): Promise<string> {
  return writeTable(dir, format, COLUMNS, ROWS, maxSheetRows ? { maxSheetRows } : {});
}

describe('table formats', () => {
  it('CSV: RFC 4180 quoting, formula guard on text cells only, lists joined', async () => {
    const rows = readCsv(readFileSync(await makeTable('csv'), 'utf8'));
    expect(rows[0]).toEqual(COLUMNS.map((c) => c.name));
    expect(rows[1]).toEqual([
      'plain',
      '42',
      '1.5',
      'true',
      '2024-02-29',
      '2024-03-01T12:30:00.250Z',
      'a|b',
    ]);
    expect(rows[2]).toEqual([
      "'=SUM(A1)",
      '-7',
      '-0.25',
      'false',
      '1999-12-31',
      '1970-01-01T00:00:00.000Z',
      "'+x",
    ]);
    expect(rows[3]).toEqual(['a,b "c"\r\nline', '9223372036854775807', '1e+21', '', '', '', '']);
    expect(rows[4]?.[0]).toBe("'@me");
    expect(rows[5]?.[0]).toBe("'-minus");
    expect(rows).toHaveLength(6);
  });

  it('TSV: escapes tabs and line breaks, guards formulas', async () => {
    const lines = readFileSync(await makeTable('tsv'), 'utf8').split('\n');
    expect(lines[3]?.split('\t')[0]).toBe('a,b "c"\\r\\nline');
    expect(lines[2]?.split('\t')[0]).toBe("'=SUM(A1)");
  });

  it('NDJSON: typed values, exact 64-bit ints, lists as arrays', async () => {
    const text = readFileSync(await makeTable('ndjson'), 'utf8');
    expect(text).toContain('"n":9223372036854775807');
    const rows = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows[0]).toEqual({
      name: 'plain',
      n: 42,
      x: 1.5,
      ok: true,
      day: '2024-02-29',
      at: '2024-03-01T12:30:00.250Z',
      tags: ['a', 'b'],
    });
    expect(rows[2].tags).toBeNull();
  });

  it('Parquet: typed columns read back equal with hyparquet', async () => {
    const file = readFileSync(await makeTable('parquet'));
    const buffer = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength);
    const metadata = parquetMetadata(buffer);
    expect(metadata.row_groups[0]?.columns[0]?.meta_data?.codec).toBe('SNAPPY');
    const rows = await parquetReadObjects({ file: buffer });
    expect(rows).toHaveLength(5);
    expect(rows[0]).toEqual({
      name: 'plain',
      n: 42n,
      x: 1.5,
      ok: true,
      day: new Date('2024-02-29T00:00:00Z'),
      at: new Date('2024-03-01T12:30:00.250Z'),
      tags: ['a', 'b'],
    });
    expect(rows[2]?.n).toBe(9223372036854775807n);
    expect(rows[2]?.ok).toBeNull();
    // The text is stored as it is: the formula guard is for spreadsheets only.
    expect(rows[1]?.name).toBe('=SUM(A1)');
    expect(rows[3]?.tags).toEqual([]);
  });

  it('XLSX: values and types read back equal with exceljs; a new sheet at the row limit', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await makeTable('xlsx', 3));
    // 5 rows, 2 per sheet after the header: 3 sheets, each starting with the header.
    expect(workbook.worksheets.map((sheet) => sheet.rowCount)).toEqual([3, 3, 2]);
    const first = workbook.worksheets[0];
    expect(first?.getRow(1).values).toEqual([undefined, ...COLUMNS.map((c) => c.name)]);
    const row = first?.getRow(2);
    expect(row?.getCell(1).value).toBe('plain');
    expect(row?.getCell(2).value).toBe(42);
    expect(row?.getCell(3).value).toBe(1.5);
    expect(row?.getCell(4).value).toBe(true);
    expect(row?.getCell(5).value).toEqual(new Date('2024-02-29T00:00:00Z'));
    expect(row?.getCell(6).value).toEqual(new Date('2024-03-01T12:30:00.250Z'));
    expect(row?.getCell(7).value).toBe('a|b');
    expect(first?.getRow(3).getCell(1).value).toBe("'=SUM(A1)");
    const third = workbook.worksheets[1]?.getRow(2);
    expect(third?.getCell(1).value).toBe('a,b "c"\r\nline');
    expect(third?.getCell(4).value).toBeNull();
  });
});
