/**
 * Aggregates a job's progress: counters from finished results and split chunks, in-flight bytes
 * from the workers' own reports, a moving-window throughput and an ETA.
 */
import type { JobProgress, JobState, WorkerProgress } from '../../shared/progress';
import { EtaEstimator } from './eta';

/** Throughput is measured over this window: long enough to be steady, short enough to follow. */
const WINDOW_MS = 5_000;

interface Sample {
  at: number;
  bytes: number;
}

/** How a file ended, as counted in the progress. */
export type FileOutcome = 'ok' | 'failed' | 'cancelled';

export class ProgressTracker {
  filesDone = 0;
  ok = 0;
  failed = 0;
  /** Not processed (stopped or skipped by a cancel): not in filesDone, and no bytes. */
  cancelled = 0;
  /** Bytes of finished files plus finished chunks of files still being split. */
  private finishedBytes = 0;
  /** Extract jobs: rows of finished files plus finished chunks of files still being split. */
  private rows: number | null = null;
  /** Never goes backwards, even when a worker's report lags behind a finished result. */
  private shownBytes = 0;
  private readonly samples: Sample[] = [];
  private readonly eta = new EtaEstimator();
  private readonly startedAt = performance.now();

  constructor(
    readonly jobId: string,
    readonly filesTotal: number,
    readonly bytesTotal: number,
  ) {}

  fileDone(bytes: number, outcome: FileOutcome): void {
    if (outcome === 'cancelled') {
      this.cancelled++;
      return;
    }
    this.filesDone++;
    this.finishedBytes += bytes;
    if (outcome === 'ok') this.ok++;
    else this.failed++;
  }

  /** A chunk of a split file finished; its bytes count before the whole file does. */
  chunkDone(bytes: number): void {
    this.finishedBytes += bytes;
  }

  /** The split file's result arrived: its chunks were counted already, minus this correction. */
  splitFileDone(chunkBytesCounted: number, bytes: number, outcome: FileOutcome): void {
    this.finishedBytes -= chunkBytesCounted;
    this.fileDone(bytes, outcome);
  }

  /** Bytes of the files (and chunks of split files) finished so far. */
  get bytesFinished(): number {
    return this.finishedBytes;
  }

  /** Counts table rows (extract jobs): the snapshot then carries `rows`. */
  countRows(rows: number): void {
    this.rows = (this.rows ?? 0) + rows;
  }

  elapsedMs(): number {
    return performance.now() - this.startedAt;
  }

  snapshot(state: JobState, targetWorkers: number, workers: WorkerProgress[]): JobProgress {
    const now = performance.now();
    let inFlight = 0;
    for (const worker of workers) if (worker.state === 'busy') inFlight += worker.bytesDone;
    const bytesDone = Math.min(this.bytesTotal, this.finishedBytes + inFlight);
    this.shownBytes = Math.max(this.shownBytes, bytesDone);
    const bytesPerSecond = this.rate(now, this.shownBytes);
    const finished = state === 'done' || state === 'cancelled' || state === 'failed';
    return {
      jobId: this.jobId,
      state,
      filesDone: this.filesDone,
      filesTotal: this.filesTotal,
      bytesDone: this.shownBytes,
      bytesTotal: this.bytesTotal,
      ok: this.ok,
      failed: this.failed,
      cancelled: this.cancelled,
      bytesPerSecond,
      etaMs: finished ? 0 : this.eta.estimate(now, this.shownBytes, this.bytesTotal),
      elapsedMs: Math.round(now - this.startedAt),
      targetWorkers,
      workers,
      ...(this.rows === null ? {} : { rows: this.rows }),
    };
  }

  private rate(now: number, bytes: number): number {
    this.samples.push({ at: now, bytes });
    while (this.samples.length > 2 && (this.samples[0]?.at ?? now) < now - WINDOW_MS) {
      this.samples.shift();
    }
    const oldest = this.samples[0];
    if (oldest === undefined || now - oldest.at < 1) return 0;
    return ((bytes - oldest.bytes) / (now - oldest.at)) * 1000;
  }
}
