/** The pool's public shapes: how it is configured and how a submitted unit ends. */
import type { WorkerProgress } from '../../shared/progress';
import type { XmlError } from '../../shared/results';
import type { Backend, JobOptions } from '../../shared/tasks';
import type { FileRef, UnitOutput, WorkUnit } from '../tasks/types';
import type { ProcessSpawner } from './spawner';

export interface PoolOptions {
  /** Initial worker count, ≥ 1. */
  size: number;
  /** 'thread' (worker_threads, the default) or 'process'. */
  backend: Backend;
  /** Absolute path of the built worker script (the same script for both backends). */
  workerScript: string;
  /** Process backend spawner; default child_process.fork. Electron injects utilityProcess.fork. */
  spawnProcess?: ProcessSpawner;
  /** Sent to each worker once at start; becomes TaskContext.options. */
  jobOptions: JobOptions;
  /** Becomes TaskContext.outputDir. */
  outputDir: string;
  /**
   * Whose temp files the workers write (an owner tag, src/engine/fs/temp-files.ts): a job's, so
   * it can remove what its ended workers leave. Default: this process, outside any job.
   */
  tempOwner?: string;
  /** A unit running longer than this (per file of a batch) fails with a timeout; 0 = none. */
  taskTimeoutMs: number;
  /** resourceLimits.maxOldGenerationSizeMb for threads; --max-old-space-size for processes. */
  workerMemoryMb: number;
  /** Worker-side progress throttle, default 50 ms. */
  progressIntervalMs?: number;
  /** After cancel(), how long a running unit may take to honour its abort signal before its worker is terminated. Default 1000 ms. */
  abortGraceMs?: number;
  /** Told of workers and task attempts as they start and end (the job's timeline). */
  observer?: PoolObserver;
}

/** One attempt to run a unit, as an observer sees it; the same object from start to end. */
export interface TaskAttempt {
  readonly unit: WorkUnit;
  /** 1 for the first run, 2 for the retry. */
  readonly attempt: number;
}

/**
 * How an attempt ended: `done` (every file has an output), `cancelled`, or a fault that was
 * `retried`, or was the last attempt (`failed`).
 */
export type AttemptEnd =
  | { kind: 'done' }
  | { kind: 'cancelled' }
  | { kind: 'retried' | 'failed'; fault: FaultKind };

/**
 * What the pool tells an observer, synchronously, as it happens. Calls are cheap by contract:
 * they run on the pool's hot path, once per worker and per task attempt.
 */
export interface PoolObserver {
  /** A worker was started under `workerId` (a new one, or the replacement of a dead one). */
  workerStarted(workerId: number): void;
  /** A resize retired the worker. */
  workerRetired(workerId: number): void;
  taskStarted(workerId: number, task: TaskAttempt): void;
  /** Each output a task sends, before the pool forwards it. */
  taskOutput(task: TaskAttempt, output: UnitOutput): void;
  taskEnded(task: TaskAttempt, end: AttemptEnd): void;
}

/** Why a failed unit failed: the worker died, ran out of memory, or exceeded the task timeout. */
export type FaultKind = 'crash' | 'oom' | 'timeout';

/**
 * A file of a unit that produced no output, after its retry, with its own reason: the files of
 * one batch can fail in different ways (one crashes its worker, the next hangs, a third runs out
 * of memory), and each is reported as what happened to it.
 */
export interface FileFailure {
  file: FileRef;
  error: XmlError;
  /** Attempts made on this file (2 after a retry). */
  attempts: number;
}

export type UnitOutcome =
  | { status: 'done' }
  /** Every file that produced no output, each with its own error. */
  | { status: 'failed'; failures: FileFailure[] }
  /**
   * `unfinished`: the files the cancel stopped; `failures`: files that had already failed (a
   * cancel does not turn a crash into a cancellation).
   */
  | { status: 'cancelled'; unfinished: FileRef[]; failures: FileFailure[] };

/**
 * What a job needs of a pool. The local WorkerPool and the cluster's remote pool
 * (src/engine/cluster) both provide it, so a job runs the same on either.
 */
export interface UnitPool {
  /** Queues a unit; resolves when all its files have an output, failed, or were cancelled. */
  submit(
    unit: WorkUnit,
    onOutput: (output: UnitOutput, workerId: number) => void,
    signal?: AbortSignal,
  ): Promise<UnitOutcome>;
  resize(size: number): void;
  cancel(): void;
  snapshot(): WorkerProgress[];
  /** Ends the pool; units still queued or running resolve 'cancelled'. */
  close(): Promise<void>;
  /**
   * Resolves once the pool can run units; rejects (with a JobSetupError) when it never will, so
   * the job fails as a whole instead of failing every file. A local pool is ready at once.
   */
  ready?(): Promise<void>;
}
