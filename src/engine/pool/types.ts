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
  /** A unit running longer than this (per file of a batch) fails with a timeout; 0 = none. */
  taskTimeoutMs: number;
  /** resourceLimits.maxOldGenerationSizeMb for threads; --max-old-space-size for processes. */
  workerMemoryMb: number;
  /** Worker-side progress throttle, default 50 ms. */
  progressIntervalMs?: number;
  /** After cancel(), how long a running unit may take to honour its abort signal before its worker is terminated. Default 1000 ms. */
  abortGraceMs?: number;
}

/** Why a failed unit failed: the worker died, ran out of memory, or exceeded the task timeout. */
export type FaultKind = 'crash' | 'oom' | 'timeout';

export type UnitOutcome =
  | { status: 'done' }
  /** `unfinished`: the files that produced no output, after the retry. */
  | { status: 'failed'; error: XmlError; attempts: number; unfinished: FileRef[] }
  | { status: 'cancelled'; unfinished: FileRef[] };

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
