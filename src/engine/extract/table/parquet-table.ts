/**
 * Parquet tables with hyparquet-writer: typed, nullable columns (a list column is a LIST of its
 * type), Snappy compression and column statistics. A part comes in one of two forms
 * (parquet-layout.ts): a small file's rows as JSON lines, which are gathered into row groups here,
 * encoded and written out before the next is read; or a big file's row groups, already encoded by
 * a worker, whose bytes are copied and whose offsets are moved to where they land. Either way
 * memory holds one row group, whatever the table's size, and every row group boundary depends on
 * the rows alone, never on how the input was split, so a 1-worker and a split run write the same
 * bytes.
 */
import { type FileHandle, open } from 'node:fs/promises';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { AtomicFile } from '../../fs/atomic-file';
import { yieldToEventLoop } from '../../tasks/read-file';
import { readEncodedPart, shiftOffsets, startsEncoded } from './encoded-part';
import { ROW_GROUP_CHARS, ROW_GROUP_ROWS } from './parquet-layout';
import { CREATED_BY, parquetSchema, RowGroupValues } from './parquet-schema';
import { linesOf, parsePartRow } from './part-lines';
import type { TableColumn } from './table-columns';
import type { TableWriter, TableWriterOptions } from './table-writer';

/** Bytes of an encoded part copied at a time. */
const COPY_BYTES = 1024 * 1024;

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

  /** Appends bytes encoded elsewhere, after what the writer holds. */
  async appendEncoded(bytes: Uint8Array): Promise<void> {
    await this.flush();
    await this.file.writeBytes(bytes);
    this.offset += bytes.length;
  }

  override finish(): Promise<void> {
    return this.flush();
  }
}

export class ParquetTableWriter implements TableWriter {
  private readonly columns: readonly TableColumn[];
  /** The current row group's values, from JSON-lines parts. */
  private readonly group: RowGroupValues;
  /** Part text of the current row group's rows. */
  private chars = 0;
  private readonly maxChars: number;

  private constructor(
    private readonly file: AtomicFile,
    private readonly bytes: FlushingWriter,
    private readonly parquet: ParquetWriter,
    options: TableWriterOptions,
  ) {
    this.columns = options.columns;
    this.group = new RowGroupValues(options.columns);
    this.maxChars = options.rowGroupChars ?? ROW_GROUP_CHARS;
  }

  static async create(options: TableWriterOptions): Promise<ParquetTableWriter> {
    const file = await AtomicFile.create(options.path, { makeFolders: false });
    const bytes = new FlushingWriter(file);
    const parquet = new ParquetWriter({
      writer: bytes,
      schema: parquetSchema(options.columns),
      createdBy: CREATED_BY,
    });
    return new ParquetTableWriter(file, bytes, parquet, options);
  }

  async appendPart(path: string): Promise<void> {
    // Opened once, whichever form the part has.
    const source = await open(path, 'r');
    try {
      if (await startsEncoded(source)) return await this.appendEncodedPart(path, source);
      for await (const lines of linesOf(source, path)) {
        for (const line of lines) {
          this.group.add(parsePartRow(line, this.columns.length));
          this.chars += line.length;
          if (this.group.rows === ROW_GROUP_ROWS || this.chars >= this.maxChars) {
            await this.writeRowGroup();
          }
        }
      }
    } finally {
      await source.close();
    }
  }

  /** A worker's row groups: the bytes copied as they are, their offsets moved to their place. */
  private async appendEncodedPart(path: string, source: FileHandle): Promise<void> {
    // A big file's row groups never share one with the rows before them.
    await this.writeRowGroup();
    const part = await readEncodedPart(path, this.parquet.schema, source);
    const { groups } = part;
    shiftOffsets(groups, this.bytes.offset - part.dataStart);
    const buffer = Buffer.allocUnsafe(COPY_BYTES);
    for (let at = part.dataStart; at < part.dataEnd; ) {
      const { bytesRead } = await source.read(
        buffer,
        0,
        Math.min(COPY_BYTES, part.dataEnd - at),
        at,
      );
      if (bytesRead === 0) throw new Error(`the row part ${path} ended early`);
      // Copied: the read buffer is reused while the file writes.
      await this.bytes.appendEncoded(new Uint8Array(buffer.subarray(0, bytesRead)));
      at += bytesRead;
    }
    for (const group of groups.rowGroups) {
      this.parquet.row_groups.push(group);
      this.parquet.num_rows += group.num_rows;
    }
    this.parquet.pendingIndexes.push(...groups.indexes);
  }

  private async writeRowGroup(): Promise<void> {
    if (this.group.rows === 0) return;
    await this.group.writeTo(this.parquet);
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
