/** Test-only helpers for the table format tests (not used by production code). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TableFormat } from '../../../shared/tasks';
import type { Cell } from '../value-types';
import { rowEncoder } from './row-encoders';
import type { TableColumn } from './table-columns';
import { createTableWriter, type TableWriterOptions } from './table-writer';

/** One column of every value type, and a list. */
export const EVERY_TYPE_COLUMNS: TableColumn[] = [
  { name: 'name', type: 'string', list: false },
  { name: 'n', type: 'int', list: false },
  { name: 'x', type: 'number', list: false },
  { name: 'ok', type: 'bool', list: false },
  { name: 'day', type: 'date', list: false },
  { name: 'at', type: 'datetime', list: false },
  { name: 'tags', type: 'string', list: true },
];

let tables = 0;

/**
 * Writes `rows` into a row part as a worker would, then the table of `format` from that part as
 * the main side would, in `dir`; returns the table's path.
 */
export async function writeTable(
  dir: string,
  format: TableFormat,
  columns: readonly TableColumn[],
  rows: readonly Cell[][],
  tuning: Pick<TableWriterOptions, 'maxSheetRows' | 'rowGroupChars'> = {},
): Promise<string> {
  const id = tables++;
  const part = join(dir, `${id}.part`);
  const encode = rowEncoder(format, columns, { join: '|', sourceColumn: null });
  writeFileSync(part, rows.map((row) => encode(row, null)).join(''));
  const path = join(dir, `table-${id}.${format}`);
  const writer = await createTableWriter({
    path,
    format,
    columns,
    bom: false,
    join: '|',
    ...tuning,
  });
  await writer.appendPart(part);
  await writer.commit();
  return path;
}

/**
 * A small RFC 4180 reader, independent of the writer under test: quoted fields may hold commas,
 * doubled quotes, CR and LF; records end with CRLF.
 */
export function readCsv(body: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && body[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += c;
  }
  return records;
}
