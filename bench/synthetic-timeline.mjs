/**
 * A big run's timeline and results, made up deterministically (a seeded PRNG), for measuring
 * the timeline's renderer with 100,000 tasks without running 100,000 tasks: 4 worker lanes (one
 * retired at 60% of the run), tasks of 1–30 ms, a few failed, a few retried.
 */

/** mulberry32: a tiny, fast, seeded PRNG. @param {number} seed */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * @param {number} tasks
 * @returns {{ timeline: import('../src/shared/timeline').TimelineUpdate, results: import('../src/shared/results').FileResult[] }}
 */
export function syntheticRun(tasks) {
  const next = random(20261205);
  const lanes = [1, 2, 3, 4].map((workerId, id) => ({ id, workerId, startMs: 0, retiredMs: null }));
  const cursors = lanes.map(() => 100);
  const expected = (tasks * 15) / lanes.length;
  const retiredAt = expected * 0.6;
  /** @type {import('../src/shared/timeline').TimelineBar[]} */
  const bars = [];
  /** @type {import('../src/shared/results').FileResult[]} */
  const results = [];
  for (let index = 0; index < tasks; index++) {
    let lane = 0;
    for (let l = 1; l < lanes.length; l++) {
      const free = lanes[l]?.retiredMs === null;
      if (free && (cursors[l] ?? 0) < (cursors[lane] ?? 0)) lane = l;
    }
    const startMs = (cursors[lane] ?? 0) + next() * 0.3;
    const endMs = startMs + 1 + next() * 29;
    cursors[lane] = endMs;
    const roll = next();
    const outcome = roll < 0.005 ? 'failed' : 'ok';
    const bytes = Math.round((endMs - startMs) * 100_000);
    bars.push({
      id: bars.length,
      lane,
      startMs,
      endMs,
      outcome,
      attempt: 1,
      bytes,
      files: [index],
      chunk: null,
      fault: null,
    });
    const laneThree = lanes[2];
    if (laneThree && laneThree.retiredMs === null && endMs > retiredAt && lane === 2) {
      laneThree.retiredMs = endMs;
    }
    results.push({
      file: `/data/run/part-${String(index).padStart(6, '0')}.xml`,
      relative: `part-${String(index).padStart(6, '0')}.xml`,
      index,
      task: 'validate',
      ok: outcome === 'ok',
      bytes,
      elements: 100,
      errorMode: 'first-fatal',
      errors:
        outcome === 'ok'
          ? []
          : [
              {
                kind: 'syntax',
                line: 3,
                column: 7,
                offset: 40,
                message: '</a> does not close <b> opened at 2:3',
              },
            ],
      encoding: 'UTF-8',
      durationMs: endMs - startMs,
      workerId: lanes[lane]?.workerId ?? 1,
      attempts: 1,
    });
  }
  const elapsedMs = Math.max(...cursors) + 50;
  return {
    timeline: {
      jobId: 'synthetic',
      full: true,
      task: 'validate',
      startedAt: Date.UTC(2026, 11, 5, 9, 0, 0),
      elapsedMs,
      finished: true,
      rowTag: null,
      splitMinBytes: 16 * 1024 * 1024,
      barCount: bars.length,
      droppedBars: 0,
      lanes,
      bars,
      files: results.map((result) => ({
        index: result.index,
        path: result.file,
        relative: result.relative ?? '',
        size: result.bytes,
      })),
    },
    results,
  };
}
