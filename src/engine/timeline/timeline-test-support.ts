/**
 * Test support for the timeline tests: checks every timeline must pass (one lane's bars never
 * overlap), and what a live reader holds after merging updates by id.
 */
import type { TimelineBar, TimelineLane, TimelineUpdate } from '../../shared/timeline';

/** Pairs of bars on one lane that overlap in time (none, in a correct timeline). */
export function overlappingBars(bars: readonly TimelineBar[]): [TimelineBar, TimelineBar][] {
  const byLane = new Map<number, TimelineBar[]>();
  for (const bar of bars) byLane.set(bar.lane, [...(byLane.get(bar.lane) ?? []), bar]);
  const overlaps: [TimelineBar, TimelineBar][] = [];
  for (const lane of byLane.values()) {
    lane.sort((a, b) => a.startMs - b.startMs);
    for (let i = 1; i < lane.length; i++) {
      const before = lane[i - 1];
      const after = lane[i];
      if (before === undefined || after === undefined) continue;
      if ((before.endMs ?? Number.POSITIVE_INFINITY) > after.startMs)
        overlaps.push([before, after]);
    }
  }
  return overlaps;
}

/** What a live reader holds after merging `updates` in order. */
export function mergeUpdates(updates: readonly TimelineUpdate[]): {
  lanes: TimelineLane[];
  bars: TimelineBar[];
  files: number[];
} {
  const lanes = new Map<number, TimelineLane>();
  const bars = new Map<number, TimelineBar>();
  const files = new Set<number>();
  for (const update of updates) {
    if (update.full) {
      lanes.clear();
      bars.clear();
      files.clear();
    }
    for (const lane of update.lanes) lanes.set(lane.id, lane);
    for (const bar of update.bars) bars.set(bar.id, bar);
    for (const file of update.files) files.add(file.index);
  }
  return {
    lanes: [...lanes.values()].sort((a, b) => a.id - b.id),
    bars: [...bars.values()].sort((a, b) => a.id - b.id),
    files: [...files].sort((a, b) => a - b),
  };
}
