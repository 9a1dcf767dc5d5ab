/**
 * Progress on vs off, measured at the pool: the CLI has no switch to turn progress off, the pool
 * has one (`progressIntervalMs`).
 *
 *   on:  workers report every 50 ms (the pool's default) and, as the job does, this process
 *        takes a pool snapshot 10 times a second;
 *   off: the report interval is ~24 days (the first report of a worker still goes out) and no
 *        snapshots are taken.
 *
 * One work unit per file, validate, 1 worker (thread backend), files in list order.
 * Usage: node bench/progress-cost.mjs on|off FILE_LIST. Prints one JSON line with totals.
 */
import { readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const BUNDLE = join(import.meta.dirname, '..', 'out', 'bench');
const { WorkerPool } = await import(pathToFileURL(join(BUNDLE, 'pool.js')).href);
const { DEFAULT_JOB_OPTIONS } = await import(pathToFileURL(join(BUNDLE, 'tasks.js')).href);

const SNAPSHOT_INTERVAL_MS = 100;
const NEVER_MS = 2 ** 31 - 1; // the largest delay setTimeout accepts

const mode = process.argv[2];
if (mode !== 'on' && mode !== 'off') throw new Error('usage: progress-cost.mjs on|off FILE_LIST');
const files = readFileSync(process.argv[3] ?? '', 'utf8')
  .split('\n')
  .filter(Boolean);

const outputDir = await mkdtemp(join(tmpdir(), 'xmlpool-bench-progress-'));
const pool = new WorkerPool({
  size: 1,
  backend: 'thread',
  workerScript: join(import.meta.dirname, '..', 'out', 'cli', 'worker.cjs'),
  jobOptions: { ...DEFAULT_JOB_OPTIONS, task: 'validate', workers: 1 },
  outputDir,
  taskTimeoutMs: 0,
  workerMemoryMb: DEFAULT_JOB_OPTIONS.workerMemoryMb,
  progressIntervalMs: mode === 'on' ? undefined : NEVER_MS,
});
let snapshots = 0;
const timer =
  mode === 'on'
    ? setInterval(() => {
        pool.snapshot();
        snapshots++;
      }, SNAPSHOT_INTERVAL_MS)
    : null;
let ok = 0;
/** @type {string[]} */
const failures = [];
try {
  await Promise.all(
    files.map((path, index) =>
      pool.submit(
        {
          kind: 'files',
          files: [{ path, size: statSync(path).size, index, relative: basename(path) }],
        },
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
console.log(JSON.stringify({ files: files.length, ok, snapshots, failures: failures.slice(0, 3) }));
