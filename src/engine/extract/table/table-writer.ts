/**
 * The main side's half of a table: the file it is written to, atomically, in bounded memory.
 * The table assembler hands it the row parts of the workers in table order (input order, then
 * document order); each format's writer turns them into its file.
 */
import type { TableFormat } from '../../../shared/tasks';
import type { TableColumn } from './table-columns';

export interface TableWriter {
  /** Appends the rows of one part file (as the format's row encoder wrote them). */
  appendPart(path: string): Promise<void>;
  /** Finishes the file and renames it into place. */
  commit(): Promise<void>;
  /** Drops the file; the destination is left as it was. */
  discard(): Promise<void>;
}

export interface TableWriterOptions {
  path: string;
  format: TableFormat;
  columns: readonly TableColumn[];
  /** CSV and TSV: start with a UTF-8 byte order mark. */
  bom: boolean;
  /** XLSX: joins a list column's values into its cell (the other formats' parts are joined). */
  join: string;
  /** XLSX: rows per sheet, header included (default Excel's limit; tests lower it). */
  maxSheetRows?: number;
  /** Parquet: part text per row group (default ROW_GROUP_CHARS; tests lower it). */
  rowGroupChars?: number;
}

export async function createTableWriter(options: TableWriterOptions): Promise<TableWriter> {
  switch (options.format) {
    case 'csv':
    case 'tsv':
    case 'ndjson': {
      const { TextTableWriter } = await import('./text-table');
      return TextTableWriter.create(options);
    }
    case 'parquet': {
      // Loaded only for Parquet and XLSX tables: most jobs never need them.
      const { ParquetTableWriter } = await import('./parquet-table');
      return ParquetTableWriter.create(options);
    }
    case 'xlsx': {
      const { XlsxTableWriter } = await import('./xlsx-table');
      return XlsxTableWriter.create(options);
    }
  }
}
