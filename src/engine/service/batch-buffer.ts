/**
 * Collects items and hands them on in batches, at most one batch per interval, so a job that
 * finishes thousands of small files a second sends a few messages instead of thousands.
 */
export class BatchBuffer<T> {
  private items: T[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly send: (batch: T[]) => void,
  ) {}

  push(item: T): void {
    this.items.push(item);
    if (this.timer === null) this.timer = setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.items.length === 0) return;
    const batch = this.items;
    this.items = [];
    this.send(batch);
  }
}
