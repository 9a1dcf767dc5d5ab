/**
 * Work units: what the pool hands a worker, and what comes back.
 * A unit is one file, a batch of small files, or one chunk of a huge file split by row tag.
 */

import type { ByteRange } from '../../shared/progress';
import type { FileResult } from '../../shared/results';
import type { JobOptions } from '../../shared/tasks';
import type { ParquetLayout } from '../extract/table/parquet-layout';

export interface FileRef {
  /** Absolute path. */
  path: string;
  /** Size when the job was planned; a reader that finds another fails the file as changed. */
  size: number;
  /**
   * Modification time when the job was planned (see fs/file-stamp.ts), checked like the size;
   * absent where nothing stamped the file (some tests), and then only the size is checked.
   */
  mtimeMs?: number;
  /** Position in the job's input list. */
  index: number;
  /**
   * Path relative to the folder it was found in (or its base name for a file given directly);
   * convert mirrors it under the output folder.
   */
  relative: string;
}

/** One or more whole files (several when small files are batched). */
export interface FilesUnit {
  kind: 'files';
  files: FileRef[];
}

/** One record-aligned chunk of a file split by row tag; see src/engine/split. */
export interface ChunkUnit {
  kind: 'chunk';
  file: FileRef;
  /** Opaque to the pool; defined by the split planner. */
  chunk: ChunkSpec;
}

export type WorkUnit = FilesUnit | ChunkUnit;

/** Filled in by the split planner (src/engine/split). Must be structured-cloneable. */
export interface ChunkSpec {
  /** Chunk number within the file, 0-based. */
  seq: number;
  /** Byte range the chunk is responsible for. */
  range: ByteRange;
  /** Planner data the chunk scanner needs (root context, row tag, ...). JSON-serialisable. */
  context: unknown;
}

/** What a worker sends back while running a unit. Must be structured-cloneable and JSON-safe. */
export type UnitOutput =
  | { kind: 'file'; result: FileResult }
  | { kind: 'chunk'; file: FileRef; seq: number; result: unknown };

/** Services a task gets from the worker it runs in. */
export interface TaskContext {
  options: JobOptions;
  /** Aborted when the job is cancelled; tasks check it between chunks of bytes. */
  signal: AbortSignal;
  /** Cheap to call often: the worker throttles reports to ~50 ms. */
  progress(file: string, range: ByteRange, bytesDone: number): void;
  /** Id of the worker running the task. */
  workerId: number;
  /** Folder convert writes its outputs into (options.outDir, or the job's temp folder). */
  outputDir: string;
  /**
   * Asks for this worker to be replaced by a fresh one once its current unit ends (schema
   * validation: WebAssembly memory never shrinks). Absent where no pool worker runs the task.
   */
  recycle?(): void;
  /** Where Parquet row groups end (extract/table/parquet-layout.ts); tests shrink it. */
  parquetLayout?: ParquetLayout;
}
