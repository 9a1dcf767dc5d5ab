/**
 * The timeline as real workers make it: the pool (the built worker script, real files) tells a
 * TaskTimeline what happens, and the bars must say exactly that. Faults and hangs come from the
 * worker's test-only fault hook (XMLPOOL_TEST_FAULTS=1).
 */
import { describe, expect, it } from 'vitest';
import type { TimelineBar } from '../../shared/timeline';
import {
  allIdle,
  file,
  files,
  makePool,
  one,
  setUpPoolTests,
  submitAll,
  until,
  xmlOf,
} from '../pool/pool-test-support';
import type { FileRef, UnitOutput, WorkUnit } from '../tasks/types';
import { BYTES_PER_BAR } from './bar-store';
import { TaskTimeline } from './task-timeline';
import { mergeUpdates, overlappingBars } from './timeline-test-support';

setUpPoolTests();

function timelineFor(refs: readonly FileRef[], live = false): TaskTimeline {
  const timeline = new TaskTimeline({ jobId: 'test', task: 'validate', rowTag: null, live });
  // Inputs by index: the test files' indexes run across the whole test file.
  const inputs = [];
  for (const ref of refs)
    inputs[ref.index] = { path: ref.path, relative: ref.relative, size: ref.size };
  timeline.setInputs(Array.from(inputs, (input) => input ?? { path: '', relative: '', size: 0 }));
  return timeline;
}

const filesOfUnit = (unit: WorkUnit): number[] =>
  unit.kind === 'files' ? unit.files.map((ref) => ref.index) : [unit.file.index];

describe('TaskTimeline on a real pool', () => {
  it('draws one bar per task, on its worker lane, never overlapping, and one for every result', async () => {
    const small = files(12, 200);
    const big = files(3, 40_000);
    const units: WorkUnit[] = [
      { kind: 'files', files: small.slice(0, 5) },
      { kind: 'files', files: small.slice(5, 12) },
      ...big.map(one),
    ];
    const timeline = timelineFor([...small, ...big]);
    const pool = makePool('thread', { size: 2, observer: timeline });
    const { seen, outcomes } = submitAll(pool, units);
    await outcomes;
    timeline.finish();
    const { bars, lanes, files: named } = timeline.full();

    expect(bars).toHaveLength(units.length);
    expect(bars.map((bar) => bar.files).sort()).toEqual(units.map(filesOfUnit).sort());
    expect(bars.every((bar) => bar.outcome === 'ok' && bar.attempt === 1)).toBe(true);
    expect(overlappingBars(bars)).toEqual([]);
    expect(lanes.map((lane) => lane.workerId).sort()).toEqual([1, 2]);
    // Every result: the bar that holds its file is on the lane of the worker that made it.
    for (const { result, workerId } of seen) {
      const bar = bars.find((candidate) => candidate.files.includes(result.index));
      expect(lanes[bar?.lane ?? -1]?.workerId).toBe(workerId);
    }
    // Bytes: the unit's file sizes; files: every one named once.
    for (const bar of bars) {
      const sizes = bar.files.map((index) => [...small, ...big].find((r) => r.index === index));
      expect(bar.bytes).toBe(sizes.reduce((sum, ref) => sum + (ref?.size ?? 0), 0));
    }
    expect(named.map((f) => f.index).sort((a, b) => a - b)).toEqual(
      [...small, ...big].map((ref) => ref.index).sort((a, b) => a - b),
    );
  });

  it('shows a crashed batch as it happened: the failed attempt, then each retry', async () => {
    process.env.XMLPOOL_TEST_FAULTS = '1';
    const before = file('before.xml', xmlOf(100));
    const culprit = file('__crash__.xml', xmlOf(100));
    const after = files(2, 100);
    const batch: WorkUnit = { kind: 'files', files: [before, culprit, ...after] };
    const timeline = timelineFor([before, culprit, ...after]);
    const pool = makePool('thread', { size: 1, observer: timeline });
    const { outcomes } = submitAll(pool, [batch]);
    await outcomes;
    await until(() => allIdle(pool));
    const { bars, lanes } = timeline.full();
    const [first, ...retries] = bars;

    expect(first).toMatchObject({
      outcome: 'retried',
      fault: 'crash',
      attempt: 1,
      files: filesOfUnit(batch),
    });
    // Each unfinished file runs alone on the retry: the culprit crashes again, the others pass.
    const retried = (ref: FileRef) => retries.find((bar) => bar.files[0] === ref.index);
    expect(retried(culprit)).toMatchObject({ outcome: 'crashed', fault: 'crash', attempt: 2 });
    for (const ref of after) expect(retried(ref)).toMatchObject({ outcome: 'ok', attempt: 2 });
    expect(retried(before)).toBeUndefined();
    expect(retries).toHaveLength(1 + after.length);
    // As it happened: every retry starts after the failed attempt ended.
    for (const bar of retries) expect(bar.startMs).toBeGreaterThanOrEqual(first?.endMs ?? Infinity);
    // The replacement worker keeps its id, and so its lane.
    expect(lanes).toHaveLength(1);
    expect(overlappingBars(bars)).toEqual([]);
  });

  it('shows a resize as it happened: the retired lane kept, a later worker on a lane of its own', async () => {
    process.env.XMLPOOL_TEST_FAULTS = '1';
    const hang = file('__hang__.xml', xmlOf(100));
    const small = files(6, 3000);
    const timeline = timelineFor([hang, ...small]);
    const pool = makePool('thread', { size: 2, observer: timeline, abortGraceMs: 100 });
    await until(() => allIdle(pool));
    // Worker 1 hangs; worker 2 takes the small files. Once it has finished one, shrink to one
    // worker: worker 2 retires when its task ends, and the rest waits for a worker.
    let shrunk = false;
    const onOutput = (_output: UnitOutput, workerId: number): void => {
      if (workerId === 2 && !shrunk) {
        shrunk = true;
        pool.resize(1);
      }
    };
    const hung = pool.submit(one(hang), () => undefined);
    const done = Promise.all(small.map((ref) => pool.submit(one(ref), onOutput)));
    await until(() => timeline.full().lanes.some((lane) => lane.retiredMs !== null));
    pool.resize(2);
    await done;
    pool.cancel();
    await hung;
    timeline.finish();
    const { bars, lanes } = timeline.full();

    // The grown worker takes the lowest free id (2, or 3 while the retired 2 is still exiting).
    expect(lanes.map((lane) => [lane.id, lane.workerId, lane.retiredMs !== null])).toEqual([
      [0, 1, false],
      [1, 2, true],
      [2, lanes[2]?.workerId, false],
    ]);
    const retiredAt = lanes[1]?.retiredMs ?? 0;
    const onLane = (id: number): TimelineBar[] => bars.filter((bar) => bar.lane === id);
    expect(onLane(1).length).toBeGreaterThan(0);
    for (const bar of onLane(1)) expect(bar.endMs).toBeLessThanOrEqual(retiredAt);
    expect(lanes[2]?.startMs).toBeGreaterThanOrEqual(retiredAt);
    expect(onLane(2).length).toBeGreaterThan(0);
    expect(onLane(1).length + onLane(2).length).toBe(small.length);
    expect(onLane(0)).toMatchObject([{ files: [hang.index], outcome: 'cancelled' }]);
    expect(overlappingBars(bars)).toEqual([]);
  });

  it('marks a task whose file is not well-formed as failed', async () => {
    const good = file('good.xml', xmlOf(100));
    const bad = file('bad.xml', '<a>\n<b>\n</a>\n');
    const timeline = timelineFor([good, bad]);
    const pool = makePool('thread', { size: 1, observer: timeline });
    const { outcomes } = submitAll(pool, [one(good), { kind: 'files', files: [bad, good] }]);
    await outcomes;
    expect(timeline.full().bars.map((bar) => bar.outcome)).toEqual(['ok', 'failed']);
  });

  it('gives a live reader the whole timeline first, then only what changed', async () => {
    const refs = files(40, 500);
    const units: WorkUnit[] = [];
    for (let i = 0; i < refs.length; i += 4)
      units.push({ kind: 'files', files: refs.slice(i, i + 4) });
    const timeline = timelineFor(refs, true);
    const updates = [timeline.update()];
    const pool = makePool('thread', { size: 2, observer: timeline });
    // Updates taken as outputs arrive, so some bars are sent running and again when they end.
    await Promise.all(
      units.map((unit) => pool.submit(unit, () => void updates.push(timeline.update()))),
    );
    timeline.finish();
    updates.push(timeline.update());

    expect(updates[0]?.full).toBe(true);
    expect(updates.slice(1).every((update) => !update.full)).toBe(true);
    const merged = mergeUpdates(updates);
    const full = timeline.full();
    expect(merged.bars).toEqual(full.bars);
    expect(merged.lanes).toEqual(full.lanes);
    expect(merged.files).toEqual(full.files.map((f) => f.index));
    expect(updates.at(-1)?.finished).toBe(true);
    // Nothing is sent twice unless it changed: a finished bar appears at most twice.
    const sent = updates.flatMap((update) => update.bars.map((bar) => bar.id));
    for (const bar of full.bars)
      expect(sent.filter((id) => id === bar.id).length).toBeLessThanOrEqual(2);
  });
});

describe('TaskTimeline memory', () => {
  /** A task attempt as the pool hands it over: any object with a unit and an attempt. */
  function attempt(index: number): { unit: WorkUnit; attempt: number } {
    const ref: FileRef = { path: `/f${index}.xml`, size: 10, index, relative: `f${index}.xml` };
    return { unit: { kind: 'files', files: [ref] }, attempt: 1 };
  }

  it('stays within 64 bytes per task, plus 4 per input file', () => {
    const tasks = 20_000;
    const timeline = new TaskTimeline({ jobId: 'm', task: 'validate', rowTag: null, live: false });
    timeline.setInputs(Array.from({ length: tasks }, () => ({ path: '', relative: '', size: 10 })));
    timeline.workerStarted(1);
    for (let i = 0; i < tasks; i++) {
      const task = attempt(i);
      timeline.taskStarted(1, task);
      timeline.taskEnded(task, { kind: 'done' });
    }
    expect(timeline.barCount).toBe(tasks);
    expect(BYTES_PER_BAR).toBeLessThanOrEqual(64);
    expect((timeline.allocatedBytes - 4 * tasks) / tasks).toBeLessThanOrEqual(64);
  });

  it('counts tasks past its cap instead of recording them', () => {
    const timeline = new TaskTimeline({
      jobId: 'm',
      task: 'validate',
      rowTag: null,
      live: false,
      maxBars: 10,
    });
    timeline.setInputs(Array.from({ length: 15 }, () => ({ path: '', relative: '', size: 10 })));
    for (let i = 0; i < 15; i++) {
      const task = attempt(i);
      timeline.taskStarted(1, task);
      timeline.taskEnded(task, { kind: 'done' });
    }
    expect(timeline.full()).toMatchObject({ barCount: 10, droppedBars: 5 });
  });
});
