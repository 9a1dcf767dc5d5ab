/**
 * Keeps a worker's progress reports to at most one per interval. Tasks call `report` as often as
 * they like; the latest values are sent at once when the interval has passed, otherwise by a
 * trailing timer, so the final position of a long stretch is never lost.
 */
import type { ByteRange } from '../../shared/progress';

export interface ProgressReport {
  file: string;
  range: ByteRange;
  bytesDone: number;
}

export class ProgressThrottle {
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private pending: ProgressReport | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly send: (report: ProgressReport) => void,
  ) {}

  report(file: string, range: ByteRange, bytesDone: number): void {
    this.pending = { file, range, bytesDone };
    const wait = this.lastSentAt + this.intervalMs - performance.now();
    if (wait <= 0) {
      this.flush();
    } else if (this.timer === null) {
      this.timer = setTimeout(() => this.flush(), wait);
      this.timer.unref?.();
    }
  }

  /** Drops an unsent report, e.g. when the file it describes has just finished. */
  discard(): void {
    this.pending = null;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const report = this.pending;
    if (report === null) return;
    this.pending = null;
    this.lastSentAt = performance.now();
    this.send(report);
  }
}
