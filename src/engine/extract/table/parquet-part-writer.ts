/**
 * A worker's Parquet row part for a big file: the rows are encoded into row groups here, as the
 * scan goes, instead of on the main side (parquet-layout.ts says when and why). A row group ends
 * after the row that fills its budget, and before a record that starts in another cell of the
 * grid than the record before it, among the records a split can start a chunk at (a start tag
 * with the row tag's exact name, a child of the root, written in the document itself: see
 * RecordEvents.chunkablePoint). A split's chunks are whole cells and start at such a record, so
 * every chunk starts a row group, and the bounds depend on the records alone, never on the split.
 */
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { AtomicFile } from '../../fs/atomic-file';
import type { RowSink } from '../row-part';
import type { Cell } from '../value-types';
import { encodedPartTrailer } from './encoded-part';
import { cellChars, type ParquetLayout } from './parquet-layout';
import { CREATED_BY, parquetSchema, RowGroupValues } from './parquet-schema';
import type { TableColumn } from './table-columns';

/** Encoded bytes are handed to the part file once this many have gathered. */
const FLUSH_BYTES = 256 * 1024;

export class ParquetPartWriter implements RowSink {
  rows = 0;
  private readonly bytes = new ByteWriter(1024 * 1024);
  private readonly parquet: ParquetWriter;
  private readonly group: RowGroupValues;
  private groupChars = 0;
  /** The grid cell of the last record a chunk can start at, or -1 before the first. */
  private cell = -1;

  private constructor(
    private readonly part: AtomicFile,
    columns: readonly TableColumn[],
    private readonly source: string | null,
    private readonly layout: ParquetLayout,
  ) {
    // No flush method: hyparquet then encodes a row group synchronously, inside `add`, which the
    // scanner's synchronous handlers call; `drain` hands the bytes to the file between reads.
    this.parquet = new ParquetWriter({
      writer: this.bytes,
      schema: parquetSchema(columns),
      createdBy: CREATED_BY,
    });
    this.group = new RowGroupValues(columns);
  }

  static async create(
    path: string,
    columns: readonly TableColumn[],
    source: string | null,
    layout: ParquetLayout,
  ): Promise<ParquetPartWriter> {
    return new ParquetPartWriter(await AtomicFile.create(path), columns, source, layout);
  }

  get path(): string {
    return this.part.path;
  }

  add(cells: readonly Cell[], chunkablePoint: number | null): void {
    if (chunkablePoint !== null) {
      const cell = Math.floor(chunkablePoint / this.layout.gridBytes);
      if (cell !== this.cell) {
        this.endRowGroup();
        this.cell = cell;
      }
    }
    const row = this.source === null ? cells : [this.source, ...cells];
    this.group.add(row);
    for (const value of row) this.groupChars += cellChars(value);
    this.rows++;
    if (
      this.group.rows >= this.layout.rowGroupRows ||
      this.groupChars >= this.layout.rowGroupChars
    ) {
      this.endRowGroup();
    }
  }

  private endRowGroup(): void {
    // Never a promise: the byte writer has no flush.
    void this.group.writeTo(this.parquet);
    this.groupChars = 0;
  }

  get needsDrain(): boolean {
    return this.bytes.index >= FLUSH_BYTES;
  }

  async drain(): Promise<void> {
    if (this.bytes.index === 0) return;
    // Copied: the buffer is reused for the next row groups.
    const bytes = new Uint8Array(this.bytes.buffer.slice(0, this.bytes.index));
    this.bytes.index = 0;
    await this.part.writeBytes(bytes);
  }

  async commit(): Promise<void> {
    this.endRowGroup();
    await this.drain();
    await this.part.writeBytes(
      encodedPartTrailer({
        rowGroups: this.parquet.row_groups,
        indexes: this.parquet.pendingIndexes,
      }),
    );
    await this.part.commit();
  }

  discard(): Promise<void> {
    return this.part.discard();
  }
}
