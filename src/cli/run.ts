/**
 * `xmlpool run`: expands the inputs, runs the job on a worker pool, shows live progress on a
 * terminal, and writes the report (stdout or --out) in input order.
 * Exit code: 0 every file OK, 1 some failed or cancelled, 2 usage or setup error.
 */
import { resolve } from 'node:path';
import { expandInputs } from '../engine/input/expand';
import type { ExpandedInput } from '../engine/input/types';
import { type JobInputs, JobSetupError, type JobSummary, startJob } from '../engine/job';
import { formatColumnSpec } from '../shared/column-spec';
import type { JobOptions } from '../shared/tasks';
import { findWorkerScript } from './build-outputs';
import { formatBytes, formatCount, formatDuration } from './format';
import { ProgressDisplay } from './progress-display';
import { checkReportDestination, checkTableDestination } from './report-destination';
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
  // The job starts before the folders are walked, so its workers boot meanwhile; an extract
  // job waits for the list, since its workers need the columns, which may be inferred from it.
  let inputs: JobInputs = listInputs(args);
  let options = args.options;
  if (options.task === 'extract') {
    const listed = await inputs;
    if (args.table !== null) await checkTableDestination(args.table, args.out, listed);
    options = await resolveExtract(listed, options);
    if (args.printColumns) {
      process.stdout.write(`${formatColumnSpec(options.extract.columns)}\n`);
      return 0;
    }
    inputs = listed;
  }
  const terminal = process.stderr.isTTY ? new ProgressDisplay(process.stderr) : null;
  const job = startJob(
    inputs,
    options,
    { workerScript, ...(args.table !== null ? { tablePath: resolve(args.table) } : {}) },
    { onProgress: terminal ? (progress) => terminal.update(progress) : undefined },
  );
  const stopOnInterrupt = cancelOnInterrupt(
    () => job.cancel(),
    () => job.removeTempDirNow(),
  );
  let summary: JobSummary;
  try {
    summary = await job.done;
  } catch (error) {
    stopOnInterrupt();
    throw error;
  } finally {
    terminal?.clear();
  }
  if (summary.files === 0) {
    process.stderr.write(
      `xmlpool run: no files matched ${args.include.join(', ')} in the given folders\n`,
    );
  }
  try {
    try {
      await exportReportTo(summary.results(), args.format, args.out, {
        bom: args.bom,
        extract: options.task === 'extract',
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ReportError(`cannot write the report to ${args.out ?? 'stdout'}: ${reason}`);
    }
    if (summary.table?.error) {
      throw new ReportError(`cannot write the table ${args.table ?? ''}: ${summary.table.error}`);
    }
    if (terminal) process.stderr.write(summaryLine(summary));
    return summary.failed > 0 || summary.cancelled > 0 || summary.state === 'cancelled' ? 1 : 0;
  } finally {
    // Only now: a second signal while the report is written must still remove the temp folder.
    stopOnInterrupt();
    await summary.dispose();
  }
}

/**
 * `--row-tag auto` and a missing `--columns` are settled here, on a bounded sample of the inputs
 * (see src/engine/extract/sample.ts), before any worker starts.
 */
async function resolveExtract(
  inputs: readonly ExpandedInput[],
  options: JobOptions,
): Promise<JobOptions> {
  const { ExtractSetupError, resolveExtractOptions } = await import('../engine/extract/inference');
  const paths = inputs.flatMap((input) => (input.error === null ? [input.path] : []));
  try {
    const resolved = await resolveExtractOptions(paths, options);
    const sample = resolved.inferred?.sample;
    if (sample) {
      process.stderr.write(
        `xmlpool run: row tag <${resolved.options.rowTag}>; columns inferred from ${sample.records} records in the first ${formatBytes(sample.bytes)} of ${sample.files} file(s)\n`,
      );
    }
    return resolved.options;
  } catch (error) {
    if (error instanceof ExtractSetupError) throw new JobSetupError(error.message);
    throw error;
  }
}

async function listInputs(args: RunArgs): Promise<ExpandedInput[]> {
  const inputs = await expandInputs(args.paths, { include: args.include });
  if (args.out !== null) await checkReportDestination(args.out, inputs);
  return inputs;
}

/** Ctrl-C, and `kill` or `timeout` (SIGTERM), which would otherwise leave the temp folder. */
const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/**
 * The first Ctrl-C (or SIGTERM) cancels the job: finished results are still reported. The second
 * quits at once, taking the job's temp folder with it.
 */
function cancelOnInterrupt(cancel: () => void, cleanUp: () => void): () => void {
  const quit = (signal: NodeJS.Signals): never => {
    cleanUp();
    process.exit(signal === 'SIGTERM' ? 143 : 130); // 128 + the signal's number, as shells do
  };
  const onInterrupt = (signal: NodeJS.Signals): void => {
    const again = signal === 'SIGINT' ? 'Ctrl-C' : signal;
    process.stderr.write(`\nxmlpool run: cancelling (${again} again to quit now)\n`);
    cancel();
    for (const stop of STOP_SIGNALS) {
      process.removeListener(stop, onInterrupt);
      process.once(stop, quit);
    }
  };
  for (const signal of STOP_SIGNALS) process.once(signal, onInterrupt);
  return () => {
    for (const signal of STOP_SIGNALS) {
      process.removeListener(signal, onInterrupt);
      process.removeListener(signal, quit);
    }
  };
}

function summaryLine(summary: JobSummary): string {
  const seconds = summary.elapsedMs / 1000;
  const rate = seconds > 0 ? `, ${formatBytes(summary.bytes / seconds)}/s` : '';
  const state = summary.state === 'cancelled' ? 'cancelled: ' : '';
  const rows = summary.table ? `, ${formatCount(summary.table.rows)} rows` : '';
  return `${state}${formatCount(summary.files)} files${rows}, ${formatCount(summary.ok)} ok, ${formatCount(summary.failed)} failed${summary.cancelled > 0 ? `, ${formatCount(summary.cancelled)} cancelled` : ''}; ${formatBytes(summary.bytes)} in ${formatDuration(summary.elapsedMs)}${rate}\n`;
}
