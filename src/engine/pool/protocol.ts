/**
 * Messages between the pool (main side) and a worker. The same protocol runs over
 * worker_threads, child_process IPC (JSON) and Electron's utilityProcess, so every message is
 * plain JSON-safe data, and each side checks what it receives with the guards below: a message
 * crossing a process boundary is `unknown` until proven otherwise.
 */
import type { ByteRange } from '../../shared/progress';
import type { JobOptions } from '../../shared/tasks';
import type { UnitOutput, WorkUnit } from '../tasks/types';

/** Sent once, in answer to the worker's `ready`. */
export interface InitMessage {
  type: 'init';
  workerId: number;
  options: JobOptions;
  outputDir: string;
  progressIntervalMs: number;
  /** Whose temp files the worker writes (an owner tag of src/engine/fs/temp-files.ts). */
  tempOwner: string;
}

export interface RunMessage {
  type: 'run';
  /** Pool-wide attempt number; every reply about this run carries it. */
  runId: number;
  unit: WorkUnit;
}

/** Asks the worker to abort a run through its AbortSignal. */
export interface AbortMessage {
  type: 'abort';
  runId: number;
}

export type ToWorker = InitMessage | RunMessage | AbortMessage;

/** The worker is listening; the pool answers with `init`, then sends runs. */
export interface ReadyMessage {
  type: 'ready';
}

export interface OutputMessage {
  type: 'output';
  runId: number;
  output: UnitOutput;
}

export interface ProgressMessage {
  type: 'progress';
  runId: number;
  file: string;
  range: ByteRange;
  /** Bytes of `range` done so far. */
  bytesDone: number;
}

/** The run ended: every file produced its output, or it was aborted. */
export interface DoneMessage {
  type: 'done';
  runId: number;
  /** The worker should be replaced by a fresh one now (its memory grew; see TaskContext.recycle). */
  recycle?: boolean;
}

/** The task threw instead of producing a result; the worker itself is still healthy. */
export interface RunErrorMessage {
  type: 'run-error';
  runId: number;
  message: string;
}

/**
 * A worker process is about to die of an uncaught error; the pool words the crash with it. (A
 * thread's uncaught error reaches the pool through the Worker's 'error' event instead.)
 */
export interface FatalMessage {
  type: 'fatal';
  message: string;
}

export type FromWorker =
  | ReadyMessage
  | OutputMessage
  | ProgressMessage
  | DoneMessage
  | RunErrorMessage
  | FatalMessage;

type Fields = Record<string, unknown>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function isByteRange(value: unknown): value is ByteRange {
  return isRecord(value) && isCount(value.start) && isCount(value.end);
}

function isFileRef(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.path === 'string' &&
    isCount(value.size) &&
    (value.mtimeMs === undefined || typeof value.mtimeMs === 'number') &&
    isCount(value.index) &&
    typeof value.relative === 'string'
  );
}

/** Shallow check: the task validates its own options; the pool only needs the task name. */
function isJobOptions(value: unknown): value is JobOptions {
  return isRecord(value) && typeof value.task === 'string' && isRecord(value.limits);
}

export function isWorkUnit(value: unknown): value is WorkUnit {
  if (!isRecord(value)) return false;
  if (value.kind === 'files') {
    return Array.isArray(value.files) && value.files.every(isFileRef);
  }
  if (value.kind === 'chunk') {
    const chunk = value.chunk;
    return (
      isFileRef(value.file) && isRecord(chunk) && isCount(chunk.seq) && isByteRange(chunk.range)
    );
  }
  return false;
}

export function isUnitOutput(value: unknown): value is UnitOutput {
  if (!isRecord(value)) return false;
  if (value.kind === 'file') {
    const result = value.result;
    return isRecord(result) && typeof result.file === 'string' && isCount(result.index);
  }
  if (value.kind === 'chunk') {
    return isFileRef(value.file) && isCount(value.seq);
  }
  return false;
}

export function isToWorker(value: unknown): value is ToWorker {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'init':
      return (
        isCount(value.workerId) &&
        isJobOptions(value.options) &&
        typeof value.outputDir === 'string' &&
        isCount(value.progressIntervalMs) &&
        typeof value.tempOwner === 'string'
      );
    case 'run':
      return isCount(value.runId) && isWorkUnit(value.unit);
    case 'abort':
      return isCount(value.runId);
    default:
      return false;
  }
}

export function isFromWorker(value: unknown): value is FromWorker {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'ready':
      return true;
    case 'output':
      return isCount(value.runId) && isUnitOutput(value.output);
    case 'progress':
      return (
        isCount(value.runId) &&
        typeof value.file === 'string' &&
        isByteRange(value.range) &&
        isCount(value.bytesDone)
      );
    case 'done':
      return isCount(value.runId) && (value.recycle === undefined || value.recycle === true);
    case 'run-error':
      return isCount(value.runId) && typeof value.message === 'string';
    case 'fatal':
      return typeof value.message === 'string';
    default:
      return false;
  }
}
