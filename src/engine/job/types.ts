/**
 * The engine's front door: a job runs one task over a list of inputs on a worker pool.
 * Used by the CLI, the backend service (desktop and browser mode) and the benchmark.
 */
import type { JobProgress } from '../../shared/progress';
import type { FileResult } from '../../shared/results';
import type { TableFormat } from '../../shared/tasks';
import type { TimelineUpdate } from '../../shared/timeline';
import type { ExpandedInput } from '../input/types';
import type { ProcessSpawner } from '../pool/spawner';

/**
 * A job's inputs, or a promise of them: the CLI starts the job while it still walks the folders
 * it was given, so the workers boot meanwhile.
 */
export type JobInputs = readonly ExpandedInput[] | Promise<readonly ExpandedInput[]>;

export interface JobEnvironment {
  /** Absolute path of the built worker script (out/cli/worker.cjs, or Electron's ?modulePath). */
  workerScript: string;
  /** Spawner for the `process` backend; defaults to child_process.fork. */
  spawnProcess?: ProcessSpawner;
  /** Parent folder of the job's temp folder (spill file, default convert outputs). Default: os.tmpdir(). */
  tempRoot?: string;
  /** Extract jobs: where the table is written (default: `table.<format>` in the job's temp folder). */
  tablePath?: string;
  /**
   * For inputs still being listed: settles when the listing finds its first readable input. The
   * workers start then, and boot while the rest is listed; a listing that ends with nothing to
   * run starts none. Without it, the workers start with the job.
   */
  inputFound?: Promise<void>;
}

/** The table an extract job wrote. */
export interface JobTable {
  path: string;
  format: TableFormat;
  rows: number;
  /** Why the table could not be written (it was then not written at all). */
  error: string | null;
}

export interface JobHooks {
  /** At most 10 times a second, and once more when the job ends. */
  onProgress?(progress: JobProgress): void;
  /**
   * Each result as it completes (completion order), with the bytes of its JSON record, so a
   * consumer can batch by size without measuring it again.
   */
  onResult?(result: FileResult, jsonBytes: number): void;
  /**
   * The caller reads `JobHandle.timeline.update()` while the job runs (e.g. with each progress
   * snapshot), so the timeline keeps what changed in between. Off, only `full()` is of use.
   */
  liveTimeline?: boolean;
}

/** A job's timeline: one bar per task attempt on its worker's lane (src/shared/timeline.ts). */
export interface JobTimelineReader {
  /** The whole timeline, at any time. */
  full(): TimelineUpdate;
  /** With `liveTimeline`: the whole timeline first, then what changed since the last call. */
  update(): TimelineUpdate;
}

export interface JobHandle {
  readonly id: string;
  /** Live resize: growing starts workers now; shrinking retires workers as their tasks finish. */
  resize(workers: number): void;
  /** Stop dispatching, abort running tasks, keep every finished result. */
  cancel(): void;
  /**
   * For a process about to exit without waiting for `done` (the CLI's second Ctrl-C): ends every
   * worker at once, then removes the job's temp folder and the process's temp files beside the
   * job's outputs (part files, atomic writes; src/engine/fs/temp-files.ts). Resolves when they
   * are gone. `done` never settles after it.
   */
  abortNow(): Promise<void>;
  /**
   * The removal abortNow ends with, synchronously, without waiting for the workers: for a
   * process that cannot wait any longer.
   */
  removeTempFilesNow(): void;
  readonly timeline: JobTimelineReader;
  readonly done: Promise<JobSummary>;
}

export interface JobSummary {
  state: 'done' | 'cancelled';
  files: number;
  ok: number;
  failed: number;
  /** Stopped or skipped by a cancel (not in ok or failed). */
  cancelled: number;
  /** Bytes of every input. */
  bytes: number;
  /**
   * Bytes actually processed: every finished file, whatever its verdict. Less than `bytes` after
   * a cancel, and what a throughput figure must be computed from.
   */
  bytesDone: number;
  elapsedMs: number;
  /** The job's temp folder: the results spill file and default convert outputs. */
  tempDir: string;
  /** Extract jobs: the table; null for other tasks. */
  table: JobTable | null;
  /** Every result in input order, read back from the spill file. */
  results(): AsyncIterable<FileResult>;
  /** Remove the temp folder. */
  dispose(): Promise<void>;
}
