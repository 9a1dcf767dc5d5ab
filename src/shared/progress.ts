/**
 * Live progress shapes. Workers report at most every ~50 ms; the job aggregates and emits
 * a JobProgress snapshot at most 10 times a second.
 */

/**
 * `retired`: the pool shrank and this worker ended after its last task; its lane stays, with its
 * totals, so the lanes' counts still add up to the job's. A worker started later under the same
 * id continues the lane.
 */
export type WorkerState = 'starting' | 'idle' | 'busy' | 'exited' | 'retired';

export interface ByteRange {
  start: number;
  end: number;
}

export interface WorkerProgress {
  /** Stable id, 1..N. A replaced worker keeps the id of the one it replaces. */
  id: number;
  state: WorkerState;
  /** Backend of this worker. */
  backend: 'thread' | 'process';
  /** File being processed, or null when idle. For a batch, the file currently being read. */
  file: string | null;
  /** Byte range of the current task within `file` (the whole file unless it was split). */
  range: ByteRange | null;
  /** Bytes of the current task done / in total. */
  bytesDone: number;
  bytesTotal: number;
  tasksDone: number;
  /** Milliseconds spent busy since the worker started. */
  busyMs: number;
  /** busyMs / lifetime, 0..1. */
  utilization: number;
  /** Recent throughput of this worker, bytes per second. */
  bytesPerSecond: number;
  /** A remote worker (cluster backend): the name it joined with, by default its host name. */
  host?: string;
}

export type JobState = 'idle' | 'running' | 'cancelling' | 'done' | 'cancelled' | 'failed';

export interface JobProgress {
  jobId: string;
  state: JobState;
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  ok: number;
  failed: number;
  /**
   * Files a cancel stopped or never started: they have a result (error kind 'cancelled') but
   * were not processed, so they are in none of filesDone, ok, failed or bytesDone.
   */
  cancelled: number;
  /** Throughput over a moving window (a few seconds), bytes per second. */
  bytesPerSecond: number;
  /** Estimated milliseconds left, or null when unknown. */
  etaMs: number | null;
  elapsedMs: number;
  /** Workers the pool is aiming for (the slider); `workers` can hold more while shrinking. */
  targetWorkers: number;
  workers: WorkerProgress[];
  /**
   * Extract jobs only: table rows of the files (and chunks of split files) finished so far.
   * Absent for other tasks.
   */
  rows?: number;
  /** Why the job stopped, when `state` is 'failed' (it could not start or run as asked). */
  error?: string;
}
