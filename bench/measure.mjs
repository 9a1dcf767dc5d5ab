/**
 * Timing primitives: run a command as a child process under GNU time, taking its wall time,
 * CPU time and peak RSS; and the median of repeated runs.
 *
 * Every measurement is a whole process (start-up included) so peers written in C, Python and JS
 * are timed the same way. Measurements run one at a time: the machine has 2 cores and a second
 * measurement would steal one.
 */
import { spawn } from 'node:child_process';

/**
 * @typedef {object} Command
 * @property {string} cmd
 * @property {string[]} args
 * @property {Record<string, string>} [env]  added to the current environment
 */

/**
 * @typedef {object} Completed
 * @property {number} ms          wall time, measured here
 * @property {number} cpuMs       user + system CPU time of the process and its children
 * @property {number} peakRssMb   largest resident set of any single process of the tree (kernel semantics)
 * @property {number | null} code
 * @property {string} stdout
 * @property {string} stderr      the command's own stderr, without GNU time's report
 */

const TIME_REPORT_START = '\tCommand being timed:';

/** @param {string} report @param {string} label */
function timeField(report, label) {
  const line = report.split('\n').find((l) => l.trim().startsWith(label));
  const value = Number(line?.slice(line.lastIndexOf(':') + 1).trim());
  if (!Number.isFinite(value)) throw new Error(`no "${label}" in /usr/bin/time output:\n${report}`);
  return value;
}

/**
 * Run a command to completion under `/usr/bin/time -v`.
 * @param {Command} command
 * @returns {Promise<Completed>}
 */
export function runCommand({ cmd, args, env }) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-v', cmd, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: env ? { ...process.env, ...env } : process.env,
    });
    /** @type {Buffer[]} */
    const out = [];
    /** @type {Buffer[]} */
    const err = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const stderrAll = Buffer.concat(err).toString('utf8');
      const split = stderrAll.lastIndexOf(TIME_REPORT_START);
      const report = split >= 0 ? stderrAll.slice(split) : '';
      try {
        resolve({
          ms,
          cpuMs:
            (timeField(report, 'User time (seconds)') +
              timeField(report, 'System time (seconds)')) *
            1000,
          peakRssMb: timeField(report, 'Maximum resident set size (kbytes)') / 1024,
          code,
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: split >= 0 ? stderrAll.slice(0, split) : stderrAll,
        });
      } catch (error) {
        reject(error);
      }
    });
  });
}

/** @param {number[]} values */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
