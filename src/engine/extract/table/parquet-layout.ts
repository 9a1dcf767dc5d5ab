/**
 * Where a Parquet table's row groups end. Encoding row groups is the costly half of writing
 * Parquet (about 3 s of the bench's 660,600-row file), so for a big file the workers encode them,
 * each its own share, in parallel with the scan, and the main side only copies the bytes. For
 * that to give the same file whatever the split, a row group never crosses a line of a fixed grid
 * of input bytes: the split aligns its chunks to that grid, and inside a chunk or a whole file a
 * row group ends where a record a chunk could start at begins in a new cell of the grid, or
 * where it has reached its size (parquet-part-writer.ts). Files smaller than one cell keep the
 * old way: their rows reach the main side as JSON lines and row groups span files, so a folder of
 * small files does not become one tiny row group per file.
 */
import type { TableFormat } from '../../../shared/tasks';

export interface ParquetLayout {
  /** The grid's cell size, in input bytes; also the smallest file whose rows a worker encodes. */
  gridBytes: number;
  /** Most rows in a row group. */
  rowGroupRows: number;
  /** Most cell text in a row group (about the characters of its rows as JSON). */
  rowGroupChars: number;
}

const MIB = 1024 * 1024;

/**
 * 16 MiB: a chunk of the split (8–32 MiB) rounds to one or two cells, and the bench's big file,
 * at about 480 bytes a record, gives three row groups per cell.
 */
export const PARQUET_GRID_BYTES = 16 * MIB;

/** Most rows in a row group: big enough for good compression, small enough to hold. */
export const ROW_GROUP_ROWS = 50_000;

/**
 * Most cell text in a row group. Its values live as JavaScript values until it is encoded, and a
 * row group that outgrows V8's young generation is promoted to the old one and collected there.
 * On the bench's big file (6 short text columns, about 42 characters a row, 2 workers),
 * 50,000-row groups took 5.9–6.5 s and 296–362 MB; this budget (about 12,000 rows) 5.5–5.7 s
 * and 280–286 MB, for a file 1.3% bigger. Each row group has its own dictionaries, so a small
 * table grows more (the bench's 200 files: 9 row groups instead of 3, 10% bigger). The budget
 * also bounds a row group of wide rows, which a row count alone does not.
 */
export const ROW_GROUP_CHARS = 512 * 1024;

export const DEFAULT_PARQUET_LAYOUT: ParquetLayout = {
  gridBytes: PARQUET_GRID_BYTES,
  rowGroupRows: ROW_GROUP_ROWS,
  rowGroupChars: ROW_GROUP_CHARS,
};

/** True when a worker encodes the row groups of a file of `fileSize` bytes. */
export function workerEncodesRowGroups(
  format: TableFormat,
  fileSize: number,
  layout: ParquetLayout,
): boolean {
  return format === 'parquet' && fileSize >= layout.gridBytes;
}

/** About the characters a cell takes as JSON: the measure of a worker's row group budget. */
export function cellChars(cell: unknown): number {
  if (typeof cell === 'string') return cell.length + 2;
  if (Array.isArray(cell)) {
    let chars = 2;
    for (const value of cell) chars += cellChars(value) + 1;
    return chars;
  }
  return cell === null ? 4 : 8;
}
