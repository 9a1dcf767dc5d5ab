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
import { fileRefs, validateEachFile } from './pool-driver.mjs';

const NEVER_MS = 2 ** 31 - 1; // the largest delay setTimeout accepts

const mode = process.argv[2];
if (mode !== 'on' && mode !== 'off') throw new Error('usage: progress-cost.mjs on|off FILE_LIST');
const refs = fileRefs(process.argv[3] ?? '');
const {
  ok,
  failures,
  ticks: snapshots,
} = await validateEachFile(
  refs,
  { progressIntervalMs: mode === 'on' ? undefined : NEVER_MS },
  mode === 'on' ? (pool) => pool.snapshot() : null,
);
console.log(JSON.stringify({ files: refs.length, ok, snapshots, failures: failures.slice(0, 3) }));
