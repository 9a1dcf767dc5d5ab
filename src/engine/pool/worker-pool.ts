/**
 * A pool of workers that pull work units one at a time (dynamic pull), FIFO.
 *
 * - Workers have stable ids; a new worker takes the lowest free id, a replacement keeps the id of
 *   the worker it replaces.
 * - resize(n) works at any time: growing starts workers now; shrinking retires idle surplus
 *   workers at once and busy ones when their unit ends (GNU parallel's semantics).
 * - A worker that crashes, runs out of memory or exceeds the task timeout fails only its unit:
 *   the files without output are retried once each on a healthy worker, then reported; the dead
 *   worker is replaced.
 * - cancel() stops dispatching and aborts running units (terminating workers that do not stop
 *   within the grace time); outputs already emitted stay emitted.
 */
import type { WorkerProgress } from '../../shared/progress';
import type { XmlError } from '../../shared/results';
import { ownerTag, THIS_HOST } from '../fs/temp-files';
import type { UnitOutput, WorkUnit } from '../tasks/types';
import { forkProcess } from './fork-spawner';
import {
  newSubmission,
  newTask,
  outcomeOf,
  retriesOf,
  type Submission,
  type Task,
} from './pool-task';
import { PoolWorker, type PoolWorkerEvents, type StopReason, type TaskEnd } from './pool-worker';
import { startProcess } from './process-link';
import { TaskQueue } from './task-queue';
import { startThread } from './thread-link';
import type { AttemptEnd, FaultKind, PoolOptions, UnitOutcome, UnitPool } from './types';
import { faultError, type WorkerLink } from './worker-link';

const DEFAULT_PROGRESS_INTERVAL_MS = 50;
const PROCESS_TEMP_OWNER = ownerTag({ host: THIS_HOST, pid: process.pid, job: '00000000' });
const DEFAULT_ABORT_GRACE_MS = 1000;
/** Workers in a row that die before reporting ready before the pool gives up starting more. */
const MAX_START_FAILURES = 3;
/** A unit is tried this many times before it is reported failed. */
const MAX_ATTEMPTS = 2;

export class WorkerPool implements UnitPool {
  private readonly workers = new Map<number, PoolWorker>();
  /** Lanes of workers a shrink retired, by id, until a new worker continues the lane. */
  private readonly retired = new Map<number, WorkerProgress>();
  private readonly queue = new TaskQueue<Task>();
  private target: number;
  private cancelled = false;
  private closed = false;
  private startFailures = 0;
  /** Set when workers keep dying before they are ready: every unit then fails with it. */
  private startError: XmlError | null = null;
  private readonly events: PoolWorkerEvents = {
    ready: () => {
      this.startFailures = 0;
      this.rebalance();
    },
    output: (worker, task, output) => this.forward(worker, task, output),
    taskEnded: (worker, task, end) => {
      this.settle(task, end);
      // A worker that died is replaced under its own id by `exited`, which comes next.
      if (worker.isAlive) this.rebalance();
    },
    exited: (worker, stoppedBy) => {
      this.onExit(worker, stoppedBy);
      this.rebalance();
    },
  };

  constructor(private readonly options: PoolOptions) {
    this.target = checkedSize(options.size);
    this.rebalance();
  }

  /**
   * Queues a unit; resolves when all its files have an output, failed, or were cancelled.
   * Aborting `signal` cancels just this unit: out of the queue, or stopped on its worker (which
   * the pool replaces if it has to be terminated); the rest of the pool runs on.
   */
  submit(
    unit: WorkUnit,
    onOutput: (output: UnitOutput, workerId: number) => void,
    signal?: AbortSignal,
  ): Promise<UnitOutcome> {
    return new Promise((resolve) => {
      const submission = newSubmission(onOutput, resolve);
      const task = newTask(submission, unit, 1);
      if (this.cancelled || this.closed || signal?.aborted) {
        this.cancelTask(task);
      } else if (this.startError !== null) {
        this.failTask(task, this.startError);
      } else {
        signal?.addEventListener('abort', () => this.abortSubmission(submission), { once: true });
        this.queue.push(task);
        this.rebalance();
      }
    });
  }

  /** The worker count the pool is aiming for (the last resize); it can hold more while shrinking. */
  get targetSize(): number {
    return this.target;
  }

  resize(size: number): void {
    this.target = checkedSize(size);
    this.rebalance();
  }

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    for (const task of this.queue.drain()) this.cancelTask(task);
    for (const worker of this.workers.values()) worker.abort();
  }

  private abortSubmission(submission: Submission): void {
    if (submission.open === 0 || submission.aborted) return;
    submission.aborted = true;
    for (const task of this.queue.removeWhere((queued) => queued.submission === submission)) {
      this.cancelTask(task);
    }
    for (const worker of this.workers.values()) {
      if (worker.currentTask?.submission === submission) worker.abort();
    }
  }

  /** Every lane: live and exited workers, and retired ones (marked so) with their totals. */
  snapshot(): WorkerProgress[] {
    const now = performance.now();
    const lanes = [...this.workers.values()].map((worker) => worker.snapshot(now));
    for (const [id, lane] of this.retired) if (!this.workers.has(id)) lanes.push(lane);
    return lanes.sort((a, b) => a.id - b.id);
  }

  /** Ends every worker; units still queued or running resolve 'cancelled'. */
  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.drain()) this.cancelTask(task);
    const workers = [...this.workers.values()];
    for (const worker of workers) worker.stop('close');
    await Promise.all(workers.map((worker) => worker.exited));
  }

  /** Retires idle surplus workers, starts missing ones, and hands queued tasks to idle workers. */
  private rebalance(): void {
    if (this.cancelled || this.closed) return;
    const staying = [...this.workers.values()].filter((worker) => worker.isStaying);
    let surplus = staying.length - this.target;
    const retirable = staying.filter((worker) => !worker.isBusy).sort((a, b) => b.id - a.id);
    for (const worker of retirable) {
      if (surplus <= 0) break;
      worker.stop('retire');
      this.options.observer?.workerRetired(worker.id);
      surplus -= 1;
    }
    if (this.startError === null) {
      for (let missing = -surplus; missing > 0; missing--) this.spawn(this.lowestFreeId());
    }
    this.dispatch();
  }

  private dispatch(): void {
    const idle = [...this.workers.values()]
      .filter((worker) => worker.isIdle)
      .sort((a, b) => a.id - b.id);
    for (const worker of idle) {
      const task = this.queue.shift();
      if (task === undefined) return;
      worker.run(task);
      this.options.observer?.taskStarted(worker.id, task);
    }
  }

  private lowestFreeId(): number {
    let id = 1;
    while (this.workers.get(id)?.isAlive) id += 1;
    return id;
  }

  /** `tasksDoneBefore`: the count of the lane it continues (a crashed or retired worker's). */
  private spawn(id: number, tasksDoneBefore = 0): void {
    const { backend, workerScript, workerMemoryMb } = this.options;
    const retired = this.retired.get(id);
    this.retired.delete(id);
    const link: WorkerLink =
      backend === 'process'
        ? startProcess(this.options.spawnProcess ?? forkProcess, workerScript, workerMemoryMb)
        : startThread(workerScript, workerMemoryMb);
    const worker = new PoolWorker(
      id,
      backend,
      link,
      {
        taskTimeoutMs: this.options.taskTimeoutMs,
        abortGraceMs: this.options.abortGraceMs ?? DEFAULT_ABORT_GRACE_MS,
        tasksDoneBefore: tasksDoneBefore + (retired?.tasksDone ?? 0),
        init: {
          options: this.options.jobOptions,
          outputDir: this.options.outputDir,
          tempOwner: this.options.tempOwner ?? PROCESS_TEMP_OWNER,
          progressIntervalMs: this.options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS,
        },
      },
      this.events,
    );
    this.workers.set(id, worker);
    this.options.observer?.workerStarted(id);
  }

  private onExit(worker: PoolWorker, stoppedBy: StopReason | null): void {
    if (this.workers.get(worker.id) !== worker) return;
    // A cancelled or closed pool keeps its exited workers on show. A worker ended because one
    // unit was aborted ('cancel' while the pool runs on) is replaced like a crashed one.
    if (stoppedBy === 'close' || this.cancelled || this.closed) return;
    this.workers.delete(worker.id);
    if (stoppedBy === 'retire') {
      this.retired.set(worker.id, worker.retiredSnapshot(performance.now()));
      return;
    }
    if (!worker.wasReady) {
      this.startFailures += 1;
      if (this.startFailures >= MAX_START_FAILURES) this.giveUpStarting(worker);
    }
    const staying = [...this.workers.values()].filter((other) => other.isStaying).length;
    if (this.startError === null && staying < this.target) {
      this.spawn(worker.id, worker.completedTasks);
    } else {
      // Not replaced (the pool is shrinking, or cannot start workers): its lane and totals stay.
      this.retired.set(worker.id, worker.retiredSnapshot(performance.now()));
    }
  }

  private giveUpStarting(worker: PoolWorker): void {
    this.startError = faultError(
      'crash',
      `workers keep exiting before they are ready (${this.options.backend} backend, ` +
        `script ${this.options.workerScript}); last worker: ${worker.id}`,
    );
    for (const task of this.queue.drain()) this.failTask(task, this.startError);
  }

  private forward(worker: PoolWorker, task: Task, output: UnitOutput): void {
    const counted: UnitOutput =
      output.kind === 'file' && task.attempt > 1
        ? { ...output, result: { ...output.result, attempts: task.attempt } }
        : output;
    this.options.observer?.taskOutput(task, output);
    task.submission.onOutput(counted, worker.id);
  }

  private settle(task: Task, end: TaskEnd): void {
    if (end.kind === 'done' || task.remaining.length === 0) {
      this.observe(task, { kind: 'done' });
      this.closeTask(task.submission);
    } else if (end.kind === 'aborted' || task.submission.aborted || this.cancelled || this.closed) {
      this.observe(task, { kind: 'cancelled' });
      this.cancelTask(task);
    } else if (task.attempt < MAX_ATTEMPTS) {
      this.observe(task, { kind: 'retried', fault: faultKindOf(end.error) });
      const retries = retriesOf(task);
      task.submission.open += retries.length;
      this.queue.pushRetries(retries);
      this.closeTask(task.submission);
    } else {
      this.observe(task, { kind: 'failed', fault: faultKindOf(end.error) });
      this.failTask(task, end.error);
    }
  }

  private observe(task: Task, end: AttemptEnd): void {
    this.options.observer?.taskEnded(task, end);
  }

  private failTask(task: Task, error: XmlError): void {
    for (const file of task.remaining) {
      task.submission.failures.push({ file, error, attempts: task.attempt });
    }
    this.closeTask(task.submission);
  }

  private cancelTask(task: Task): void {
    task.submission.cancelled.push(...task.remaining);
    this.closeTask(task.submission);
  }

  private closeTask(submission: Submission): void {
    submission.open -= 1;
    if (submission.open === 0) submission.resolve(outcomeOf(submission));
  }
}

/** Faults carry one of the pool's own kinds; anything else counts as a crash. */
function faultKindOf(error: XmlError): FaultKind {
  return error.kind === 'oom' || error.kind === 'timeout' ? error.kind : 'crash';
}

function checkedSize(size: number): number {
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`pool size must be an integer ≥ 1, got ${size}`);
  }
  return size;
}
