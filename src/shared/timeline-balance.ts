/**
 * The balance of a run, read from its timeline: how busy each worker was, where it sat idle,
 * which task took longest, and a hint when one big file held the whole run up. The UI, the
 * HTML report and its script all show this one computation.
 */
import {
  barEnd,
  type TimelineBar,
  type TimelineData,
  type TimelineFile,
  type TimelineLane,
} from './timeline';

export interface LaneBalance {
  lane: TimelineLane;
  tasks: number;
  bytes: number;
  busyMs: number;
  /** Time within the run the lane's worker was in the pool with nothing to do. */
  idleMs: number;
  /** Idle stretches of at least 1% of the run. */
  gaps: number;
  longestGapMs: number;
  /** Idle from its last task to the end of the run: it had nothing left while others worked. */
  tailIdleMs: number;
  /** busyMs over its time in the pool within the run, 0..1. */
  utilization: number;
}

export interface LongestTask {
  bar: TimelineBar;
  durationMs: number;
  /** Its duration over the run's, 0..1. */
  share: number;
}

export interface BalanceHint {
  /**
   * `split`: a file that Row tag can split held the run up; `not-split`: a row tag was given
   * but the file ran whole; `small`: the file is under the size from which files are split.
   */
  kind: 'split' | 'not-split' | 'small';
  file: TimelineFile | undefined;
  share: number;
  text: string;
}

export interface BalanceSummary {
  /** From the first task's start to the last one's end (or now, while one runs). */
  startMs: number;
  endMs: number;
  spanMs: number;
  lanes: LaneBalance[];
  longest: LongestTask | null;
  hint: BalanceHint | null;
}

/** A task taking this share of the run or more, with other workers there, earns a hint... */
export const HINT_SHARE = 0.5;
const GAP_SHARE = 0.01;
/** ...and when the workers were busy for at most this share of the run, on average. */
const IDLE_FOR_HINT = 0.75;

export function balanceSummary(timeline: TimelineData): BalanceSummary {
  const now = timeline.elapsedMs;
  let startMs = Number.POSITIVE_INFINITY;
  let endMs = Number.NEGATIVE_INFINITY;
  let longest: TimelineBar | null = null;
  let longestMs = -1;
  const byLane = new Map<number, TimelineBar[]>();
  for (const bar of timeline.bars) {
    const end = barEnd(bar, now);
    startMs = Math.min(startMs, bar.startMs);
    endMs = Math.max(endMs, end);
    if (end - bar.startMs > longestMs) {
      longestMs = end - bar.startMs;
      longest = bar;
    }
    const bars = byLane.get(bar.lane) ?? [];
    bars.push(bar);
    byLane.set(bar.lane, bars);
  }
  if (longest === null) {
    return { startMs: 0, endMs: 0, spanMs: 0, lanes: [], longest: null, hint: null };
  }
  const spanMs = Math.max(endMs - startMs, 0);
  const lanes = timeline.lanes.map((lane) =>
    laneBalance(lane, byLane.get(lane.id) ?? [], startMs, endMs, now),
  );
  const share = spanMs > 0 ? longestMs / spanMs : 1;
  const summary = { startMs, endMs, spanMs, lanes };
  const longestTask = { bar: longest, durationMs: longestMs, share };
  return { ...summary, longest: longestTask, hint: hintFor(longestTask, lanes, spanMs, timeline) };
}

function laneBalance(
  lane: TimelineLane,
  bars: TimelineBar[],
  runStart: number,
  runEnd: number,
  now: number,
): LaneBalance {
  bars.sort((a, b) => a.startMs - b.startMs);
  const from = Math.max(lane.startMs, runStart);
  const to = Math.max(from, Math.min(lane.retiredMs ?? runEnd, runEnd));
  const minGap = (runEnd - runStart) * GAP_SHARE;
  let busyMs = 0;
  let bytes = 0;
  let gaps = 0;
  let longestGapMs = 0;
  let cursor = from;
  const idleUntil = (at: number): void => {
    const gap = Math.min(at, to) - cursor;
    if (gap > 0 && gap >= minGap) gaps += 1;
    longestGapMs = Math.max(longestGapMs, gap);
  };
  for (const bar of bars) {
    const start = Math.max(bar.startMs, from);
    const end = Math.min(barEnd(bar, now), to);
    bytes += bar.bytes;
    if (end <= start) continue;
    idleUntil(start);
    busyMs += end - Math.max(start, cursor);
    cursor = Math.max(cursor, end);
  }
  const tailIdleMs = lane.retiredMs === null ? Math.max(0, to - cursor) : 0;
  idleUntil(to);
  const inPool = to - from;
  return {
    lane,
    tasks: bars.length,
    bytes,
    busyMs,
    idleMs: Math.max(0, inPool - busyMs),
    gaps,
    longestGapMs,
    tailIdleMs,
    utilization: inPool > 0 ? Math.min(1, busyMs / inPool) : 0,
  };
}

function hintFor(
  longest: LongestTask,
  lanes: LaneBalance[],
  spanMs: number,
  timeline: TimelineData,
): BalanceHint | null {
  const { bar, share } = longest;
  // One worker has nobody to share with; a chunk is already a piece of a split file.
  if (share < HINT_SHARE || timeline.lanes.length < 2 || bar.chunk !== null) return null;
  // Only when the others were left waiting: on average a quarter of the run idle or more.
  const busy = lanes.reduce((sum, lane) => sum + lane.busyMs, 0);
  if (busy / lanes.length > IDLE_FOR_HINT * spanMs) return null;
  const [index, ...others] = bar.files;
  if (index === undefined || others.length > 0) return null;
  const file = timeline.fileAt(index);
  const percent = Math.round(share * 100);
  const name = file ? `, ${file.relative},` : '';
  const start = `One file${name} took ${percent}% of the run`;
  if (file !== undefined && file.size < timeline.splitMinBytes) {
    const limit = Math.round(timeline.splitMinBytes / (1024 * 1024));
    return {
      kind: 'small',
      file,
      share,
      text: `${start}; files under ${limit} MiB are not split`,
    };
  }
  if (timeline.rowTag !== null) {
    return {
      kind: 'not-split',
      file,
      share,
      text: `${start}: Row tag did not split it (see its result)`,
    };
  }
  return { kind: 'split', file, share, text: `${start}: split it with Row tag (--row-tag)` };
}
