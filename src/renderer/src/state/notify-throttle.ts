/**
 * Spaces out the notifications of the stores the backend's streams feed (progress, results,
 * input statuses, job state), so that the page renders at most once per interval however the
 * progress snapshots and result batches interleave: each render and each frame it causes is
 * main-thread time, and during a run the workers compete for the same cores. A change after a
 * quiet spell is shown at once, a change within the interval at its end. Either way the
 * notification runs in a task of its own, so that parsing a big answer or batch and rendering it
 * are two short tasks rather than one long one. Stores' values change immediately; only the
 * re-render is deferred, and every deferred notification is delivered.
 */
export interface ThrottleClock {
  now(): number;
  /** Runs `run` in a later task, after at least `ms` milliseconds. */
  later(run: () => void, ms: number): void;
}

const REAL_CLOCK: ThrottleClock = {
  now: () => performance.now(),
  later: (run, ms) => {
    setTimeout(run, ms);
  },
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
    this.clock.later(this.flush, Math.max(0, wait));
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    this.lastFlush = this.clock.now();
    const due = [...this.pending];
    this.pending.clear();
    for (const notify of due) notify();
  };
}
