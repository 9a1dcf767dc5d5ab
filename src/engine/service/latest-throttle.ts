/**
 * Passes on at most one value per interval, always the latest: a burst of progress snapshots
 * becomes one delivery now and one trailing delivery at the end of the interval. `flush` sends a
 * pending value at once (the final snapshot of a job must never wait or be dropped).
 */
export class LatestThrottle<T> {
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private pending: { value: T } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly send: (value: T) => void,
  ) {}

  push(value: T): void {
    this.pending = { value };
    const wait = this.lastSentAt + this.intervalMs - performance.now();
    if (wait <= 0) {
      this.flush();
    } else if (this.timer === null) {
      this.timer = setTimeout(() => this.flush(), wait);
    }
  }

  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const pending = this.pending;
    if (pending === null) return;
    this.pending = null;
    this.lastSentAt = performance.now();
    this.send(pending.value);
  }
}
