/**
 * One pool worker as the pool sees it: its link, its state, the task it runs, its timers, and the
 * numbers behind its WorkerProgress. It turns worker messages and exits into a few events for
 * the pool; scheduling decisions stay in the pool.
 */
import type { ByteRange, WorkerProgress, WorkerState } from '../../shared/progress';
import type { XmlError } from '../../shared/results';
import type { Backend } from '../../shared/tasks';
import { jsonSizeBounds } from '../results/result-budget';
import type { UnitOutput } from '../tasks/types';
import { countsAsDone, finishedBy, type Task } from './pool-task';
import { type InitMessage, isFromWorker } from './protocol';
import { RateWindow } from './rate-window';
import { faultError, type WorkerLink } from './worker-link';

const RATE_WINDOW_MS = 3000;
/** An invalid message bigger than this is described by its size, not quoted. */
const PREVIEW_MAX_BYTES = 64 * 1024;
/** A worker that has not reported ready by then is ended and counts as failing to start. */
const START_TIMEOUT_MS = 30_000;

/** How a task ended on this worker. */
export type TaskEnd = { kind: 'done' } | { kind: 'aborted' } | { kind: 'fault'; error: XmlError };

export interface PoolWorkerEvents {
  ready(worker: PoolWorker): void;
  output(worker: PoolWorker, task: Task, output: UnitOutput): void;
  taskEnded(worker: PoolWorker, task: Task, end: TaskEnd): void;
  /** `stoppedBy`: why the pool ended it, or null when it died on its own. */
  exited(worker: PoolWorker, stoppedBy: StopReason | null): void;
}

/**
 * Why the pool ended a worker itself. `recycle`: the worker asked to be replaced by a fresh one
 * after its task (its memory grew); it keeps its place and id.
 */
export type StopReason = 'timeout' | 'cancel' | 'retire' | 'close' | 'recycle';

export interface PoolWorkerSettings {
  taskTimeoutMs: number;
  abortGraceMs: number;
  /** What every worker is told at start. */
  init: Omit<InitMessage, 'type' | 'workerId'>;
  /** Tasks done by the workers this one continues the lane of (same id): its count goes on. */
  tasksDoneBefore?: number;
}

let nextRunId = 1;

export class PoolWorker {
  private state: WorkerState = 'starting';
  private task: Task | null = null;
  private runId = 0;
  private stopReason: StopReason | null = null;
  private abortRequested = false;
  private readyOnce = false;
  /** Set when the pool ends a misbehaving worker (bad message, never ready); it counts as a crash. */
  private brokenReason: string | null = null;
  /** The uncaught error a worker process said it is dying of. */
  private fatalMessage: string | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** `timer` is the per-file timeout, which each output pushes back. */
  private timerIsTimeout = false;
  private readonly exitedPromise: Promise<void>;

  private readonly startedAt = performance.now();
  private busySince: number | null = null;
  private busyMs = 0;
  private tasksDone = 0;
  private file: string | null = null;
  private range: ByteRange | null = null;
  /** Bytes of the current task: files already finished, and the current file so far. */
  private bytesFinished = 0;
  private bytesInFile = 0;
  private bytesTotal = 0;
  /** Every byte this worker has processed, for its throughput. */
  private bytesProcessed = 0;
  private readonly rate = new RateWindow(RATE_WINDOW_MS);

  constructor(
    readonly id: number,
    readonly backend: Backend,
    private readonly link: WorkerLink,
    private readonly settings: PoolWorkerSettings,
    private readonly events: PoolWorkerEvents,
  ) {
    this.tasksDone = settings.tasksDoneBefore ?? 0;
    link.onMessage((message) => this.receive(message));
    this.timer = setTimeout(
      () => this.breakOff(`worker did not start within ${START_TIMEOUT_MS / 1000} s`),
      START_TIMEOUT_MS,
    );
    this.exitedPromise = new Promise((resolve) => {
      link.onExit((end) => {
        this.onExit(faultError(end.kind, end.message));
        resolve();
      });
    });
  }

  /** False until the worker has reported ready; a worker that dies before that failed to start. */
  get wasReady(): boolean {
    return this.readyOnce;
  }

  get isIdle(): boolean {
    return this.state === 'idle' && this.stopReason === null;
  }

  get isBusy(): boolean {
    return this.state === 'busy';
  }

  get isAlive(): boolean {
    return this.state !== 'exited';
  }

  /**
   * Counts toward the pool's size: alive and not being retired, cancelled or closed. A worker
   * ended for a timeout or recycled still counts, since its replacement takes its place and id.
   */
  get isStaying(): boolean {
    return (
      this.isAlive &&
      (this.stopReason === null || this.stopReason === 'timeout' || this.stopReason === 'recycle')
    );
  }

  get exited(): Promise<void> {
    return this.exitedPromise;
  }

  run(task: Task): void {
    this.task = task;
    this.runId = nextRunId++;
    this.state = 'busy';
    this.busySince = performance.now();
    // The starting point of this task's throughput.
    this.rate.record(this.busySince, this.bytesProcessed);
    this.bytesFinished = 0;
    this.bytesInFile = 0;
    this.bytesTotal =
      task.unit.kind === 'chunk'
        ? task.unit.chunk.range.end - task.unit.chunk.range.start
        : task.remaining.reduce((sum, file) => sum + file.size, 0);
    this.showNextFile();
    this.armTimeout();
    this.link.send({ type: 'run', runId: this.runId, unit: task.unit });
  }

  /** The task this worker is running, or null. */
  get currentTask(): Task | null {
    return this.task;
  }

  /** Asks the running task to stop; terminates the worker if it does not within the grace time. */
  abort(): void {
    if (this.task === null || this.stopReason !== null) return;
    this.abortRequested = true;
    this.link.send({ type: 'abort', runId: this.runId });
    this.clearTimer();
    this.timer = setTimeout(() => this.stop('cancel'), this.settings.abortGraceMs);
  }

  /** Ends the worker. A task it is running ends as 'timeout' for a timeout, else 'aborted'. */
  stop(reason: StopReason): void {
    if (!this.isAlive) return;
    if (this.stopReason === null || reason === 'timeout') this.stopReason = reason;
    this.clearTimer();
    this.link.terminate();
  }

  /** Tasks done in this lane, including those of the workers it continues. */
  get completedTasks(): number {
    return this.tasksDone;
  }

  /** The lane of a worker that retired: its totals, frozen, and nothing in flight. */
  retiredSnapshot(now: number): WorkerProgress {
    return {
      ...this.snapshot(now),
      state: 'retired',
      file: null,
      range: null,
      bytesDone: 0,
      bytesTotal: 0,
      bytesPerSecond: 0,
    };
  }

  snapshot(now: number): WorkerProgress {
    const busyMs = this.busyMs + (this.busySince === null ? 0 : now - this.busySince);
    const lifetime = Math.max(now - this.startedAt, 1);
    return {
      id: this.id,
      state: this.state,
      backend: this.backend,
      file: this.file,
      range: this.range,
      bytesDone: this.bytesFinished + this.bytesInFile,
      bytesTotal: this.bytesTotal,
      tasksDone: this.tasksDone,
      busyMs,
      utilization: Math.min(busyMs / lifetime, 1),
      bytesPerSecond: this.rate.perSecond(now),
    };
  }

  private receive(message: unknown): void {
    if (!isFromWorker(message)) {
      this.breakOff(`worker sent an invalid message: ${preview(message)}`);
      return;
    }
    if (message.type === 'fatal') {
      this.fatalMessage = message.message;
      return;
    }
    if (message.type === 'ready') {
      if (this.state === 'starting') {
        this.clearTimer();
        this.link.send({ type: 'init', workerId: this.id, ...this.settings.init });
        this.state = 'idle';
        this.readyOnce = true;
        this.events.ready(this);
      }
      return;
    }
    const task = this.task;
    // Late messages from a run that has already ended are dropped.
    if (task === null || message.runId !== this.runId) return;
    switch (message.type) {
      case 'progress':
        this.file = message.file;
        this.range = message.range;
        this.count(message.bytesDone - this.bytesInFile);
        this.bytesInFile = message.bytesDone;
        return;
      case 'output':
        this.onOutput(task, message.output);
        return;
      case 'done':
        // Stopped first, so the pool does not hand it the next task when this one ends.
        if (message.recycle === true) this.stop('recycle');
        this.endTask(this.doneEnd(task));
        return;
      case 'run-error':
        this.endTask({
          kind: 'fault',
          error: faultError('crash', `task failed: ${message.message}`),
        });
        return;
    }
  }

  private doneEnd(task: Task): TaskEnd {
    if (task.remaining.length === 0) return { kind: 'done' };
    if (this.abortRequested) return { kind: 'aborted' };
    const missing = task.remaining.length;
    return {
      kind: 'fault',
      error: faultError('crash', `worker ended the task without a result for ${missing} file(s)`),
    };
  }

  private onOutput(task: Task, output: UnitOutput): void {
    const file = finishedBy(task, output);
    if (file !== undefined) {
      task.remaining = task.remaining.filter((other) => other !== file);
      const size =
        output.kind === 'chunk' && task.unit.kind === 'chunk' ? this.bytesTotal : file.size;
      this.count(size - this.bytesInFile);
      this.bytesFinished += size;
      this.bytesInFile = 0;
    }
    // A file a cancel stopped was not done: a cancelled worker must not show "1 done".
    if (countsAsDone(output)) this.tasksDone += 1;
    this.showNextFile();
    // After an abort request the grace timer runs on; outputs must not push it back.
    if (!this.abortRequested) this.armTimeout();
    this.events.output(this, task, output);
  }

  private breakOff(reason: string): void {
    if (this.brokenReason !== null || !this.isAlive) return;
    this.brokenReason = reason;
    this.clearTimer();
    this.link.terminate();
  }

  private count(bytes: number): void {
    this.bytesProcessed += bytes;
    this.rate.record(performance.now(), this.bytesProcessed);
  }

  private showNextFile(): void {
    const task = this.task;
    const next = task?.remaining[0];
    if (task === null || next === undefined) return;
    this.file = next.path;
    this.range = task.unit.kind === 'chunk' ? task.unit.chunk.range : { start: 0, end: next.size };
  }

  /** The timeout applies to each file of a batch, so it restarts with every output. */
  private armTimeout(): void {
    // Refreshed, not replaced: a new timer per output cost ~5 µs per tiny file.
    if (this.timer !== null && this.timerIsTimeout) {
      this.timer.refresh();
      return;
    }
    this.clearTimer();
    if (this.settings.taskTimeoutMs > 0) {
      this.timer = setTimeout(() => this.stop('timeout'), this.settings.taskTimeoutMs);
      this.timerIsTimeout = true;
    }
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.timerIsTimeout = false;
  }

  private endTask(end: TaskEnd): void {
    const task = this.task;
    if (task === null) return;
    this.clearTimer();
    this.task = null;
    this.abortRequested = false;
    if (this.busySince !== null) this.busyMs += performance.now() - this.busySince;
    this.busySince = null;
    this.file = null;
    this.range = null;
    this.bytesFinished = 0;
    this.bytesInFile = 0;
    this.bytesTotal = 0;
    if (this.state === 'busy') this.state = 'idle';
    this.events.taskEnded(this, task, end);
  }

  private onExit(hostEnd: XmlError): void {
    this.clearTimer();
    const reason = this.stopReason;
    // Exited first, so the pool never hands this worker another task from taskEnded.
    this.state = 'exited';
    if (this.task !== null) this.endTask(this.exitEnd(reason, hostEnd));
    this.events.exited(this, reason);
  }

  private exitEnd(reason: StopReason | null, hostEnd: XmlError): TaskEnd {
    if (reason === 'timeout') {
      const limit = this.settings.taskTimeoutMs;
      return {
        kind: 'fault',
        error: faultError('timeout', `task exceeded the per-task timeout of ${limit} ms`),
      };
    }
    if (reason !== null) return { kind: 'aborted' };
    if (this.brokenReason !== null) {
      return { kind: 'fault', error: faultError('crash', this.brokenReason) };
    }
    if (this.fatalMessage !== null && hostEnd.kind === 'crash') {
      // The same words as a thread's uncaught error (thread-link.ts).
      const message = `worker crashed: uncaught error: ${this.fatalMessage}`;
      return { kind: 'fault', error: faultError('crash', message) };
    }
    return { kind: 'fault', error: hostEnd };
  }
}

/** The start of a message for an error, without stringifying a message of any size whole. */
function preview(message: unknown): string {
  const bounds = jsonSizeBounds(message, PREVIEW_MAX_BYTES);
  if (bounds.atLeast > PREVIEW_MAX_BYTES) return `(a message of at least ${bounds.atLeast} bytes)`;
  try {
    return String(JSON.stringify(message)).slice(0, 200);
  } catch {
    return '(a message JSON cannot show)'; // a BigInt, over worker_threads
  }
}
