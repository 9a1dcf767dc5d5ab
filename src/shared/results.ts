/**
 * The result of processing one input file. One result exists per input, whatever happened to it.
 */
import type { TaskName } from './tasks';

/**
 * Why a file failed. `syntax`, `encoding`, `limit` and `invalid` carry a position in the file (a
 * `limit` on the size of the result itself has none).
 */
export type ErrorKind =
  | 'syntax' // not well-formed XML
  | 'encoding' // unsupported encoding, or bytes invalid in the declared one
  | 'limit' // a limit was hit (depth, entity expansion, the size of the result)
  | 'io' // missing, unreadable, not a regular file, symlink loop
  | 'crash' // the worker died while processing the file
  | 'oom' // the worker ran out of memory
  | 'timeout' // the task exceeded the per-task timeout
  | 'cancelled' // the job was cancelled before or while the file ran
  | 'output' // the converted output could not be written
  | 'changed' // the file changed (size or modification time) between planning and reading
  | 'invalid' // well-formed, but not valid against its schema (one error per validity problem)
  | 'schema' // the document's own schema (--schema auto) can't be found, read or compiled
  | 'value'; // extract: a cell value that does not convert, under --on-bad-value fail

/** Every ErrorKind, for guards that check data read back from disk or received from a peer. */
export const ERROR_KINDS: readonly ErrorKind[] = [
  'syntax',
  'encoding',
  'limit',
  'io',
  'crash',
  'oom',
  'timeout',
  'cancelled',
  'output',
  'changed',
  'invalid',
  'schema',
  'value',
];

export interface XmlError {
  kind: ErrorKind;
  /** 1-based line, or null when the error has no position (io, crash, ...). */
  line: number | null;
  /** 1-based column, counted in characters (code points), or null. */
  column: number | null;
  /**
   * 0-based byte offset in the file, or null. For an `invalid` error without a column it is the
   * start of the line, so a reader can show the line without counting lines from the start.
   */
  offset: number | null;
  message: string;
  /**
   * Element path of an `invalid` error, as libxml2 names the node (e.g. `/catalog/record[2]/qty`,
   * prefixes as written, `[n]` only among same-named siblings). Absent when there is none.
   */
  path?: string;
}

/** A non-fatal note on a result; a result with warnings can still be `ok`. */
export interface FileWarning {
  /** Short stable kebab-case id, e.g. `paths-truncated`, `row-tag-unmatched`. */
  code: string;
  message: string;
}

export const SCHEMA_KINDS = ['xsd', 'rng', 'dtd'] as const;
/** XML Schema 1.0, RELAX NG (XML syntax) or a DTD. */
export type SchemaKind = (typeof SCHEMA_KINDS)[number];

/** What a validate result was checked against (present once the schema check ran). */
export interface SchemaCheck {
  /** The schema as named: an absolute path, or the document's own reference (`auto`). */
  schema: string;
  kind: SchemaKind;
  /** Validity errors found, also those beyond `--max-errors` that `errors` does not list. */
  invalid: number;
  /** Record batches the file was validated in; null when it was validated whole. */
  batches: number | null;
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
  /**
   * The root element's name; a name longer than STATS_CAPS.pathChars is cut and ends with "…",
   * a character no XML name can hold.
   */
  root: string | null;
  encoding: string;
  /**
   * Namespace declarations, each listed once, in order of first appearance; capped (see
   * STATS_CAPS in src/engine/tasks/stats.ts).
   */
  namespaces: NamespaceUse[];
  /** True when some declarations were left out of `namespaces` by the caps. */
  namespacesTruncated: boolean;
  /**
   * Distinct element paths in order of first appearance; capped by count, by the length of one
   * path and by their total length (see STATS_CAPS).
   */
  paths: PathCount[];
  /** True when some distinct paths were left out of `paths` by the caps. */
  pathsTruncated: boolean;
}

export interface ConvertOutput {
  /** Absolute path of the JSON or NDJSON output. */
  output: string;
  format: 'json' | 'ndjson';
  /**
   * Records written (1 for a whole-document JSON); for NDJSON, its lines: the root's elements
   * and the content kept between them (the root's attributes, text, processing instructions).
   */
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
   * `first-fatal`: scanning stops at the first fatal error, as XML 1.0 requires, so `errors`
   * holds at most one syntax error (more only for errors outside the XML: io, output).
   * `all-validity`: the file is well-formed and was checked against a schema; `errors` holds
   * every validity error (kind `invalid`) in document order, up to `--max-errors`.
   */
  errorMode: ErrorMode;
  errors: XmlError[];
  encoding: string | null;
  durationMs: number;
  /** The worker that produced the result; null when no worker ran it (missing file, cancel). */
  workerId: number | null;
  /** How many attempts it took: 2 when the first worker crashed and a fresh one retried. */
  attempts: number;
  /** Notes that do not fail the file (absent when there are none). */
  warnings?: FileWarning[];
  stats?: XmlStats;
  convert?: ConvertOutput;
  extract?: ExtractOutput;
  split?: SplitInfo;
  /** Present when the file was checked against a schema (validate with --schema). */
  schema?: SchemaCheck;
}

export const ERROR_MODES = ['first-fatal', 'all-validity'] as const;
export type ErrorMode = (typeof ERROR_MODES)[number];

/** `csv-errors`: one CSV row per error (a file with none gets one row with empty error fields). */
export const REPORT_FORMATS = ['json', 'ndjson', 'csv', 'csv-errors'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
