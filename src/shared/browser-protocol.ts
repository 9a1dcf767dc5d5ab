/**
 * The wire protocol between the browser-mode client (src/renderer/src/api/browser-client.ts) and
 * `xmlpool serve` (src/server).
 *
 * Calls are HTTP: `POST /api/rpc/<method>` with a JSON array of arguments; the answer is
 * `{ value }` (200) or `{ error }` (4xx/5xx). Events are pushed over one WebSocket
 * (`/api/events`). Files go up as streamed `PUT /api/upload` requests (one big file each) or
 * `POST /api/upload-batch` requests (many small files each), and come down as ordinary downloads
 * (`GET /api/download/<id>`). Every request carries the per-run token in a cookie.
 */
import type {
  AddInputsOutcome,
  ExtractInference,
  ExtractInferRequest,
  ExtractPreview,
  InputEntry,
  SourceExcerpt,
  SystemInfo,
} from './api';
import type { JobProgress } from './progress';
import {
  ERROR_KINDS,
  ERROR_MODES,
  type FileResult,
  type FileWarning,
  type ReportFormat,
  SCHEMA_KINDS,
  type SchemaCheck,
} from './results';
import type { JobOptions } from './tasks';
import { isTimelineUpdate, type TimelineUpdate } from './timeline';

export const RPC_PATH_PREFIX = '/api/rpc/';
export const EVENTS_PATH = '/api/events';
export const UPLOAD_PATH = '/api/upload';
/**
 * `POST /api/upload-batch?batch=<id>`: many small files in one request, because a browser spends
 * about as much CPU on each request as on a small file's bytes. The body is one header line, the
 * UTF-8 JSON of an `UploadBatchHeader` followed by `\n`, then the bytes of every file listed, in
 * that order and back to back, each exactly its declared `size`. Content-Length must equal the
 * header line's bytes plus the sum of the sizes. Either every file of the request is stored, or
 * none (the answer is then an error). Each file is checked like a single `PUT /api/upload`.
 */
export const UPLOAD_BATCH_PATH = '/api/upload-batch';
/** A type that is not CORS-safelisted, so another site's page cannot send it without a preflight. */
export const UPLOAD_BATCH_CONTENT_TYPE = 'application/x-xmlpool-upload-batch';
/** The most files one batch request may list. */
export const UPLOAD_BATCH_MAX_FILES = 1000;
/** The longest header line the server reads, newline included. */
export const UPLOAD_BATCH_MAX_HEADER_BYTES = 1024 * 1024;
export const DOWNLOAD_PATH_PREFIX = '/api/download/';

/** A file the server prepared; the client downloads it from `url` under `name`. */
export interface PreparedDownload {
  url: string;
  name: string;
}

/** What `PUT /api/upload?batch=<id>&path=<relative path>` answers. */
export interface UploadReceipt {
  /** Absolute path of the stored file on the server. */
  path: string;
  /**
   * Absolute path of the uploaded item the file belongs to: the file itself, or the dropped
   * folder (the first segment of its relative path). This is what the client passes to addPaths.
   */
  root: string;
}

/** One file of a batch upload: its relative path (as for `PUT /api/upload`) and its byte count. */
export interface UploadBatchFile {
  path: string;
  size: number;
}

/** The first line of a batch upload's body: the files that follow, in order. */
export type UploadBatchHeader = UploadBatchFile[];

/** What `POST /api/upload-batch` answers: one receipt per file, in the header's order. */
export interface UploadBatchReceipt {
  files: UploadReceipt[];
}

/** Every call the server answers: arguments and result. Exports differ from `XmlPoolApi`: the
 * server writes the file and the client downloads it. */
export interface RpcMethods {
  getSystemInfo: { args: []; result: SystemInfo };
  addPaths: { args: [paths: string[]]; result: AddInputsOutcome };
  listInputs: { args: []; result: InputEntry[] };
  removeInputs: { args: [ids: string[]]; result: null };
  clearInputs: { args: []; result: null };
  startJob: { args: [options: JobOptions, inputIds: string[] | null]; result: { jobId: string } };
  resize: { args: [workers: number]; result: null };
  cancel: { args: []; result: null };
  getResults: { args: []; result: FileResult[] };
  readSource: { args: [file: string, offset: number]; result: SourceExcerpt };
  exportReport: { args: [format: ReportFormat]; result: PreparedDownload };
  exportOutputs: { args: []; result: PreparedDownload };
  getTimeline: { args: []; result: TimelineUpdate | null };
  exportHtmlReport: { args: []; result: PreparedDownload };
  inferExtract: { args: [request: ExtractInferRequest]; result: ExtractInference };
  previewExtract: { args: [options: JobOptions]; result: ExtractPreview };
  exportTable: { args: []; result: PreparedDownload };
}

export type RpcMethod = keyof RpcMethods;

export const RPC_METHODS: readonly RpcMethod[] = [
  'getSystemInfo',
  'addPaths',
  'listInputs',
  'removeInputs',
  'clearInputs',
  'startJob',
  'resize',
  'cancel',
  'getResults',
  'readSource',
  'exportReport',
  'exportOutputs',
  'getTimeline',
  'exportHtmlReport',
  'inferExtract',
  'previewExtract',
  'exportTable',
];

export interface RpcSuccess<M extends RpcMethod> {
  value: RpcMethods[M]['result'];
}

export interface RpcFailure {
  error: string;
}

/** Messages the server pushes over the WebSocket. */
export type ServerEvent =
  | { type: 'progress'; progress: JobProgress }
  | { type: 'results'; results: FileResult[] }
  | { type: 'timeline'; timeline: TimelineUpdate };

// ---------------------------------------------------------------------------------------------
// Shape checks for what the client receives. The server is the trust boundary for arguments;
// these make sure the client never hands the UI something that merely claims a type.

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isNumberOrNull(value: unknown): value is number | null {
  return value === null || isNumber(value);
}

function isStringOrNull(value: unknown): value is string | null {
  return value === null || typeof value === 'string';
}

function isArrayOf<T>(value: unknown, guard: (item: unknown) => item is T): value is T[] {
  return Array.isArray(value) && value.every(guard);
}

function isOneOf<T extends string>(value: unknown, choices: readonly T[]): value is T {
  return choices.some((choice) => choice === value);
}

const JOB_STATES = ['idle', 'running', 'cancelling', 'done', 'cancelled', 'failed'] as const;
const WORKER_STATES = ['starting', 'idle', 'busy', 'exited', 'retired'] as const;
const INPUT_STATUSES = ['pending', 'running', 'ok', 'failed'] as const;

export function isWorkerProgress(value: unknown): value is JobProgress['workers'][number] {
  return (
    isRecord(value) &&
    isNumber(value.id) &&
    isOneOf(value.state, WORKER_STATES) &&
    isStringOrNull(value.file) &&
    isNumber(value.bytesDone) &&
    isNumber(value.bytesTotal) &&
    isNumber(value.tasksDone) &&
    isNumber(value.utilization) &&
    isNumber(value.bytesPerSecond) &&
    (value.host === undefined || typeof value.host === 'string')
  );
}

export function isJobProgress(value: unknown): value is JobProgress {
  return (
    isRecord(value) &&
    typeof value.jobId === 'string' &&
    isOneOf(value.state, JOB_STATES) &&
    isNumber(value.filesDone) &&
    isNumber(value.filesTotal) &&
    isNumber(value.bytesDone) &&
    isNumber(value.bytesTotal) &&
    isNumber(value.ok) &&
    isNumber(value.failed) &&
    isNumber(value.cancelled) &&
    isNumber(value.bytesPerSecond) &&
    isNumberOrNull(value.etaMs) &&
    isNumber(value.elapsedMs) &&
    isNumber(value.targetWorkers) &&
    isArrayOf(value.workers, isWorkerProgress)
  );
}

function isXmlError(value: unknown): value is FileResult['errors'][number] {
  return (
    isRecord(value) &&
    isOneOf(value.kind, ERROR_KINDS) &&
    isNumberOrNull(value.line) &&
    isNumberOrNull(value.column) &&
    isNumberOrNull(value.offset) &&
    typeof value.message === 'string' &&
    (value.path === undefined || typeof value.path === 'string')
  );
}

function isFileWarning(value: unknown): value is FileWarning {
  return isRecord(value) && typeof value.code === 'string' && typeof value.message === 'string';
}

function isSchemaCheck(value: unknown): value is SchemaCheck {
  return (
    isRecord(value) &&
    typeof value.schema === 'string' &&
    isOneOf(value.kind, SCHEMA_KINDS) &&
    isNumber(value.invalid) &&
    isNumberOrNull(value.batches)
  );
}

export function isFileResultShape(value: unknown): value is FileResult {
  return (
    isRecord(value) &&
    typeof value.file === 'string' &&
    isNumber(value.index) &&
    typeof value.task === 'string' &&
    typeof value.ok === 'boolean' &&
    isNumber(value.bytes) &&
    isNumber(value.elements) &&
    isOneOf(value.errorMode, ERROR_MODES) &&
    isArrayOf(value.errors, isXmlError) &&
    isNumber(value.durationMs) &&
    (value.warnings === undefined || isArrayOf(value.warnings, isFileWarning)) &&
    (value.schema === undefined || isSchemaCheck(value.schema))
  );
}

function isInputEntry(value: unknown): value is InputEntry {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.path === 'string' &&
    typeof value.name === 'string' &&
    isNumberOrNull(value.size) &&
    isOneOf(value.status, INPUT_STATUSES)
  );
}

function isAddInputsOutcome(value: unknown): value is AddInputsOutcome {
  return (
    isRecord(value) &&
    isArrayOf(value.added, isInputEntry) &&
    isNumber(value.duplicates) &&
    isArrayOf(value.problems, (item): item is string => typeof item === 'string')
  );
}

function isSystemInfo(value: unknown): value is SystemInfo {
  return (
    isRecord(value) &&
    typeof value.version === 'string' &&
    isNumber(value.cores) &&
    isOneOf(value.mode, ['electron', 'browser'] as const)
  );
}

function isPreparedDownload(value: unknown): value is PreparedDownload {
  return (
    isRecord(value) &&
    typeof value.url === 'string' &&
    value.url.startsWith(DOWNLOAD_PATH_PREFIX) &&
    typeof value.name === 'string'
  );
}

function isSourceExcerpt(value: unknown): value is SourceExcerpt {
  return (
    isRecord(value) &&
    typeof value.text === 'string' &&
    isNumber(value.column) &&
    typeof value.cutBefore === 'boolean' &&
    typeof value.cutAfter === 'boolean'
  );
}

const VALUE_TYPE_NAMES = ['string', 'int', 'number', 'bool', 'date', 'datetime'] as const;

function isColumnSpec(value: unknown): value is ExtractInference['columns'][number] {
  return (
    isRecord(value) &&
    typeof value.name === 'string' &&
    typeof value.path === 'string' &&
    isOneOf(value.type, VALUE_TYPE_NAMES) &&
    typeof value.list === 'boolean'
  );
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function isExtractInference(value: unknown): value is ExtractInference {
  return (
    isRecord(value) &&
    typeof value.rowTag === 'string' &&
    isArrayOf(value.columns, isColumnSpec) &&
    isNumber(value.sampleBytes) &&
    isNumber(value.records) &&
    isNumber(value.files)
  );
}

function isExtractPreview(value: unknown): value is ExtractPreview {
  return (
    isRecord(value) &&
    isArrayOf(value.columns, isString) &&
    isArrayOf(value.rows, (row): row is string[] => isArrayOf(row, isString))
  );
}

function isNull(value: unknown): value is null {
  return value === null;
}

export function isUploadReceipt(value: unknown): value is UploadReceipt {
  return isRecord(value) && typeof value.path === 'string' && typeof value.root === 'string';
}

function isUploadBatchFile(value: unknown): value is UploadBatchFile {
  return (
    isRecord(value) &&
    typeof value.path === 'string' &&
    Number.isSafeInteger(value.size) &&
    typeof value.size === 'number' &&
    value.size >= 0
  );
}

/** For the server: a parsed header line that lists 1 to UPLOAD_BATCH_MAX_FILES files. */
export function isUploadBatchHeader(value: unknown): value is UploadBatchHeader {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.length <= UPLOAD_BATCH_MAX_FILES &&
    value.every(isUploadBatchFile)
  );
}

export function isUploadBatchReceipt(value: unknown): value is UploadBatchReceipt {
  return isRecord(value) && isArrayOf(value.files, isUploadReceipt);
}

/** The check for each call's result. */
export const RPC_RESULT_GUARDS: {
  [M in RpcMethod]: (value: unknown) => value is RpcMethods[M]['result'];
} = {
  getSystemInfo: isSystemInfo,
  addPaths: isAddInputsOutcome,
  listInputs: (value): value is InputEntry[] => isArrayOf(value, isInputEntry),
  removeInputs: isNull,
  clearInputs: isNull,
  startJob: (value): value is { jobId: string } =>
    isRecord(value) && typeof value.jobId === 'string',
  resize: isNull,
  cancel: isNull,
  getResults: (value): value is FileResult[] => isArrayOf(value, isFileResultShape),
  readSource: isSourceExcerpt,
  exportReport: isPreparedDownload,
  exportOutputs: isPreparedDownload,
  getTimeline: (value): value is TimelineUpdate | null => value === null || isTimelineUpdate(value),
  exportHtmlReport: isPreparedDownload,
  inferExtract: isExtractInference,
  previewExtract: isExtractPreview,
  exportTable: isPreparedDownload,
};

export function isServerEvent(value: unknown): value is ServerEvent {
  if (!isRecord(value)) return false;
  if (value.type === 'progress') return isJobProgress(value.progress);
  if (value.type === 'results') return isArrayOf(value.results, isFileResultShape);
  if (value.type === 'timeline') return isTimelineUpdate(value.timeline);
  return false;
}
