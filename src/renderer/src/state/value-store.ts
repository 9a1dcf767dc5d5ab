/**
 * The smallest external store React can subscribe to with useSyncExternalStore: one value,
 * replaced as a whole. Progress snapshots, the job status and notices live in these, so a 10 Hz
 * update re-renders only the components that read that value.
 */
import type { NotifyThrottle } from './notify-throttle';

export type Listener = () => void;

export class ValueStore<T> {
  private value: T;
  private readonly listeners = new Set<Listener>();

  /** With a throttle, listeners hear of changes when it flushes rather than at once. */
  constructor(
    initial: T,
    private readonly throttle: NotifyThrottle | null = null,
  ) {
    this.value = initial;
  }

  readonly get = (): T => this.value;

  readonly subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  set(value: T): void {
    if (Object.is(value, this.value)) return;
    this.value = value;
    if (this.throttle === null) this.notify();
    else this.throttle.request(this.notify);
  }

  private readonly notify = (): void => {
    for (const listener of this.listeners) listener();
  };

  update(change: (value: T) => T): void {
    this.set(change(this.value));
  }
}
