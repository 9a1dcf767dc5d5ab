/**
 * Records a job's timeline as the pool runs it: the pool tells it (as its PoolObserver) when
 * workers start and retire and when task attempts start, send outputs and end. One bar per
 * attempt, so a retried task shows its failed attempt and its retry.
 *
 * Memory is bounded: bars live in typed-array columns (bar-store.ts: at most 64 bytes per task
 * past the first 64 tasks, plus 4 bytes per input file) up to MAX_BARS, after which tasks are
 * counted but not drawn. A live reader (the service, for the UI) takes what changed with
 * `update()`; `full()` gives the whole timeline at any time.
 */

import type { TaskName } from '../../shared/tasks';
import type {
  TimelineBar,
  TimelineFile,
  TimelineLane,
  TimelineUpdate,
} from '../../shared/timeline';
import type { AttemptEnd, PoolObserver, TaskAttempt } from '../pool/types';
import type { FileRef, UnitOutput, WorkUnit } from '../tasks/types';
import { BarStore } from './bar-store';

/** A million tasks: tens of megabytes at most, far beyond any real run. */
export const MAX_BARS = 1_000_000;
/** Files from this size up can be split with a row tag (src/engine/split's default). */
export const SPLIT_MIN_BYTES = 16 * 1024 * 1024;

export interface TimelineInput {
  path: string;
  relative: string;
  size: number | null;
}

export interface TimelineOptions {
  jobId: string;
  task: TaskName;
  rowTag: string | null;
  /** Keep track of what changed since the last `update()`: only a job watched live needs it. */
  live: boolean;
  maxBars?: number;
}

interface Running {
  id: number;
  /** One of its files' results is not OK. */
  failed: boolean;
}

export class TaskTimeline implements PoolObserver {
  /** Wall-clock time of the timeline's 0. */
  readonly startedAt = Date.now();
  private readonly origin = performance.now();
  private readonly bars = new BarStore();
  private readonly lanes: TimelineLane[] = [];
  /** The lane each worker id draws on now. */
  private readonly laneOfWorker = new Map<number, number>();
  private readonly running = new Map<TaskAttempt, Running>();
  private inputs: readonly TimelineInput[] = [];
  /** The first bar that held each input file, or -1. */
  private firstBar = new Int32Array(0);
  private dropped = 0;
  private endedAtMs: number | null = null;
  private readonly maxBars: number;

  // What a live reader has not been sent yet.
  private sentFull = false;
  private sentBars = 0;
  private endedSinceUpdate: number[] = [];
  private readonly changedLanes = new Set<number>();
  /** Units of bars whose files a live reader still needs (batches). */
  private readonly unsentUnits = new Map<number, WorkUnit>();

  constructor(private readonly options: TimelineOptions) {
    this.maxBars = options.maxBars ?? MAX_BARS;
  }

  /** The job's inputs, once listed; bars name their files by index into them. */
  setInputs(inputs: readonly TimelineInput[]): void {
    this.inputs = inputs;
    this.firstBar = new Int32Array(inputs.length).fill(-1);
  }

  /** The job has ended: the timeline stops growing. */
  finish(): void {
    this.endedAtMs ??= this.now();
  }

  get barCount(): number {
    return this.bars.count;
  }

  /** Bytes the recorded timeline holds (its columns and its per-input index). */
  get allocatedBytes(): number {
    return this.bars.allocatedBytes + this.firstBar.byteLength;
  }

  workerStarted(workerId: number): void {
    const current = this.laneOfWorker.get(workerId);
    // A replacement for a dead worker draws on in its lane; one after a retired worker does not.
    if (current !== undefined && this.lanes[current]?.retiredMs === null) return;
    const lane: TimelineLane = {
      id: this.lanes.length,
      workerId,
      startMs: this.now(),
      retiredMs: null,
    };
    this.lanes.push(lane);
    this.laneOfWorker.set(workerId, lane.id);
    if (this.options.live) this.changedLanes.add(lane.id);
  }

  workerRetired(workerId: number): void {
    const lane = this.lanes[this.laneOfWorker.get(workerId) ?? -1];
    if (lane === undefined || lane.retiredMs !== null) return;
    lane.retiredMs = this.now();
    if (this.options.live) this.changedLanes.add(lane.id);
  }

  taskStarted(workerId: number, task: TaskAttempt): void {
    if (this.bars.count >= this.maxBars) {
      this.dropped += 1;
      return;
    }
    if (!this.laneOfWorker.has(workerId)) this.workerStarted(workerId);
    const unit = task.unit;
    const files = filesOf(unit);
    const id = this.bars.add({
      lane: this.laneOfWorker.get(workerId) ?? 0,
      startMs: this.now(),
      bytes: unitBytes(unit),
      firstFile: files[0]?.index ?? -1,
      fileCount: files.length,
      attempt: task.attempt,
      chunk: unit.kind === 'chunk' ? { seq: unit.chunk.seq, start: unit.chunk.range.start } : null,
    });
    for (const file of files) {
      if (this.firstBar[file.index] === -1) this.firstBar[file.index] = id;
    }
    this.running.set(task, { id, failed: false });
    if (this.options.live && files.length > 1) this.unsentUnits.set(id, unit);
  }

  taskOutput(task: TaskAttempt, output: UnitOutput): void {
    const running = this.running.get(task);
    if (running !== undefined && output.kind === 'file' && !output.result.ok) running.failed = true;
  }

  taskEnded(task: TaskAttempt, end: AttemptEnd): void {
    const running = this.running.get(task);
    if (running === undefined) return;
    this.running.delete(task);
    const outcome =
      end.kind === 'done'
        ? running.failed
          ? 'failed'
          : 'ok'
        : end.kind === 'failed'
          ? 'crashed'
          : end.kind;
    this.bars.finish(running.id, this.now(), outcome, 'fault' in end ? end.fault : null);
    if (this.options.live) this.endedSinceUpdate.push(running.id);
  }

  /** The whole timeline. */
  full(): TimelineUpdate {
    const batchFiles = this.batchFiles();
    const bars: TimelineBar[] = [];
    for (let id = 0; id < this.bars.count; id++) bars.push(this.bar(id, batchFiles.get(id)));
    const files: TimelineFile[] = [];
    this.firstBar.forEach((bar, index) => {
      if (bar >= 0) files.push(this.file(index));
    });
    return this.envelope(true, this.lanes.map(copyLane), bars, files);
  }

  /**
   * For a live reader: the whole timeline the first time, then what changed since the last
   * call (new and ended bars, new and retired lanes, files seen for the first time).
   */
  update(): TimelineUpdate {
    if (!this.sentFull) {
      const full = this.full();
      this.sentFull = true;
      this.markSent();
      return full;
    }
    const ids = new Set(this.endedSinceUpdate);
    for (let id = this.sentBars; id < this.bars.count; id++) ids.add(id);
    const bars: TimelineBar[] = [];
    const files: TimelineFile[] = [];
    for (const id of [...ids].sort((a, b) => a - b)) {
      const bar = this.bar(id, this.unsentUnits.get(id));
      bars.push(bar);
      if (id < this.sentBars) continue;
      for (const index of bar.files) if (this.firstBar[index] === id) files.push(this.file(index));
    }
    const lanes = [...this.changedLanes].flatMap((id) => {
      const lane = this.lanes[id];
      return lane === undefined ? [] : [copyLane(lane)];
    });
    this.markSent();
    return this.envelope(false, lanes, bars, files);
  }

  private markSent(): void {
    this.sentBars = this.bars.count;
    for (const id of this.endedSinceUpdate) this.unsentUnits.delete(id);
    this.endedSinceUpdate = [];
    this.changedLanes.clear();
  }

  private envelope(
    full: boolean,
    lanes: TimelineLane[],
    bars: TimelineBar[],
    files: TimelineFile[],
  ): TimelineUpdate {
    return {
      jobId: this.options.jobId,
      full,
      task: this.options.task,
      startedAt: this.startedAt,
      elapsedMs: this.endedAtMs ?? this.now(),
      finished: this.endedAtMs !== null,
      rowTag: this.options.rowTag,
      splitMinBytes: SPLIT_MIN_BYTES,
      barCount: this.bars.count,
      droppedBars: this.dropped,
      lanes,
      bars,
      files,
    };
  }

  private bar(id: number, unitFiles?: WorkUnit | number[]): TimelineBar {
    const bars = this.bars;
    const first = bars.firstFileOf(id);
    const chunk = bars.chunkOf(id);
    let files: number[] = [first];
    if (chunk === null && bars.fileCountOf(id) > 1) {
      files = Array.isArray(unitFiles)
        ? unitFiles
        : unitFiles === undefined
          ? (this.batchFiles().get(id) ?? [first])
          : filesOf(unitFiles)
              .map((file) => file.index)
              .sort((x, y) => x - y);
    }
    return {
      id,
      lane: bars.laneOf(id),
      startMs: round(bars.startMs(id)),
      endMs: nullableRound(bars.endMs(id)),
      outcome: bars.outcomeOf(id),
      attempt: bars.attemptOf(id),
      bytes: bars.bytesOf(id),
      files,
      chunk,
      fault: bars.faultOf(id),
    };
  }

  /** The files of every batch bar: each file's first bar, inverted. */
  private batchFiles(): Map<number, number[]> {
    const byBar = new Map<number, number[]>();
    this.firstBar.forEach((bar, index) => {
      if (bar < 0 || this.bars.fileCountOf(bar) < 2 || this.bars.chunkOf(bar) !== null) return;
      const list = byBar.get(bar);
      if (list === undefined) byBar.set(bar, [index]);
      else list.push(index);
    });
    return byBar;
  }

  private file(index: number): TimelineFile {
    const input = this.inputs[index];
    return {
      index,
      path: input?.path ?? '',
      relative: input?.relative ?? '',
      size: input?.size ?? 0,
    };
  }

  private now(): number {
    return performance.now() - this.origin;
  }
}

function filesOf(unit: WorkUnit): readonly FileRef[] {
  return unit.kind === 'files' ? unit.files : [unit.file];
}

function unitBytes(unit: WorkUnit): number {
  if (unit.kind === 'chunk') return unit.chunk.range.end - unit.chunk.range.start;
  let bytes = 0;
  for (const file of unit.files) bytes += file.size;
  return bytes;
}

function copyLane(lane: TimelineLane): TimelineLane {
  return { ...lane, startMs: round(lane.startMs), retiredMs: nullableRound(lane.retiredMs) };
}

/** Times go out to a hundredth of a millisecond: finer is noise, and it bloats the JSON. */
function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

function nullableRound(ms: number | null): number | null {
  return ms === null ? null : round(ms);
}
