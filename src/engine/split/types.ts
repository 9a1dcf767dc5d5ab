/**
 * Shapes shared by the split planner (main thread), the chunk runner (worker) and the merge
 * (main thread). Everything here crosses a thread or process boundary, so it is plain JSON data,
 * and whatever comes back from a worker is checked by a type guard before it is trusted.
 */
import type { NamespaceUse, XmlError, XmlStats } from '../../shared/results';
import type { ChunkSpec } from '../tasks/types';
import type { EntityUse } from '../xml';

/** What a chunk scanner needs to resume inside the root element, as a sequential scan would. */
export interface RootContext {
  encoding: string;
  rootName: string;
  /** Namespace bindings in scope inside the root (declared on it, plus the xml prefix if any). */
  namespaces: NamespaceUse[];
  /** General entities declared in the internal DTD subset: [name, replacement text]. */
  entities: [string, string][];
  /** Declared external parsed entities (never read; references to them are skipped). */
  externalEntities: string[];
  /** Declared unparsed entities (references to them are errors). */
  unparsedEntities: string[];
  /** The DTD has unread parts, so references to undeclared entities are not errors. */
  undeclaredEntitiesAllowed: boolean;
  /** Byte offset just after the root start tag. */
  contentOffset: number;
  /** Line and column of the root start tag's `<`, for "opened at" in messages. */
  openedAt: { line: number; column: number };
}

/** The planner data carried by every ChunkSpec (`ChunkSpec.context`). */
export interface ChunkContext {
  /**
   * The row element chunks start and stop at, as the document writes it (row-tag-literal.ts:
   * with `--ns` its prefix may differ from the job's row tag).
   */
  rowTag: string;
  root: RootContext;
  /**
   * A verified start (where the previous chunk really stopped) for a chunk that is re-run;
   * without it the chunk searches for the first row candidate at or after its range start.
   */
  startAt?: number;
  /**
   * Entity expansion the file used before `startAt`, for a chunk re-run because the file as a
   * whole may pass an entity limit there (see processSplitFile).
   */
  entityUse?: EntityUse;
}

export interface SplitPlan {
  /** The job's row tag (or the detected one), as the result reports it. */
  rowTag: string;
  /** True when the row tag was detected rather than given. */
  detected: boolean;
  /** Encoding found in the head of the file (only UTF-8 and US-ASCII files are split). */
  encoding: string;
  chunks: ChunkSpec[];
}

/** Size rules for splitting; tests shrink them to keep files small. */
export interface SplitTuning {
  /** Files smaller than this are never split. */
  minFileBytes: number;
  /** Smallest and largest chunk the planner makes. */
  minChunkBytes: number;
  maxChunkBytes: number;
  /** Aim for this many chunks per worker so a slow chunk does not leave workers idle. */
  chunksPerWorker: number;
  /** Most bytes read from the head of a file to find the root and detect the row tag. */
  headBytes: number;
  /** Parquet tables: chunks are whole cells of a grid of this many bytes (parquet-layout.ts). */
  gridBytes: number;
}

/**
 * Counters a chunk contributes to a stats result, summed by the merge: the shape of a whole
 * file's stats, where `elements` counts the elements the chunk saw start (the root only in the
 * first chunk).
 */
export interface ChunkStats extends XmlStats {
  /**
   * The chunk reached a count or total cap of its lists (STATS_CAPS): what it left out depends
   * on where it started, so a later chunk like that makes the merge inexact.
   */
  capsReached: boolean;
}

/** Records a convert chunk wrote into its part file. */
export interface ChunkConvert {
  /** Absolute path of the final output the parts are joined into. */
  output: string;
  /** Absolute path of the part file (NDJSON lines), concatenated by the merge. */
  part: string;
  /** Lines in the part. */
  records: number;
  /** Elements named like the row tag among them (none at all is worth a warning). */
  rows: number;
}

/** The first bad value a file (or chunk) left empty, for its `bad-values` warning. */
export interface BadValueNote {
  message: string;
  /** Line and column of the value; null where the scan gives no position (a preview). */
  line: number | null;
  column: number | null;
}

/** Rows an extract chunk wrote into its row part. */
export interface ChunkExtract {
  /** Absolute path of the row part, or null when nothing was kept (a cancelled chunk). */
  part: string | null;
  rows: number;
  records: number;
  badValues: number;
  /** Where the first bad value stands, relative to the chunk's start like `error`. */
  firstBadValue: BadValueNote | null;
  /** XLSX tables: cells over Excel's limit (cut in the table). */
  truncatedCells: number;
}

/**
 * What runChunk returns for one chunk. Positions in `error` are relative to the chunk's start
 * (line 1, column 1 there), except `offset`, which is absolute in the file.
 */
export interface ChunkResult {
  seq: number;
  /** Id of the worker that ran the chunk. */
  workerId: number;
  /** Byte offset the scan started at (0 for the first chunk, else the row candidate). */
  start: number;
  /** Byte offset the scan stopped at: just before the next row, or the end of the file. */
  stop: number;
  /** False when no row candidate existed at or after the range start (nothing was scanned). */
  found: boolean;
  /** The scan reached the end of the file (the root was closed and the epilogue checked). */
  reachedEnd: boolean;
  /** Line breaks between start and stop, and characters after the last one (or since start). */
  lineBreaks: number;
  charsSinceLastBreak: number;
  elements: number;
  /** Entity expansion counted between start and stop (excluding the `entityUse` it was given). */
  entityUse: EntityUse;
  error: XmlError | null;
  stats: ChunkStats | null;
  convert: ChunkConvert | null;
  extract: ChunkExtract | null;
}
