/**
 * How a table's columns and cells look in Parquet, shared by the two places that encode row
 * groups: the main side, for the rows of small files (parquet-table.ts), and a worker, for the
 * rows of a big file (parquet-part-writer.ts). Both must turn the same cell into the same value,
 * or a table's small and big files would disagree.
 */
import type { SchemaElement } from 'hyparquet';
import type { ParquetWriter } from 'hyparquet-writer';
import type { ValueType } from '../../../shared/column-spec';
import type { TableColumn } from './table-columns';

/** Written into the file's metadata as the program that made it. */
export const CREATED_BY = 'xmlpool';

function leafType(type: ValueType): Pick<SchemaElement, 'type' | 'converted_type'> {
  switch (type) {
    case 'string':
      return { type: 'BYTE_ARRAY', converted_type: 'UTF8' };
    case 'int':
      return { type: 'INT64' };
    case 'number':
      return { type: 'DOUBLE' };
    case 'bool':
      return { type: 'BOOLEAN' };
    case 'date':
      return { type: 'INT32', converted_type: 'DATE' };
    case 'datetime':
      return { type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' };
  }
}

export function parquetSchema(columns: readonly TableColumn[]): SchemaElement[] {
  const schema: SchemaElement[] = [{ name: 'root', num_children: columns.length }];
  for (const column of columns) {
    if (!column.list) {
      schema.push({ name: column.name, repetition_type: 'OPTIONAL', ...leafType(column.type) });
      continue;
    }
    // The standard three-level list: <name> (LIST) → list (repeated) → element.
    schema.push(
      { name: column.name, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      { name: 'element', repetition_type: 'OPTIONAL', ...leafType(column.type) },
    );
  }
  return schema;
}

type ParquetValue = string | number | boolean | bigint | Date | null;

/**
 * A canonical cell value (value-types.ts; ints are digit strings) as the value hyparquet-writer
 * expects for the type. Small files' cells reach the main side through JSON, which writes -0 as
 * 0, so -0 is written as 0 here for every file.
 */
function parquetValue(value: unknown, type: ValueType): ParquetValue {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'int':
      return typeof value === 'string' ? BigInt(value) : null;
    case 'date':
      return typeof value === 'string' ? new Date(`${value}T00:00:00Z`) : null;
    case 'datetime':
      return typeof value === 'string' ? new Date(value) : null;
    case 'number':
      return typeof value === 'number' ? value + 0 : null;
    case 'bool':
      return typeof value === 'boolean' ? value : null;
    case 'string':
      return typeof value === 'string' ? value : null;
  }
}

/** One row group's values, column by column, gathered a row at a time. */
export class RowGroupValues {
  private readonly values: (ParquetValue | ParquetValue[] | null)[][];
  rows = 0;

  constructor(private readonly columns: readonly TableColumn[]) {
    this.values = columns.map(() => []);
  }

  /** Adds a row: one cell per column, the source column's first when there is one. */
  add(row: readonly unknown[]): void {
    for (let i = 0; i < this.columns.length; i++) {
      const column = this.columns[i];
      const values = this.values[i];
      if (column === undefined || values === undefined) continue;
      const cell = row[i];
      if (!column.list) values.push(parquetValue(cell, column.type));
      else {
        values.push(
          Array.isArray(cell) ? cell.map((value) => parquetValue(value, column.type)) : null,
        );
      }
    }
    this.rows++;
  }

  /**
   * Encodes the gathered rows as one row group of `parquet` and starts the next. The encoding is
   * synchronous; what is returned is the writer's flush of the bytes, when it has one.
   */
  writeTo(parquet: ParquetWriter): void | Promise<void> {
    if (this.rows === 0) return;
    const columnData = this.columns.map((column, i) => ({
      name: column.name,
      data: this.values[i] ?? [],
    }));
    // One row group of all the rows: hyparquet encodes it before it returns.
    const flushed = parquet.write({ columnData, rowGroupSize: this.rows });
    for (const values of this.values) values.length = 0;
    this.rows = 0;
    return flushed;
  }
}
