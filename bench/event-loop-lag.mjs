/**
 * Event-loop lag of the process that drives a job (the CLI here; the desktop main process and
 * `xmlpool serve` run the same job engine), during a full-speed run.
 *
 * Runs the built CLI's `main` in this process with `perf_hooks.monitorEventLoopDelay` on, and
 * prints one JSON line: { p50Ms, p99Ms, maxMs, exitCode, elapsedMs }.
 * Usage: node bench/event-loop-lag.mjs ARGS-FOR-xmlpool...   (e.g. run --workers 2 ... FILES)
 */

import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const cli = pathToFileURL(join(import.meta.dirname, '..', 'out', 'cli', 'index.js')).href;
const { main } = await import(cli);

const histogram = monitorEventLoopDelay({ resolution: 5 });
const started = performance.now();
histogram.enable();
const exitCode = await main(process.argv.slice(2));
histogram.disable();
const ms = (/** @type {number} */ ns) => Math.round((ns / 1e6) * 100) / 100;
console.log(
  JSON.stringify({
    p50Ms: ms(histogram.percentile(50)),
    p99Ms: ms(histogram.percentile(99)),
    maxMs: ms(histogram.max),
    exitCode,
    elapsedMs: Math.round(performance.now() - started),
  }),
);
// The CLI may leave handles (e.g. a closed pool's timers); the measurement is done.
process.exit(0);
