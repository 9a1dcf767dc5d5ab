/**
 * The timeline's bars in compact columns: one typed array per field, one slot per task attempt,
 * so a job of a million tasks costs tens of megabytes and no garbage-collected objects.
 *
 * Per task: four Float64 (start, end, bytes, chunk start), four 32-bit integers (lane, first
 * file, file count, chunk number) and three bytes (outcome, attempt, fault): 51 bytes. The
 * columns grow by a quarter when full, so once past the first 64 tasks at most 51 × 1.25 ≈ 64
 * bytes per task are allocated. A file's first bar is kept per input file, 4 bytes each.
 */
import {
  FAULT_KINDS,
  type FaultKind,
  TASK_OUTCOMES,
  type TaskOutcome,
} from '../../shared/timeline';

export const BYTES_PER_BAR = 4 * 8 + 4 * 4 + 3;
const INITIAL_CAPACITY = 64;
const GROWTH = 1.25;
const NO_FAULT = 255;

export interface NewBar {
  lane: number;
  startMs: number;
  bytes: number;
  firstFile: number;
  fileCount: number;
  attempt: number;
  /** Chunk number and start offset, for a chunk of a split file. */
  chunk: { seq: number; start: number } | null;
}

export class BarStore {
  count = 0;
  private capacity = INITIAL_CAPACITY;
  private start = new Float64Array(this.capacity);
  private end = new Float64Array(this.capacity);
  private bytes = new Float64Array(this.capacity);
  private chunkStart = new Float64Array(this.capacity);
  private lane = new Uint32Array(this.capacity);
  private firstFile = new Int32Array(this.capacity);
  private fileCount = new Uint32Array(this.capacity);
  private chunkSeq = new Uint32Array(this.capacity);
  private outcome = new Uint8Array(this.capacity);
  private attempt = new Uint8Array(this.capacity);
  private fault = new Uint8Array(this.capacity);

  /** Appends a running bar; returns its id. */
  add(bar: NewBar): number {
    if (this.count === this.capacity) this.grow();
    const id = this.count++;
    this.start[id] = bar.startMs;
    this.end[id] = Number.NaN;
    this.bytes[id] = bar.bytes;
    this.chunkStart[id] = bar.chunk?.start ?? Number.NaN;
    this.lane[id] = bar.lane;
    this.firstFile[id] = bar.firstFile;
    this.fileCount[id] = bar.fileCount;
    this.chunkSeq[id] = bar.chunk?.seq ?? 0;
    this.outcome[id] = TASK_OUTCOMES.indexOf('running');
    this.attempt[id] = Math.min(255, bar.attempt);
    this.fault[id] = NO_FAULT;
    return id;
  }

  finish(id: number, endMs: number, outcome: TaskOutcome, fault: FaultKind | null): void {
    this.end[id] = endMs;
    this.outcome[id] = TASK_OUTCOMES.indexOf(outcome);
    this.fault[id] = fault === null ? NO_FAULT : FAULT_KINDS.indexOf(fault);
  }

  /** Bytes held by the columns. */
  get allocatedBytes(): number {
    return this.capacity * BYTES_PER_BAR;
  }

  startMs(id: number): number {
    return this.start[id] ?? 0;
  }

  /** null while it runs. */
  endMs(id: number): number | null {
    const end = this.end[id] ?? Number.NaN;
    return Number.isNaN(end) ? null : end;
  }

  bytesOf(id: number): number {
    return this.bytes[id] ?? 0;
  }

  laneOf(id: number): number {
    return this.lane[id] ?? 0;
  }

  firstFileOf(id: number): number {
    return this.firstFile[id] ?? -1;
  }

  fileCountOf(id: number): number {
    return this.fileCount[id] ?? 0;
  }

  attemptOf(id: number): number {
    return this.attempt[id] ?? 1;
  }

  outcomeOf(id: number): TaskOutcome {
    return TASK_OUTCOMES[this.outcome[id] ?? 0] ?? 'running';
  }

  faultOf(id: number): FaultKind | null {
    return FAULT_KINDS[this.fault[id] ?? NO_FAULT] ?? null;
  }

  /** The chunk's number and byte range, or null for whole files. */
  chunkOf(id: number): { seq: number; start: number; end: number } | null {
    const start = this.chunkStart[id] ?? Number.NaN;
    if (Number.isNaN(start)) return null;
    return { seq: this.chunkSeq[id] ?? 0, start, end: start + this.bytesOf(id) };
  }

  private grow(): void {
    const capacity = Math.ceil(this.capacity * GROWTH);
    const grown = <T extends Float64Array | Uint32Array | Int32Array | Uint8Array>(
      old: T,
      make: (size: number) => T,
    ): T => {
      const next = make(capacity);
      next.set(old);
      return next;
    };
    this.start = grown(this.start, (n) => new Float64Array(n));
    this.end = grown(this.end, (n) => new Float64Array(n));
    this.bytes = grown(this.bytes, (n) => new Float64Array(n));
    this.chunkStart = grown(this.chunkStart, (n) => new Float64Array(n));
    this.lane = grown(this.lane, (n) => new Uint32Array(n));
    this.firstFile = grown(this.firstFile, (n) => new Int32Array(n));
    this.fileCount = grown(this.fileCount, (n) => new Uint32Array(n));
    this.chunkSeq = grown(this.chunkSeq, (n) => new Uint32Array(n));
    this.outcome = grown(this.outcome, (n) => new Uint8Array(n));
    this.attempt = grown(this.attempt, (n) => new Uint8Array(n));
    this.fault = grown(this.fault, (n) => new Uint8Array(n));
    this.capacity = capacity;
  }
}
