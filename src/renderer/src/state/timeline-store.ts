/**
 * The running (or last) job's timeline in the page: a TimelineModel fed by the backend's
 * updates. React subscribes to its version (a number), and the canvas and charts read the
 * model itself: copying 100,000 bars into React state on every update would cost far more than
 * drawing them.
 */
import type { TimelineUpdate } from '../../../shared/timeline';
import { TimelineModel } from '../../../timeline-view/timeline-model';
import type { NotifyThrottle } from './notify-throttle';
import type { Listener } from './value-store';

export class TimelineStore {
  readonly model = new TimelineModel();
  private readonly listeners = new Set<Listener>();

  /** With a throttle, listeners hear of changes when it flushes rather than at once. */
  constructor(private readonly throttle: NotifyThrottle | null = null) {}

  /** Changes with every update: what React compares. */
  readonly get = (): number => this.model.version;

  readonly subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** Merges an update; one of another job is taken only when it is whole. */
  apply(update: TimelineUpdate): void {
    if (this.model.apply(update)) this.publish();
  }

  clear(): void {
    if (this.model.jobId === null) return;
    this.model.clear();
    this.publish();
  }

  private publish(): void {
    if (this.throttle === null) this.notify();
    else this.throttle.request(this.notify);
  }

  private readonly notify = (): void => {
    for (const listener of this.listeners) listener();
  };
}
