/**
 * The lines of the live progress display: one per worker, then the overall bar. Pure, so it can
 * be tested without a terminal; progress-display.ts draws them.
 */
import { basename } from 'node:path';
import type { JobProgress, WorkerProgress } from '../shared/progress';
import { formatBytes, formatCount, formatDuration } from './format';
import { forTerminal } from './terminal-text';

const WORKER_BAR = 12;
const OVERALL_BAR = 24;

export function progressLines(progress: JobProgress, columns: number): string[] {
  const lines = progress.workers.map(workerLine);
  lines.push(overallLine(progress));
  // A line wider than the terminal wraps and breaks the in-place redraw, so cut it.
  const width = Math.max(20, columns - 1);
  return lines.map((line) => (line.length > width ? `${line.slice(0, width - 1)}…` : line));
}

function workerLine(worker: WorkerProgress): string {
  // A remote worker (cluster backend) is named by its host after its number.
  const id = `#${worker.id}`.padStart(4) + (worker.host ? ` ${forTerminal(worker.host)}` : '');
  const state = worker.state.padEnd(8);
  if (worker.state !== 'busy' || worker.file === null) {
    return `${id} ${state} ${' '.repeat(WORKER_BAR + 2)}      ${worker.tasksDone} tasks, ${percent(worker.utilization)} busy`;
  }
  const fraction = worker.bytesTotal > 0 ? worker.bytesDone / worker.bytesTotal : 0;
  const range =
    worker.range && worker.range.start > 0 ? ` @${formatBytes(worker.range.start)}` : '';
  return `${id} ${state} ${bar(fraction, WORKER_BAR)} ${percent(fraction).padStart(4)}  ${formatBytes(worker.bytesPerSecond)}/s  ${forTerminal(basename(worker.file))}${range}`;
}

function overallLine(p: JobProgress): string {
  const fraction =
    p.bytesTotal > 0
      ? p.bytesDone / p.bytesTotal
      : p.filesTotal > 0
        ? p.filesDone / p.filesTotal
        : 1;
  const eta = p.etaMs === null ? 'ETA –' : `ETA ${formatDuration(p.etaMs)}`;
  const failed =
    (p.failed > 0 ? `, ${formatCount(p.failed)} failed` : '') +
    (p.cancelled > 0 ? `, ${formatCount(p.cancelled)} cancelled` : '');
  const state = p.state === 'cancelling' ? '  cancelling…' : '';
  return `     ${bar(fraction, OVERALL_BAR)} ${percent(fraction).padStart(4)}  ${formatCount(p.filesDone)}/${formatCount(p.filesTotal)} files${failed}  ${formatBytes(p.bytesPerSecond)}/s  ${eta}  ${formatDuration(p.elapsedMs)}${state}`;
}

function bar(fraction: number, width: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

function percent(fraction: number): string {
  return `${Math.floor(Math.min(1, Math.max(0, fraction)) * 100)}%`;
}
