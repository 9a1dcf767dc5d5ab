/**
 * A set of subscribers. One listener that throws must not stop the others, nor the job that
 * emits: the error is reported to `onListenerError` and delivery goes on.
 */
import type { Unsubscribe } from '../../shared/api';

export class Listeners<T> {
  private readonly listeners = new Set<(value: T) => void>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {}

  add(listener: (value: T) => void): Unsubscribe {
    // Wrapped so the same function subscribed twice gets two independent subscriptions.
    const entry = (value: T): void => listener(value);
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  emit(value: T): void {
    for (const listener of this.listeners) {
      try {
        listener(value);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
