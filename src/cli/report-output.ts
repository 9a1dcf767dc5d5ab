/** Writes the run's report to a file (atomically) or to stdout (with backpressure). */
import { once } from 'node:events';
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

async function writeToStdout(pieces: AsyncIterable<string>): Promise<void> {
  let closed = false;
  // A reader that goes away (`| head`) is not an error of ours: stop writing quietly.
  const onError = (): void => {
    closed = true;
  };
  process.stdout.on('error', onError);
  try {
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
  } finally {
    process.stdout.removeListener('error', onError);
  }
}

async function write(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, 'drain');
}
