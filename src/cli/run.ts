/**
 * `xmlpool run`: expands the inputs, runs the job on a worker pool, shows live progress on a
 * terminal, and writes the report (stdout or --out) in input order.
 * Exit code: 0 every file OK, 1 some failed or cancelled, 2 usage or setup error.
 */

import { dirname, resolve } from 'node:path';
import { OutputWriteError } from '../engine/fs/atomic-file';
import {
  ownedByThisProcess,
  removeStaleTempFiles,
  removeTempFilesSync,
} from '../engine/fs/temp-files';
import { expandInputs } from '../engine/input/expand';
import type { ExpandedInput } from '../engine/input/types';
import {
  type JobHandle,
  type JobInputs,
  JobSetupError,
  type JobSummary,
  startJob,
} from '../engine/job';
import { formatColumnSpec } from '../shared/column-spec';
import type { JobOptions } from '../shared/tasks';
import { findReportAssetsDir, findWorkerScript } from './build-outputs';
import { formatBytes } from './format';
import { humanReport, summaryText } from './human-report';
import { checkOutputsDestination } from './outputs-destination';
import { ProgressDisplay } from './progress-display';
import { checkReportDestination, checkTableDestination } from './report-destination';
import { exportReportTo, writeToStdout } from './report-output';
import { parseRunArgs, type RunArgs } from './run-args';
import { writeRunFiles } from './run-files';
import type { StopSignals } from './stop-signals';
import { forTerminal } from './terminal-text';
import { RUN_USAGE } from './usage';

export async function runCommand(argv: string[], signals: StopSignals): Promise<number> {
  const parsed = parseRunArgs(argv, process.env);
  if (parsed.kind === 'help') {
    process.stdout.write(RUN_USAGE);
    return 0;
  }
  if (parsed.kind === 'usage-error') {
    process.stderr.write(
      `xmlpool run: ${forTerminal(parsed.message)}\nTry 'xmlpool run --help'.\n`,
    );
    return 2;
  }
  try {
    return await run(parsed.args, signals);
  } catch (error) {
    // OutputWriteError: the job's own results could not be written (a full disk).
    if (
      error instanceof JobSetupError ||
      error instanceof ReportError ||
      error instanceof OutputWriteError
    ) {
      // The message may quote a schema's path or text (a libxml2 message).
      process.stderr.write(`xmlpool run: ${forTerminal(error.message)}\n`);
      return 2;
    }
    throw error;
  }
}

/** The report could not be written; the run itself finished. */
class ReportError extends Error {}

async function run(args: RunArgs, signals: StopSignals): Promise<number> {
  const workerScript = findWorkerScript();
  if (workerScript === null) {
    throw new JobSetupError(`the worker script (worker.cjs) is missing; run 'npm run build'`);
  }
  const reportAssets = args.reportHtml === null ? null : findReportAssetsDir();
  if (args.reportHtml !== null && reportAssets === null) {
    throw new JobSetupError(
      `the HTML report's script (report-app.js) is missing; run 'npm run build'`,
    );
  }
  // The job starts before the folders are walked, and its workers as soon as the walk finds a
  // first file, so they boot meanwhile (and an empty run starts none); an extract job waits for
  // the list, since its workers need the columns, which may be inferred from it.
  let inputFound = (): void => undefined;
  const found = new Promise<void>((resolve) => {
    inputFound = resolve;
  });
  let inputs: JobInputs = listInputs(args, inputFound);
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
    {
      workerScript,
      inputFound: found,
      ...(args.table !== null ? { tablePath: resolve(args.table) } : {}),
    },
    { onProgress: terminal ? (progress) => terminal.update(progress) : undefined },
  );
  cancelOnInterrupt(signals, job, args);
  let summary: JobSummary;
  try {
    summary = await job.done;
  } finally {
    terminal?.clear();
  }
  if (summary.files === 0) {
    process.stderr.write(
      `xmlpool run: no files matched ${forTerminal(args.include.join(', '))} in the given folders\n`,
    );
  }
  // A person at a terminal, not a program at a pipe, and no format asked for: their report.
  const forPeople = args.out === null && !args.formatGiven && process.stdout.isTTY === true;
  try {
    try {
      if (forPeople) {
        await writeToStdout(
          humanReport(summary.results(), summary, {
            cwd: process.cwd(),
            columns: process.stdout.columns || 80,
          }),
        );
      } else {
        await exportReportTo(summary.results(), args.format, args.out, {
          bom: args.bom,
          task: options.task,
        });
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ReportError(`cannot write the report to ${args.out ?? 'stdout'}: ${reason}`);
    }
    if (summary.table?.error) {
      throw new ReportError(`cannot write the table ${args.table ?? ''}: ${summary.table.error}`);
    }
    await writeRunFiles(args, summary, job.timeline.full(), reportAssets).catch(
      (error: unknown) => {
        throw new ReportError(error instanceof Error ? error.message : String(error));
      },
    );
    if (terminal && !forPeople) process.stderr.write(summaryText(summary));
    return summary.failed > 0 || summary.cancelled > 0 || summary.state === 'cancelled' ? 1 : 0;
  } finally {
    await summary.dispose();
  }
}

/** The files the run writes when it ends, each with the option that named it. */
function reportFiles(args: RunArgs): [string, string][] {
  const named: [string, string | null][] = [
    ['--out', args.out],
    ['--joblog', args.joblog],
    ['--trace', args.trace],
    ['--report-html', args.reportHtml],
  ];
  return named.flatMap(([option, file]) => (file === null ? [] : [[option, file]]));
}

/** The folders those files and the extract table are written in, where their temp files are. */
function reportFolders(args: RunArgs): string[] {
  const files = [...reportFiles(args).map(([, file]) => file), ...(args.table ? [args.table] : [])];
  return [...new Set(files.map((file) => dirname(resolve(file))))];
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

async function listInputs(args: RunArgs, onInputFound: () => void): Promise<ExpandedInput[]> {
  const inputs = await expandInputs(args.paths, { include: args.include, onInputFound });
  for (const [option, file] of reportFiles(args)) {
    await checkReportDestination(file, inputs, option);
  }
  // Temp files of those reports, if a killed run left them (src/engine/fs/temp-files.ts).
  await removeStaleTempFiles(reportFolders(args));
  const { outDir, task } = args.options;
  if (task === 'convert' && outDir !== null && !args.overwrite) {
    await checkOutputsDestination(outDir, inputs);
  }
  return inputs;
}

/**
 * The first Ctrl-C (or SIGTERM) cancels the job: finished results are still reported. The second
 * quits at once (stop-signals.ts): the job's workers are ended, then its temp folder, the temp
 * and part files beside its outputs and a half-written report are removed.
 */
function cancelOnInterrupt(signals: StopSignals, job: JobHandle, args: RunArgs): void {
  signals.handle({
    stop: (signal) => {
      const again = signal === 'SIGINT' ? 'Ctrl-C' : signal;
      process.stderr.write(`\nxmlpool run: cancelling (${again} again to quit now)\n`);
      job.cancel();
    },
    beforeExit: () => job.abortNow(),
    cleanUpNow: () => {
      job.removeTempFilesNow();
      removeTempFilesSync(reportFolders(args), ownedByThisProcess);
    },
  });
}
