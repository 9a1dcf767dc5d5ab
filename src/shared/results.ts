/**
 * The result of processing one input file. One result exists per input, whatever happened to it.
 */
import type { TaskName } from './tasks';

/** Why a file failed. `syntax`, `encoding` and `limit` carry a position in the file. */
export type ErrorKind =
  | 'syntax' // not well-formed XML
  | 'encoding' // unsupported encoding, or bytes invalid in the declared one
  | 'limit' // a configured limit was hit (depth, entity expansion)
  | 'io' // missing, unreadable, not a regular file, symlink loop
  | 'crash' // the worker died while processing the file
  | 'oom' // the worker ran out of memory
  | 'timeout' // the task exceeded the per-task timeout
  | 'cancelled' // the job was cancelled before or while the file ran
  | 'output' // the converted output could not be written
  | 'value'; // extract: a cell value that does not convert, under --on-bad-value fail

export interface XmlError {
  kind: ErrorKind;
  /** 1-based line, or null when the error has no position (io, crash, ...). */
  line: number | null;
  /** 1-based column, counted in characters (code points), or null. */
  column: number | null;
  /** 0-based byte offset in the file, or null. */
  offset: number | null;
  message: string;
}

export interface PathCount {
  /** Slash-separated element path from the root, e.g. "/catalog/book/title". */
  path: string;
  count: number;
}

export interface NamespaceUse {
  prefix: string; // '' for the default namespace
  uri: string;
}

export interface XmlStats {
  elements: number;
  attributes: number;
  /** UTF-8 bytes of character data (text and CDATA), after entity expansion. */
  textBytes: number;
  maxDepth: number;
  root: string | null;
  encoding: string;
  namespaces: NamespaceUse[];
  /** Distinct element paths in order of first appearance, capped. */
  paths: PathCount[];
  /** True when more distinct paths existed than the cap allowed. */
  pathsTruncated: boolean;
}

export interface ConvertOutput {
  /** Absolute path of the JSON or NDJSON output. */
  output: string;
  format: 'json' | 'ndjson';
  /** Records written (1 for a whole-document JSON). */
  records: number;
}

/** What a file gave the extract task's table. */
export interface ExtractOutput {
  /** Rows of this file in the table (for a failed file: those read before the error, if kept). */
  rows: number;
  /** Cell values that did not convert to their column's type and were left empty. */
  badValues: number;
}

/** A non-fatal note on a result (`code` is a short stable kebab-case id). */
export interface FileWarning {
  code: string;
  message: string;
}

export interface SplitInfo {
  rowTag: string;
  /** True when the row tag was detected rather than given. */
  detected: boolean;
  chunks: number;
}

export interface FileResult {
  /** Absolute path of the input. */
  file: string;
  /**
   * Path relative to the folder the input was found in (its base name when given directly).
   * Set by the job; exports mirror it.
   */
  relative?: string;
  /** Position of the file in the job's input list; final outputs are sorted by it. */
  index: number;
  task: TaskName;
  ok: boolean;
  bytes: number;
  /** Elements seen (up to the first error). */
  elements: number;
  /**
   * Scanning stops at the first fatal error, as XML 1.0 requires, so `errors` holds at most one
   * syntax error; it may hold more only for errors outside the XML (io, output).
   */
  errorMode: 'first-fatal';
  errors: XmlError[];
  encoding: string | null;
  durationMs: number;
  /** The worker that produced the result; null when no worker ran it (missing file, cancel). */
  workerId: number | null;
  /** How many attempts it took: 2 when the first worker crashed and a fresh one retried. */
  attempts: number;
  stats?: XmlStats;
  convert?: ConvertOutput;
  extract?: ExtractOutput;
  split?: SplitInfo;
  /** Absent when there are none. */
  warnings?: FileWarning[];
}

export const REPORT_FORMATS = ['json', 'ndjson', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
