import { describe, expect, it } from 'vitest';
import {
  type TimelineBar,
  type TimelineFile,
  type TimelineLane,
  type TimelineUpdate,
  timelineData,
} from './timeline';
import { balanceSummary } from './timeline-balance';
import { timelineSeries } from './timeline-series';

const MIB = 1024 * 1024;

function bar(id: number, lane: number, startMs: number, endMs: number, file = id): TimelineBar {
  return {
    id,
    lane,
    startMs,
    endMs,
    outcome: 'ok',
    attempt: 1,
    bytes: 1000,
    files: [file],
    chunk: null,
    fault: null,
  };
}

function timeline(
  bars: TimelineBar[],
  lanes: TimelineLane[],
  files: TimelineFile[],
  rowTag: string | null = null,
): TimelineUpdate {
  return {
    jobId: 'j',
    full: true,
    task: 'validate',
    startedAt: 0,
    elapsedMs: Math.max(...bars.map((b) => b.endMs ?? 0)),
    finished: true,
    rowTag,
    splitMinBytes: 16 * MIB,
    barCount: bars.length,
    droppedBars: 0,
    lanes,
    bars,
    files,
  };
}

const lanes: TimelineLane[] = [
  { id: 0, workerId: 1, startMs: 0, retiredMs: null },
  { id: 1, workerId: 2, startMs: 0, retiredMs: null },
];

describe('balanceSummary', () => {
  it('finds the big file that held the run up and says to split it', () => {
    // Worker 1 works 0–810 on one big file; worker 2 does ten small ones, then idles.
    const bars = [
      bar(0, 0, 10, 820, 0),
      ...Array.from({ length: 10 }, (_, i) => bar(i + 1, 1, 10 + i * 20, 30 + i * 20, i + 1)),
    ];
    const files = [{ index: 0, path: '/d/big.xml', relative: 'big.xml', size: 40 * MIB }];
    const summary = balanceSummary(timelineData(timeline(bars, lanes, files)));
    expect(summary.spanMs).toBe(810);
    expect(summary.longest?.bar.id).toBe(0);
    expect(summary.longest?.share).toBe(1);
    expect(summary.hint).toMatchObject({
      kind: 'split',
      text: 'One file, big.xml, took 100% of the run: split it with Row tag (--row-tag)',
    });
    const [one, two] = summary.lanes;
    expect(one).toMatchObject({ tasks: 1, busyMs: 810, idleMs: 0, tailIdleMs: 0 });
    expect(two).toMatchObject({
      tasks: 10,
      busyMs: 200,
      idleMs: 610,
      tailIdleMs: 610,
      longestGapMs: 610,
    });
    expect(two?.utilization).toBeCloseTo(200 / 810);
  });

  it('gives no split hint for a small file, a split run, one worker or a balanced run', () => {
    const big = [bar(0, 0, 0, 800), bar(1, 1, 0, 100)];
    const small = [{ index: 0, path: '/d/a.xml', relative: 'a.xml', size: MIB }];
    expect(balanceSummary(timelineData(timeline(big, lanes, small))).hint?.kind).toBe('small');
    const files = [{ index: 0, path: '/d/a.xml', relative: 'a.xml', size: 40 * MIB }];
    expect(balanceSummary(timelineData(timeline(big, lanes, files, 'record'))).hint?.kind).toBe(
      'not-split',
    );
    expect(
      balanceSummary(timelineData(timeline([bar(0, 0, 0, 800)], [lanes[0] as TimelineLane], files)))
        .hint,
    ).toBeNull();
    const even = [bar(0, 0, 0, 400), bar(1, 0, 400, 800), bar(2, 1, 0, 400), bar(3, 1, 400, 800)];
    expect(balanceSummary(timelineData(timeline(even, lanes, files))).hint).toBeNull();
  });

  it('counts a retired lane only while its worker was in the pool', () => {
    const retired = [{ id: 0, workerId: 1, startMs: 0, retiredMs: 500 }, lanes[1] as TimelineLane];
    const bars = [bar(0, 0, 0, 500), bar(1, 1, 0, 1000)];
    const [gone] = balanceSummary(timelineData(timeline(bars, retired, []))).lanes;
    expect(gone).toMatchObject({ busyMs: 500, idleMs: 0, tailIdleMs: 0, utilization: 1 });
  });
});

describe('timelineSeries', () => {
  it('spreads bytes and files over the tasks and keeps the totals', () => {
    const bars = [bar(0, 0, 0, 1000), bar(1, 1, 500, 1000)];
    const series = timelineSeries(timelineData(timeline(bars, lanes, [])), 10);
    expect(series.binMs).toBe(100);
    const seconds = series.binMs / 1000;
    const bytes = series.megabytesPerSecond.reduce((sum, rate) => sum + rate * seconds * 1e6, 0);
    const files = series.filesPerSecond.reduce((sum, rate) => sum + rate * seconds, 0);
    expect(bytes).toBeCloseTo(2000);
    expect(files).toBeCloseTo(2);
    expect(series.utilization[0]?.percent.every((p) => p === 100)).toBe(true);
    expect(series.utilization[1]?.percent.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
  });
});
