/**
 * Timeline on vs off, measured at the pool, like progress-cost.mjs: the job always records its
 * timeline, the pool runs without it when no observer is given.
 *
 *   on:  a TaskTimeline observes the pool as a job's does when a UI watches (live), and this
 *        process takes its update() 10 times a second, as the backend service does;
 *   off: no observer.
 *
 * Progress is off in both (no reports, no snapshots), so the row measures the timeline alone.
 * One work unit per file, validate, 1 worker (thread backend), files in list order.
 * Usage: node bench/timeline-cost.mjs on|off FILE_LIST. Prints one JSON line with totals.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fileRefs, validateEachFile } from './pool-driver.mjs';

const BUNDLE = join(import.meta.dirname, '..', 'out', 'bench');
const { TaskTimeline } = await import(pathToFileURL(join(BUNDLE, 'timeline.js')).href);
const NEVER_MS = 2 ** 31 - 1;

const mode = process.argv[2];
if (mode !== 'on' && mode !== 'off') throw new Error('usage: timeline-cost.mjs on|off FILE_LIST');
const refs = fileRefs(process.argv[3] ?? '');
const timeline =
  mode === 'on'
    ? new TaskTimeline({ jobId: 'bench', task: 'validate', rowTag: null, live: true })
    : null;
timeline?.setInputs(refs);
const {
  ok,
  failures,
  ticks: updates,
} = await validateEachFile(
  refs,
  { progressIntervalMs: NEVER_MS, ...(timeline ? { observer: timeline } : {}) },
  timeline ? () => timeline.update() : null,
);
const bars = timeline?.barCount ?? 0;
if (timeline && bars !== refs.length) {
  // A timeline that missed tasks measured nothing worth a number.
  console.error(`xmlpool bench: the timeline holds ${bars} bars for ${refs.length} tasks`);
  process.exitCode = 1;
}
console.log(
  JSON.stringify({ files: refs.length, ok, updates, bars, failures: failures.slice(0, 3) }),
);
