/**
 * `xmlpool run`: expands the inputs, runs the job on a worker pool, shows live progress on a
 * terminal, and writes the report (stdout or --out) in input order.
 * Exit code: 0 every file OK, 1 some failed or cancelled, 2 usage or setup error.
 */
import { expandInputs } from '../engine/input/expand';
import { JobSetupError, type JobSummary, startJob } from '../engine/job';
import { findWorkerScript } from './build-outputs';
import { formatBytes, formatCount, formatDuration } from './format';
import { ProgressDisplay } from './progress-display';
import { exportReportTo } from './report-output';
import { parseRunArgs, type RunArgs } from './run-args';
import { RUN_USAGE } from './usage';

export async function runCommand(argv: string[]): Promise<number> {
  const parsed = parseRunArgs(argv);
  if (parsed.kind === 'help') {
    process.stdout.write(RUN_USAGE);
    return 0;
  }
  if (parsed.kind === 'usage-error') {
    process.stderr.write(`xmlpool run: ${parsed.message}\nTry 'xmlpool run --help'.\n`);
    return 2;
  }
  try {
    return await run(parsed.args);
  } catch (error) {
    if (error instanceof JobSetupError || error instanceof ReportError) {
      process.stderr.write(`xmlpool run: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

/** The report could not be written; the run itself finished. */
class ReportError extends Error {}

async function run(args: RunArgs): Promise<number> {
  const workerScript = findWorkerScript();
  if (workerScript === null) {
    throw new JobSetupError(`the worker script (worker.cjs) is missing; run 'npm run build'`);
  }
  const terminal = process.stderr.isTTY ? new ProgressDisplay(process.stderr) : null;
  // The job starts before the folders are walked, so its workers boot meanwhile.
  const job = startJob(
    expandInputs(args.paths, { include: args.include }),
    args.options,
    { workerScript },
    { onProgress: terminal ? (progress) => terminal.update(progress) : undefined },
  );
  const stopOnInterrupt = cancelOnInterrupt(() => job.cancel());
  let summary: JobSummary;
  try {
    summary = await job.done;
  } finally {
    stopOnInterrupt();
    terminal?.clear();
  }
  if (summary.files === 0) {
    process.stderr.write(
      `xmlpool run: no files matched ${args.include.join(', ')} in the given folders\n`,
    );
  }
  try {
    try {
      await exportReportTo(summary.results(), args.format, args.out, { bom: args.bom });
    } catch (error) {
      throw new ReportError(`cannot write the report: ${String(error)}`);
    }
    if (terminal) process.stderr.write(summaryLine(summary));
    return summary.failed > 0 || summary.state === 'cancelled' ? 1 : 0;
  } finally {
    await summary.dispose();
  }
}

/** First Ctrl-C cancels the job (finished results are still reported); the second quits. */
function cancelOnInterrupt(cancel: () => void): () => void {
  const quit = (): never => process.exit(130);
  const onInterrupt = (): void => {
    process.stderr.write('\nxmlpool run: cancelling (Ctrl-C again to quit now)\n');
    cancel();
    process.once('SIGINT', quit);
  };
  process.once('SIGINT', onInterrupt);
  return () => {
    process.removeListener('SIGINT', onInterrupt);
    process.removeListener('SIGINT', quit);
  };
}

function summaryLine(summary: JobSummary): string {
  const seconds = summary.elapsedMs / 1000;
  const rate = seconds > 0 ? `, ${formatBytes(summary.bytes / seconds)}/s` : '';
  const state = summary.state === 'cancelled' ? 'cancelled: ' : '';
  return `${state}${formatCount(summary.files)} files, ${formatCount(summary.ok)} ok, ${formatCount(summary.failed)} failed; ${formatBytes(summary.bytes)} in ${formatDuration(summary.elapsedMs)}${rate}\n`;
}
