/**
 * Spaces out the notifications of the stores the backend's streams feed (progress, results,
 * input statuses, job state), so that the page renders at most once per interval however the
 * progress snapshots and result batches interleave: each render and each frame it causes is
 * main-thread time, and during a run the workers compete for the same cores. A change after a
 * quiet spell is shown at once (after the current task's other changes, in a microtask); a
 * change within the interval waits for its end. Stores' values change immediately; only the
 * re-render is deferred, and every deferred notification is delivered.
 */
export interface ThrottleClock {
  now(): number;
  /** Runs `run` after `ms` milliseconds. */
  later(run: () => void, ms: number): void;
  /** Runs `run` after the current task's synchronous work. */
  soon(run: () => void): void;
}

const REAL_CLOCK: ThrottleClock = {
  now: () => performance.now(),
  later: (run, ms) => {
    setTimeout(run, ms);
  },
  soon: (run) => queueMicrotask(run),
};

export class NotifyThrottle {
  /** Notifications waiting for the next flush, each once; a Set keeps their order. */
  private readonly pending = new Set<() => void>();
  private scheduled = false;
  private lastFlush = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly intervalMs: number,
    private readonly clock: ThrottleClock = REAL_CLOCK,
  ) {}

  /** Calls `notify` at the next flush; the same function requested twice is called once. */
  request(notify: () => void): void {
    this.pending.add(notify);
    if (this.scheduled) return;
    this.scheduled = true;
    const wait = this.lastFlush + this.intervalMs - this.clock.now();
    if (wait > 0) this.clock.later(this.flush, wait);
    else this.clock.soon(this.flush);
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    this.lastFlush = this.clock.now();
    const due = [...this.pending];
    this.pending.clear();
    for (const notify of due) notify();
  };
}
