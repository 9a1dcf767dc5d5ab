/**
 * The charts' numbers, read from a timeline: throughput over time (MB/s and files/s) and each
 * worker's utilization, in equal time bins. A finished task's bytes and files are spread evenly
 * over its duration (a worker reports no finer steps to the timeline), so the curves show the
 * rate work was done at, not spikes when tasks ended. Tasks that did not finish their work
 * (retried, crashed, cancelled, still running) count for utilization only.
 */
import { barEnd, type TimelineData, type TimelineLane } from './timeline';

export interface LaneUtilization {
  lane: TimelineLane;
  /** Busy share of each bin in percent; null where the lane's worker was not in the pool. */
  percent: (number | null)[];
}

export interface TimelineSeries {
  binMs: number;
  /** Start of each bin, in seconds since the timeline's start. */
  seconds: number[];
  megabytesPerSecond: number[];
  filesPerSecond: number[];
  utilization: LaneUtilization[];
}

const STEPS_MS = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000];

/** The smallest round bin width that gives at most `maxBins` bins over `spanMs`. */
export function binWidth(spanMs: number, maxBins: number): number {
  const wanted = spanMs / Math.max(1, maxBins);
  for (const step of STEPS_MS) if (step >= wanted) return step;
  return Math.ceil(wanted / 60_000) * 60_000;
}

export function timelineSeries(timeline: TimelineData, maxBins = 120): TimelineSeries {
  const now = timeline.elapsedMs;
  const binMs = binWidth(now, maxBins);
  const count = Math.max(1, Math.ceil(now / binMs));
  const bytes = new Float64Array(count);
  const files = new Float64Array(count);
  const busy = timeline.lanes.map(() => new Float64Array(count));
  const laneIndex = new Map(timeline.lanes.map((lane, i) => [lane.id, i]));
  for (const bar of timeline.bars) {
    const start = bar.startMs;
    const end = barEnd(bar, now);
    const done = bar.outcome === 'ok' || bar.outcome === 'failed';
    const laneBusy = busy[laneIndex.get(bar.lane) ?? -1];
    spread(start, end, binMs, count, (bin, overlapMs, share) => {
      if (laneBusy !== undefined) laneBusy[bin] = (laneBusy[bin] ?? 0) + overlapMs;
      if (done) {
        bytes[bin] = (bytes[bin] ?? 0) + bar.bytes * share;
        files[bin] = (files[bin] ?? 0) + bar.files.length * share;
      }
    });
  }
  const seconds = Array.from({ length: count }, (_, i) => (i * binMs) / 1000);
  // The last bin may be cut short by the end of the timeline.
  const binLength = (i: number): number => Math.max(1, Math.min(binMs, now - i * binMs));
  const perSecond = (values: Float64Array, scale: number) =>
    Array.from(values, (value, i) => (value / scale) * (1000 / binLength(i)));
  return {
    binMs,
    seconds,
    megabytesPerSecond: perSecond(bytes, 1e6),
    filesPerSecond: perSecond(files, 1),
    utilization: timeline.lanes.map((lane, l) => ({
      lane,
      percent: Array.from(busy[l] ?? [], (busyMs, i) => {
        const from = i * binMs;
        const to = from + binLength(i);
        const inPool = Math.min(to, lane.retiredMs ?? to) - Math.max(from, lane.startMs);
        return inPool <= 0 ? null : Math.min(100, (busyMs / inPool) * 100);
      }),
    })),
  };
}

/** Calls `add` for every bin [start, end) overlaps, with the overlap and its share of the span. */
function spread(
  start: number,
  end: number,
  binMs: number,
  count: number,
  add: (bin: number, overlapMs: number, share: number) => void,
): void {
  const length = end - start;
  if (length <= 0) {
    const bin = Math.min(count - 1, Math.max(0, Math.floor(start / binMs)));
    add(bin, 0, 1);
    return;
  }
  const first = Math.max(0, Math.floor(start / binMs));
  const last = Math.min(count - 1, Math.floor(end / binMs));
  for (let bin = first; bin <= last; bin++) {
    const overlap = Math.min(end, (bin + 1) * binMs) - Math.max(start, bin * binMs);
    if (overlap > 0) add(bin, overlap, overlap / length);
  }
}
