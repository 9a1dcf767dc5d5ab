/**
 * Property test: random rows of every value type, written in every table format and read back
 * with an independent reader (an RFC 4180 reader for CSV, the TSV escapes undone, JSON.parse,
 * hyparquet for Parquet, exceljs for XLSX), must come back as the values written: text with
 * commas, quotes, CR and LF intact; text that starts like a formula (= + - @ tab CR) guarded
 * with a leading ' in CSV, TSV and XLSX only; numbers, booleans and dates with their types.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { afterAll, describe, expect, it } from 'vitest';
import type { TableFormat } from '../../../shared/tasks';
import type { Cell } from '../value-types';
import { rowEncoder } from './row-encoders';
import type { TableColumn } from './table-columns';
import { EVERY_TYPE_COLUMNS, readCsv, writeTable } from './table-test-support';
import type { TableWriterOptions } from './table-writer';

const dir = mkdtempSync(join(tmpdir(), 'xmlpool-table-roundtrip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COLUMNS = EVERY_TYPE_COLUMNS;

// Characters XML text can hold, weighted towards the ones that need quoting or guarding.
const CHARS = [
  'a',
  'Z',
  ' ',
  ',',
  '"',
  '\r',
  '\n',
  '\t',
  '=',
  '+',
  '-',
  '@',
  "'",
  '|',
  'é',
  '语',
  '😀',
  '<',
  '&',
  '\\',
];
const text = fc.array(fc.constantFrom(...CHARS), { maxLength: 12 }).map((c) => c.join(''));
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

const DAY_MS = 86_400_000;
// 0001-01-01 .. 9999-12-31, as the canonical forms value-types.ts produces.
const millis = fc.oneof(
  fc.integer({ min: new Date('0001-01-01T00:00:00Z').getTime(), max: Date.UTC(9999, 11, 31) }),
  // Around the start of Excel's dates, and its 29 February 1900 that never was.
  fc.integer({ min: Date.UTC(1899, 11, 30), max: Date.UTC(1900, 2, 2) }),
);
/** Excel's first date, 1900-01-01 (serial 1). */
const EXCEL_FIRST_MS = Date.UTC(1900, 0, 1);

/**
 * What Excel shows for a date cell exceljs read back: exceljs converts serials with a plain count
 * from 1970, one day early before Excel's fictitious 1900-02-29 (serial 60).
 */
function asExcelShowsIt(value: unknown): unknown {
  if (!(value instanceof Date)) return value;
  const ms = Math.round(value.getTime());
  return ms < Date.UTC(1900, 1, 28) ? ms + DAY_MS : ms;
}

const row: fc.Arbitrary<Cell[]> = fc.tuple(
  optional(text),
  optional(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String)),
  optional(
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? 0 : v)),
  ),
  optional(fc.boolean()),
  optional(
    millis.map((ms) => new Date(Math.floor(ms / DAY_MS) * DAY_MS).toISOString().slice(0, 10)),
  ),
  optional(millis.map((ms) => new Date(ms).toISOString())),
  optional(fc.array(text, { maxLength: 3 })),
);

/** The guard's rule as the README states it. */
const guarded = (t: string) => (/^[=+\-@\t\r]/.test(t) ? `'${t}` : t);

function writeTableOf(
  format: TableFormat,
  rows: Cell[][],
  tuning: Pick<TableWriterOptions, 'rowGroupChars'> = {},
): Promise<string> {
  return writeTable(dir, format, COLUMNS, rows, tuning);
}

function unescapeTsv(field: string): string {
  return field.replace(/\\([\\tnr])/g, (_, c: string) =>
    c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : '\\',
  );
}

/** A cell as CSV and TSV write it: text cells joined and guarded, null empty. */
function textOf(cell: Cell, column: TableColumn): string {
  if (cell === null) return '';
  if (Array.isArray(cell)) return guarded(cell.map((v) => String(v ?? '')).join('|'));
  return column.type === 'string' ? guarded(String(cell)) : String(cell);
}

function number(field: string): number | string {
  return field === '' ? '' : Number(field);
}

const RUNS = { numRuns: 25, seed: 1204 };
const rows = fc.array(row, { minLength: 1, maxLength: 8 });

describe('tables read back with independent readers', () => {
  it('CSV and TSV: text intact and guarded, numbers equal', async () => {
    await fc.assert(
      fc.asyncProperty(rows, async (cells) => {
        const csv = readCsv(readFileSync(await writeTableOf('csv', cells), 'utf8'));
        const tsv = readFileSync(await writeTableOf('tsv', cells), 'utf8')
          .split('\n')
          .slice(0, -1)
          .map((line) => line.split('\t').map(unescapeTsv));
        for (const table of [csv, tsv]) {
          expect(table[0]).toEqual(COLUMNS.map((c) => c.name));
          expect(table).toHaveLength(cells.length + 1);
          for (const [r, written] of cells.entries()) {
            const read = table[r + 1] ?? [];
            // Numbers compared as numbers: the text is JavaScript's shortest round trip.
            expect(number(read[2] ?? '')).toEqual(written[2] === null ? '' : written[2]);
            const others = (list: readonly string[]) => list.filter((_, i) => i !== 2);
            expect(others(read)).toEqual(
              others(COLUMNS.map((column, i) => textOf(written[i] ?? null, column))),
            );
          }
        }
      }),
      RUNS,
    );
  });

  it('NDJSON: JSON values with their types, ints exact', async () => {
    await fc.assert(
      fc.asyncProperty(rows, async (cells) => {
        const lines = readFileSync(await writeTableOf('ndjson', cells), 'utf8').split('\n');
        expect(lines).toHaveLength(cells.length + 1);
        for (const [r, written] of cells.entries()) {
          const line = lines[r] ?? '';
          // Exact 64-bit ints: the digits as written, before JSON.parse rounds them.
          if (written[1] !== null) expect(line).toContain(`"n":${written[1]},`);
          const read = JSON.parse(line);
          expect({ ...read, n: null }).toEqual({
            ...Object.fromEntries(COLUMNS.map((c, i) => [c.name, written[i] ?? null])),
            n: null,
          });
        }
      }),
      RUNS,
    );
  });

  it('Parquet (hyparquet): typed values equal, text unguarded, row groups cut by text', async () => {
    await fc.assert(
      fc.asyncProperty(rows, fc.integer({ min: 1, max: 400 }), async (cells, rowGroupChars) => {
        const file = readFileSync(await writeTableOf('parquet', cells, { rowGroupChars }));
        const buffer = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength);
        // A row group ends at the row whose part line reaches the budget.
        const encode = rowEncoder('parquet', COLUMNS, { join: '|', sourceColumn: null });
        let groups = 0;
        let chars = 0;
        for (const cell of cells) {
          chars += encode(cell, null).length - 1;
          if (chars >= rowGroupChars) {
            groups++;
            chars = 0;
          }
        }
        if (chars > 0) groups++;
        expect(parquetMetadata(buffer).row_groups).toHaveLength(groups);
        // hyparquet reads a null LIST as undefined (an empty one as []): both mean no list.
        const read = (await parquetReadObjects({ file: buffer })).map((r) => ({
          ...r,
          tags: r.tags ?? null,
        }));
        expect(read).toEqual(
          cells.map(([t, n, x, ok, day, at, tags]) => ({
            name: t,
            n: n === null ? null : BigInt(String(n)),
            x,
            ok,
            day: day === null ? null : new Date(`${String(day)}T00:00:00Z`),
            at: at === null ? null : new Date(String(at)),
            tags,
          })),
        );
      }),
      RUNS,
    );
  });

  it('XLSX (exceljs): numbers, booleans, dates and guarded text equal', async () => {
    await fc.assert(
      fc.asyncProperty(rows, async (cells) => {
        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.readFile(await writeTableOf('xlsx', cells));
        const sheet = workbook.worksheets[0];
        expect(sheet?.rowCount).toBe(cells.length + 1);
        // A cell of empty text is an empty cell to a spreadsheet.
        const sheetText = (value: string | null) =>
          value === null || value === '' ? null : guarded(value);
        for (const [r, [t, n, x, ok, day, at, tags]] of cells.entries()) {
          const read = (c: number) => sheet?.getRow(r + 2).getCell(c).value ?? null;
          expect(read(1)).toEqual(sheetText(t === null ? null : String(t)));
          // Excel's numbers are doubles: a 64-bit int comes back as the nearest double.
          expect(read(2)).toEqual(n === null ? null : Number(n));
          expect(read(3)).toEqual(x);
          expect(read(4)).toEqual(ok);
          // Dates are serial day numbers: exact to the millisecond once rounded. Before 1900,
          // where Excel has no dates, they are text.
          const dayMs = day === null ? null : Date.parse(`${String(day)}T00:00:00Z`);
          expect(asExcelShowsIt(read(5))).toEqual(
            dayMs === null ? null : dayMs < EXCEL_FIRST_MS ? String(day) : dayMs,
          );
          const atMs = at === null ? null : Date.parse(String(at));
          expect(asExcelShowsIt(read(6))).toEqual(
            atMs === null ? null : atMs < EXCEL_FIRST_MS ? String(at) : atMs,
          );
          expect(read(7)).toEqual(sheetText(Array.isArray(tags) ? tags.join('|') : null));
        }
      }),
      RUNS,
    );
  });
});
