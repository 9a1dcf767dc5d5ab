/**
 * The one API between the UI and the backend.
 *
 * `XmlPoolApi` is implemented three times, and typecheck proves they agree:
 * - the backend service (src/engine/service), which both shells wrap;
 * - the Electron preload (`window.xmlpool`, src/preload);
 * - the browser-mode client (src/renderer/api), talking HTTP + WebSocket to `xmlpool serve`.
 */
import type { ColumnSpec } from './column-spec';
import type { JobProgress } from './progress';
import type { FileResult, ReportFormat } from './results';
import type { JobOptions, NamespaceBinding } from './tasks';
import type { TimelineUpdate } from './timeline';

export type InputStatus = 'pending' | 'running' | 'ok' | 'failed';

export interface InputEntry {
  /** Stable id: the absolute path on the machine running the engine. */
  id: string;
  path: string;
  /** Path shown to the user (relative to the folder it came from, or the file name). */
  name: string;
  /** Size in bytes, or null when the path could not be read (it then fails in the job). */
  size: number | null;
  status: InputStatus;
}

export interface AddInputsOutcome {
  added: InputEntry[];
  /** Paths that were already listed and were skipped. */
  duplicates: number;
  /** Paths that could not be expanded (missing, unreadable); they are still listed and fail in the job. */
  problems: string[];
}

export interface SystemInfo {
  version: string;
  /** Cores available to the pool: the slider's maximum. */
  cores: number;
  mode: 'electron' | 'browser';
}

export type ExportOutcome =
  | { status: 'saved'; path: string }
  | { status: 'downloaded'; name: string }
  | { status: 'cancelled' };

/** The line of an input file around a byte offset, for showing an error where it is. */
export interface SourceExcerpt {
  /** The line holding the offset (no line break), cut to a bounded stretch around it. */
  text: string;
  /** 1-based column of the offset in `text`, in characters. */
  column: number;
  /** The line goes on before or after `text` (it was cut to the bound). */
  cutBefore: boolean;
  cutAfter: boolean;
}

export type Unsubscribe = () => void;

/** What the UI asks to infer an extract job's columns from the listed inputs. */
export interface ExtractInferRequest {
  /** The record element, or 'auto'. */
  rowTag: string;
  namespaces: NamespaceBinding[];
}

export interface ExtractInference {
  /** The record element ('auto' resolved). */
  rowTag: string;
  columns: ColumnSpec[];
  /** What was read: bytes of the inputs, records, files. */
  sampleBytes: number;
  records: number;
  files: number;
}

/**
 * How many leading inputs row-tag detection (`auto`) and the extract preview read, so a folder
 * of non-XML files costs a few reads, not one each.
 */
export const EXTRACT_SAMPLE_INPUTS = 16;

/** The table's first rows with the job's columns, as cell texts. */
export interface ExtractPreview {
  columns: string[];
  rows: string[][];
}

export interface XmlPoolApi {
  getSystemInfo(): Promise<SystemInfo>;

  /** Add files and folders (folders are expanded recursively, `*.xml`). Duplicates are ignored. */
  addPaths(paths: string[]): Promise<AddInputsOutcome>;
  listInputs(): Promise<InputEntry[]>;
  removeInputs(ids: string[]): Promise<void>;
  clearInputs(): Promise<void>;

  /**
   * Start a job over every listed input, or over the listed inputs `inputIds` names (in list
   * order; "Re-run failed"). Rejects if a job is already running or an id is not listed.
   */
  startJob(options: JobOptions, inputIds?: string[] | null): Promise<{ jobId: string }>;
  /** Change the number of workers of the running job (and the default for the next one). */
  resize(workers: number): Promise<void>;
  cancel(): Promise<void>;
  /** Results of the current (or last) job, in input order. */
  getResults(): Promise<FileResult[]>;
  /**
   * The line around byte `offset` of `file`, which must be an input of the current or last job
   * (never an arbitrary path); at most a few KB are read.
   */
  readSource(file: string, offset: number): Promise<SourceExcerpt>;

  /** Snapshots at most 10 times a second while a job runs, and one final snapshot. */
  onProgress(listener: (progress: JobProgress) => void): Unsubscribe;
  /** Results as they complete, in completion order, batched. */
  onResults(listener: (results: FileResult[]) => void): Unsubscribe;

  /** The current (or last) job's whole timeline; null before the first job. */
  getTimeline(): Promise<TimelineUpdate | null>;
  /**
   * Timeline updates while a job runs, with its progress snapshots (at most 10 a second): the
   * whole timeline first, then only what changed (merge by id), and a last one when it ends.
   */
  onTimeline(listener: (update: TimelineUpdate) => void): Unsubscribe;

  /**
   * Write the report of the last job. With `destination` it is written there (atomically);
   * without, the implementation chooses: a save dialog (Electron), a download (browser),
   * a temp file (service).
   */
  exportReport(format: ReportFormat, destination?: string): Promise<ExportOutcome>;
  /**
   * Write the self-contained HTML report of the last job (summary, balance, timeline, charts,
   * errors grouped by message, every file); destination rules as for `exportReport`.
   */
  exportHtmlReport(destination?: string): Promise<ExportOutcome>;
  /** Copy convert's outputs into a folder, mirroring the inputs' relative structure. */
  exportOutputs(destination?: string): Promise<ExportOutcome>;

  /**
   * Infers an extract job's columns from a sample of the listed inputs (the first 4 MiB), in
   * bounded slices so the backend stays responsive.
   */
  inferExtract(request: ExtractInferRequest): Promise<ExtractInference>;
  /**
   * The first 20 rows the extract job `options` would put in its table, read from the first
   * inputs in order (at most EXTRACT_SAMPLE_INPUTS of them, and 4 MiB in all).
   */
  previewExtract(options: JobOptions): Promise<ExtractPreview>;
  /** Save the last extract job's table (a save dialog in Electron, a download in a browser). */
  exportTable(destination?: string): Promise<ExportOutcome>;
}
