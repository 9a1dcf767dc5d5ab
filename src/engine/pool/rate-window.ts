/**
 * Throughput over a moving time window, from a cumulative counter sampled whenever it changes.
 * Reading the rate is cheap (the job asks at 10 Hz for every worker).
 */
interface Sample {
  at: number;
  total: number;
}

export class RateWindow {
  private readonly samples: Sample[] = [];

  constructor(private readonly windowMs: number) {}

  record(at: number, total: number): void {
    this.samples.push({ at, total });
    this.prune(at);
  }

  /** Units per second over the last `windowMs` (or since the first sample, if more recent). */
  perSecond(now: number): number {
    this.prune(now);
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (first === undefined || last === undefined) return 0;
    const span = Math.max(now - first.at, 1);
    return ((last.total - first.total) * 1000) / span;
  }

  /** Keeps one sample at or before the window's start, so the window stays fully covered. */
  private prune(now: number): void {
    const start = now - this.windowMs;
    while (this.samples.length > 1 && (this.samples[1]?.at ?? now) <= start) this.samples.shift();
  }
}
