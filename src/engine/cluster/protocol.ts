/**
 * The messages between a dispatcher and its remote workers, as JSON on NATS. Like the pool's
 * own protocol (../pool/protocol.ts) every message is `unknown` until a guard below proves its
 * shape: it crossed a network. No code travels: a unit is data, and a worker runs it with
 * xmlpool's own tasks, with options validated as the local pool's (parseJobOptions).
 */
import { isWorkerProgress } from '../../shared/browser-protocol';
import type { WorkerProgress } from '../../shared/progress';
import type { XmlError } from '../../shared/results';
import { BACKENDS, type Backend, type JobOptions } from '../../shared/tasks';
import { isAbsolutePath, parseJobOptions, ValidationError } from '../../shared/validate';
import { isUnitOutput, isWorkUnit } from '../pool/protocol';
import { isXmlError } from '../split/chunk-result-guard';
import type { UnitOutput, WorkUnit } from '../tasks/types';
import { isJobKey, isObjectOfUnit, isUnitId } from './names';

export const PROTOCOL_VERSION = 1;
/** The most workers a remote worker's options may ask for; its own --workers decides. */
const MAX_WORKERS = 256;

/**
 * A job not announced again for this many of its heartbeats has lost its dispatcher: workers drop
 * it, and the next dispatcher removes its streams. Five, so that a busy machine's late timer is
 * never taken for a death.
 */
export const STALE_AFTER_HEARTBEATS = 5;

/** Published on the job's subject of the jobs stream, again every `heartbeatMs` while it runs. */
export interface JobAnnouncement {
  v: typeof PROTOCOL_VERSION;
  job: string;
  state: 'running' | 'cancelled' | 'ended';
  /** What the tasks need: no output folder, no cluster settings (no credentials). */
  options: JobOptions;
  sharedFs: boolean;
  ackWaitMs: number;
  maxDeliver: number;
  heartbeatMs: number;
}

/** One work unit on the job's work-queue stream. */
export interface UnitMessage {
  v: typeof PROTOCOL_VERSION;
  unit: string;
  work: WorkUnit;
}

/** A file the worker stored in the job's bucket for the dispatcher to fetch. */
export interface ObjectRef {
  name: string;
  size: number;
}

/** How a unit ended on a worker. `split`: run the files of this batch one unit each. */
export type RemoteEnd =
  | { status: 'done' }
  /** Each file (by input index) that produced no output, with its own error and attempts. */
  | { status: 'failed'; failures: RemoteFailure[] }
  | { status: 'split' };

export interface RemoteFailure {
  index: number;
  error: XmlError;
  attempts: number;
}

interface ReportBase {
  v: typeof PROTOCOL_VERSION;
  unit: string;
  /** The reporting worker's id (random per worker process). */
  worker: string;
  /** Which delivery of the unit this is (the server's count, 1 for the first). */
  delivery: number;
}

export type Report =
  | (ReportBase & { type: 'output'; n: number; output: UnitOutput; object: ObjectRef | null })
  | (ReportBase & { type: 'end'; end: RemoteEnd })
  /** A report too big for one message: the report itself is in the bucket. */
  | (ReportBase & { type: 'stored'; object: ObjectRef });

/** A remote worker's live state for one job, several times a second. */
export interface WorkerStatus {
  v: typeof PROTOCOL_VERSION;
  worker: string;
  name: string;
  backend: Backend;
  slots: number;
  /** The worker's local pool, its files named by the dispatcher's paths. */
  lanes: WorkerProgress[];
  /** The worker is shutting down or dropping the job. */
  leaving: boolean;
}

/** Asks workers to stop running one unit (a split file no longer needs it). */
export interface UnitCancel {
  v: typeof PROTOCOL_VERSION;
  unit: string;
}

type Fields = Record<string, unknown>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown, max = Number.MAX_SAFE_INTEGER): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= max;
}

function isName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 256;
}

/** Parses JSON text, or gives null: a message that is not JSON is dropped like a malformed one. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * The announcement with its options validated exactly as the local service validates a UI's:
 * unknown fields refused, every value in range. Null when anything is off.
 */
export function parseAnnouncement(value: unknown): JobAnnouncement | null {
  if (!isRecord(value) || value.v !== PROTOCOL_VERSION || !isJobKey(value.job)) return null;
  if (value.state !== 'running' && value.state !== 'cancelled' && value.state !== 'ended') {
    return null;
  }
  let options: JobOptions;
  try {
    options = parseJobOptions(value.options, MAX_WORKERS);
  } catch (error) {
    if (error instanceof ValidationError) return null;
    throw error;
  }
  if (options.outDir !== null || options.cluster !== null) return null;
  if (
    typeof value.sharedFs !== 'boolean' ||
    !isCount(value.ackWaitMs) ||
    value.ackWaitMs < 100 ||
    !isCount(value.maxDeliver, 100) ||
    value.maxDeliver < 1 ||
    !isCount(value.heartbeatMs) ||
    value.heartbeatMs < 50
  ) {
    return null;
  }
  return {
    v: PROTOCOL_VERSION,
    job: value.job,
    state: value.state,
    options,
    sharedFs: value.sharedFs,
    ackWaitMs: value.ackWaitMs,
    maxDeliver: value.maxDeliver,
    heartbeatMs: value.heartbeatMs,
  };
}

/** Every path of a unit is absolute; a relative one could only be an attack or a bug. */
function pathsAreAbsolute(work: WorkUnit): boolean {
  const files = work.kind === 'files' ? work.files : [work.file];
  return files.length > 0 && files.every((file) => isAbsolutePath(file.path));
}

export function isUnitMessage(value: unknown): value is UnitMessage {
  return (
    isRecord(value) &&
    value.v === PROTOCOL_VERSION &&
    isUnitId(value.unit) &&
    isWorkUnit(value.work) &&
    pathsAreAbsolute(value.work)
  );
}

function isObjectRefOf(value: unknown, unit: string): value is ObjectRef {
  return isRecord(value) && isObjectOfUnit(value.name, unit) && isCount(value.size);
}

/** One error for several files: a unit that could not be sent, or that keeps killing workers. */
export function sameFailure(
  indexes: readonly number[],
  error: XmlError,
  attempts: number,
): RemoteEnd {
  return { status: 'failed', failures: indexes.map((index) => ({ index, error, attempts })) };
}

function isRemoteEnd(value: unknown): value is RemoteEnd {
  if (!isRecord(value)) return false;
  if (value.status === 'done' || value.status === 'split') return true;
  return (
    value.status === 'failed' && Array.isArray(value.failures) && value.failures.every(isFailure)
  );
}

function isFailure(value: unknown): value is RemoteFailure {
  return (
    isRecord(value) && isCount(value.index) && isXmlError(value.error) && isCount(value.attempts)
  );
}

export function isReport(value: unknown): value is Report {
  if (!isRecord(value) || value.v !== PROTOCOL_VERSION || !isUnitId(value.unit)) return false;
  if (!isName(value.worker) || !isCount(value.delivery)) return false;
  const unit = value.unit;
  switch (value.type) {
    case 'output':
      return (
        isCount(value.n) &&
        isUnitOutput(value.output) &&
        (value.object === null || isObjectRefOf(value.object, unit))
      );
    case 'end':
      return isRemoteEnd(value.end);
    case 'stored':
      return isObjectRefOf(value.object, unit);
    default:
      return false;
  }
}

export function isWorkerStatus(value: unknown): value is WorkerStatus {
  return (
    isRecord(value) &&
    value.v === PROTOCOL_VERSION &&
    isName(value.worker) &&
    isName(value.name) &&
    BACKENDS.some((backend) => backend === value.backend) &&
    isCount(value.slots, 4096) &&
    Array.isArray(value.lanes) &&
    value.lanes.length <= 4096 &&
    value.lanes.every(isWorkerProgress) &&
    typeof value.leaving === 'boolean'
  );
}

export function isUnitCancel(value: unknown): value is UnitCancel {
  return isRecord(value) && value.v === PROTOCOL_VERSION && isUnitId(value.unit);
}
