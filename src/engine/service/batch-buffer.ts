/**
 * Collects items and hands them on in batches, at most one batch per interval, so a job that
 * finishes thousands of small files a second sends a few messages instead of thousands. A batch
 * whose items weigh `maxWeight` or more goes at once: a batch of big results must stay one
 * message a WebSocket (and JSON.stringify) can carry.
 */
export class BatchBuffer<T> {
  private items: T[] = [];
  private weight = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly send: (batch: T[]) => void,
    private readonly maxWeight = Number.POSITIVE_INFINITY,
  ) {}

  push(item: T, weight = 0): void {
    this.items.push(item);
    this.weight += weight;
    if (this.weight >= this.maxWeight) this.flush();
    else if (this.timer === null) this.timer = setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.items.length === 0) return;
    const batch = this.items;
    this.items = [];
    this.weight = 0;
    this.send(batch);
  }
}
