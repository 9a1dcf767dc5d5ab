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
import { readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const BUNDLE = join(import.meta.dirname, '..', 'out', 'bench');
const { WorkerPool } = await import(pathToFileURL(join(BUNDLE, 'pool.js')).href);
const { DEFAULT_JOB_OPTIONS } = await import(pathToFileURL(join(BUNDLE, 'tasks.js')).href);
const { TaskTimeline } = await import(pathToFileURL(join(BUNDLE, 'timeline.js')).href);

const UPDATE_INTERVAL_MS = 100;
const NEVER_MS = 2 ** 31 - 1;

const mode = process.argv[2];
if (mode !== 'on' && mode !== 'off') throw new Error('usage: timeline-cost.mjs on|off FILE_LIST');
const files = readFileSync(process.argv[3] ?? '', 'utf8')
  .split('\n')
  .filter(Boolean);
const refs = files.map((path, index) => ({
  path,
  size: statSync(path).size,
  index,
  relative: basename(path),
}));

const timeline =
  mode === 'on'
    ? new TaskTimeline({ jobId: 'bench', task: 'validate', rowTag: null, live: true })
    : null;
timeline?.setInputs(refs);
const outputDir = await mkdtemp(join(tmpdir(), 'xmlpool-bench-timeline-'));
const pool = new WorkerPool({
  size: 1,
  backend: 'thread',
  workerScript: join(import.meta.dirname, '..', 'out', 'cli', 'worker.cjs'),
  jobOptions: { ...DEFAULT_JOB_OPTIONS, task: 'validate', workers: 1 },
  outputDir,
  taskTimeoutMs: 0,
  workerMemoryMb: DEFAULT_JOB_OPTIONS.workerMemoryMb,
  progressIntervalMs: NEVER_MS,
  ...(timeline ? { observer: timeline } : {}),
});
let updates = 0;
const timer = timeline
  ? setInterval(() => {
      timeline.update();
      updates++;
    }, UPDATE_INTERVAL_MS)
  : null;
let ok = 0;
/** @type {string[]} */
const failures = [];
try {
  await Promise.all(
    refs.map((ref) =>
      pool.submit(
        { kind: 'files', files: [ref] },
        (/** @type {{ kind: string, result?: { ok: boolean, file: string } }} */ output) => {
          if (output.kind !== 'file' || !output.result) return;
          if (output.result.ok) ok++;
          else failures.push(output.result.file);
        },
      ),
    ),
  );
} finally {
  if (timer) clearInterval(timer);
  await pool.close();
  await rm(outputDir, { recursive: true, force: true });
}
const bars = timeline?.barCount ?? 0;
if (timeline && bars !== files.length) {
  // A timeline that missed tasks measured nothing worth a number.
  console.error(`xmlpool bench: the timeline holds ${bars} bars for ${files.length} tasks`);
  process.exitCode = 1;
}
console.log(
  JSON.stringify({ files: files.length, ok, updates, bars, failures: failures.slice(0, 3) }),
);
