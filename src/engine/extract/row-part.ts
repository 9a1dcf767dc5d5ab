/**
 * Row parts: the files a worker writes a file's rows into (one per file, or one per chunk of a
 * split file), in the job's temp folder, in the row encoding of the table's format. The main side
 * reads them back in table order (table-assembler.ts). Parts are written atomically, so a part
 * that exists is complete: a worker that crashed half-way leaves none behind for its retry.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { AtomicFile } from '../fs/atomic-file';
import type { RowEncoder } from './table/row-encoders';
import type { Cell } from './value-types';

/** Rows are handed to the file in writes of about this many characters. */
const FLUSH_CHARS = 256 * 1024;

/** The folder of the job's row parts, under the job's output folder. */
export function rowPartsDir(outputDir: string): string {
  return join(outputDir, 'rows');
}

/** The `piece`-th part of input `index`, in table order: the name the main side reads. */
export function rowPartPath(outputDir: string, index: number, piece: number): string {
  return join(rowPartsDir(outputDir), `${index}.${piece}.part`);
}

/** A split file's chunk part, before the merge renames it into place; unique per run. */
export function chunkPartPath(
  outputDir: string,
  index: number,
  seq: number,
  start: number,
): string {
  return join(
    rowPartsDir(outputDir),
    `${index}.chunk-${seq}-${start}-${randomBytes(4).toString('hex')}.part`,
  );
}

/** Where a worker's scan puts its rows: a row part, written as the scan goes. */
export interface RowSink {
  /** Rows added so far. */
  readonly rows: number;
  /** The part's final path. */
  readonly path: string;
  /**
   * A record's row. `chunkablePoint` is the byte offset of the record's `<` when a split may start
   * a chunk there (RecordEvents.chunkablePoint), else null.
   */
  add(cells: readonly Cell[], chunkablePoint: number | null): void;
  /** True when enough has gathered to be worth handing to the file now. */
  readonly needsDrain: boolean;
  /** Hands what has gathered to the file (the scanner's handlers cannot wait). */
  drain(): Promise<void>;
  /** Writes the rest and puts the part in place. */
  commit(): Promise<void>;
  /** Drops the part. */
  discard(): Promise<void>;
}

/**
 * Collects encoded rows during a scan and hands them to the part file between chunks of input,
 * so memory holds at most about a chunk's rows.
 */
export class RowPartWriter implements RowSink {
  rows = 0;
  private pending: string[] = [];
  private pendingChars = 0;

  private constructor(
    private readonly encode: RowEncoder,
    private readonly source: string | null,
    private readonly part: AtomicFile,
  ) {}

  static async create(
    path: string,
    encode: RowEncoder,
    source: string | null,
  ): Promise<RowPartWriter> {
    return new RowPartWriter(encode, source, await AtomicFile.create(path));
  }

  get path(): string {
    return this.part.path;
  }

  add(cells: readonly Cell[]): void {
    const text = this.encode(cells, this.source);
    this.pending.push(text);
    this.pendingChars += text.length;
    this.rows++;
  }

  get needsDrain(): boolean {
    return this.pendingChars >= FLUSH_CHARS;
  }

  async drain(): Promise<void> {
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    await this.part.write(text);
  }

  async commit(): Promise<void> {
    await this.drain();
    await this.part.commit();
  }

  discard(): Promise<void> {
    return this.part.discard();
  }
}
