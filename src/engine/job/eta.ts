/**
 * The ETA shown while a job runs, damped. The first estimate of a convert read 10:10 for a run
 * that took 1:46: in its first seconds the throughput window still holds the workers' start-up
 * (no bytes yet) and the first files' coarse progress, so the rate is far too low. So:
 *
 * - no estimate until progress has been measured for a while (MEASURE_MS after the first bytes
 *   were seen): an unknown ETA is shown as unknown, not as a wild guess;
 * - the rate is the average since the first bytes were seen, which leaves start-up out and is
 *   steady when progress comes in steps (a convert reports a file's bytes when it is done); the
 *   recent window's rate (the throughput shown) swings between zero and double there;
 * - each new estimate moves the shown one only part of the way (exponential smoothing over
 *   SMOOTHING_MS), while the shown one counts down with the clock, so it neither jumps nor
 *   stalls.
 */

/** Progress measured for less than this gives no estimate. */
export const MEASURE_MS = 2000;
/** Time constant of the smoothing: a new estimate is mostly taken in after about this long. */
export const SMOOTHING_MS = 5000;

export class EtaEstimator {
  private firstAt: number | null = null;
  private firstBytes = 0;
  private shown: number | null = null;
  private shownAt = 0;

  /**
   * The estimate at time `now` (ms, any monotonic clock) for `bytesDone` of `bytesTotal`; null
   * while unknown.
   */
  estimate(now: number, bytesDone: number, bytesTotal: number): number | null {
    const left = bytesTotal - bytesDone;
    if (left <= 0) return 0;
    if (bytesDone <= 0) return null;
    if (this.firstAt === null) {
      this.firstAt = now;
      this.firstBytes = bytesDone;
    }
    const measuredMs = now - this.firstAt;
    if (measuredMs < MEASURE_MS) return null;
    const rate = ((bytesDone - this.firstBytes) / measuredMs) * 1000;
    if (!(rate > 0)) return this.shown === null ? null : this.countDown(now);
    const fresh = (left / rate) * 1000;
    if (this.shown === null) {
      this.shown = fresh;
    } else {
      const counted = this.countDown(now);
      const weight = 1 - Math.exp(-(now - this.shownAt) / SMOOTHING_MS);
      this.shown = counted + (fresh - counted) * weight;
    }
    this.shownAt = now;
    return Math.round(this.shown);
  }

  /** The shown estimate, less the time gone since it was made. */
  private countDown(now: number): number {
    return Math.max(0, (this.shown ?? 0) - (now - this.shownAt));
  }
}
