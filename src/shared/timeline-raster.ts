/**
 * Draws many bars into few pixels: each column of a lane takes the most telling outcome of the
 * bars that touch it (a crash over a failure over a retry over a cancel over a running or OK
 * bar), so a failure in 100,000 tasks stays visible at any zoom. The canvas timeline uses it for
 * bars narrower than a few pixels, the HTML report for its static timeline.
 */
import type { TaskOutcome, TimelineBar } from './timeline';

/** 0 is an empty column. */
export const OUTCOME_RANK: Readonly<Record<TaskOutcome, number>> = {
  ok: 1,
  running: 2,
  cancelled: 3,
  retried: 4,
  failed: 5,
  crashed: 6,
};

export const OUTCOMES_BY_RANK: readonly (TaskOutcome | null)[] = [
  null,
  'ok',
  'running',
  'cancelled',
  'retried',
  'failed',
  'crashed',
];

/** Marks `bar` (from `startMs` to `endMs`) in the columns of [fromMs, toMs). */
export function markBar(
  columns: Uint8Array,
  fromMs: number,
  toMs: number,
  startMs: number,
  endMs: number,
  outcome: TaskOutcome,
): void {
  const width = columns.length;
  const scale = width / Math.max(toMs - fromMs, 1e-9);
  const first = Math.max(0, Math.floor((startMs - fromMs) * scale));
  const last = Math.min(width - 1, Math.floor((Math.max(endMs, startMs) - fromMs) * scale));
  const rank = OUTCOME_RANK[outcome];
  for (let column = first; column <= last; column++) {
    if ((columns[column] ?? 0) < rank) columns[column] = rank;
  }
}

/** One lane's columns for `bars` over [fromMs, toMs); running bars reach `nowMs`. */
export function rasterizeLane(
  bars: Iterable<TimelineBar>,
  fromMs: number,
  toMs: number,
  width: number,
  nowMs: number,
): Uint8Array {
  const columns = new Uint8Array(Math.max(1, Math.round(width)));
  for (const bar of bars) {
    const end = bar.endMs ?? Math.max(nowMs, bar.startMs);
    if (end < fromMs || bar.startMs > toMs) continue;
    markBar(columns, fromMs, toMs, bar.startMs, end, bar.outcome);
  }
  return columns;
}

export interface ColumnRun {
  start: number;
  /** Exclusive. */
  end: number;
  outcome: TaskOutcome;
}

/** Runs of equal, non-empty columns. */
export function columnRuns(columns: Uint8Array): ColumnRun[] {
  const runs: ColumnRun[] = [];
  let start = 0;
  for (let column = 1; column <= columns.length; column++) {
    const rank = columns[start] ?? 0;
    if (column < columns.length && columns[column] === rank) continue;
    const outcome = OUTCOMES_BY_RANK[rank] ?? null;
    if (outcome !== null) runs.push({ start, end: column, outcome });
    start = column;
  }
  return runs;
}
