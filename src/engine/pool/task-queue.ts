/** FIFO of tasks waiting for a worker. Retries jump the line, so a fault is settled promptly. */
export class TaskQueue<T> {
  private retries: T[] = [];
  private items: T[] = [];
  /** Index of the oldest item: shifting a long array on every dispatch would be quadratic. */
  private head = 0;

  get length(): number {
    return this.retries.length + this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  pushRetries(items: T[]): void {
    this.retries.push(...items);
  }

  shift(): T | undefined {
    const retry = this.retries.shift();
    if (retry !== undefined) return retry;
    const item = this.items[this.head];
    if (item === undefined) return undefined;
    this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** Removes and returns the items that match, keeping the order of the others. */
  removeWhere(matches: (item: T) => boolean): T[] {
    const removed: T[] = [];
    const keep = (item: T): boolean => {
      if (!matches(item)) return true;
      removed.push(item);
      return false;
    };
    this.retries = this.retries.filter(keep);
    this.items = this.items.slice(this.head).filter(keep);
    this.head = 0;
    return removed;
  }

  /** Removes and returns everything, retries first. */
  drain(): T[] {
    const all = [...this.retries, ...this.items.slice(this.head)];
    this.retries = [];
    this.items = [];
    this.head = 0;
    return all;
  }
}
