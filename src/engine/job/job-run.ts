/**
 * One running job: plans the work, feeds it to a worker pool, records one result per input as
 * results arrive, and aggregates progress. `startJob` (start-job.ts) is its public face.
 */
import { rmSync } from 'node:fs';
import { access, constants, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobProgress, JobState, WorkerProgress } from '../../shared/progress';
import type { FileResult, XmlError } from '../../shared/results';
import type { JobOptions } from '../../shared/tasks';
import type { TableAssembler } from '../extract/table-assembler';
import {
  jobTempOwner,
  ownedByJob,
  ownedByThisProcess,
  removeStaleTempFiles,
  removeTempFiles,
  removeTempFilesSync,
} from '../fs/temp-files';
import type { ExpandedInput } from '../input/types';
import { planJob } from '../plan/plan-job';
import { WorkerPool } from '../pool';
import { idlePool } from '../pool/idle-pool';
import type { UnitOutcome, UnitPool } from '../pool/types';
import { isFileResult } from '../results/guard';
import { boundedErrors, tooLargeError } from '../results/result-budget';
import { OversizedResultError, ResultSpill } from '../results/spill';
import type { SplitPlan } from '../split/types';
import type { ChunkUnit, FileRef, FilesUnit, UnitOutput } from '../tasks/types';
import { TaskTimeline } from '../timeline/task-timeline';
import { checkJobOptions, checkWorkerCount } from './check-options';
import { CANCELLED_ERROR, failedResult, plainError } from './failed-result';
import { outputCollisions } from './output-collisions';
import { outputFolders } from './output-folders';
import { ProgressTracker } from './progress-tracker';
import { JobSetupError } from './setup-error';
import type { JobEnvironment, JobHooks, JobInputs, JobSummary, JobTable } from './types';

/**
 * The split code, and the scanner it plans with, load only for jobs with a row tag: most jobs
 * never split, and loading it cost ~15 ms before the first worker could be started.
 */
const loadSplit = (): Promise<typeof import('../split')> => import('../split');
/** The NATS client and the cluster pool load only for jobs that run on remote workers. */
const loadCluster = (): Promise<typeof import('../cluster/cluster-pool')> =>
  import('../cluster/cluster-pool');

/** Likewise, the schema checks load only for jobs with a schema. */
const loadSchemaCheck = (): Promise<typeof import('../schema/setup-check')> =>
  import('../schema/setup-check');

/** Progress snapshots go out at most this often (10 Hz). */
const PROGRESS_INTERVAL_MS = 100;
/** Largest setTimeout-safe interval: a worker with this interval never reports progress. */
const NO_PROGRESS_INTERVAL_MS = 2 ** 31 - 1;

/** A chunk of a split file that did not produce a result; carries the reason for the file. */
class ChunkFailure extends Error {
  constructor(readonly error: XmlError) {
    super(error.message);
  }
}

export class JobRun {
  /** Empty until the inputs are known (they may still be listed when the job starts). */
  private inputs: readonly ExpandedInput[] = [];
  private tracker: ProgressTracker;
  private pool: UnitPool | null = null;
  /** The workers as they were just before the pool closed, for the final snapshot. */
  private lastWorkers: WorkerProgress[] = [];
  private spill: ResultSpill | null = null;
  private cancelled = false;
  private state: JobState = 'running';
  private targetWorkers: number;
  /** The job's temp folder, once made. */
  private tempDir: string | null = null;
  /** Settles once the temp folder is made, or could not be. */
  private tempDirMade: Promise<unknown> = Promise.resolve();
  /** Whose temp files the job's workers write beside its outputs (src/engine/fs/temp-files.ts). */
  private readonly tempOwner: string;
  /** Where those temp files are: the folders its outputs go to, outside its temp folder. */
  private outputFolders: string[] = [];
  /** The pool, kept after the job lets go of it, so abortNow can wait for its workers to end. */
  private poolToClose: UnitPool | null = null;
  /** abortNow was called: the process is exiting, so the job starts nothing more. */
  private abandoned = false;
  /**
   * Why the job's schema (`--schema FILE`) cannot be used, as the first worker to compile it
   * found: the job then stops and fails as a setup error, like a bad option would.
   */
  private schemaFailure: string | null = null;
  /** Every task attempt on every worker, as it happened. */
  readonly timeline: TaskTimeline;
  /** Extract jobs: merges the workers' row parts into the table in input order. */
  private table: TableAssembler | null = null;

  private readonly listing: Promise<readonly ExpandedInput[]>;

  constructor(
    readonly id: string,
    inputs: JobInputs,
    private readonly options: JobOptions,
    private readonly env: JobEnvironment,
    private readonly hooks: JobHooks,
  ) {
    this.listing = Promise.resolve(inputs);
    // Marked handled at once: a listing that fails before the job awaits it (it awaits only
    // after creating its temp folder) must fail the job, not end the process as an unhandled
    // rejection. The job still sees the failure when it awaits.
    this.listing.catch(() => undefined);
    this.targetWorkers = options.workers;
    this.tracker = new ProgressTracker(id, 0, 0);
    this.tempOwner = jobTempOwner(id);
    this.timeline = new TaskTimeline({
      jobId: id,
      task: options.task,
      rowTag: options.rowTag,
      live: hooks.liveTimeline ?? false,
    });
  }

  resize(workers: number): void {
    if (!Number.isInteger(workers) || workers < 1) {
      throw new RangeError(`workers must be a whole number of at least 1, not ${workers}`);
    }
    this.targetWorkers = workers;
    this.pool?.resize(workers);
  }

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    if (this.state === 'running') this.state = 'cancelling';
    this.pool?.cancel();
  }

  /** The job's outcome; it never settles once abortNow has been called. */
  done(): Promise<JobSummary> {
    return new Promise((resolve, reject) => {
      this.run().then(
        (summary) => {
          if (!this.abandoned) resolve(summary);
        },
        (error: unknown) => {
          if (!this.abandoned) reject(error);
        },
      );
    });
  }

  private async run(): Promise<JobSummary> {
    checkWorkerCount(this.options.workers);
    const making = makeTempDir(this.env.tempRoot ?? tmpdir());
    this.tempDirMade = making.catch(() => undefined);
    const tempDir = await making;
    this.tempDir = tempDir;
    try {
      return await this.runIn(tempDir);
    } catch (error) {
      this.state = 'failed';
      this.timeline.finish();
      this.emitProgress();
      await this.table?.abandon();
      await rm(tempDir, { recursive: true, force: true });
      throw error;
    }
  }

  /**
   * For a process about to exit without waiting for the job (a second Ctrl-C): ends every worker
   * at once, so none writes again, then removes what the job has on disk.
   */
  async abortNow(): Promise<void> {
    this.abandoned = true;
    this.cancel();
    await this.tempDirMade;
    await this.poolToClose?.close();
    this.removeTempFilesNow();
  }

  /**
   * The temp folder, and every temp file of this process beside the job's outputs: its workers'
   * and its own (the join of a split file's parts). The process is exiting, so none is wanted.
   */
  removeTempFilesNow(): void {
    if (this.tempDir !== null) rmSync(this.tempDir, { recursive: true, force: true });
    removeTempFilesSync(this.outputFolders, ownedByThisProcess);
  }

  private throwIfAbandoned(): void {
    if (this.abandoned) throw new Error('the job was abandoned: its process is exiting');
  }

  private async runIn(tempDir: string): Promise<JobSummary> {
    const outputDir = this.options.outDir ?? join(tempDir, 'outputs');
    // Nobody watching (e.g. the CLI writing to a pipe): no snapshots, and workers send no
    // progress messages at all, so progress costs nothing.
    const watched = this.hooks.onProgress !== undefined;
    // The workers start first: each takes ~0.1 s to boot, time in which the inputs are still
    // being listed (the CLI walks its folders meanwhile) and the work is planned. They are sent
    // nothing to do until the checks below pass; a job that fails them only closes them again.
    const pool = this.options.cluster
      ? await this.startClusterPool(outputDir)
      : await this.startLocalPool(outputDir, watched);
    try {
      return await this.runOn(pool, tempDir, outputDir, watched);
    } finally {
      this.lastWorkers = pool.snapshot();
      this.pool = null;
      await pool.close();
      // A worker ended mid-write (a timeout, a cancel it did not heed, a crash) left its temp
      // files; with every worker gone, any file of this job's is one of those.
      await removeTempFiles(this.outputFolders, ownedByJob(this.tempOwner));
    }
  }

  private async runOn(
    pool: UnitPool,
    tempDir: string,
    outputDir: string,
    watched: boolean,
  ): Promise<JobSummary> {
    this.inputs = await this.listing;
    this.timeline.setInputs(this.inputs);
    let bytesTotal = 0;
    for (const input of this.inputs) bytesTotal += input.size ?? 0;
    this.tracker = new ProgressTracker(this.id, this.inputs.length, bytesTotal);
    checkJobOptions(this.inputs, this.options);
    this.throwIfAbandoned();
    if (this.options.schema.mode !== 'none') {
      const problem = (await loadSchemaCheck()).schemaSetupProblem(this.options.schema);
      if (problem !== null) throw new JobSetupError(problem);
    }
    await prepareOutputDir(outputDir);
    await pool.ready?.();
    const spill = new ResultSpill(join(tempDir, 'results.ndjson'), this.inputs.length);
    this.spill = spill;

    // Before the inputs that fail here are recorded: each must reach the table as done (with no
    // rows), or the table would wait for it and be dropped as incomplete.
    const tablePath = await this.startTable(tempDir, outputDir);
    const files: FileRef[] = [];
    this.inputs.forEach((input, index) => {
      if (input.error === null && input.size !== null) {
        files.push({
          path: input.path,
          size: input.size,
          ...(input.mtimeMs === undefined ? {} : { mtimeMs: input.mtimeMs }),
          index,
          relative: input.relative,
        });
      } else {
        const error = input.error ?? plainError('io', `cannot read ${input.path}`);
        this.record(failedResult(input, index, this.options.task, error));
      }
    });

    const runnable = this.withoutOutputCollisions(files, outputDir);
    this.outputFolders = outputFolders(runnable, this.options, outputDir);
    // What a killed run left in these folders; never files of a process that still runs, so it
    // goes on beside the job.
    const staleRemoved = removeStaleTempFiles(this.outputFolders);
    const timer = watched
      ? setInterval(() => this.emitProgress(), PROGRESS_INTERVAL_MS)
      : undefined;
    try {
      const splits = this.options.rowTag !== null && this.options.schema.mode === 'none';
      const split = splits ? await loadSplit() : null;
      const work = await planJob(runnable, this.options, split?.planSplit ?? noSplit);
      await Promise.all(
        work.map((item) =>
          item.kind === 'files'
            ? this.runFiles(pool, item.unit)
            : this.runSplit(pool, item.file, item.plan),
        ),
      );
      // Every input gets a result, whatever went wrong above.
      this.inputs.forEach((input, index) => {
        if (!spill.has(index))
          this.record(failedResult(input, index, this.options.task, this.missingError()));
      });
    } finally {
      clearInterval(timer);
      this.timeline.finish();
      await spill.close();
      await staleRemoved;
    }
    const table = await this.finishTable(tablePath);
    if (this.schemaFailure !== null) throw new JobSetupError(this.schemaFailure);
    this.state = this.cancelled ? 'cancelled' : 'done';
    this.emitProgress();
    return this.summary(tempDir, spill, table);
  }

  /** Extract jobs: opens the table the workers' rows are merged into; returns its path. */
  private async startTable(tempDir: string, outputDir: string): Promise<string | null> {
    if (this.options.task !== 'extract') return null;
    const extract = this.options.extract;
    const path = this.env.tablePath ?? join(tempDir, `table.${extract.format}`);
    const [{ TableAssembler }, { createTableWriter }, { tableColumns }] = await Promise.all([
      import('../extract/table-assembler'),
      import('../extract/table/table-writer'),
      import('../extract/table/table-columns'),
    ]);
    let writer: Awaited<ReturnType<typeof createTableWriter>>;
    try {
      writer = await createTableWriter({
        path,
        format: extract.format,
        columns: tableColumns(extract),
        bom: extract.bom,
        join: extract.join,
      });
    } catch (error) {
      throw new JobSetupError(`cannot write the table ${path}: ${String(error)}`);
    }
    this.table = new TableAssembler(writer, outputDir, this.inputs.length);
    return path;
  }

  private async finishTable(path: string | null): Promise<JobTable | null> {
    const table = this.table;
    if (table === null || path === null) return null;
    const { rows, error } = await table.finish();
    return { path, format: this.options.extract.format, rows, error };
  }

  /** The local pool, once the listing found an input (env.inputFound); none if it finds none. */
  private async startLocalPool(outputDir: string, watched: boolean): Promise<UnitPool> {
    const found = this.env.inputFound;
    if (found !== undefined) {
      const listed = await Promise.race([
        found.then(() => null),
        this.listing.then(
          (inputs) => inputs,
          () => null,
        ),
      ]);
      if (listed?.every((input) => input.error !== null)) return idlePool();
    }
    return this.startPool(outputDir, watched);
  }

  private startPool(outputDir: string, watched: boolean): WorkerPool {
    this.throwIfAbandoned();
    const pool = new WorkerPool({
      size: this.targetWorkers,
      backend: this.options.backend,
      workerScript: this.env.workerScript,
      spawnProcess: this.env.spawnProcess,
      jobOptions: this.options,
      outputDir,
      taskTimeoutMs: this.options.taskTimeoutMs,
      workerMemoryMb: this.options.workerMemoryMb,
      progressIntervalMs: watched ? undefined : NO_PROGRESS_INTERVAL_MS,
      tempOwner: this.tempOwner,
      observer: this.timeline,
    });
    this.pool = pool;
    this.poolToClose = pool;
    if (this.cancelled) pool.cancel();
    return pool;
  }

  /** Remote workers through NATS: connecting and creating the job's streams start now. */
  private async startClusterPool(outputDir: string): Promise<UnitPool> {
    const cluster = this.options.cluster;
    if (cluster === null) throw new Error('startClusterPool needs cluster options');
    const { ClusterPool } = await loadCluster();
    const pool = new ClusterPool({ jobId: this.id, cluster, jobOptions: this.options, outputDir });
    this.pool = pool;
    this.poolToClose = pool;
    if (this.cancelled) pool.cancel();
    return pool;
  }

  private async runFiles(pool: UnitPool, unit: FilesUnit): Promise<void> {
    if (!this.cancelled) {
      const outcome = await pool.submit(unit, (output) => this.onOutput(output));
      if (outcome.status !== 'done') {
        for (const { file, error, attempts } of outcome.failures) {
          this.recordFailure(file, error, attempts);
        }
      }
      if (outcome.status === 'cancelled') {
        for (const file of outcome.unfinished) this.recordFailure(file, CANCELLED_ERROR, 0);
      }
    }
    // Files that still have no result (record() ignores the others) were dropped by the worker.
    for (const file of unit.files) this.recordFailure(file, this.missingError(), 0);
  }

  private async runSplit(pool: UnitPool, file: FileRef, plan: SplitPlan): Promise<void> {
    if (this.cancelled) {
      this.recordFailure(file, CANCELLED_ERROR, 0);
      return;
    }
    let chunkBytes = 0;
    let chunkRowsCounted = 0;
    const submit = async (unit: ChunkUnit, signal?: AbortSignal): Promise<unknown> => {
      const received: { result?: unknown; done: boolean } = { done: false };
      const outcome = await pool.submit(
        unit,
        (output) => {
          if (output.kind === 'chunk' && output.seq === unit.chunk.seq) {
            received.result = output.result;
            received.done = true;
          }
        },
        signal,
      );
      if (outcome.status !== 'done') throw new ChunkFailure(outcomeError(outcome));
      if (!received.done) throw new ChunkFailure(this.missingError());
      const bytes = unit.chunk.range.end - unit.chunk.range.start;
      chunkBytes += bytes;
      this.tracker.chunkDone(bytes);
      const rows = chunkRows(received.result);
      chunkRowsCounted += rows;
      this.tracker.countRows(rows);
      return received.result;
    };
    let result: FileResult;
    try {
      const { processSplitFile } = await loadSplit();
      result = await processSplitFile(file, plan, this.options, submit);
    } catch (error) {
      const reason =
        error instanceof ChunkFailure
          ? error.error
          : plainError(this.cancelled ? 'cancelled' : 'crash', String(error));
      result = failedResult(this.inputAt(file.index), file.index, this.options.task, reason);
    }
    // The chunks' rows were counted as they came; the file's own count replaces them.
    this.tracker.countRows(-chunkRowsCounted);
    this.record(result, chunkBytes);
  }

  private onOutput(output: UnitOutput): void {
    if (output.kind === 'file' && isFileResult(output.result)) this.record(output.result);
  }

  private recordFailure(file: FileRef, error: XmlError, attempts: number): void {
    this.record(
      failedResult(this.inputAt(file.index), file.index, this.options.task, error, attempts),
    );
  }

  /**
   * Records a result once per input (later duplicates, e.g. from a retry, are dropped). Whatever
   * a worker sent, what is recorded is bounded: messages are cut, and a result still too large
   * fails its file instead (the spill measures it before stringifying it).
   */
  private record(result: FileResult, chunkBytesCounted = 0): void {
    const input = this.inputs[result.index];
    const spill = this.spill;
    if (input === undefined || spill === null || spill.has(result.index)) return;
    // With one schema for every file, a schema error is the schema's, not the file's.
    if (this.options.schema.mode === 'file' && result.errors[0]?.kind === 'schema') {
      this.schemaFailure ??= result.errors[0].message;
      this.cancel();
    }
    let complete: FileResult = {
      ...result,
      relative: input.relative,
      errors: boundedErrors(result.errors),
    };
    try {
      spill.append(complete);
    } catch (error) {
      if (!(error instanceof OversizedResultError)) throw error;
      complete = failedResult(
        input,
        result.index,
        this.options.task,
        tooLargeError(error),
        Number.isInteger(result.attempts) ? result.attempts : 1,
      );
      spill.append(complete);
    }
    if (this.table !== null) {
      this.table.fileDone(complete);
      this.tracker.countRows(complete.extract?.rows ?? 0);
    }
    const outcome = complete.ok
      ? 'ok'
      : complete.errors[0]?.kind === 'cancelled'
        ? 'cancelled'
        : 'failed';
    this.tracker.splitFileDone(chunkBytesCounted, input.size ?? 0, outcome);
    this.hooks.onResult?.(complete, spill.bytesOf(complete.index));
  }

  private inputAt(index: number): ExpandedInput {
    const input = this.inputs[index];
    if (input === undefined) throw new RangeError(`no input at index ${index}`);
    return input;
  }

  /** Convert inputs whose output would replace an input or another file's output fail here. */
  private withoutOutputCollisions(files: FileRef[], outputDir: string): FileRef[] {
    if (this.options.task !== 'convert') return files;
    const refused = outputCollisions(files, outputDir);
    return files.filter((file) => {
      const error = refused.get(file.index);
      const input = this.inputs[file.index];
      if (error === undefined || input === undefined) return true;
      this.record(failedResult(input, file.index, this.options.task, error));
      return false;
    });
  }

  /** Why a file has no result when its unit ended: cancelled, or the worker never sent one. */
  private missingError(): XmlError {
    return this.cancelled
      ? CANCELLED_ERROR
      : plainError('crash', 'the worker finished its task without a result for this file');
  }

  private emitProgress(): void {
    if (!this.hooks.onProgress) return;
    const workers: WorkerProgress[] = this.pool?.snapshot() ?? this.lastWorkers;
    this.hooks.onProgress(this.progress(workers));
  }

  private progress(workers: WorkerProgress[]): JobProgress {
    return this.tracker.snapshot(this.state, this.targetWorkers, workers);
  }

  private summary(tempDir: string, spill: ResultSpill, table: JobTable | null): JobSummary {
    return {
      state: this.cancelled ? 'cancelled' : 'done',
      files: this.inputs.length,
      ok: this.tracker.ok,
      failed: this.tracker.failed,
      cancelled: this.tracker.cancelled,
      bytes: this.tracker.bytesTotal,
      bytesDone: this.tracker.bytesFinished,
      elapsedMs: Math.round(this.tracker.elapsedMs()),
      tempDir,
      table,
      results: () => spill.inInputOrder(),
      dispose: () => rm(tempDir, { recursive: true, force: true }),
    };
  }
}

/** Rows a split extract chunk wrote (0 for anything else). */
function chunkRows(result: unknown): number {
  if (typeof result !== 'object' || result === null || !('extract' in result)) return 0;
  const extract = result.extract;
  if (typeof extract !== 'object' || extract === null || !('rows' in extract)) return 0;
  return typeof extract.rows === 'number' ? extract.rows : 0;
}

/** The planner of jobs without a row tag (planJob never calls it for them). */
async function noSplit(): Promise<null> {
  return null;
}

/** A chunk unit holds one file: its failure, or the cancellation that stopped it. */
function outcomeError(outcome: Exclude<UnitOutcome, { status: 'done' }>): XmlError {
  return outcome.failures[0]?.error ?? CANCELLED_ERROR;
}

/** Found out here, the problem is one setup error instead of one failed file per input. */
async function prepareOutputDir(path: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true });
    await access(path, constants.W_OK);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? error.code : undefined;
    const reason =
      code === 'EEXIST' || code === 'ENOTDIR'
        ? 'a file stands in the way'
        : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
          ? 'permission denied'
          : String(error);
    throw new JobSetupError(`cannot write to the output folder ${path}: ${reason}`);
  }
}

async function makeTempDir(root: string): Promise<string> {
  try {
    return await mkdtemp(join(root, 'xmlpool-job-'));
  } catch (error) {
    throw new JobSetupError(`cannot create a temp folder in ${root}: ${String(error)}`);
  }
}
