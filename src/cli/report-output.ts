/** Writes the run's report to a file (atomically) or to stdout (with backpressure). */
import { type ReportOptions, reportText, writeReport } from '../engine/export/report';
import type { FileResult, ReportFormat } from '../shared/results';

/** Pieces are gathered into writes of this size: one write per result would be slow. */
const STDOUT_CHUNK = 64 * 1024;

export async function exportReportTo(
  results: AsyncIterable<FileResult>,
  format: ReportFormat,
  out: string | null,
  options: ReportOptions,
): Promise<void> {
  if (out !== null) {
    await writeReport(results, format, out, options);
    return;
  }
  await writeToStdout(reportText(results, format, options));
}

/** Writes text pieces to stdout, gathered into large writes, until the reader goes away. */
export async function writeToStdout(pieces: AsyncIterable<string>): Promise<void> {
  let closed = false;
  // A reader that goes away (`| head`) is not an error of ours: stop writing quietly. The
  // listener stays: the EPIPE of the last write may arrive after this function returns.
  process.stdout.on('error', () => {
    closed = true;
  });
  let pending = '';
  for await (const piece of pieces) {
    if (closed) return;
    pending += piece;
    if (pending.length >= STDOUT_CHUNK) {
      await write(pending);
      pending = '';
    }
  }
  if (pending.length > 0 && !closed) await write(pending);
}

/**
 * Waits for 'drain' when stdout's buffer is full. A reader that goes away meanwhile emits
 * 'error' (EPIPE) instead, which must end the wait too: `events.once` would reject on it.
 */
async function write(text: string): Promise<void> {
  if (process.stdout.write(text)) return;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      for (const event of ['drain', 'error', 'close']) process.stdout.removeListener(event, done);
      resolve();
    };
    for (const event of ['drain', 'error', 'close']) process.stdout.once(event, done);
  });
}
