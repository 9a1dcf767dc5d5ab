/**
 * Parquet tables with hyparquet-writer: typed, nullable columns (a list column is a LIST of its
 * type), Snappy compression and column statistics. Rows are gathered into row groups, each
 * encoded and written out before the next is read, so memory holds one row group whatever the
 * table's size. A row group ends at ROW_GROUP_ROWS rows or ROW_GROUP_CHARS characters of part
 * text, whichever comes first; both depend only on the rows, never on how the input was split,
 * so a 1-worker and a split run write the same bytes.
 */
import type { SchemaElement } from 'hyparquet';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { ValueType } from '../../../shared/column-spec';
import { AtomicFile } from '../../fs/atomic-file';
import { yieldToEventLoop } from '../../tasks/read-file';
import { type PartRow, parsePartRow, partLines } from './part-lines';
import type { TableColumn } from './table-columns';
import type { TableWriter, TableWriterOptions } from './table-writer';

/** Most rows in a row group: big enough for good compression, small enough to hold. */
export const ROW_GROUP_ROWS = 50_000;

/**
 * Most part text in a row group. Its values live as JavaScript values until it is encoded, and a
 * row group that outgrows V8's young generation is promoted to the old one and collected there.
 * On the bench's big file (6 short text columns, about 42 characters a row, 2 workers),
 * 50,000-row groups took 5.9–6.5 s and 296–362 MB; this budget (about 12,000 rows) 5.5–5.7 s
 * and 280–286 MB, for a file 1.3% bigger. Each row group has its own dictionaries, so a small
 * table grows more (the bench's 200 files: 9 row groups instead of 3, 10% bigger). The budget
 * also bounds a row group of wide rows, which a row count alone does not.
 */
export const ROW_GROUP_CHARS = 512 * 1024;

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

/** A part's canonical cell value as the value hyparquet-writer expects for the type. */
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
      return typeof value === 'number' ? value : null;
    case 'bool':
      return typeof value === 'boolean' ? value : null;
    case 'string':
      return typeof value === 'string' ? value : null;
  }
}

/** Streams the file's bytes to the atomic file after each row group instead of holding them. */
class FlushingWriter extends ByteWriter {
  constructor(private readonly file: AtomicFile) {
    super(1024 * 1024);
  }

  flush(): Promise<void> {
    // Copied: the buffer is reused for the next row group.
    const bytes = new Uint8Array(this.buffer.slice(0, this.index));
    this.index = 0;
    return this.file.writeBytes(bytes);
  }

  override finish(): Promise<void> {
    return this.flush();
  }
}

export class ParquetTableWriter implements TableWriter {
  private readonly columns: readonly TableColumn[];
  /** The current row group's values, column by column. */
  private readonly values: (ParquetValue | ParquetValue[] | null)[][];
  private rows = 0;
  /** Part text of the current row group's rows. */
  private chars = 0;
  private readonly maxChars: number;

  private constructor(
    private readonly file: AtomicFile,
    private readonly parquet: ParquetWriter,
    options: TableWriterOptions,
  ) {
    this.columns = options.columns;
    this.values = options.columns.map(() => []);
    this.maxChars = options.rowGroupChars ?? ROW_GROUP_CHARS;
  }

  static async create(options: TableWriterOptions): Promise<ParquetTableWriter> {
    const file = await AtomicFile.create(options.path, { makeFolders: false });
    const parquet = new ParquetWriter({
      writer: new FlushingWriter(file),
      schema: parquetSchema(options.columns),
      createdBy: 'xmlpool',
    });
    return new ParquetTableWriter(file, parquet, options);
  }

  async appendPart(path: string): Promise<void> {
    for await (const lines of partLines(path)) {
      for (const line of lines) {
        this.add(parsePartRow(line, this.columns.length));
        this.chars += line.length;
        if (this.rows === ROW_GROUP_ROWS || this.chars >= this.maxChars) await this.writeRowGroup();
      }
    }
  }

  private add(row: PartRow): void {
    this.columns.forEach((column, i) => {
      const cell = row[i];
      const values = this.values[i];
      if (values === undefined) return;
      if (!column.list) values.push(parquetValue(cell, column.type));
      else {
        values.push(
          Array.isArray(cell) ? cell.map((value) => parquetValue(value, column.type)) : null,
        );
      }
    });
    this.rows++;
  }

  private async writeRowGroup(): Promise<void> {
    if (this.rows === 0) return;
    const columnData = this.columns.map((column, i) => ({
      name: column.name,
      data: this.values[i] ?? [],
    }));
    await this.parquet.write({ columnData, rowGroupSize: this.rows });
    for (const values of this.values) values.length = 0;
    this.rows = 0;
    this.chars = 0;
    // Encoding a row group is a long synchronous stretch: let the event loop breathe.
    await yieldToEventLoop();
  }

  async commit(): Promise<void> {
    await this.writeRowGroup();
    await this.parquet.finish();
    await this.file.commit({ durable: true });
  }

  async discard(): Promise<void> {
    await this.file.discard();
  }
}
