/**
 * A job's timeline: one lane per worker and one bar per task attempt (a file, a batch of small
 * files, or a chunk of a split file) from the moment it was handed to a worker to its end. The
 * engine records it (src/engine/timeline); the UI, the HTML report, `--joblog` and `--trace`
 * read it in this shape.
 *
 * It travels as updates: the first one of a job, and any answer to `getTimeline()`, is `full`
 * and replaces what a reader holds; later ones carry only the lanes and bars that are new or
 * changed (a bar that was running and has ended comes again, whole), to be merged by id.
 */
import { TASK_NAMES, type TaskName } from './tasks';

/**
 * How a task attempt ended. `failed`: it ran to its end, and at least one of its files is not
 * OK (not well-formed, unreadable, ...); `retried`: its worker crashed, ran out of memory or
 * timed out, and its unfinished files were tried again; `crashed`: the same on the last
 * attempt, so its files failed; `cancelled`: stopped by a cancel.
 */
export const TASK_OUTCOMES = [
  'running',
  'ok',
  'failed',
  'retried',
  'cancelled',
  'crashed',
] as const;
export type TaskOutcome = (typeof TASK_OUTCOMES)[number];

/** Why an attempt faulted. */
export const FAULT_KINDS = ['crash', 'oom', 'timeout'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface TimelineLane {
  /** 0-based, in the order lanes appeared. */
  id: number;
  /**
   * The pool's worker id. A worker replaced after a crash keeps its id and its lane; a worker
   * started under the id of one a resize retired gets a lane of its own.
   */
  workerId: number;
  /** When its worker was started, in ms since the timeline's start. */
  startMs: number;
  /** When a resize retired its worker; null while it is in the pool (or the job closed it). */
  retiredMs: number | null;
}

export interface ChunkSpan {
  /** The chunk's number within its file, 0-based. */
  seq: number;
  /** Its byte range in the file. */
  start: number;
  end: number;
}

export interface TimelineBar {
  /** 0-based, in the order tasks started. */
  id: number;
  lane: number;
  /** ms since the timeline's start. */
  startMs: number;
  /** null while it runs. */
  endMs: number | null;
  outcome: TaskOutcome;
  /** 1 for the first run, 2 for the retry. */
  attempt: number;
  /** Bytes the task was given: its files' sizes, or the chunk's range. */
  bytes: number;
  /**
   * Input indexes of its files, in ascending order: one file, a batch, or the split file a
   * chunk belongs to.
   */
  files: number[];
  chunk: ChunkSpan | null;
  /** Why a `retried` or `crashed` attempt faulted. */
  fault: FaultKind | null;
}

/** An input file a bar refers to, sent once per job with the first bar that holds it. */
export interface TimelineFile {
  index: number;
  /** Absolute path (as results name it). */
  path: string;
  /** Relative to the folder it was found in, as results name it. */
  relative: string;
  size: number;
}

export interface TimelineUpdate {
  jobId: string;
  /** The whole timeline, replacing what the reader holds; otherwise only what changed. */
  full: boolean;
  task: TaskName;
  /** Wall-clock time of the timeline's 0, ms since the Unix epoch. */
  startedAt: number;
  /** How far the timeline reaches, ms since its start: now while it runs, the end after. */
  elapsedMs: number;
  finished: boolean;
  /** The job's row tag option (null: files are never split). */
  rowTag: string | null;
  /** Files from this size up can be split with a row tag. */
  splitMinBytes: number;
  /** Bars recorded so far, so a reader can tell it missed an update. */
  barCount: number;
  /** Tasks not recorded because the timeline reached its size cap. */
  droppedBars: number;
  lanes: TimelineLane[];
  bars: TimelineBar[];
  files: TimelineFile[];
}

/** What the balance summary and the charts read: a whole timeline, as an update or a model. */
export interface TimelineData {
  readonly elapsedMs: number;
  readonly finished: boolean;
  readonly rowTag: string | null;
  readonly splitMinBytes: number;
  readonly lanes: readonly TimelineLane[];
  readonly bars: readonly TimelineBar[];
  fileAt(index: number): TimelineFile | undefined;
}

/** A full update read as TimelineData. */
export function timelineData(update: TimelineUpdate): TimelineData {
  const files = new Map(update.files.map((file) => [file.index, file]));
  return {
    elapsedMs: update.elapsedMs,
    finished: update.finished,
    rowTag: update.rowTag,
    splitMinBytes: update.splitMinBytes,
    lanes: update.lanes,
    bars: update.bars,
    fileAt: (index) => files.get(index),
  };
}

/** A bar's end, or `now` while it runs. */
export function barEnd(bar: TimelineBar, now: number): number {
  return bar.endMs ?? Math.max(now, bar.startMs);
}

// ---------------------------------------------------------------------------------------------
// Shape checks, for a reader that receives an update across a process boundary.

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isIndex(value: unknown): value is number {
  return Number.isSafeInteger(value) && typeof value === 'number' && value >= 0;
}

function isOneOf<T extends string>(value: unknown, choices: readonly T[]): value is T {
  return choices.some((choice) => choice === value);
}

function isLane(value: unknown): value is TimelineLane {
  return (
    isRecord(value) &&
    isIndex(value.id) &&
    isIndex(value.workerId) &&
    isNumber(value.startMs) &&
    (value.retiredMs === null || isNumber(value.retiredMs))
  );
}

function isChunkSpan(value: unknown): value is ChunkSpan {
  return isRecord(value) && isIndex(value.seq) && isIndex(value.start) && isIndex(value.end);
}

function isBar(value: unknown): value is TimelineBar {
  return (
    isRecord(value) &&
    isIndex(value.id) &&
    isIndex(value.lane) &&
    isNumber(value.startMs) &&
    (value.endMs === null || isNumber(value.endMs)) &&
    isOneOf(value.outcome, TASK_OUTCOMES) &&
    isIndex(value.attempt) &&
    isIndex(value.bytes) &&
    Array.isArray(value.files) &&
    value.files.every(isIndex) &&
    (value.chunk === null || isChunkSpan(value.chunk)) &&
    (value.fault === null || isOneOf(value.fault, FAULT_KINDS))
  );
}

function isFile(value: unknown): value is TimelineFile {
  return (
    isRecord(value) &&
    isIndex(value.index) &&
    typeof value.path === 'string' &&
    typeof value.relative === 'string' &&
    isIndex(value.size)
  );
}

export function isTimelineUpdate(value: unknown): value is TimelineUpdate {
  return (
    isRecord(value) &&
    typeof value.jobId === 'string' &&
    typeof value.full === 'boolean' &&
    isOneOf(value.task, TASK_NAMES) &&
    isNumber(value.startedAt) &&
    isNumber(value.elapsedMs) &&
    typeof value.finished === 'boolean' &&
    (value.rowTag === null || typeof value.rowTag === 'string') &&
    isIndex(value.splitMinBytes) &&
    isIndex(value.barCount) &&
    isIndex(value.droppedBars) &&
    Array.isArray(value.lanes) &&
    value.lanes.every(isLane) &&
    Array.isArray(value.bars) &&
    value.bars.every(isBar) &&
    Array.isArray(value.files) &&
    value.files.every(isFile)
  );
}
